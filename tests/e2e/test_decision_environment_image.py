# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decision environment `make de` builds (extensions/eda/decision-environment.yml), at work.

The rulebook telnyx.fax.inbound_faxes runs inside the image with its event source, fed by the
simulator's signed webhooks, as EDA controller would run it. `make e2e` leaves this file out:
it needs the image.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
from conftest import ROOT, SECRET_KEY, built_image, in_image

_spec = importlib.util.spec_from_file_location("eda_demo", ROOT / "tools" / "eda_demo.py")
eda_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(eda_demo)

de_image = built_image("TELNYX_FAX_DE_IMAGE", "de")


def test_image_holds_ansible_rulebook_java_and_the_collection(de_image, tarball):
    version = re.search(r"telnyx-fax-(.+)\.tar\.gz$", tarball.name).group(1)
    pinned = [
        line
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if line.startswith("ansible-rulebook==")
    ]
    result = in_image(
        de_image, "ansible-rulebook --version && java -version 2>&1 && ansible-galaxy collection list telnyx.fax"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert pinned and pinned[0].split("==")[1] in result.stdout.splitlines()[0], result.stdout
    assert re.search(r'version "17\.', result.stdout), result.stdout
    assert re.search(r"^telnyx\.fax +%s *$" % re.escape(version), result.stdout, re.M), result.stdout


@pytest.fixture
def rulebook(de_image, simulator, tmp_path):
    running = eda_demo.Rulebook(simulator, tmp_path, image=de_image)
    eda_demo.prepare_account(simulator, running.url)
    try:
        running.wait_for(eda_demo.LISTENING, timeout=120)
        yield running
    finally:
        running.stop()


def test_a_received_fax_lands_on_disk_and_a_forged_webhook_is_refused_inside_the_image(simulator, rulebook):
    fax = simulator.inbound_fax(eda_demo.SENDER, eda_demo.RECEIVING_NUMBER, pages=2)
    rulebook.wait_for("PLAY RECAP")
    pdf = rulebook.inbox / ("%s.pdf" % fax["id"])
    assert pdf.read_bytes().startswith(b"%PDF")

    delivered = eda_demo.as_sent(eda_demo.delivery_of(simulator, "fax.received", fax["id"]))
    answers = [status for _what, status in eda_demo.refusals(rulebook, delivered)]
    rulebook.wait_for("came again")
    output = rulebook.stop()

    assert answers == [401, 401, 200]
    assert output.count(eda_demo.DOWNLOAD_PLAY) == 1
    assert rulebook.process.args[:2] == ["podman", "run"]
    assert SECRET_KEY not in output
