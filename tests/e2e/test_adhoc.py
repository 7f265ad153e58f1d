# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ad-hoc commands: `ansible localhost -m telnyx.fax...` with the key in the environment."""

from __future__ import annotations

import json
import venv

from conftest import BIN, SECRET_KEY, ansible_env, run


def adhoc(simulator, module, args=None, extra_vars=None):
    """Run one ad-hoc command as a user would type it; return it and the host's result."""
    command = [str(BIN / "ansible"), "localhost", "-c", "local", "-m", module]
    if args:
        command += ["-a", args]
    if extra_vars:
        command += ["-e", extra_vars]
    result = run(command, ansible_env(simulator))
    assert SECRET_KEY not in result.stdout + result.stderr
    # The minimal ad-hoc output is "localhost | STATUS => {result as JSON}".
    status, separator, body = result.stdout.partition(" => ")
    assert separator, result.stdout + result.stderr
    outcome = json.loads(body)
    outcome["status"] = status.split("|")[-1].strip()
    return result, outcome


def test_adhoc_create_then_rerun_then_info(simulator):
    args = "application_name=adhoc-fax webhook_event_url=https://hooks.example.com/fax webhook_timeout_secs=20"
    created, first = adhoc(simulator, "telnyx.fax.fax_application", args)
    assert created.returncode == 0, created.stdout + created.stderr
    assert first["changed"] is True and first["status"] == "CHANGED"
    # Ad-hoc k=v arguments arrive as strings; the module still compares 20 with 20.
    assert first["fax_application"]["webhook_timeout_secs"] == 20

    again_run, again = adhoc(simulator, "telnyx.fax.fax_application", args)
    assert again_run.returncode == 0 and again["changed"] is False and again["status"] == "SUCCESS"

    listed_run, listed = adhoc(simulator, "telnyx.fax.fax_application_info", "name_contains=adhoc")
    assert listed_run.returncode == 0
    assert [app["id"] for app in listed["fax_applications"]] == [first["fax_application"]["id"]]
    # The create reads its name again (two runs at once keep one application).
    assert [entry["method"] for entry in simulator.requests_log()] == ["GET", "POST", "GET", "GET", "GET"]


def test_adhoc_failure_is_readable(simulator):
    result, outcome = adhoc(
        simulator, "telnyx.fax.fax_application", "application_name=adhoc-fax webhook_timeout_secs=99"
    )
    assert result.returncode != 0
    assert outcome["status"] == "FAILED!"
    assert "webhook_timeout_secs must be between 0 and 30, got 99" in outcome["msg"]
    assert simulator.requests_log() == []


def test_a_host_without_requests_gets_the_install_hint(simulator, tmp_path):
    # A bare venv: the module's payload brings ansible's own code, but not requests.
    bare = tmp_path / "bare"
    venv.create(bare, with_pip=False)
    # Implicit localhost pins the controller's Python as a host variable: only -e overrides it.
    result, outcome = adhoc(
        simulator,
        "telnyx.fax.fax_application_info",
        extra_vars="ansible_python_interpreter=%s" % (bare / "bin" / "python"),
    )
    assert result.returncode != 0 and outcome["status"] == "FAILED!"
    assert outcome["msg"].startswith("Failed to import the required Python library (requests)")
    assert "Traceback" not in outcome["msg"]
    assert simulator.requests_log() == []
