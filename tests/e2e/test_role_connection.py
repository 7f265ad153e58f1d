# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Telnyx account the role writes to: its own variables, then module_defaults, then TELNYX_*.

Three simulators stand for three accounts: the one the environment names (TELNYX_API_KEY and
TELNYX_BASE_URL, conftest's ``simulator``), the one the play's module_defaults name, and the
one the role's variables name. Each playbook runs on the oldest and the newest ansible-core
the collection supports, since how module_defaults merge is ansible-core's doing.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import ansible_env, run
from harness import Simulator

DEFAULTS_KEY = "KEY_e2e_module_defaults_5e6f7a8b9c0d"
ROLE_KEY = "KEY_e2e_role_variables_1a2b3c4d5e6f"


# Not fixtures.simulator_fixtures: its session fixture is always called simulator_process, so a
# second pair in this module would replace conftest's, and all three accounts would be one.
@pytest.fixture(scope="module")
def accounts():
    with Simulator(api_key=DEFAULTS_KEY) as defaults, Simulator(api_key=ROLE_KEY) as role:
        yield {"defaults": defaults, "role": role}


@pytest.fixture
def defaults_account(accounts):
    accounts["defaults"].reset()
    return accounts["defaults"]


@pytest.fixture
def role_account(accounts):
    accounts["role"].reset()
    return accounts["role"]


def play(core_bin, environment_account, tmp_path, playbook):
    path = tmp_path / "site.yml"
    path.write_text(textwrap.dedent(playbook))
    env = ansible_env(environment_account, ANSIBLE_PYTHON_INTERPRETER=str(core_bin / "python"))
    env["PATH"] = "%s:%s" % (core_bin, env["PATH"])
    result = run([str(core_bin / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)], env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def writes(account):
    log = account.requests_log()
    assert all(200 <= entry["status"] < 300 for entry in log), log
    return [entry["method"] for entry in log]


ROLE_PLAY = """\
    - hosts: localhost
      gather_facts: false
      module_defaults:
        group/telnyx.fax.telnyx:
          api_key: {defaults_key}
          base_url: {defaults_url}
      roles:
        - role: telnyx.fax.fax_applications
          fax_applications_list:
            - application_name: precedence-fax
              webhook_event_url: https://hooks.example.com/fax
{role_vars}
    """


def role_play(defaults_account, **role_vars):
    lines = "".join("          %s: %s\n" % item for item in role_vars.items())
    return ROLE_PLAY.format(
        defaults_key=defaults_account.api_key, defaults_url=defaults_account.base_url, role_vars=lines.rstrip("\n")
    )


def test_module_defaults_beat_the_environment(core_bin, simulator, defaults_account, tmp_path):
    play(core_bin, simulator, tmp_path, role_play(defaults_account))
    assert writes(simulator) == []
    assert writes(defaults_account) == ["GET", "POST", "GET"]


def test_module_defaults_fill_in_what_the_role_variables_leave_out(core_bin, simulator, defaults_account, tmp_path):
    # The role sets two connection options; api_key and base_url still come from module_defaults.
    playbook = role_play(defaults_account, fax_applications_timeout=20, fax_applications_max_retries=2)
    play(core_bin, simulator, tmp_path, playbook)
    assert writes(simulator) == []
    assert writes(defaults_account) == ["GET", "POST", "GET"]


def test_role_variables_beat_module_defaults(core_bin, simulator, defaults_account, role_account, tmp_path):
    playbook = role_play(
        defaults_account, fax_applications_api_key=role_account.api_key, fax_applications_base_url=role_account.base_url
    )
    play(core_bin, simulator, tmp_path, playbook)
    assert writes(simulator) == []
    assert writes(defaults_account) == []
    assert writes(role_account) == ["GET", "POST", "GET"]


def test_a_plain_task_omitting_an_option_loses_its_module_default_too(core_bin, simulator, defaults_account, tmp_path):
    # ansible-core merges module_defaults into a task's arguments before it drops the omitted
    # ones, so `default(omit)` drops the module_defaults value as well: the environment's URL
    # is used. docs/docsite/rst/authentication.rst and the role README warn about this; if
    # ansible-core ever changes it, this test fails and those warnings can go.
    play(
        core_bin,
        simulator,
        tmp_path,
        """\
        - hosts: localhost
          gather_facts: false
          module_defaults:
            group/telnyx.fax.telnyx:
              base_url: %s
          tasks:
            - name: List applications, with a base_url that is only sometimes set
              telnyx.fax.fax_application_info:
                base_url: "{{ my_base_url | default(omit) }}"
        """
        % defaults_account.base_url,
    )
    assert writes(defaults_account) == []
    assert writes(simulator) == ["GET"]
