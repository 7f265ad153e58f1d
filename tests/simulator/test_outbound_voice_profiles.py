"""Outbound voice profiles: create, retrieve, update, delete, and their link to fax applications."""

import itertools
import json
import re

import pytest
from api_client import APPS, MINIMAL_APP, PROFILES, TIMESTAMP, assert_errors

UUID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
DEFAULT_CALL_RECORDING = {
    "call_recording_type": "none",
    "call_recording_caller_phone_numbers": [],
    "call_recording_channels": "single",
    "call_recording_format": "wav",
}
FULL_PROFILE = {
    "name": "office",
    "enabled": False,
    "tags": ["office-profile"],
    "service_plan": "global",
    "traffic_type": "conversational",
    "usage_payment_method": "rate-deck",
    "whitelisted_destinations": ["US", "BR", "AU"],
    "concurrent_call_limit": 10,
    "max_destination_rate": 10.5,
    "daily_spend_limit": "100.00",
    "daily_spend_limit_enabled": True,
    "call_recording": {
        "call_recording_type": "by_caller_phone_number",
        "call_recording_caller_phone_numbers": ["+19705555098"],
        "call_recording_channels": "dual",
        "call_recording_format": "mp3",
    },
    "calling_window": {"start_time": "08:00:00.00Z", "end_time": "18:30:00Z", "calls_per_cld": 5},
    "billing_group_id": UUID,
}


def create(api, **fields):
    response = api.request("POST", PROFILES, {"name": "office", **fields})
    assert response.status == 200, response
    return response.data


def update(api, profile_id, **fields):
    return api.request("PATCH", f"{PROFILES}/{profile_id}", {"name": "office", **fields})


def get(api, profile_id):
    return api.request("GET", f"{PROFILES}/{profile_id}")


def delete(api, profile_id):
    return api.request("DELETE", f"{PROFILES}/{profile_id}")


def count(api):
    return api.request("GET", PROFILES).json["meta"]["total_results"]


# --- create and retrieve --------------------------------------------------------------------


def test_create_answers_200_with_the_server_fields_and_defaults(api):
    response = api.request("POST", PROFILES, {"name": "office"})
    assert response.status == 200  # not 201, unlike fax applications
    profile = response.data
    assert re.fullmatch(r"[1-9][0-9]{18}", profile["id"])
    assert TIMESTAMP.fullmatch(profile["created_at"]) and profile["updated_at"] == profile["created_at"]
    assert {key: value for key, value in profile.items() if key not in ("id", "created_at", "updated_at")} == {
        "record_type": "outbound_voice_profile",
        "name": "office",
        "connections_count": 0,
        "enabled": True,
        "tags": [],
        "service_plan": "global",
        "traffic_type": "conversational",
        "usage_payment_method": "rate-deck",
        "whitelisted_destinations": ["US", "CA"],
        "concurrent_call_limit": None,
        "daily_spend_limit_enabled": False,
        "call_recording": DEFAULT_CALL_RECORDING,
        "billing_group_id": None,
    }
    assert get(api, profile["id"]).data == profile


def test_create_keeps_every_field_it_is_given(api):
    profile = create(api, **FULL_PROFILE)
    assert {key: profile[key] for key in FULL_PROFILE} == FULL_PROFILE
    assert get(api, profile["id"]).data == profile


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"name": "abc"}, {"name": "abc"}),
        ({"concurrent_call_limit": 0}, {"concurrent_call_limit": 0}),
        ({"concurrent_call_limit": None}, {"concurrent_call_limit": None}),
        ({"max_destination_rate": 0}, {"max_destination_rate": 0}),
        ({"max_destination_rate": 0.25}, {"max_destination_rate": 0.25}),
        ({"daily_spend_limit": "0"}, {"daily_spend_limit": "0"}),
        ({"daily_spend_limit": "12.5"}, {"daily_spend_limit": "12.5"}),
        ({"whitelisted_destinations": []}, {"whitelisted_destinations": []}),
        ({"billing_group_id": None}, {"billing_group_id": None}),
        # Accepted in any case, answered in lower case as a uuid column answers.
        ({"billing_group_id": UUID.upper()}, {"billing_group_id": UUID}),
        ({"call_recording": {}}, {"call_recording": DEFAULT_CALL_RECORDING}),
        (
            {"call_recording": {"call_recording_type": "all"}},
            {"call_recording": {**DEFAULT_CALL_RECORDING, "call_recording_type": "all"}},
        ),
        ({"calling_window": {"start_time": "00:00:00Z"}}, {"calling_window": {"start_time": "00:00:00Z"}}),
        ({"calling_window": {"end_time": "23:59:59.999Z"}}, {"calling_window": {"end_time": "23:59:59.999Z"}}),
        ({"calling_window": {"calls_per_cld": 0}}, {"calling_window": {"calls_per_cld": 0}}),
    ],
)
def test_edge_values_are_accepted(api, fields, expected):
    profile = create(api, **fields)
    assert {key: profile[key] for key in expected} == expected


