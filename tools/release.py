#!/usr/bin/env python3
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's version and its release notes, kept together.

    python3 tools/release.py check [--root CHECKOUT]
    python3 tools/release.py set-version VERSION [--root CHECKOUT]

The version lives in two places: galaxy.yml (what Galaxy publishes) and COLLECTION_VERSION in
plugins/module_utils/_api.py (the User-Agent every request sends; tests/unit/test_collection_metadata.py
holds the two equal). Its release notes live in changelogs/changelog.yaml and CHANGELOG.rst, which
antsibull-changelog writes from the fragments.

`check` (run by `make docs`, so by `make test`) fails when galaxy.yml's version has no release in
changelogs/changelog.yaml or no section in CHANGELOG.rst: a version moved without releasing the
fragments ships a tarball whose CHANGELOG.rst stops at the release before (0.2.0's listed only
0.1.0). It also fails when changelog.yaml has a release newer than galaxy.yml's version.

`set-version` (run by `make release VERSION=x`, which then runs antsibull-changelog release)
rewrites the version line of galaxy.yml and the COLLECTION_VERSION line of api.py, and nothing
else in either file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

GALAXY = Path("galaxy.yml")
API = Path("plugins/module_utils/_api.py")
CHANGES = Path("changelogs/changelog.yaml")
CHANGELOG_RST = Path("CHANGELOG.rst")

# Galaxy takes semantic versions only: X.Y.Z, optionally -prerelease and +build.
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
# The lines set-version rewrites: anchored, so a mention of the version elsewhere is left alone.
GALAXY_LINE = re.compile(r"^version: *\S+ *$", re.MULTILINE)
API_LINE = re.compile(r'^COLLECTION_VERSION = "[^"]*"$', re.MULTILINE)

HOW_TO_FIX = 'run `make release VERSION=%s` (DEVELOPERS.md, "Releasing")'


def galaxy_version(root: Path) -> str:
    return str(yaml.safe_load((root / GALAXY).read_text())["version"])


def rst_has_section(text: str, version: str) -> bool:
    # antsibull-changelog writes each release as a title "vX.Y.Z" over a line of "=" as long.
    title = "v" + version
    lines = text.splitlines()
    return any(line == title and lines[i + 1] == "=" * len(title) for i, line in enumerate(lines[:-1]))


def check(root: Path) -> list[str]:
    version = galaxy_version(root)
    problems = []
    releases = (yaml.safe_load((root / CHANGES).read_text()) or {}).get("releases") or {}
    if version not in releases:
        problems.append(
            "%s says version %s, but %s has no release %s (it has: %s): its fragments were not released; %s"
            % (GALAXY, version, CHANGES, version, ", ".join(sorted(releases)) or "none", HOW_TO_FIX % version)
        )
    newer = sorted(str(v) for v in releases if Version(str(v)) > Version(version))
    if newer:
        problems.append(
            "%s has releases newer than %s's version %s: %s; the version was moved back, or set by hand"
            % (CHANGES, GALAXY, version, ", ".join(newer))
        )
    if not rst_has_section((root / CHANGELOG_RST).read_text(), version):
        problems.append(
            "%s has no section v%s for %s's version; %s (or `antsibull-changelog generate` if "
            "changelog.yaml already has the release)" % (CHANGELOG_RST, version, GALAXY, HOW_TO_FIX % version)
        )
    return problems


def replace_one(path: Path, pattern: re.Pattern[str], line: str) -> None:
    text = path.read_text()
    matches = pattern.findall(text)
    if len(matches) != 1:
        raise SystemExit("%s: expected one line matching %s, found %d" % (path, pattern.pattern, len(matches)))
    path.write_text(pattern.sub(line, text))


def set_version(root: Path, version: str) -> None:
    if not SEMVER.match(version):
        raise SystemExit("set-version: %r is not a semantic version (X.Y.Z), which Galaxy requires" % version)
    current = galaxy_version(root)
    try:
        older = Version(version) < Version(current)
    except InvalidVersion as error:
        raise SystemExit("set-version: %s" % error) from None
    if older:
        raise SystemExit("set-version: %s is older than galaxy.yml's version %s" % (version, current))
    # The same version again is allowed: it releases a version that was moved without a release.
    replace_one(root / GALAXY, GALAXY_LINE, "version: %s" % version)
    replace_one(root / API, API_LINE, 'COLLECTION_VERSION = "%s"' % version)
    print("version %s -> %s in %s and %s" % (current, version, GALAXY, API))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1], help="the checkout")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="fail unless galaxy.yml's version is released in the changelog")
    setter = commands.add_parser("set-version", help="move the version in galaxy.yml and api.py")
    setter.add_argument("version")
    args = parser.parse_args(argv)
    if args.command == "set-version":
        set_version(args.root, args.version)
        return 0
    problems = check(args.root)
    for problem in problems:
        print("release check: " + problem, file=sys.stderr)
    if not problems:
        print(
            "release check: version %s is released in %s and %s" % (galaxy_version(args.root), CHANGES, CHANGELOG_RST)
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
