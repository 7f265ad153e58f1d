"""Phone numbers: retrieve, PATCH (assigning a number to a fax application), and seeding them."""

import itertools
import json

import pytest
from api_client import APPS, NUMBERS, PROFILES, TIMESTAMP, assert_errors

PUBLIC_FIELDS = {
    "id",
    "record_type",
    "phone_number",
    "status",
    "tags",
    "external_pin",
    "connection_id",
    "connection_name",
    "customer_reference",
    "messaging_profile_id",
    "messaging_profile_name",
    "messaging_campaign_id",
    "billing_group_id",
    "emergency_enabled",
    "emergency_address_id",
    "emergency_status",
    "call_forwarding_enabled",
    "cnam_listing_enabled",
    "caller_id_name_enabled",
    "call_recording_enabled",
    "t38_fax_gateway_enabled",
    "phone_number_type",
    "inbound_call_screening",
    "source_type",
    "purchased_at",
    "activated_at",
    "created_at",
    "updated_at",
    "hd_voice_enabled",
    "deletion_lock_enabled",
    "country_iso_alpha2",
}


def get(api, number_id):
    return api.request("GET", f"{NUMBERS}/{number_id}")


def patch(api, number_id, **fields):
    return api.request("PATCH", f"{NUMBERS}/{number_id}", fields)


@pytest.fixture
def number(sim, api):
    (number_id,) = sim.seed_phone_numbers(["+13125550100"])
    return get(api, number_id).data


# --- retrieve -------------------------------------------------------------------------------


def test_a_seeded_number_reads_as_the_sdk_expects(api, sim):
    (number_id,) = sim.seed_phone_numbers(["+13125550100"])
    response = get(api, number_id)
    assert response.status == 200
    number = response.data
    assert set(number) == PUBLIC_FIELDS
    assert number["id"] == number_id and len(number_id) == 19 and number_id.isdigit()
    assert TIMESTAMP.fullmatch(number["created_at"])
    assert number["purchased_at"] == number["activated_at"] == number["updated_at"] == number["created_at"]
    assert {key: number[key] for key in ("record_type", "phone_number", "status", "phone_number_type")} == {
        "record_type": "phone_number",
        "phone_number": "+13125550100",
        "status": "active",
        "phone_number_type": "local",
    }
    assert (number["country_iso_alpha2"], number["tags"], number["source_type"]) == ("US", [], "number_order")
    assert number["connection_id"] is number["connection_name"] is number["customer_reference"] is None
    assert number["external_pin"] is None and number["deletion_lock_enabled"] is False
    assert sim.phone_numbers() == [number]


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("+14165550100", {"country_iso_alpha2": "CA", "phone_number_type": "local"}),
        ("+18005550100", {"country_iso_alpha2": "US", "phone_number_type": "toll_free"}),
        ("+442071234567", {"country_iso_alpha2": "GB"}),
        ("+4930123456", {"country_iso_alpha2": "DE"}),
        ("+35312345678", {"country_iso_alpha2": "IE"}),
        ({"phone_number": "+99912345678", "country_iso_alpha2": "XX"}, {"country_iso_alpha2": "XX"}),
        ({"phone_number": "+13125550100", "status": "port-pending"}, {"status": "port-pending", "activated_at": None}),
        ({"phone_number": "+13125550100", "phone_number_type": "tollfree"}, {"phone_number_type": "tollfree"}),
        (
            {"phone_number": "+13125550100", "tags": ["a"], "customer_reference": "ref"},
            {"tags": ["a"], "customer_reference": "ref"},
        ),
        ({"phone_number": "+13125550100", "id": "1293384261075731499"}, {"id": "1293384261075731499"}),
    ],
)
def test_seeded_numbers_get_plausible_values(api, sim, entry, expected):
    (number_id,) = sim.seed_phone_numbers([entry])
    number = get(api, number_id).data
    assert {key: number[key] for key in expected} == expected


@pytest.mark.parametrize("number_id", ["1293384261075731499", "+13125550100", "13125550100"])
def test_an_unknown_number_is_404(api, sim, number_id):
    sim.seed_phone_numbers(["+13125550100"])  # the number itself is not its id
    errors = assert_errors(get(api, number_id), 404)
    assert "Phone number" in errors[0]["detail"]
    assert_errors(patch(api, number_id, tags=5), 404)  # whatever the body says


def test_an_application_id_is_not_a_number_id(api):
    app = api.create()
    assert_errors(get(api, app["id"]), 404)


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("POST", NUMBERS, "GET"),
        ("DELETE", NUMBERS, "GET"),
        ("DELETE", f"{NUMBERS}/1", "GET, PATCH"),
        ("PUT", f"{NUMBERS}/1", "GET, PATCH"),
    ],
)
def test_numbers_cannot_be_bought_or_deleted(api, method, path, allowed):
    response = api.request(method, path, {"phone_number": "+13125550100"})
    assert_errors(response, 405)
    assert response.headers["Allow"] == allowed


