# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape the plugins keep (issue 20): short functions, patterns and prefixes written once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted((ROOT / "plugins").rglob("*.py")) + sorted((ROOT / "extensions" / "eda" / "plugins").rglob("*.py"))
MAX_FUNCTION_LINES = 50


def test_no_function_in_plugins_is_over_50_lines():
    assert PLUGINS, "no plugins found: the test is looking in the wrong place"
    long = []
    for path in PLUGINS:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append("%s:%d %s (%d lines)" % (path.relative_to(ROOT), node.lineno, node.name, length))
    assert long == []


def test_failure_prefixes_and_id_patterns_are_written_once():
    # planner.NOTHING_SENT / NOTHING_CHANGED, fields.E164_NUMBER / fields.UUID.
    once = {
        "Nothing was sent to Telnyx: ": "_planner.py",
        "Nothing was changed: ": "_planner.py",
        r"\+[1-9][0-9]{1,14}": "_fields.py",
        "[0-9a-fA-F]{8}-": "_fields.py",
    }
    for text, home in once.items():
        holders = [path.name for path in PLUGINS if text in path.read_text()]
        assert holders == [home], text


def test_every_module_utils_file_is_named_private():
    # The collection requirements (and Automation Hub) expect private module_utils to start with "_".
    public = [path.name for path in (ROOT / "plugins" / "module_utils").glob("*.py") if not path.name.startswith("_")]
    assert public == []


def test_the_engine_names_no_role_variable():
    module_utils = sorted((ROOT / "plugins" / "module_utils").glob("*.py"))
    assert module_utils
    assert [path.name for path in module_utils if re.search(r"\bfax_applications_[a-z]", path.read_text())] == []
