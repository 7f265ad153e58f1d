# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two runs of the README's role example at once, as two AWX jobs of one template would be.

Both runs must find the account empty before either creates, so the simulator slows the
reads they plan from (the first six GETs take two seconds each, side by side). Then the
account must hold one profile and one of each application, with the numbers on them, and
a third run must change nothing.
"""

from __future__ import annotations

import subprocess

from conftest import ansible_env, readme_yaml, recap

NUMBERS = ["+13125550100", "+13125550101", "+13125550102"]


def role_example():
    return readme_yaml("- name: The billing team's fax service", "the role example")


def start(env, cwd):
    return subprocess.Popen(
        ["ansible-playbook", "site.yml"], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_two_runs_at_once_leave_one_of_each_object_and_a_third_changes_nothing(simulator, tmp_path):
    simulator.seed_phone_numbers(NUMBERS)
    (tmp_path / "site.yml").write_text(role_example())
    env = ansible_env(simulator)
    # Each run plans from three listings (profiles, applications, numbers): six reads in all.
    simulator.fault(method="GET", delay=2, times=6)
    runs = [start(env, tmp_path), start(env, tmp_path)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
    posts = [call for call in simulator.calls() if call.startswith("POST ")]
    assert len(posts) > 3, "the two runs did not both create: the test did not race them\n%s" % "\n".join(posts)

    assert [profile["name"] for profile in simulator.profiles()] == ["billing-outbound"]
    applications = simulator.applications()
    assert sorted(app["application_name"] for app in applications) == ["billing-eu", "billing-us"]
    profile_id = simulator.profiles()[0]["id"]
    assert all(app["outbound"]["outbound_voice_profile_id"] == profile_id for app in applications)
    assigned = dict((number["phone_number"], number["connection_name"]) for number in simulator.phone_numbers())
    assert assigned == {NUMBERS[0]: "billing-eu", NUMBERS[1]: "billing-us", NUMBERS[2]: "billing-us"}
    assert any("Another run created" in output for output in outputs), outputs

    third = subprocess.run(
        ["ansible-playbook", "site.yml"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert third.returncode == 0, third.stdout + third.stderr
    assert recap(third.stdout)["changed"] == 0, third.stdout
