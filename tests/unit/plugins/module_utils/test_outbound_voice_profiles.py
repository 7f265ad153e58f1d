# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outbound voice profiles as a declaration: spellings, rules, update bodies and predictions, without HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _plans as plans
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FIELDS as APPLICATION_FIELDS
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import (
    FIELDS,
    OUTBOUND_VOICE_PROFILES,
    amount,
    time_of_day,
)
from ansible_collections.telnyx.fax.plugins.module_utils._runners import state_argument_spec

PROFILE_ID = "1293384261075731499"
WINDOW = FIELDS["calling_window"]
START = WINDOW.suboptions["start_time"]
LIMIT = FIELDS["daily_spend_limit"]
# What Telnyx (and the simulator) answer for a profile created with a name only.
BLANK_ANSWER = {
    "id": PROFILE_ID,
    "record_type": "outbound_voice_profile",
    "name": "fax-outbound",
    "connections_count": 0,
    "enabled": True,
    "tags": [],
    "service_plan": "global",
    "traffic_type": "conversational",
    "usage_payment_method": "rate-deck",
    "whitelisted_destinations": ["US", "CA"],
    "concurrent_call_limit": None,
    "daily_spend_limit_enabled": False,
    "call_recording": {
        "call_recording_type": "none",
        "call_recording_caller_phone_numbers": [],
        "call_recording_channels": "single",
        "call_recording_format": "wav",
    },
    "billing_group_id": None,
    "created_at": "2026-01-01T00:00:00.000Z",
    "updated_at": "2026-01-01T00:00:00.000Z",
}
SERVER_SET = {"id", "record_type", "connections_count", "created_at", "updated_at"}


def existing(**overrides):
    profile = dict(BLANK_ANSWER, call_recording=dict(BLANK_ANSWER["call_recording"]))
    profile.update(overrides)
    return profile


def plan_present(wanted, current):
    return plans.plan_present(OUTBOUND_VOICE_PROFILES, wanted, current)


class TestTimeOfDay:
    @pytest.mark.parametrize("spelling", ["08:00", "08:00:00", "08:00:00Z", "08:00:00.00Z", "08:00Z", "08:00:00.000"])
    def test_every_spelling_of_eight_oclock_is_one_time(self, spelling):
        assert time_of_day(spelling) == "08:00:00"
        assert START.comparable(spelling) == START.comparable("08:00:00Z")

    @pytest.mark.parametrize("other", ["08:01", "08:00:01Z", "20:00:00Z", "18:00"])
    def test_another_minute_or_second_is_another_time(self, other):
        assert START.comparable(other) != START.comparable("08:00:00Z")

    def test_a_window_compares_its_times_by_what_they_mean(self):
        current = {"start_time": "08:00:00Z", "end_time": "18:00:00.00Z", "calls_per_cld": 5}
        assert model.equal(WINDOW, {"start_time": "08:00:00.00Z", "end_time": "18:00:00Z"}, current)
        assert not model.equal(WINDOW, {"end_time": "18:01:00Z"}, current)
        # Only the sub-keys given are compared: a window Telnyx has not reported yet differs.
        assert model.equal(WINDOW, {"calls_per_cld": 5}, current)
        assert not model.equal(WINDOW, {"start_time": "08:00:00Z"}, None)


class TestAmounts:
    @pytest.mark.parametrize("spelling", ["100", "100.0", "100.00", "100.000", "0100.00"])
    def test_trailing_zeros_do_not_change_an_amount(self, spelling):
        assert LIMIT.comparable(spelling) == LIMIT.comparable("100.00")
        assert model.differences(FIELDS, {"daily_spend_limit": spelling}, existing(daily_spend_limit="100.00")) == []

    @pytest.mark.parametrize("other", ["100.01", "10", "1000", "100.001", "99.999"])
    def test_any_other_amount_is_a_change(self, other):
        # 100.001 is not 100.00: an amount is compared as written, never rounded to cents, or a
        # change of the limit would go unseen (and unsent).
        assert LIMIT.comparable(other) != LIMIT.comparable("100.00")
        assert model.differences(FIELDS, {"daily_spend_limit": other}, existing(daily_spend_limit="100.00")) == [
            "daily_spend_limit"
        ]

    def test_a_limit_telnyx_has_not_reported_is_a_change(self):
        assert model.differences(FIELDS, {"daily_spend_limit": "0"}, existing()) == ["daily_spend_limit"]

    def test_what_is_not_an_amount_compares_as_written_and_a_large_one_by_value(self):
        assert amount("abc") == "abc"
        assert amount("1" * 40) == amount("1" * 40 + ".00") != amount("1" * 40 + ".01")