# --- PATCH ----------------------------------------------------------------------------------


def test_assigning_a_number_names_the_application(api, number):
    app = api.create(application_name="billing-fax")
    response = patch(api, number["id"], connection_id=app["id"])
    assert response.status == 200
    updated = response.data
    assert updated == {
        **number,
        "connection_id": app["id"],
        "connection_name": "billing-fax",
        "updated_at": updated["updated_at"],
    }
    assert updated["updated_at"] > number["updated_at"]
    assert get(api, number["id"]).data == updated


def test_connection_name_follows_the_application_name(api, number):
    app = api.create(application_name="before")
    patch(api, number["id"], connection_id=app["id"])
    api.update(app["id"], application_name="after")
    assert get(api, number["id"]).data["connection_name"] == "after"
    assert api.request("GET", NUMBERS).data[0]["connection_name"] == "after"


def test_an_empty_connection_id_unassigns_the_number(api, number):
    app = api.create()
    patch(api, number["id"], connection_id=app["id"])
    updated = patch(api, number["id"], connection_id="").data
    assert (updated["connection_id"], updated["connection_name"]) == (None, None)
    assert patch(api, number["id"], connection_id="").status == 200  # already unassigned: still fine
    assert api.request("DELETE", f"{APPS}/{app['id']}").status == 200


def test_a_null_connection_id_is_refused(api, number):
    app = api.create()
    patch(api, number["id"], connection_id=app["id"])
    errors = assert_errors(patch(api, number["id"], connection_id=None), 422, pointers=["/connection_id"])
    assert '""' in errors[0]["detail"]
    assert get(api, number["id"]).data["connection_id"] == app["id"]


def test_a_connection_id_must_name_an_application(api, sim, number):
    (profile_id,) = sim.seed_profiles(1, "voice")
    for missing in ("1293384261075731499", profile_id, number["id"], " "):
        errors = assert_errors(patch(api, number["id"], connection_id=missing), 422, pointers=["/connection_id"])
        assert "names no fax application" in errors[0]["detail"]
    assert get(api, number["id"]).data == number


def test_tags_are_replaced_whole_and_customer_reference_is_set(api, number):
    assert patch(api, number["id"], tags=["fax", "billing"]).data["tags"] == ["fax", "billing"]
    updated = patch(api, number["id"], tags=["support"], customer_reference="ref-1").data
    assert (updated["tags"], updated["customer_reference"]) == (["support"], "ref-1")
    assert patch(api, number["id"], tags=[]).data["tags"] == []
    kept = patch(api, number["id"]).data  # an empty body changes nothing but updated_at
    assert kept == {**updated, "tags": [], "updated_at": kept["updated_at"]}


INVALID_FIELDS = [
    ({"connection_id": 5}, "/connection_id"),
    ({"connection_id": None}, "/connection_id"),
    ({"tags": "fax"}, "/tags"),
    ({"tags": [1]}, "/tags"),
    ({"tags": None}, "/tags"),
    ({"customer_reference": 5}, "/customer_reference"),
    ({"customer_reference": None}, "/customer_reference"),
    ({"address_id": "1293384261075731499"}, "/address_id"),
    ({"billing_group_id": "6a09cdc3-8948-47f0-aa62-74ac943d6c58"}, "/billing_group_id"),
    ({"external_pin": "1234"}, "/external_pin"),
    ({"hd_voice_enabled": True}, "/hd_voice_enabled"),
    ({"id": "1293384261075731499"}, "/id"),
    ({"phone_number": "+13125550199"}, "/phone_number"),
    ({"status": "deleted"}, "/status"),
    ({"connection_name": "billing-fax"}, "/connection_name"),
    ({"record_type": "phone_number"}, "/record_type"),
    ({"deletion_lock_enabled": True}, "/deletion_lock_enabled"),
    ({"created_at": "2019-10-23T18:10:00.000Z"}, "/created_at"),
    ({"number_level_routing": "disabled"}, "/number_level_routing"),
    ({"colour": "red"}, "/colour"),
]


@pytest.mark.parametrize("fields, pointer", INVALID_FIELDS)
def test_patch_rejects_an_invalid_field_and_changes_nothing(api, number, fields, pointer):
    assert_errors(patch(api, number["id"], **fields), 422, pointers=[pointer])
    assert get(api, number["id"]).data == number


@pytest.mark.parametrize("name", ["address_id", "billing_group_id", "external_pin", "hd_voice_enabled"])
def test_real_fields_the_simulator_does_not_model_say_so(api, number, name):
    errors = assert_errors(patch(api, number["id"], **{name: "x"}), 422)
    assert "not supported by the simulator" in errors[0]["detail"]


