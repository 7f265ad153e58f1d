# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: what ansible-builder reads, and the image `make ee` builds, at work.

`make e2e` leaves this file out: it needs the image, and `make ee` runs it once the image is built.
"""

from __future__ import annotations

import json
import os
import re
import textwrap

import ansible_runner
import yaml
from conftest import BIN, COLLECTIONS, ROOT, SECRET_KEY, built_image, in_image, recap, run
from fixtures import receiver_fixture  # tests/simulator, on the path through pytest.ini

receiver = receiver_fixture()


def test_builder_introspection_names_requests():
    result = run([str(BIN / "ansible-builder"), "introspect", "--sanitize", str(COLLECTIONS)], dict(os.environ))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "requests>=2.25.0" in line]
    assert len(lines) == 1 and "from collection telnyx.fax" in lines[0], result.stdout
    # The collection ships bindep.txt, and it declares no system package.
    assert (COLLECTIONS / "ansible_collections" / "telnyx" / "fax" / "bindep.txt").is_file()
    assert yaml.safe_load(result.stdout)["system"] == [], result.stdout


def test_builder_create_writes_a_build_context_for_the_collection(tarball, tmp_path):
    definition = tmp_path / "execution-environment.yml"
    definition.write_text(
        textwrap.dedent(
            """\
        version: 3
        images:
          base_image:
            name: quay.io/ansible/awx-ee:latest
        dependencies:
          galaxy:
            collections:
              - name: %s
                type: file
        """
            % tarball
        )
    )
    context = tmp_path / "context"
    result = run(
        [
            str(BIN / "ansible-builder"),
            "create",
            "-f",
            str(definition),
            "-c",
            str(context),
            "--output-filename",
            "Containerfile",
        ],
        dict(os.environ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    containerfile = (context / "Containerfile").read_text()
    galaxy_requirements = (context / "_build" / "requirements.yml").read_text()
    assert str(tarball) in galaxy_requirements
    # The build installs the collection, then introspects it for its Python requirements,
    # which meta/execution-environment.yml points at.
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect" in containerfile
    metadata = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text())
    assert metadata["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}


# ---------------------------------------------------------------------------------------
# The image itself: `make ee` builds extensions/ee/execution-environment.yml (tools/ee/build.py)
# and names the image in TELNYX_FAX_EE_IMAGE; these tests run inside it, as users do.

ee_image = built_image("TELNYX_FAX_EE_IMAGE", "ee")


def job_environment(simulator, receiver):
    """What a job needs, as an AWX credential type's injector gives it: environment variables."""
    return dict(
        TELNYX_API_KEY=simulator.api_key,
        TELNYX_BASE_URL=simulator.base_url,
        TELNYX_SIMULATOR_URL=simulator.root_url,
        TELNYX_WEBHOOK_RECEIVER_URL=receiver.url,
    )


def test_image_holds_the_collection_and_requests(ee_image, tarball):
    version = re.search(r"telnyx-fax-(.+)\.tar\.gz$", tarball.name).group(1)
    result = in_image(ee_image, "ansible-galaxy collection list telnyx.fax && python3 -c 'import requests'")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^telnyx\.fax +%s *$" % re.escape(version), result.stdout, re.M), result.stdout
    assert "/usr/share/ansible/collections/ansible_collections" in result.stdout


def test_ansible_doc_renders_a_module_inside_the_image(ee_image):
    result = in_image(ee_image, "ANSIBLE_NOCOLOR=1 ansible-doc telnyx.fax.fax_application")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "MODULE telnyx.fax.fax_application" in result.stdout
    assert "application_name" in result.stdout and "EXAMPLES" in result.stdout


# The simulator and the webhook receiver listen on the host's loopback (the simulator delivers
# webhooks to loopback addresses only), so the job's container shares the host's network.


def test_demo_inside_the_image_through_navigator(ee_image, simulator, receiver, tmp_path):
    environment = job_environment(simulator, receiver)
    command = [str(BIN / "ansible-navigator"), "run", "telnyx.fax.demo", "--diff", "--mode", "stdout"]
    command += ["--ee", "true", "--eei", ee_image, "--pull-policy", "never", "--ce", "podman"]
    command += ["--container-options=--network=host", "--pae", "false", "--lf", str(tmp_path / "navigator.log")]
    for name in environment:
        command += ["--penv", name]
    # Only what a person's shell would have: nothing points at the host's collections or Python.
    shell = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    result = run(command, dict(shell, **environment), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert recap(output)["failed"] == 0
    assert SECRET_KEY not in output


def test_demo_inside_the_image_through_runner_with_process_isolation(ee_image, simulator, receiver, tmp_path):
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory" / "hosts").write_text("localhost ansible_connection=local\n")
    result = ansible_runner.run(
        private_data_dir=str(tmp_path),
        playbook="telnyx.fax.demo",
        cmdline="--diff",
        envvars=job_environment(simulator, receiver),
        process_isolation=True,
        process_isolation_executable="podman",
        container_image=ee_image,
        # As root, podman maps the image's user (1000) to the host's uid 1000, which cannot write
        # the artifacts runner creates here; AWX prepares that directory for it instead.
        container_options=["--network=host", "--user=0", "--pull=never"],
        quiet=True,
        timeout=300,
    )
    stdout = result.stdout.read()
    events = list(result.events)
    assert result.status == "successful", stdout
    assert result.config.command[:2] == ["podman", "run"] and ee_image in result.config.command
    stats = [event for event in events if event["event"] == "playbook_on_stats"][0]["event_data"]
    assert stats["failures"] == {} and stats["dark"] == {} and stats["changed"]["localhost"] > 0
    # What AWX shows and stores as job output: stdout and every job event.
    shown = [stdout] + [json.dumps(event) for event in events]
    shown += [path.read_text() for path in tmp_path.glob("artifacts/*/job_events/*.json")]
    assert len(shown) > 10
    assert not [text for text in shown if SECRET_KEY in text]
