# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks the rulebooks run refuse, before any request, what would lose a fax or report nonsense."""

from __future__ import annotations

import json

import pytest
from conftest import BIN, ansible_env, run

RECEIVED = {"event_type": "fax.received", "payload": {"fax_id": "b9b5fa4d-0ec1-4b67-b7a0-5b7bd7ee3a1c"}}


def play(simulator, playbook, **extra_vars):
    command = [str(BIN / "ansible-playbook"), playbook, "-e", json.dumps(extra_vars)]
    return run(command, ansible_env(simulator))


@pytest.mark.parametrize(
    "extra_vars, message",
    [
        ({"ansible_eda": {"event": {**RECEIVED, "event_type": "fax.failed"}}}, "not fax.failed"),
        ({"ansible_eda": {"event": RECEIVED}, "fax_inbox_dir": "faxes"}, "fax_inbox_dir must be an absolute path"),
    ],
)
def test_download_fax_refuses_another_event_and_a_relative_inbox(simulator, extra_vars, message):
    since = len(simulator.requests_log())
    result = play(simulator, "telnyx.fax.download_fax", **extra_vars)
    assert result.returncode == 2, result.stdout
    assert message in " ".join(result.stdout.split())
    assert simulator.requests_log()[since:] == []


def test_report_failed_fax_refuses_a_relative_log(simulator, tmp_path):
    event = {"event_type": "fax.failed", "payload": {"fax_id": "f", "failure_reason": "user_busy"}}
    result = play(simulator, "telnyx.fax.report_failed_fax", ansible_eda={"event": event}, fax_failure_log="log.txt")
    assert result.returncode == 2 and "fax_failure_log must be an absolute path" in " ".join(result.stdout.split())
