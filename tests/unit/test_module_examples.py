# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES are tasks a user can paste: one module each, and only its options.

ansible-doc renders an example whatever it holds; a stray key (an option outside the module's
arguments, or a piece of the option docs pasted into an example) only shows when a user runs
it, as "conflicting action statements" or "Unsupported parameters".
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from ansible.module_utils.basic import FILE_COMMON_ARGUMENTS

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(path for path in (ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
# Task keywords an example may use beside its module.
KEYWORDS = {
    "name",
    "register",
    "when",
    "loop",
    "loop_control",
    "vars",
    "check_mode",
    "diff",
    "block",
    "module_defaults",
    "ignore_errors",
    "changed_when",
    "failed_when",
    "no_log",
    "environment",
    "until",
    "retries",
    "delay",
}


def module_docs(path):
    docs = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and node.targets[0].id in ("DOCUMENTATION", "EXAMPLES"):
            docs[node.targets[0].id] = yaml.safe_load(node.value.value)
    return docs


def connection_options():
    fragment = ast.parse((ROOT / "plugins" / "doc_fragments" / "connection.py").read_text())
    text = next(node.value.value for node in ast.walk(fragment) if isinstance(node, ast.Assign))
    return set(yaml.safe_load(text)["options"])


def example_tasks(tasks):
    for task in tasks:
        if "block" in task:
            yield from example_tasks(task["block"])
        else:
            yield task


@pytest.mark.parametrize("path", MODULES, ids=[path.stem for path in MODULES])
def test_every_example_task_uses_one_module_and_only_its_options(path):
    docs = module_docs(path)
    options = set(docs["DOCUMENTATION"]["options"]) | connection_options()
    if "ansible.builtin.files" in docs["DOCUMENTATION"].get("extends_documentation_fragment", []):
        options |= set(FILE_COMMON_ARGUMENTS)
    tasks = list(example_tasks(docs["EXAMPLES"]))
    assert tasks, "no examples"
    for task in tasks:
        actions = [key for key in task if key not in KEYWORDS]
        assert len(actions) == 1, "%r: expected one module, got %s" % (task.get("name"), actions)
        if actions[0] == "telnyx.fax." + path.stem:
            unknown = set(task[actions[0]] or {}) - options
            assert not unknown, "%r: %s is not an option of %s" % (task.get("name"), sorted(unknown), path.stem)
