# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: ansible-builder finds the collection's Python requirements."""

from __future__ import annotations

import os
import textwrap

from conftest import BIN, COLLECTIONS, ROOT, run


def test_builder_introspection_names_requests():
    result = run([str(BIN / "ansible-builder"), "introspect", "--sanitize", str(COLLECTIONS)], dict(os.environ))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "requests>=2.25.0" in line]
    assert len(lines) == 1 and "from collection telnyx.fax" in lines[0], result.stdout


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
    assert (ROOT / "meta" / "execution-environment.yml").read_text().count("requirements.txt") == 1
