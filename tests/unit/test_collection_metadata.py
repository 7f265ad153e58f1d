# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Metadata that drifts unless a test holds it: the action group, the version, what the tests import."""

from __future__ import annotations

from pathlib import Path

import yaml

from ansible_collections.telnyx.fax.plugins.module_utils import _api as api
from ansible_collections.telnyx.fax.plugins.module_utils._api import COLLECTION_VERSION

ROOT = Path(__file__).resolve().parents[2]


def test_action_group_lists_every_module_and_nothing_else():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    modules = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
    assert modules, "no modules found: the test is looking in the wrong place"
    assert sorted(runtime["action_groups"]["telnyx"]) == modules


def test_user_agent_version_is_the_collection_version():
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text())
    assert COLLECTION_VERSION == galaxy["version"]


def test_unit_tests_import_the_checkout_not_an_installed_copy():
    # tests/unit/conftest.py maps ansible_collections.telnyx.fax onto this tree, so an edit is
    # tested without `make install`, and a stale copy in .collections/ is never picked up.
    assert Path(api.__file__).resolve() == ROOT / "plugins" / "module_utils" / "_api.py"