def test_several_problems_are_one_error_each(api, number):
    response = patch(api, number["id"], connection_id=None, tags="x", status="active", colour="red")
    assert_errors(response, 422, pointers=["/connection_id", "/tags", "/status", "/colour"])


def test_a_body_that_is_not_json_is_400(api, number):
    target = f"{NUMBERS}/{number['id']}"
    assert_errors(api.request("PATCH", target, body=b"[]", headers={"Content-Type": "application/json"}), 400)
    body = json.dumps({"tags": []}).encode()
    assert_errors(api.request("PATCH", target, body=body, headers={"Content-Type": "text/plain"}), 400)


def test_updated_at_moves_forward_on_every_patch(api, number):
    stamps = [number["updated_at"]]
    for count in range(10):
        updated = patch(api, number["id"], tags=[f"tag-{count}"]).data
        assert updated["created_at"] == updated["purchased_at"] == number["created_at"]
        stamps.append(updated["updated_at"])
    assert all(earlier < later for earlier, later in itertools.pairwise(stamps)), stamps


# --- seeding --------------------------------------------------------------------------------


def test_seed_applies_common_settings_under_each_entry(api, sim):
    app = api.create(application_name="billing-fax")
    ids = sim.seed_phone_numbers(
        ["+13125550100", {"phone_number": "+13125550101", "tags": ["own"], "connection_id": None}],
        tags=["common"],
        connection_id=app["id"],
        status="active",
    )
    first, second = (get(api, number_id).data for number_id in ids)
    assert (first["tags"], first["connection_id"], first["connection_name"]) == (["common"], app["id"], "billing-fax")
    assert (second["tags"], second["connection_id"]) == (["own"], None)
    assert [number["id"] for number in sim.phone_numbers()] == ids
    assert first["created_at"] < second["created_at"]


@pytest.mark.parametrize(
    "body, pointers",
    [
        ({}, ["/phone_numbers"]),
        ({"phone_numbers": []}, ["/phone_numbers"]),
        ({"phone_numbers": "+13125550100"}, ["/phone_numbers"]),
        ({"phone_numbers": ["13125550100"]}, ["/phone_numbers/0/phone_number"]),
        ({"phone_numbers": ["+1312"]}, ["/phone_numbers/0/phone_number"]),
        ({"phone_numbers": [5]}, ["/phone_numbers/0"]),
        ({"phone_numbers": [{"number": "+13125550100"}]}, ["/phone_numbers/0/number", "/phone_numbers/0/phone_number"]),
        ({"phone_numbers": ["+13125550100", "+13125550100"]}, ["/phone_numbers/1/phone_number"]),
        ({"phone_numbers": ["+99912345678"]}, ["/phone_numbers/0/country_iso_alpha2"]),
        ({"phone_numbers": [{"phone_number": "+13125550100", "status": "sold"}]}, ["/phone_numbers/0/status"]),
        ({"phone_numbers": [{"phone_number": "+13125550100", "id": "12"}]}, ["/phone_numbers/0/id"]),
        ({"phone_numbers": ["+13125550100"], "status": "sold"}, ["/status"]),
        ({"phone_numbers": ["+13125550100"], "phone_number_type": "premium"}, ["/phone_number_type"]),
        ({"phone_numbers": ["+13125550100"], "tags": "fax"}, ["/tags"]),
        ({"phone_numbers": ["+13125550100"], "country_iso_alpha2": "usa"}, ["/country_iso_alpha2"]),
        (
            {"phone_numbers": ["+13125550100"], "connection_id": "1293384261075731499"},
            ["/phone_numbers/0/connection_id"],
        ),
        ({"phone_numbers": ["+13125550100"], "emergency_enabled": True}, ["/emergency_enabled"]),
    ],
)
def test_a_nonsense_seed_is_400_and_seeds_nothing(api, sim, body, pointers):
    assert_errors(api.control("POST", "phone_numbers/seed", body), 400, pointers=pointers)
    assert sim.phone_numbers() == []


def test_a_seed_cannot_reuse_a_number_or_an_id(api, sim):
    (number_id,) = sim.seed_phone_numbers(["+13125550100"])
    body = {"phone_numbers": ["+13125550101", "+13125550100"]}
    assert_errors(api.control("POST", "phone_numbers/seed", body), 400, pointers=["/phone_numbers/1/phone_number"])
    body = {"phone_numbers": [{"phone_number": "+13125550101", "id": number_id}]}
    assert_errors(api.control("POST", "phone_numbers/seed", body), 400, pointers=["/phone_numbers/0/id"])
    assert len(sim.phone_numbers()) == 1


def test_profiles_and_numbers_are_separate_resources(api, sim):
    (number_id,) = sim.seed_phone_numbers(["+13125550100"])
    assert_errors(api.request("GET", f"{PROFILES}/{number_id}"), 404)
