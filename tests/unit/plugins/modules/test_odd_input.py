# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Odd input a user really types (issue 19, item 4): each fails before any request, naming the
option, or is accepted as the value it means; options that do nothing as given are warned about.
"""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.modules.fax import main as fax_main
from ansible_collections.telnyx.fax.plugins.modules.fax_application import main as application_main
from ansible_collections.telnyx.fax.plugins.modules.fax_application_bulk import main as bulk_main
from ansible_collections.telnyx.fax.plugins.modules.fax_info import main as fax_info_main
from ansible_collections.telnyx.fax.plugins.modules.outbound_voice_profile import main as profile_main
from ansible_collections.telnyx.fax.plugins.modules.phone_number import main as number_main
from ansible_collections.telnyx.fax.plugins.modules.phone_number_info import main as number_info_main

WEBHOOK = "https://hooks.example.com/fax"
NUMBER = "+13125550100"
DECIMAL_ID = "1293384261075731499"
GROUP = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"


def app_args(**extra):
    args = dict(application_name="billing-fax", webhook_event_url=WEBHOOK)
    args.update(extra)
    return args


def refused_before_any_request(simulator, result, problem):
    assert result.get("failed"), result
    assert result["msg"].startswith("Nothing was sent to Telnyx: "), result["msg"]
    assert problem in result["msg"], result["msg"]
    assert ".." not in result["msg"]
    assert simulator.calls() == []


# --- a link name with stray whitespace ---------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "main, args, problem",
    [
        (
            number_main,
            dict(phone_number=NUMBER, connection_name="billing-fax "),
            "connection_name must not start or end with a space or a line break, got 'billing-fax '",
        ),
        (
            application_main,
            app_args(outbound=dict(outbound_voice_profile_name="x ")),
            "outbound.outbound_voice_profile_name must not start or end with a space or a line break, got 'x '",
        ),
        (
            bulk_main,
            dict(applications=[app_args(outbound=dict(outbound_voice_profile_name="\tfax-outbound"))]),
            "outbound.outbound_voice_profile_name must not start or end with a space or a line break",
        ),
    ],
)
def test_a_link_name_with_stray_whitespace_is_refused_in_check_mode_too(
    simulator, run_module, main, args, problem, check_mode
):
    result = run_module(main, args, check_mode=check_mode)
    refused_before_any_request(simulator, result, problem)


# --- values Telnyx refuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "main, accepted, refused, problem",
    [
        (
            application_main,
            app_args(inbound=dict(sip_subdomain="billing-fax-2")),
            app_args(inbound=dict(sip_subdomain="billing fax")),
            "inbound.sip_subdomain must be a DNS label: 1 to 63 letters, digits and hyphens, not starting or "
            "ending with a hyphen, such as billing-fax, got 'billing fax'",
        ),
        (
            application_main,
            app_args(inbound=dict(sip_subdomain="Fax2")),
            app_args(inbound=dict(sip_subdomain="fax!")),
            "inbound.sip_subdomain must be a DNS label",
        ),
        (
            application_main,
            app_args(inbound=dict(sip_subdomain="f")),
            app_args(inbound=dict(sip_subdomain="fax.")),
            "inbound.sip_subdomain must be a DNS label",
        ),
        (
            profile_main,
            dict(name="fax-outbound", whitelisted_destinations=["US", "GB", "AX"]),
            dict(name="fax-outbound", whitelisted_destinations=["US", "XX"]),
            "whitelisted_destinations[1] must be an ISO 3166 alpha-2 country code in capitals, such as US, got 'XX'",
        ),
        (
            profile_main,
            dict(name="fax-outbound", daily_spend_limit="100.05"),
            dict(name="fax-outbound", daily_spend_limit="100.005"),
            "daily_spend_limit must be an amount in USD with at most two decimals, such as 100.00, got '100.005'",
        ),
        (
            bulk_main,
            dict(applications=[app_args(inbound=dict(sip_subdomain="billing-fax"))]),
            dict(applications=[app_args(inbound=dict(sip_subdomain="billing fax"))]),
            "applications[0] (billing-fax): inbound.sip_subdomain must be a DNS label",
        ),
    ],
)
def test_values_telnyx_refuses_fail_before_any_request(simulator, run_module, main, accepted, refused, problem):
    result = run_module(main, accepted, check_mode=True)
    assert not result.get("failed"), result.get("msg")
    simulator.reset()
    refused_before_any_request(simulator, run_module(main, refused, check_mode=True), problem)


# --- tags are a set ----------------------------------------------------------------------------


def test_repeated_tags_are_sent_once_and_shown_once(simulator, run_module):
    created = run_module(application_main, app_args(tags=["x", "x", "y"]), diff=True)
    assert created["diff"]["after"]["tags"] == ["x", "y"]
    assert simulator.applications()[0]["tags"] == ["x", "y"]

    changed = run_module(application_main, app_args(tags=["z", "z"]), diff=True)
    assert changed["changed"] is True
    assert (changed["diff"]["before"]["tags"], changed["diff"]["after"]["tags"]) == (["x", "y"], ["z"])
    assert simulator.applications()[0]["tags"] == ["z"]

    again = run_module(application_main, app_args(tags=["z", "z", "z"]), diff=True)
    assert again["changed"] is False


def test_repeated_tags_in_a_bulk_item_are_sent_once(simulator, run_module):
    result = run_module(bulk_main, dict(applications=[app_args(tags=["x", "y", "x"])]), diff=True)
    assert not result.get("failed"), result.get("msg")
    assert result["diff"][0]["after"]["tags"] == ["x", "y"]
    assert simulator.applications()[0]["tags"] == ["x", "y"]


# --- ids compared as Telnyx compares them ------------------------------------------------------


def test_an_upper_case_billing_group_id_is_no_change(simulator, run_module):
    created = run_module(profile_main, dict(name="fax-outbound", billing_group_id=GROUP.upper()))
    assert created["changed"] is True
    # The simulator answers the id in lower case, as a uuid column does.
    assert simulator.profiles()[0]["billing_group_id"] == GROUP
    for spelling in (GROUP.upper(), GROUP):
        again = run_module(profile_main, dict(name="fax-outbound", billing_group_id=spelling))
        assert again["changed"] is False, spelling


# --- phone numbers as people write them --------------------------------------------------------


@pytest.mark.parametrize("written", ["+1 312 555 0100", "+1 (312) 555-0100", "+1.312.555.0100", "+1-312-555-0100"])
def test_a_number_written_with_separators_is_the_e164_number(simulator, run_module, written):
    simulator.seed_phone_numbers([NUMBER])
    result = run_module(number_main, dict(phone_number=written, tags=["fax"]))
    assert not result.get("failed"), result.get("msg")
    assert result["phone_number"]["phone_number"] == NUMBER
    assert simulator.phone_numbers()[0]["tags"] == ["fax"]

    found = run_module(number_info_main, dict(phone_number=written))
    assert [number["phone_number"] for number in found["phone_numbers"]] == [NUMBER]


@pytest.mark.parametrize(
    "main, args, problem",
    [
        (
            number_main,
            dict(phone_number="13125550100"),
            "phone_number must be an E.164 number such as +13125550100, got '13125550100': give it with + in "
            "front, '+13125550100'",
        ),
        (number_main, dict(phone_number="1 (312) 555-0100"), "give it with + in front, '+13125550100'"),
        (number_info_main, dict(phone_number="13125550100"), "give it with + in front, '+13125550100'"),
        (
            number_main,
            dict(phone_number="312 555 0100"),
            "give it with + and its country code in front ('+13125550100' for a North American number)",
        ),
        (number_main, dict(phone_number="0044 20 7946 0000"), "in E.164 the number is '+442079460000'"),
        (
            bulk_main,
            dict(applications=[app_args(phone_numbers=["13125550100"])]),
            "applications[0] (billing-fax): phone_numbers[0]: phone_number must be an E.164 number such as "
            "+13125550100, got '13125550100': give it with + in front",
        ),
        (
            fax_main,
            {"connection_id": DECIMAL_ID, "from": "13125550100", "to": NUMBER, "media_url": WEBHOOK},
            "from must be an E.164 number such as +13125550100, got '13125550100': give it with + in front",
        ),
        (
            fax_main,
            {"connection_id": DECIMAL_ID, "from": NUMBER, "to": "1 312 555 0199", "media_url": WEBHOOK},
            "to must be an E.164 number such as +13125550100, or a SIP URI, got '1 312 555 0199': give it with + "
            "in front, '+13125550199'",
        ),
        (
            profile_main,
            dict(name="fax-outbound", call_recording=dict(call_recording_caller_phone_numbers=["13125550100"])),
            "call_recording.call_recording_caller_phone_numbers[0] must be an E.164 number such as +13125550100, "
            "got '13125550100': give it with +",
        ),
    ],
)
def test_a_number_without_its_plus_is_refused_with_the_e164_form(simulator, run_module, main, args, problem):
    refused_before_any_request(simulator, run_module(main, args), problem)


def test_bulk_phone_numbers_written_with_separators_are_assigned(simulator, run_module):
    simulator.seed_phone_numbers([NUMBER])
    result = run_module(bulk_main, dict(applications=[app_args(phone_numbers=["+1 (312) 555-0100"])]))
    assert not result.get("failed"), result.get("msg")
    assert [entry["phone_number"] for entry in result["phone_numbers"]] == [NUMBER]
    assert simulator.phone_numbers()[0]["connection_id"] == simulator.applications()[0]["id"]


def test_one_number_written_two_ways_under_two_applications_is_refused(simulator, run_module):
    simulator.seed_phone_numbers([NUMBER])
    applications = [
        app_args(phone_numbers=[NUMBER]),
        app_args(application_name="sales-fax", phone_numbers=["+1 312 555 0100"]),
    ]
    result = run_module(bulk_main, dict(applications=applications))
    assert result.get("failed") and "phone number +13125550100 is listed under" in result["msg"], result
    assert [call for call in simulator.calls() if not call.startswith("GET ")] == []


def test_fax_numbers_written_with_separators_are_sent_as_e164(simulator, run_module):
    (profile_id,) = simulator.seed_profiles(1, "voice")
    (application_id,) = simulator.seed(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
    simulator.seed_phone_numbers([NUMBER], connection_id=application_id)
    args = {
        "connection_id": application_id,
        "from": "+1 (312) 555-0100",
        "to": "+1.312.555.0199",
        "media_url": "https://www.example.com/fax-test.pdf",
    }
    result = run_module(fax_main, args)
    assert not result.get("failed"), result.get("msg")
    assert result["warnings"] == []  # from is found as the account's number
    assert (result["fax"]["from"], result["fax"]["to"]) == (NUMBER, "+13125550199")
    found = run_module(fax_info_main, {"from": "+1 312 555 0100", "to": "+1 (312) 555-0199"})
    assert [fax["id"] for fax in found["faxes"]] == [result["fax"]["id"]]


# --- an id given as a name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "main, args, message",
    [
        (
            number_main,
            dict(phone_number=NUMBER, connection_name=DECIMAL_ID),
            "No fax application is named '%s'; it looks like an id: give it as connection_id instead." % DECIMAL_ID,
        ),
        (
            application_main,
            app_args(outbound=dict(outbound_voice_profile_name=DECIMAL_ID)),
            "No outbound voice profile is named '%s'; it looks like an id: give it as outbound_voice_profile_id "
            "instead." % DECIMAL_ID,
        ),
        (
            bulk_main,
            dict(applications=[app_args(outbound=dict(outbound_voice_profile_name=DECIMAL_ID))]),
            "it looks like an id: give it as outbound_voice_profile_id instead",
        ),
    ],
)
def test_an_id_given_as_a_name_gets_the_looks_like_an_id_hint(simulator, run_module, main, args, message):
    simulator.seed_phone_numbers([NUMBER])
    result = run_module(main, args)
    assert result.get("failed") and message in result["msg"], result
    assert ".." not in result["msg"]
    assert [call for call in simulator.calls() if not call.startswith("GET ")] == []


def test_check_mode_warns_with_the_hint(simulator, run_module):
    simulator.seed_phone_numbers([NUMBER])
    result = run_module(number_main, dict(phone_number=NUMBER, connection_name=DECIMAL_ID), check_mode=True)
    assert not result.get("failed"), result.get("msg")
    assert result["warnings"] == [
        "No fax application is named '%s' yet; it looks like an id: give it as connection_id instead. Check mode "
        "assumes an earlier task creates it; a real run fails unless one exists by then." % DECIMAL_ID
    ]


def test_a_name_shaped_like_an_id_is_still_looked_up_as_a_name(simulator, run_module):
    """The hint is a hint: an application may be named with digits, and is then found by them."""
    simulator.seed_phone_numbers([NUMBER])
    args = dict(phone_number=NUMBER, connection_name=DECIMAL_ID)
    assert "it looks like an id" in run_module(number_main, args)["msg"]
    created = run_module(application_main, dict(application_name=DECIMAL_ID, webhook_event_url=WEBHOOK))
    result = run_module(number_main, args)
    assert not result.get("failed"), result.get("msg")
    assert simulator.phone_numbers()[0]["connection_id"] == created["fax_application"]["id"]


# --- options that do nothing as given ----------------------------------------------------------

UNASSIGN_WARNING = (
    "unassign_phone_numbers does nothing unless state=absent: it unassigns an application's phone numbers as "
    "part of deleting the application"
)


def test_unassign_phone_numbers_with_state_present_is_warned_about(simulator, run_module):
    result = run_module(application_main, app_args(unassign_phone_numbers=True))
    assert not result.get("failed"), result.get("msg")
    assert result["warnings"] == [UNASSIGN_WARNING]
    deleted = run_module(application_main, app_args(state="absent", unassign_phone_numbers=True))
    assert deleted["changed"] is True and deleted["warnings"] == []


def test_unassign_phone_numbers_on_a_present_bulk_item_is_warned_about(simulator, run_module):
    result = run_module(bulk_main, dict(applications=[app_args(unassign_phone_numbers=True)]), check_mode=True)
    assert not result.get("failed"), result.get("msg")
    assert result["warnings"] == ["applications[0] (billing-fax): %s" % UNASSIGN_WARNING]


@pytest.mark.parametrize("monochrome", [None, False])
def test_black_threshold_without_monochrome_is_warned_about(simulator, run_module, monochrome):
    (profile_id,) = simulator.seed_profiles(1, "voice")
    (application_id,) = simulator.seed(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
    simulator.seed_phone_numbers([NUMBER], connection_id=application_id)
    args = {
        "connection_id": application_id,
        "from": NUMBER,
        "to": "+13125550199",
        "media_url": "https://www.example.com/fax-test.pdf",
        "black_threshold": 80,
    }
    if monochrome is not None:
        args["monochrome"] = monochrome
    result = run_module(fax_main, args, check_mode=True)
    assert not result.get("failed"), result.get("msg")
    assert result["warnings"] == [
        "black_threshold does nothing unless monochrome=true: Telnyx applies it only to monochrome faxes"
    ]
    args["monochrome"] = True
    assert run_module(fax_main, args, check_mode=True)["warnings"] == []