class TestValidation:
    @pytest.mark.parametrize(
        "wanted, problem",
        [
            ({"name": "ab"}, "name must be at least 3 characters long, got 'ab'"),
            ({"name": "   "}, "name must not be empty"),
            (
                {"whitelisted_destinations": ["US", "gb"]},
                "whitelisted_destinations[1] must be an ISO 3166 alpha-2 country code in capitals, such as US, "
                "got 'gb'",
            ),
            ({"whitelisted_destinations": ["USA"]}, "whitelisted_destinations[0] must be an ISO 3166 alpha-2"),
            ({"whitelisted_destinations": ["US", ""]}, "whitelisted_destinations[1] must not be empty"),
            (
                {"daily_spend_limit": "1e3"},
                "daily_spend_limit must be an amount in USD with at most two decimals, such as 100.00, got '1e3'",
            ),
            (
                {"daily_spend_limit": "100,00"},
                "daily_spend_limit must be an amount in USD with at most two decimals, such as 100.00",
            ),
            (
                {"daily_spend_limit": "-5"},
                "daily_spend_limit must be an amount in USD with at most two decimals, such as 100.00, got '-5'",
            ),
            ({"daily_spend_limit": "$50"}, "daily_spend_limit must be an amount in USD"),
            ({"concurrent_call_limit": -1}, "concurrent_call_limit must be 0 or more, got -1"),
            ({"max_destination_rate": -0.5}, "max_destination_rate must be 0 or more, got -0.5"),
            ({"max_destination_rate": True}, "max_destination_rate must be a number, not a boolean"),
            ({"calling_window": {"calls_per_cld": -2}}, "calling_window.calls_per_cld must be 0 or more, got -2"),
            ({"calling_window": {"start_time": "8:00"}}, "calling_window.start_time must be a UTC time of day"),
            ({"calling_window": {"end_time": "24:00:00Z"}}, "calling_window.end_time must be a UTC time of day"),
            ({"calling_window": {"end_time": "18:00:00+01:00"}}, "calling_window.end_time must be a UTC time"),
            # Telnyx's schema (format: time) wants seconds and Z; its description's HH:MM would
            # pass check mode and then be refused by Telnyx, so it is refused here first.
            (
                {"calling_window": {"start_time": "08:00"}},
                "calling_window.start_time must be a UTC time of day as HH:MM:SSZ, such as 08:00:00Z, got '08:00'",
            ),
            ({"calling_window": {"start_time": "08:00:00"}}, "calling_window.start_time must be a UTC time of day"),
            ({"calling_window": {"start_time": "08:00Z"}}, "calling_window.start_time must be a UTC time of day"),
            ({"tags": ["fax", ""]}, "tags[1] must not be empty"),
            (
                {"call_recording": {"call_recording_caller_phone_numbers": ["+13125550100", "3125550101"]}},
                "call_recording.call_recording_caller_phone_numbers[1] must be an E.164 number such as "
                "+13125550100, got '3125550101'",
            ),
            ({"billing_group_id": "group-1"}, "billing_group_id must be a billing group id (a UUID), got 'group-1'"),
        ],
    )
    def test_what_telnyx_would_refuse_is_named_before_any_request(self, wanted, problem):
        problems = model.validate(FIELDS, wanted)
        assert len(problems) == 1, problems
        assert problem in problems[0]

    def test_valid_values_and_clearing_nulls_pass(self):
        wanted = {
            "name": "fax",
            "whitelisted_destinations": [],
            "daily_spend_limit": "0",
            "concurrent_call_limit": None,
            "billing_group_id": None,
            "max_destination_rate": 0,
            "calling_window": {"start_time": "00:00:00Z", "end_time": "23:59:59.999Z", "calls_per_cld": 0},
            "call_recording": {"call_recording_caller_phone_numbers": ["+13125550100"]},
            "tags": [],
        }
        assert model.validate(FIELDS, wanted) == []

    def test_a_value_outside_the_choices_names_the_choices(self):
        raw = {
            "name": "fax",
            "service_plan": "international",
            "traffic_type": "short_duration",
            "call_recording": {"call_recording_type": "some", "call_recording_format": "wav"},
        }
        assert model.relax_raw(raw, FIELDS) == [
            'service_plan must be one of "global"; got "international"',
            'traffic_type must be one of "conversational"; got "short_duration"',
            'call_recording.call_recording_type must be one of "all", "none", "by_caller_phone_number"; got "some"',
        ]

    def test_an_application_names_its_profile_by_id_or_by_name_not_both(self):
        wanted = {"outbound": {"outbound_voice_profile_id": PROFILE_ID, "outbound_voice_profile_name": "fax-out"}}
        assert model.validate(APPLICATION_FIELDS, wanted) == [
            "give outbound.outbound_voice_profile_id or outbound.outbound_voice_profile_name, not both"
        ]

    def test_a_name_given_as_the_profile_id_is_refused_with_a_hint(self):
        problems = model.validate(APPLICATION_FIELDS, {"outbound": {"outbound_voice_profile_id": "fax-outbound"}})
        assert len(problems) == 1
        assert "outbound.outbound_voice_profile_id: 'fax-outbound' is not a" in problems[0]
        # Beside an id option, the hint names the option that takes the name.
        assert "give it as outbound_voice_profile_name instead" in problems[0]
        assert "give it as name instead" in OUTBOUND_VOICE_PROFILES.id_problem("fax-outbound")
        assert OUTBOUND_VOICE_PROFILES.id_problem(PROFILE_ID) is None

    def test_a_placeholder_profile_id_passes_only_in_check_mode(self):
        placeholder = OUTBOUND_VOICE_PROFILES.placeholder("fax-outbound")
        assert placeholder == "(known after create: outbound voice profile fax-outbound)"
        wanted = {"outbound": {"outbound_voice_profile_id": placeholder}}
        assert model.validate(APPLICATION_FIELDS, wanted, check_mode=True) == []
        (problem,) = model.validate(APPLICATION_FIELDS, wanted, check_mode=False)
        assert "placeholder check mode gives" in problem and "a real run needs the real id" in problem


