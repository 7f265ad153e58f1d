# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a task says, from the new-user trial: sentences, the option to use, warnings in order."""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.modules import phone_number as number_module

NUMBER = "+13125550100"


def test_a_refused_key_is_told_in_a_sentence(simulator, run_module):
    result = run_module(number_module.main, dict(phone_number=NUMBER, api_key="KEY_not_this_account"))
    assert result["failed"] and result["failure"]["status"] == 401
    assert result["msg"].endswith("(Mission Control Portal > API Keys).")
    assert ".." not in result["msg"]


def test_a_shared_name_says_which_option_takes_the_id(simulator, run_module):
    simulator.seed_phone_numbers([NUMBER])
    simulator.seed(1, "twin")
    simulator.seed(1, "twin")
    result = run_module(number_module.main, dict(phone_number=NUMBER, connection_name="twin-00001"))
    assert result["failed"]
    assert "give connection_id instead of the name" in result["msg"]


def test_the_retries_before_a_warning_are_told_before_it(simulator, run_module):
    simulator.seed_phone_numbers([NUMBER])
    simulator.fault(503, method="GET", times=1)
    result = run_module(
        number_module.main, dict(phone_number=NUMBER, connection_name="nobody-yet", max_retries=2), check_mode=True
    )
    assert not result.get("failed"), result.get("msg")
    warnings = result["warnings"]
    retry = [index for index, text in enumerate(warnings) if "503" in text]
    lookup = [index for index, text in enumerate(warnings) if "No fax application is named 'nobody-yet'" in text]
    assert retry and lookup and retry[0] < lookup[0], warnings
