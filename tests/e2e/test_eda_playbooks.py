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


def test_report_failed_fax_says_why_the_fax_failed_then_refuses_a_relative_log(simulator, tmp_path):
    event = {"event_type": "fax.failed", "payload": {"fax_id": "f", "failure_reason": "user_busy"}}
    result = play(simulator, "telnyx.fax.report_failed_fax", ansible_eda={"event": event}, fax_failure_log="log.txt")
    output = " ".join(result.stdout.split())
    assert result.returncode == 2 and "fax_failure_log must be an absolute path" in output
    # The reason is not lost to a wrong path: it is printed first.
    reason = output.find("Fax f (?, from ? to ?) failed at ?: ")
    assert 0 <= reason < output.find("fax_failure_log must be an absolute path"), result.stdout
    assert "user_busy" in output[reason:]


@pytest.mark.parametrize("existing_mode", [0o755, None], ids=["existing-inbox", "missing-inbox"])
def test_download_fax_leaves_an_existing_inbox_mode_alone_and_creates_a_missing_one_0750(
    simulator, tmp_path, existing_mode
):
    inbox = tmp_path / "faxes"
    if existing_mode is not None:
        inbox.mkdir()
        inbox.chmod(existing_mode)
    # The simulator has no such fax: the download fails, after the inbox is made.
    result = play(simulator, "telnyx.fax.download_fax", ansible_eda={"event": RECEIVED}, fax_inbox_dir=str(inbox))
    assert "TASK [Make the inbox directory]" in result.stdout, result.stdout
    assert inbox.stat().st_mode & 0o777 == (existing_mode or 0o750)
