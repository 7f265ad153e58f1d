# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decision environment definition (extensions/eda): ansible-builder 3 makes a build context of it."""

from __future__ import annotations

import os

import yaml
from conftest import BIN, ROOT, run

DEFINITION = ROOT / "extensions" / "eda" / "decision-environment.yml"


def test_builder_writes_a_context_whose_base_image_is_a_build_argument(tmp_path):
    context = tmp_path / "context"
    command = [str(BIN / "ansible-builder"), "create", "-f", str(DEFINITION), "-c", str(context)]
    result = run(command + ["--output-filename", "Containerfile"], dict(os.environ))
    assert result.returncode == 0, result.stdout + result.stderr
    containerfile = (context / "Containerfile").read_text()
    # --build-arg EE_BASE_IMAGE=<a local image> picks the base: nothing is pulled by name.
    assert containerfile.splitlines()[0] == 'ARG EE_BASE_IMAGE="localhost/telnyx-fax/de-base:bookworm"'
    assert "FROM $EE_BASE_IMAGE AS base" in containerfile
    assert (context / "_build" / "requirements.txt").read_text().split() == ["ansible-rulebook==1.3.2"]
    assert "telnyx.fax" in (context / "_build" / "requirements.yml").read_text()


def test_the_decision_environment_runs_the_ansible_rulebook_the_project_tests():
    pinned = [
        line for line in (ROOT / "requirements-dev.txt").read_text().splitlines() if line.startswith("ansible-rulebook")
    ]
    assert yaml.safe_load(DEFINITION.read_text())["dependencies"]["python"] == pinned
