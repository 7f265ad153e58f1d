# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built tarball: only what users need, and it works installed into an empty path."""

from __future__ import annotations

import tarfile
import textwrap

from conftest import BIN, ansible_env, run


def test_tarball_holds_what_users_need(tarball):
    # What it must not hold (untracked and development files) is make package's job:
    # tools/check_tarball.py, tested in test_package.py.
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    for needed in (
        "MANIFEST.json",
        "FILES.json",
        "README.md",
        "meta/runtime.yml",
        "meta/execution-environment.yml",
        "requirements.txt",
        "plugins/modules/fax_application.py",
        "plugins/module_utils/_api.py",
        "roles/fax_applications/tasks/main.yml",
        "playbooks/demo.yml",
        "tests/simulator/telnyx_simulator.py",
    ):
        assert needed in names


def test_installed_into_an_empty_path_it_runs_a_playbook(tarball, simulator, tmp_path):
    collections = tmp_path / "collections"
    installed = run(
        [str(BIN / "ansible-galaxy"), "collection", "install", "-p", str(collections), str(tarball)],
        ansible_env(simulator, collections=collections),
    )
    assert installed.returncode == 0, installed.stderr
    playbook = tmp_path / "site.yml"
    playbook.write_text(
        textwrap.dedent("""\
        - hosts: localhost
          gather_facts: false
          tasks:
            - telnyx.fax.fax_application:
                application_name: installed-path
                webhook_event_url: https://hooks.example.com/fax
              register: created
            - telnyx.fax.fax_application_info:
                application_name: installed-path
              register: found
            - ansible.builtin.assert:
                that:
                  - created is changed
                  - found.fax_applications | map(attribute='id') | list == [created.fax_application.id]
        """)
    )
    played = run(
        [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)],
        ansible_env(simulator, collections=collections),
        cwd=tmp_path,
    )
    assert played.returncode == 0, played.stdout + played.stderr
    assert "ok=3" in played.stdout and "failed=0" in played.stdout
