# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The places users run the collection from: the installed tarball, ad-hoc, ansible-runner, an EE.

These tests drive the real command-line tools of the venv that runs pytest, against the
collection `make install` put in .collections/ and a fresh simulator.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import simulator_fixtures  # tests/simulator, on the path through pytest.ini

ROOT = Path(__file__).resolve().parents[2]

BIN = Path(sys.executable).parent
COLLECTIONS = Path(os.environ.get("TELNYX_FAX_COLLECTIONS", ROOT / ".collections"))
SECRET_KEY = "KEY_e2e_0f1e2d3c4b5a69788796a5b4"


simulator_process, simulator = simulator_fixtures(api_key=SECRET_KEY)


@pytest.fixture(scope="session")
def tarball():
    built = sorted((ROOT / ".build").glob("telnyx-fax-*.tar.gz"))
    assert built, "no tarball in .build/: run these tests through make (make e2e), which builds it"
    return built[-1]


# The oldest and the newest ansible-core, for the tests whose behaviour is ansible-core's doing.
CORES = {"2.18": ROOT / ".venv-2.18" / "bin", "newest": BIN}


@pytest.fixture(params=sorted(CORES), ids=lambda core: "ansible-core-%s" % core)
def core_bin(request):
    """The bin directory of a venv with that ansible-core (make e2e creates .venv-2.18)."""
    bin_dir = CORES[request.param]
    if not (bin_dir / "ansible-playbook").exists():
        pytest.fail("%s has no ansible-playbook: run these tests through make e2e, which creates it" % bin_dir)
    return bin_dir


def ansible_env(simulator, collections=COLLECTIONS, **extra):
    """The environment a user's shell would have: key and URL exported, nothing else special."""
    env = dict(
        os.environ,
        PATH="%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")),
        ANSIBLE_COLLECTIONS_PATH=str(collections),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="False",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        TELNYX_API_KEY=simulator.api_key,
        TELNYX_BASE_URL=simulator.base_url,
    )
    env.update(extra)
    return env


def run(command, env, cwd=None):
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


README = (ROOT / "README.md").read_text()


def readme_yaml(first_line, what):
    """The README's YAML block that opens with first_line, as a user would copy it."""
    match = re.search(r"```yaml\n(%s\n.*?)```" % re.escape(first_line), README, re.S)
    assert match, "README.md no longer shows %s" % what
    return match.group(1)


def recap(output):
    """ok, changed and failed of localhost in a playbook's recap; unreachable must be 0."""
    found = re.search(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=0\s+failed=(\d+)", output)
    assert found, output
    return dict(zip(("ok", "changed", "failed"), map(int, found.groups()), strict=True))


def built_image(variable, target):
    """A module fixture: the podman image make TARGET built and named in the environment variable."""

    @pytest.fixture(scope="module")
    def image():
        name = os.environ.get(variable)
        if not name:
            pytest.fail("%s is not set: run these tests through make %s, which builds the image" % (variable, target))
        found = run(["podman", "image", "exists", name], dict(os.environ))
        assert found.returncode == 0, "podman has no image %s: run make %s" % (name, target)
        return name

    return image


def in_image(image, script):
    """Run a bash script in the image, with no network, as the image's own user."""
    command = ["podman", "run", "--rm", "--network=none", "--pull=never", image, "bash", "-c", script]
    return run(command, dict(os.environ))
