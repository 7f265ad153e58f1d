# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process, against the simulator, on every supported ansible-core."""

from __future__ import annotations

import contextlib
import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:  # ansible-core 2.19 and later: module arguments carry a serialization profile
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.18

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


class ModuleExit(Exception):
    """What a module handed to exit_json or fail_json."""

    def __init__(self, result):
        super().__init__(result.get("msg", ""))
        self.result = result


@pytest.fixture
def run_module(simulator, monkeypatch):
    """run_module(main, args, check_mode=False, diff=False) -> the result dict.

    A failed module's result has failed=True.
    """

    # As AnsibleModule's own do, the results hide every value the module marked no_log.
    def exit_json(self, **kwargs):
        kwargs.setdefault("changed", False)
        kwargs["warnings"] = list(getattr(self, "_telnyx_warnings", []))
        raise ModuleExit(basic.remove_values(kwargs, self.no_log_values))

    def fail_json(self, msg, **kwargs):
        kwargs["failed"] = True
        kwargs["msg"] = msg
        raise ModuleExit(basic.remove_values(kwargs, self.no_log_values))

    def warn(self, warning):
        self.__dict__.setdefault("_telnyx_warnings", []).append(warning)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", warn)

    def run(main, args, check_mode=False, diff=False):
        full = dict(api_key=simulator.api_key, base_url=simulator.base_url, max_retries=0)
        full.update(args)
        full["_ansible_check_mode"] = check_mode
        full["_ansible_diff"] = diff
        with patch_module_args(full), pytest.raises(ModuleExit) as done:
            main()
        return done.value.result

    return run
