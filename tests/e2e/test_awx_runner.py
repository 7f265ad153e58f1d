# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX / Automation Controller path: ansible-runner plays the demo with an injected key."""

from __future__ import annotations

import json
import os
import re
import sys

import ansible_runner
from conftest import BIN, COLLECTIONS, SECRET_KEY
from fixtures import receiver_fixture  # tests/simulator, on the path through pytest.ini

receiver = receiver_fixture()


def test_demo_through_ansible_runner_never_shows_the_key(simulator, receiver, tmp_path):
    # A credential type's injector puts the key in the job's environment, as envvars does here.
    envvars = dict(
        TELNYX_API_KEY=simulator.api_key,
        TELNYX_BASE_URL=simulator.base_url,
        TELNYX_SIMULATOR_URL=simulator.root_url,
        TELNYX_WEBHOOK_RECEIVER_URL=receiver.url,
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="False",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        PATH="%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")),
    )
    (tmp_path / "project").mkdir()
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory" / "hosts").write_text("localhost ansible_connection=local\n")
    result = ansible_runner.run(
        private_data_dir=str(tmp_path),
        playbook="telnyx.fax.demo",
        envvars=envvars,
        cmdline="--diff",
        quiet=True,
        timeout=300,
    )
    stdout = result.stdout.read()
    events = list(result.events)
    assert result.status == "successful", stdout
    assert result.rc == 0
    stats = [event for event in events if event["event"] == "playbook_on_stats"][0]["event_data"]
    # Created: profile, application, numbers, two faxes, the inbox, the received fax's file;
    # deleted: the received fax, application, profile.
    assert stats["failures"] == {} and stats["changed"] == {"localhost": 10}
    assert "4. fax delivered" in stdout and "the destination line was busy (user_busy" in stdout
    saved = re.search(r"7\. fax saved +(/\S+\.pdf): 3 pages, \d+ bytes; again changed=False", stdout)
    assert saved, stdout
    with open(saved.group(1), "rb") as received:
        assert received.read(5) == b"%PDF-"
    assert re.search(r"8\. webhooks +10 received, all signatures verified", stdout)
    # What AWX shows and stores as job output: stdout and the events. (Runner's own records of
    # the job's environment, env/envvars and artifacts/*/command, hold the key by design.)
    shown = [stdout, json.dumps(events)]
    shown += [path.read_text() for path in tmp_path.glob("artifacts/*/job_events/*.json")]
    shown += [path.read_text() for path in tmp_path.glob("artifacts/*/stdout")]
    assert len(shown) > 3
    assert not [text for text in shown if SECRET_KEY in text]