def test_an_empty_calling_window_sets_none(api):
    assert "calling_window" not in create(api, calling_window={})


def test_create_without_a_name_is_422(api):
    assert_errors(api.request("POST", PROFILES, {}), 422, pointers=["/name"])
    assert_errors(api.request("POST", PROFILES, {"enabled": True}), 422, pointers=["/name"])
    assert count(api) == 0


# (extra fields, the pointer of the one error they cause), for both create and update.
INVALID_FIELDS = [
    ({"name": "ab"}, "/name"),
    ({"name": ""}, "/name"),
    ({"name": "   "}, "/name"),
    ({"name": 123}, "/name"),
    ({"name": None}, "/name"),
    ({"enabled": "true"}, "/enabled"),
    ({"enabled": None}, "/enabled"),
    ({"tags": "office"}, "/tags"),
    ({"tags": [1]}, "/tags"),
    ({"tags": None}, "/tags"),
    # Each enum has one current value; the older ones are refused.
    ({"service_plan": "us"}, "/service_plan"),
    ({"service_plan": "international"}, "/service_plan"),
    ({"service_plan": None}, "/service_plan"),
    ({"traffic_type": "short_duration"}, "/traffic_type"),
    ({"usage_payment_method": "tariff"}, "/usage_payment_method"),
    ({"whitelisted_destinations": "US"}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": ["us"]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": ["USA"]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": ["U"]}, "/whitelisted_destinations"),
    # Two capitals are not enough: only assigned codes are countries (AN was retired in 2011).
    ({"whitelisted_destinations": ["US", "XX"]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": ["AN"]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": [1]}, "/whitelisted_destinations"),
    ({"whitelisted_destinations": None}, "/whitelisted_destinations"),
    ({"concurrent_call_limit": -1}, "/concurrent_call_limit"),
    ({"concurrent_call_limit": 1.5}, "/concurrent_call_limit"),
    ({"concurrent_call_limit": True}, "/concurrent_call_limit"),
    ({"concurrent_call_limit": "5"}, "/concurrent_call_limit"),
    ({"max_destination_rate": "10"}, "/max_destination_rate"),
    ({"max_destination_rate": -0.5}, "/max_destination_rate"),
    ({"max_destination_rate": True}, "/max_destination_rate"),
    ({"max_destination_rate": None}, "/max_destination_rate"),
    ({"daily_spend_limit": 100}, "/daily_spend_limit"),
    ({"daily_spend_limit": "100."}, "/daily_spend_limit"),
    ({"daily_spend_limit": "-1"}, "/daily_spend_limit"),
    ({"daily_spend_limit": "1e3"}, "/daily_spend_limit"),
    ({"daily_spend_limit": "100.005"}, "/daily_spend_limit"),
    ({"daily_spend_limit": "$100"}, "/daily_spend_limit"),
    ({"daily_spend_limit": ""}, "/daily_spend_limit"),
    ({"daily_spend_limit": None}, "/daily_spend_limit"),
    ({"daily_spend_limit_enabled": 1}, "/daily_spend_limit_enabled"),
    ({"billing_group_id": "not-a-uuid"}, "/billing_group_id"),
    ({"billing_group_id": "1293384261075731499"}, "/billing_group_id"),
    ({"billing_group_id": 5}, "/billing_group_id"),
    ({"call_recording": None}, "/call_recording"),
    ({"call_recording": "all"}, "/call_recording"),
    ({"call_recording": {"call_recording_type": "some"}}, "/call_recording/call_recording_type"),
    ({"call_recording": {"call_recording_type": None}}, "/call_recording/call_recording_type"),
    ({"call_recording": {"call_recording_channels": "stereo"}}, "/call_recording/call_recording_channels"),
    ({"call_recording": {"call_recording_format": "ogg"}}, "/call_recording/call_recording_format"),
    (
        {"call_recording": {"call_recording_caller_phone_numbers": ["13125550100"]}},
        "/call_recording/call_recording_caller_phone_numbers",
    ),
    (
        {"call_recording": {"call_recording_caller_phone_numbers": "+13125550100"}},
        "/call_recording/call_recording_caller_phone_numbers",
    ),
    ({"call_recording": {"colour": "red"}}, "/call_recording/colour"),
    ({"calling_window": None}, "/calling_window"),
    ({"calling_window": []}, "/calling_window"),
    # The request schema's format: time, in UTC: "HH:MM" and "HH:MM:SS" without Z are refused.
    ({"calling_window": {"start_time": "08:00"}}, "/calling_window/start_time"),
    ({"calling_window": {"start_time": "08:00:00"}}, "/calling_window/start_time"),
    ({"calling_window": {"start_time": "08:00:00+01:00"}}, "/calling_window/start_time"),
    ({"calling_window": {"start_time": "8:00:00Z"}}, "/calling_window/start_time"),
    ({"calling_window": {"end_time": "24:00:00Z"}}, "/calling_window/end_time"),
    ({"calling_window": {"end_time": "18:60:00Z"}}, "/calling_window/end_time"),
    ({"calling_window": {"end_time": None}}, "/calling_window/end_time"),
    ({"calling_window": {"calls_per_cld": None}}, "/calling_window/calls_per_cld"),
    ({"calling_window": {"calls_per_cld": -1}}, "/calling_window/calls_per_cld"),
    ({"calling_window": {"calls_per_cld": "5"}}, "/calling_window/calls_per_cld"),
    ({"calling_window": {"timezone": "UTC"}}, "/calling_window/timezone"),
    ({"id": "1293384261075731499"}, "/id"),
    ({"record_type": "outbound_voice_profile"}, "/record_type"),
    ({"connections_count": 0}, "/connections_count"),
    ({"created_at": "2018-02-02T22:25:27.521Z"}, "/created_at"),
    ({"updated_at": "2018-02-02T22:25:27.521Z"}, "/updated_at"),
    ({"colour": "red"}, "/colour"),
]


@pytest.mark.parametrize("fields, pointer", INVALID_FIELDS)
def test_create_rejects_an_invalid_field(api, fields, pointer):
    assert_errors(api.request("POST", PROFILES, {"name": "office", **fields}), 422, pointers=[pointer])
    assert count(api) == 0


@pytest.mark.parametrize("fields, pointer", INVALID_FIELDS)
def test_update_rejects_an_invalid_field_and_changes_nothing(api, fields, pointer):
    profile = create(api, **FULL_PROFILE)
    assert_errors(update(api, profile["id"], **fields), 422, pointers=[pointer])
    assert get(api, profile["id"]).data == profile


def test_several_problems_are_one_error_each(api):
    body = {"enabled": 1, "calling_window": {"start_time": "8", "x": 1}, "call_recording": 5, "id": "1"}
    pointers = ["/name", "/enabled", "/calling_window/start_time", "/calling_window/x", "/call_recording", "/id"]
    assert_errors(api.request("POST", PROFILES, body), 422, pointers=pointers)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_body_that_is_not_json_is_400(api, method):
    target = PROFILES if method == "POST" else f"{PROFILES}/{create(api)['id']}"
    assert_errors(api.request(method, target, body=b"{", headers={"Content-Type": "application/json"}), 400)
    body = json.dumps({"name": "office"}).encode()
    assert_errors(api.request(method, target, body=body, headers={"Content-Type": "text/plain"}), 400)


# --- update ---------------------------------------------------------------------------------


def test_update_needs_the_name(api):
    profile = create(api)
    response = api.request("PATCH", f"{PROFILES}/{profile['id']}", {"enabled": False})
    assert_errors(response, 422, pointers=["/name"])
    assert get(api, profile["id"]).data == profile


def test_update_replaces_the_fields_present_and_keeps_the_rest(api):
    profile = create(api, **FULL_PROFILE)
    response = update(api, profile["id"], name="renamed", enabled=True, whitelisted_destinations=["NL"])
    assert response.status == 200
    updated = response.data
    assert updated == {
        **profile,
        "name": "renamed",
        "enabled": True,
        "whitelisted_destinations": ["NL"],
        "updated_at": updated["updated_at"],
    }
    assert get(api, profile["id"]).data == updated


def test_update_replaces_nested_objects_whole(api):
    profile = create(api, **FULL_PROFILE)
    updated = update(
        api, profile["id"], call_recording={"call_recording_format": "wav"}, calling_window={"calls_per_cld": 2}
    ).data
    assert updated["call_recording"] == DEFAULT_CALL_RECORDING
    assert updated["calling_window"] == {"calls_per_cld": 2}
    assert "calling_window" not in update(api, profile["id"], calling_window={}).data


def test_update_without_nested_objects_keeps_them(api):
    profile = create(api, **FULL_PROFILE)
    updated = update(api, profile["id"], tags=[]).data
    assert (updated["call_recording"], updated["calling_window"], updated["tags"]) == (
        FULL_PROFILE["call_recording"],
        FULL_PROFILE["calling_window"],
        [],
    )


def test_updated_at_moves_forward_on_every_update(api):
    profile = create(api)
    stamps = [profile["updated_at"]]
    for number in range(10):
        updated = update(api, profile["id"], name=f"name-{number}").data
        assert updated["created_at"] == profile["created_at"]
        stamps.append(updated["updated_at"])
    assert all(earlier < later for earlier, later in itertools.pairwise(stamps)), stamps


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_profile_is_404_whatever_the_body(api, method):
    body = {"name": 5} if method == "PATCH" else None
    errors = assert_errors(api.request(method, f"{PROFILES}/1293384261075731499", body), 404)
    assert "Outbound voice profile 1293384261075731499" in errors[0]["detail"]


def test_a_fax_application_id_is_not_a_profile_id(api):
    app = api.request("POST", APPS, MINIMAL_APP).data
    assert_errors(get(api, app["id"]), 404)


# --- delete ---------------------------------------------------------------------------------


def test_delete_answers_200_with_the_deleted_profile(api):
    profile = create(api, **FULL_PROFILE)
    response = delete(api, profile["id"])
    assert response.status == 200
    assert response.data == profile
    assert_errors(get(api, profile["id"]), 404)
    assert_errors(delete(api, profile["id"]), 404)


# --- the link to fax applications -----------------------------------------------------------


def app_with(api, profile_id, name="fax-router"):
    body = {**MINIMAL_APP, "application_name": name, "outbound": {"outbound_voice_profile_id": profile_id}}
    return api.request("POST", APPS, body)


def test_an_application_must_name_an_existing_profile(api, sim):
    errors = assert_errors(app_with(api, "1293384261075731499"), 422, pointers=["/outbound/outbound_voice_profile_id"])
    assert "1293384261075731499" in errors[0]["detail"]
    app = api.create()
    response = api.update(app["id"], outbound={"outbound_voice_profile_id": "1293384261075731499"})
    assert_errors(response, 422, pointers=["/outbound/outbound_voice_profile_id"])
    assert api.get(app["id"]).data == app
    assert_errors(app_with(api, app["id"]), 422, pointers=["/outbound/outbound_voice_profile_id"])
    assert_errors(app_with(api, ""), 422, pointers=["/outbound/outbound_voice_profile_id"])
    assert [stored["id"] for stored in sim.applications()] == [app["id"]]  # nothing else was stored


def test_a_seed_naming_a_missing_profile_is_400_and_seeds_nothing(api, sim):
    body = {"count": 3, "name_prefix": "x", "outbound": {"outbound_voice_profile_id": "1293384261075731499"}}
    assert_errors(
        api.control("POST", "fax_applications/seed", body), 400, pointers=["/outbound/outbound_voice_profile_id"]
    )
    assert sim.applications() == []


def test_connections_count_counts_the_applications_that_use_the_profile(api, sim):
    first, second = (create(api, name=name) for name in ("first", "second"))
    apps = [app_with(api, first["id"], f"app-{number}").data for number in range(3)]
    sim.seed(4, "seeded", outbound={"outbound_voice_profile_id": first["id"]})
    assert get(api, first["id"]).data["connections_count"] == 7
    assert get(api, second["id"]).data["connections_count"] == 0
    api.update(apps[0]["id"], application_name="app-0", outbound={"outbound_voice_profile_id": second["id"]})
    api.update(apps[1]["id"], application_name="app-1", outbound={"channel_limit": 2})  # back to no profile
    api.request("DELETE", f"{APPS}/{apps[2]['id']}")
    counts = {profile["id"]: profile["connections_count"] for profile in api.request("GET", PROFILES).data}
    assert counts == {first["id"]: 4, second["id"]: 1}
    assert {profile["id"]: profile["connections_count"] for profile in sim.profiles()} == counts


def test_a_profile_in_use_is_not_deleted_and_the_error_names_the_applications(api):
    profile = create(api)
    apps = [app_with(api, profile["id"], f"app-{number}").data for number in range(2)]
    errors = assert_errors(delete(api, profile["id"]), 422, pointers=["/id"])
    detail = errors[0]["detail"]
    assert all(app["id"] in detail for app in apps) and "fax application" in detail
    assert get(api, profile["id"]).data["connections_count"] == 2
    api.update(apps[0]["id"], application_name="app-0", outbound={"outbound_voice_profile_id": None})
    errors = assert_errors(delete(api, profile["id"]), 422)
    assert apps[1]["id"] in errors[0]["detail"] and apps[0]["id"] not in errors[0]["detail"]
    api.request("DELETE", f"{APPS}/{apps[1]['id']}")
    assert delete(api, profile["id"]).data["connections_count"] == 0


def test_the_application_filter_finds_the_applications_of_a_real_profile(api):
    profile = create(api)
    used = app_with(api, profile["id"]).data
    api.create(application_name="other")
    listed = api.list(f"filter[outbound_voice_profile_id]={profile['id']}").data
    assert [app["id"] for app in listed] == [used["id"]]
