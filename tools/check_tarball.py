#!/usr/bin/env python3
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail unless a built collection tarball holds only files git tracks, and no development file.

    python3 tools/check_tarball.py TARBALL [--root CHECKOUT]

CHECKOUT (default: this repository) is the git checkout the tarball was built from. Every file
of the tarball but the two ansible-galaxy writes (MANIFEST.json, FILES.json) must be tracked
there (`git ls-files`): a cache, a virtualenv or a scratch file that galaxy.yml's build_ignore
misses would otherwise ship to every user. Tracked files that only serve development (the
Makefile, tools/, linter settings...) must not ship either: DEVELOPMENT below lists them.
"""

from __future__ import annotations

import argparse
import fnmatch
import subprocess
import sys
import tarfile
from pathlib import Path, PurePosixPath

WRITTEN_BY_GALAXY = {"MANIFEST.json", "FILES.json"}

# A path is a development file when one of its components matches a DIRECTORY pattern, or
# its whole path from the collection root matches a FILE pattern.
DEVELOPMENT_DIRECTORIES = (
    ".ansible",
    ".build",
    ".cache",
    ".ci",
    ".collections",
    ".eggs",
    ".git",
    ".github",
    ".hypothesis",
    ".idea",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".sanity-*",
    ".schemathesis",
    ".tox",
    ".venv",
    ".venv-*",
    ".vscode",
    "*.egg-info",
    "__pycache__",
    "benchmarks",
    "htmlcov",
    "tools",
)
DEVELOPMENT_FILES = (
    ".ansible-lint",
    ".coverage",
    ".coverage.*",
    ".DS_Store",
    ".gitignore",
    ".pre-commit-config.yaml",
    "*.pyc",
    "*.swp",
    "*.tar.gz",
    "*~",
    "CONTRIBUTING.md",
    "DEVELOPERS.md",
    "Makefile",
    "changelogs/.plugin-cache.yaml",
    "coverage.xml",
    "extensions/molecule/*",
    "importer_result.json",
    "pytest.ini",
    "requirements-dev.txt",
    "ruff.toml",
    "tests/output/*",
    "tests/ruff.toml",
)


def is_development_file(name):
    path = PurePosixPath(name)
    if any(fnmatch.fnmatchcase(part, pattern) for part in path.parts[:-1] for pattern in DEVELOPMENT_DIRECTORIES):
        return True
    return any(
        fnmatch.fnmatchcase(name, pattern) or ("/" not in pattern and fnmatch.fnmatchcase(path.name, pattern))
        for pattern in DEVELOPMENT_FILES
    )


def tarball_files(tarball):
    with tarfile.open(tarball) as archive:
        return sorted(member.name for member in archive.getmembers() if not member.isdir())


def tracked_files(root):
    listing = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise SystemExit("check_tarball: %s is not a git checkout: %s" % (root, listing.stderr.strip()))
    return set(filter(None, listing.stdout.split("\0")))


def problems(tarball, root):
    tracked = tracked_files(root)
    shipped = [name for name in tarball_files(tarball) if name not in WRITTEN_BY_GALAXY]
    untracked = [name for name in shipped if name not in tracked]
    development = [name for name in shipped if name in tracked and is_development_file(name)]
    return shipped, untracked, development


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("tarball", type=Path)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    shipped, untracked, development = problems(args.tarball, args.root)
    for name in untracked:
        print("not tracked by git: %s" % name)
    for name in development:
        print("development file: %s" % name)
    if untracked or development:
        print(
            "check_tarball: %s ships %d file(s) it must not (above). Add a pattern to galaxy.yml's "
            "build_ignore, or `git add` a file that is meant to ship."
            % (args.tarball.name, len(untracked) + len(development))
        )
        return 1
    print("check_tarball: %s: %d files, all tracked by git, no development file" % (args.tarball.name, len(shipped)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
