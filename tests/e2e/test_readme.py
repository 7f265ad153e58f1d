# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's playbooks, played as written.

The first screen: its playbook and its five commands. The account has the two numbers and
nothing else, as the README says. The review (``--check --diff``) completes across the whole
chain (profile, application named by the profile's name, numbers named by the application's
name), shows the placeholders the README quotes and writes nothing; the apply does what the
review showed; the rerun changes nothing; the test fax is delivered. Then "Use": its playbook
with the key from the variables file it tells the user to create, and no TELNYX_API_KEY. On
the oldest and the newest ansible-core.
"""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import README, ansible_env, readme_yaml, recap, run

NUMBERS = ["+13125550100", "+13125550101"]


def first_playbook():
    return readme_yaml("# fax-service.yml", "the fax-service.yml playbook it opens with")


def commands():
    match = re.search(r"```sh\nexport TELNYX_API_KEY=.*?\n(.*?)```", README, re.S)
    assert match, "README.md no longer shows the commands after fax-service.yml"
    lines = [line.split("#", 1)[0].strip() for line in match.group(1).splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("ansible-playbook fax-service.yml")]


@pytest.mark.parametrize("core_bin", ["2.18", "newest"], indirect=True)
def test_the_first_screen_runs_as_written(core_bin, simulator, tmp_path):
    simulator.seed_phone_numbers(NUMBERS)
    (tmp_path / "fax-service.yml").write_text(first_playbook())
    env = ansible_env(simulator, ANSIBLE_PYTHON_INTERPRETER=str(core_bin / "python"))
    env["PATH"] = "%s:%s" % (core_bin, env["PATH"])
    review, apply, again, send = commands()

    def play(command):
        since = len(simulator.requests_log())
        result = run([str(core_bin / command[0])] + command[1:], env, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout, simulator.calls(since)

    output, calls = play(review)
    assert recap(output)["changed"] == 3  # profile, application, the loop over the two numbers
    assert [call for call in calls if not call.startswith("GET ")] == []
    # The placeholders the README quotes, as the diff shows them.
    assert '"outbound_voice_profile_id": "(known after create: outbound voice profile billing-fax-outbound)"' in output
    assert output.count('"connection_id": "(known after create: fax application billing-fax)"') == 2

    output, calls = play(apply)
    assert recap(output)["changed"] == 3
    assert [call for call in calls if not call.startswith("GET ")] == [
        "POST /v2/outbound_voice_profiles",
        "POST /v2/fax_applications",
        "PATCH /v2/phone_numbers/%s" % simulator.phone_numbers()[0]["id"],
        "PATCH /v2/phone_numbers/%s" % simulator.phone_numbers()[1]["id"],
    ]
    (profile,) = simulator.profiles()
    (application,) = simulator.applications()
    assert application["outbound"]["outbound_voice_profile_id"] == profile["id"]
    assert [number["connection_id"] for number in simulator.phone_numbers()] == [application["id"]] * 2

    output, calls = play(again)
    assert recap(output)["changed"] == 0
    assert [call for call in calls if not call.startswith("GET ")] == []

    output, calls = play(send)
    assert recap(output)["changed"] == 1
    assert calls.count("POST /v2/faxes") == 1
    (fax,) = simulator.faxes()
    assert fax["status"] == "delivered" and fax["connection_id"] == application["id"]


@pytest.mark.parametrize("core_bin", ["2.18", "newest"], indirect=True)
def test_the_use_example_takes_the_key_from_the_file_it_asks_for(core_bin, simulator, tmp_path):
    use_example = readme_yaml("- name: The fax service, with the key from a vault", "the Use example")
    (tmp_path / "site.yml").write_text(use_example)
    # What "ansible-vault create telnyx-secrets.yml" would hold, unencrypted.
    (tmp_path / "telnyx-secrets.yml").write_text("telnyx_api_key: %s\n" % simulator.api_key)
    env = ansible_env(simulator, ANSIBLE_PYTHON_INTERPRETER=str(core_bin / "python"))
    env["PATH"] = "%s:%s" % (core_bin, env["PATH"])
    del env["TELNYX_API_KEY"]
    result = run([str(core_bin / "ansible-playbook"), "site.yml"], env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert recap(result.stdout)["changed"] == 1
    (application,) = simulator.applications()
    assert application["application_name"] == "billing-fax"
    assert sorted(application["tags"]) == ["billing", "prod"]
