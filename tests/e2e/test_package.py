# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ships is what is tracked: a build from a checkout full of tool caches ships none of them.

Each test copies the working checkout's tracked files (as they are now, galaxy.yml included)
into a new git repository, litters it the way other tools do, builds it with ansible-galaxy
and runs tools/check_tarball.py, the check `make package` runs on the real build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile

import pytest
from conftest import BIN, ROOT, run

CHECK = ROOT / "tools" / "check_tarball.py"

# What pytest, hypothesis, schemathesis, ruff, mypy, tox, nox, coverage, setuptools, editors
# and ansible-test leave behind, at the root and deeper down.
LITTER = (
    ".hypothesis/examples/0a1b/2c3d",
    ".schemathesis/cassette.yaml",
    ".ruff_cache/0.17.5/123456",
    ".mypy_cache/3.13/ansible/__init__.data.json",
    ".tox/py313/pyvenv.cfg",
    ".nox/tests/pyvenv.cfg",
    ".coverage",
    ".coverage.host.4242.123456",
    "coverage.xml",
    "htmlcov/index.html",
    "telnyx_fax.egg-info/PKG-INFO",
    ".eggs/README.txt",
    ".pytest_cache/v/cache/lastfailed",
    ".cache/pip/selfcheck.json",
    ".idea/workspace.xml",
    ".vscode/settings.json",
    ".DS_Store",
    "importer_result.json",
    "plugins/modules/__pycache__/fax_application.cpython-313.pyc",
    "plugins/module_utils/.api.py.swp",
    "tests/unit/.hypothesis/examples/0a1b",
    "tests/unit/.pytest_cache/v/cache/nodeids",
    "tests/simulator/.coverage",
    "tests/simulator/htmlcov/index.html",
    "tests/integration/.mypy_cache/3.11/cache.db",
    "tests/e2e/.ruff_cache/CACHEDIR.TAG",
    "roles/fax_applications/.ansible/tmp/x",
    ".ansible/collections/README",
    ".venv-extra/pyvenv.cfg",
    "tests/output/integration/role.log",
)


def git(checkout, *args):
    subprocess.run(["git", "-C", str(checkout), *args], check=True, capture_output=True, text=True)


@pytest.fixture
def checkout(tmp_path):
    """The working checkout's tracked files, as they are on disk now, in a new git repository."""
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True, capture_output=True, text=True)
    copy = tmp_path / "checkout"
    for name in filter(None, listing.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "--quiet")
    git(copy, "add", "--all")
    for name in LITTER:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text("left behind by a tool\n")
    return copy


def build(checkout):
    output = checkout.parent / "build"
    built = run(
        [str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(output), str(checkout)],
        dict(os.environ),
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (tarball,) = output.glob("telnyx-fax-*.tar.gz")
    return tarball


def check(tarball, checkout):
    return run([sys.executable, str(CHECK), str(tarball), "--root", str(checkout)], dict(os.environ))


def test_a_checkout_full_of_caches_ships_only_tracked_files(checkout):
    tarball = build(checkout)
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    leaked = [name for name in LITTER if name in names]
    assert leaked == []
    checked = check(tarball, checkout)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "all tracked by git, no development file" in checked.stdout


def test_the_check_names_untracked_and_development_files(checkout):
    # A draft nobody added to git, and a development file some future build_ignore forgets.
    (checkout / "plugins" / "modules" / "draft.py").write_text("# not added to git\n")
    (checkout / "notes.txt").write_text("not added to git\n")
    galaxy = checkout / "galaxy.yml"
    galaxy.write_text(galaxy.read_text().replace("  - Makefile\n", ""))
    checked = check(build(checkout), checkout)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "not tracked by git: plugins/modules/draft.py" in checked.stdout
    assert "not tracked by git: notes.txt" in checked.stdout
    assert "development file: Makefile" in checked.stdout
    assert "ships 3 file(s) it must not" in checked.stdout