class TestComparison:
    def test_tags_and_destinations_compare_as_sets(self):
        current = existing(tags=["prod", "fax"], whitelisted_destinations=["US", "CA", "GB"])
        same = {"tags": ["fax", "prod", "fax"], "whitelisted_destinations": ["GB", "US", "CA", "US"]}
        assert model.differences(FIELDS, same, current) == []
        assert model.differences(FIELDS, {"tags": ["fax"], "whitelisted_destinations": ["US", "CA"]}, current) == [
            "tags",
            "whitelisted_destinations",
        ]

    def test_nested_objects_compare_only_the_sub_keys_given(self):
        current = existing(calling_window={"start_time": "08:00:00Z", "end_time": "18:00:00Z"})
        assert model.differences(FIELDS, {"call_recording": {"call_recording_format": "wav"}}, current) == []
        assert model.differences(FIELDS, {"calling_window": {"start_time": "08:00:00.00Z"}}, current) == []
        assert model.differences(FIELDS, {"calling_window": {"calls_per_cld": 3}}, current) == ["calling_window"]

    def test_fields_telnyx_leaves_out_until_set_differ_from_any_value(self):
        assert model.differences(FIELDS, {"max_destination_rate": 0}, existing()) == ["max_destination_rate"]
        assert model.differences(FIELDS, {"max_destination_rate": 0.5}, existing(max_destination_rate=0.5)) == []


