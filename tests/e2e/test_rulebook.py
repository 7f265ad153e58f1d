# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rulebook telnyx.fax.inbound_faxes under the real ansible-rulebook, fed by the simulator's signed webhooks.

make demo-events plays the same steps (tools/eda_demo.py); here each outcome is asserted.
"""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT, SECRET_KEY

_spec = importlib.util.spec_from_file_location("eda_demo", ROOT / "tools" / "eda_demo.py")
eda_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(eda_demo)


@pytest.fixture
def rulebook(simulator, tmp_path):
    running = eda_demo.Rulebook(simulator, tmp_path)
    eda_demo.prepare_account(simulator, running.url)
    try:
        running.wait_for(eda_demo.LISTENING)
        yield running
    finally:
        running.stop()


def test_a_received_fax_lands_on_disk_and_forged_old_and_repeated_webhooks_queue_nothing(simulator, rulebook):
    fax = simulator.inbound_fax(eda_demo.SENDER, eda_demo.RECEIVING_NUMBER, pages=3)
    rulebook.wait_for("PLAY RECAP")
    pdf = rulebook.inbox / ("%s.pdf" % fax["id"])
    assert pdf.read_bytes().startswith(b"%PDF")
    assert oct(pdf.stat().st_mode & 0o777) == "0o640"

    delivered = eda_demo.as_sent(eda_demo.delivery_of(simulator, "fax.received", fax["id"]))
    answers = [status for _what, status in eda_demo.refusals(rulebook, delivered)]
    rulebook.wait_for("came again")
    output = rulebook.stop()

    assert answers == [401, 401, 200]
    assert output.count(eda_demo.DOWNLOAD_PLAY) == 1
    assert "with 401: the signature does not match the body" in output
    assert "with 401: telnyx-timestamp is 600 s away from this host's clock" in output
    # Only fax.received and fax.failed are queued: the other steps of the fax are not.
    assert "fax.receiving.started" in output and "fax.receiving.started) queued" not in output
    assert SECRET_KEY not in output


def test_a_failed_inbound_fax_is_reported_with_its_reason_in_words(simulator, rulebook):
    fax = simulator.inbound_fax(eda_demo.SENDER, eda_demo.RECEIVING_NUMBER, failure_reason="sender_call_dropped")
    rulebook.wait_for(eda_demo.REPORT_PLAY)
    rulebook.wait_for("PLAY RECAP")
    output = rulebook.stop()

    expected = "Fax %s (inbound, from %s to %s) failed" % (fax["id"], eda_demo.SENDER, eda_demo.RECEIVING_NUMBER)
    report = rulebook.failure_log.read_text()
    # The words from the collection's one list, then Telnyx's reason and its internal detail.
    assert expected in report and ": the call dropped on the sending side (sender_call_dropped; " in report
    assert expected in output and eda_demo.DOWNLOAD_PLAY not in output
    assert not rulebook.inbox.exists() or not list(rulebook.inbox.iterdir())