class TestUpdatePayload:
    def test_name_is_sent_on_every_update_with_only_what_changed(self):
        plan = plan_present({"name": "fax-outbound", "enabled": False, "tags": []}, existing())
        assert plan.action == "update"
        assert plan.payload == {"name": "fax-outbound", "enabled": False}
        plan = plan_present({"concurrent_call_limit": 10}, existing())
        assert plan.payload == {"name": "fax-outbound", "concurrent_call_limit": 10}

    def test_a_rename_sends_the_new_name(self):
        plan = plan_present({"name": "fax-outbound-eu"}, existing())
        assert plan.payload == {"name": "fax-outbound-eu"}
        assert plan.diff == {"before": {"name": "fax-outbound"}, "after": {"name": "fax-outbound-eu"}}

    def test_call_recording_goes_whole_with_the_current_sub_keys(self):
        current = existing()
        current["call_recording"]["call_recording_type"] = "all"
        plan = plan_present({"call_recording": {"call_recording_format": "mp3"}}, current)
        assert plan.payload == {
            "name": "fax-outbound",
            "call_recording": {
                "call_recording_type": "all",
                "call_recording_caller_phone_numbers": [],
                "call_recording_channels": "single",
                "call_recording_format": "mp3",
            },
        }
        assert plan.diff == {
            "before": {"call_recording": {"call_recording_format": "wav"}},
            "after": {"call_recording": {"call_recording_format": "mp3"}},
        }

    def test_calling_window_goes_whole_with_the_current_sub_keys(self):
        current = existing(calling_window={"start_time": "08:00:00Z", "end_time": "18:00:00Z", "calls_per_cld": 5})
        plan = plan_present({"calling_window": {"end_time": "17:30:00Z"}}, current)
        assert plan.payload == {
            "name": "fax-outbound",
            "calling_window": {"start_time": "08:00:00Z", "end_time": "17:30:00Z", "calls_per_cld": 5},
        }
        assert plan.predicted["calling_window"] == plan.payload["calling_window"]

    def test_no_null_is_sent_for_a_key_telnyx_did_not_report(self):
        # No window yet: only the sub-key given goes, no end_time: null or calls_per_cld: null,
        # which Telnyx would refuse (calls_per_cld is not nullable) or store as a value.
        plan = plan_present({"calling_window": {"start_time": "08:00:00Z"}}, existing())
        assert plan.payload == {"name": "fax-outbound", "calling_window": {"start_time": "08:00:00Z"}}
        assert plan.predicted["calling_window"] == {"start_time": "08:00:00Z"}
        for name in ("daily_spend_limit", "max_destination_rate"):
            assert name not in plan.payload and name not in plan.predicted
        assert plan.diff == {
            "before": {"calling_window": {"start_time": None}},
            "after": {"calling_window": {"start_time": "08:00:00Z"}},
        }

    def test_a_sub_key_the_collection_does_not_know_is_not_sent_back(self):
        current = existing()
        current["call_recording"]["call_recording_retention_days"] = 30
        plan = plan_present({"call_recording": {"call_recording_channels": "dual"}}, current)
        assert set(plan.payload["call_recording"]) == set(FIELDS["call_recording"].suboptions)

    def test_an_equal_spelling_is_no_update_and_keeps_telnyxs_spelling(self):
        current = existing(daily_spend_limit="100.00", calling_window={"start_time": "08:00:00Z"})
        assert plan_present(
            {"daily_spend_limit": "100", "calling_window": {"start_time": "08:00"}}, current
        ).action == ("none")
        plan = plan_present({"daily_spend_limit": "100", "enabled": False}, current)
        assert plan.payload == {"name": "fax-outbound", "enabled": False}
        assert plan.predicted["daily_spend_limit"] == "100.00"


class TestCreatedObjectPrediction:
    def test_a_profile_created_with_a_name_is_predicted_as_telnyx_answers_it(self):
        plan = plan_present({"name": "fax-outbound"}, None)
        assert plan.action == "create"
        assert plan.payload == {"name": "fax-outbound"}
        expected = dict((key, value) for key, value in BLANK_ANSWER.items() if key not in SERVER_SET)
        assert dict((key, value) for key, value in plan.predicted.items() if key != "id") == expected
        assert plan.predicted["id"] == "(known after create: outbound voice profile fax-outbound)"

    def test_fields_telnyx_leaves_out_until_set_are_absent(self):
        predicted = plan_present({"name": "fax-outbound"}, None).predicted
        for name in ("daily_spend_limit", "max_destination_rate", "calling_window"):
            assert name not in predicted

    def test_what_the_task_gives_is_laid_over_the_defaults(self):
        wanted = {
            "name": "fax-outbound",
            "daily_spend_limit": "50",
            "whitelisted_destinations": ["US", "GB"],
            "call_recording": {"call_recording_type": "all"},
            "calling_window": {"end_time": "18:00:00Z"},
        }
        plan = plan_present(wanted, None)
        assert plan.payload == wanted
        assert plan.predicted["daily_spend_limit"] == "50"
        assert plan.predicted["whitelisted_destinations"] == ["US", "GB"]
        assert plan.predicted["call_recording"] == dict(BLANK_ANSWER["call_recording"], call_recording_type="all")
        assert plan.predicted["calling_window"] == {"end_time": "18:00:00Z"}
        assert "max_destination_rate" not in plan.predicted
        assert plan.diff == {"before": {}, "after": wanted}

    def test_create_needs_a_name(self):
        with pytest.raises(model.PlanError, match="needs name; the task does not give name"):
            plan_present({"enabled": True}, None)


def test_the_options_are_the_api_field_names():
    spec = state_argument_spec(OUTBOUND_VOICE_PROFILES)
    assert set(spec) == set(FIELDS) | {"id", "state"}
    assert set(spec["calling_window"]["options"]) == {"start_time", "end_time", "calls_per_cld"}
    assert spec["call_recording"]["options"]["call_recording_type"]["choices"] == [
        "all",
        "none",
        "by_caller_phone_number",
    ]
