"""Fax applications: create, update, the write-only field, sip_subdomain, delete."""

import itertools
import json
import re

import pytest
from api_client import ANCHORSITES, APPS, MINIMAL_APP, PUBLIC_FIELDS, TIMESTAMP, assert_errors, page_ids

# --- create -------------------------------------------------------------------------------


def test_create_fills_in_server_fields_and_defaults(api):
    response = api.request("POST", APPS, MINIMAL_APP)
    assert response.status == 201
    assert response.headers["Content-Type"] == "application/json"
    app = response.data
    assert set(app) == PUBLIC_FIELDS
    assert re.fullmatch(r"[1-9][0-9]{18}", app["id"])
    assert TIMESTAMP.fullmatch(app["created_at"])
    assert app["updated_at"] == app["created_at"]
    assert {key: value for key, value in app.items() if key not in ("id", "created_at", "updated_at")} == {
        "record_type": "fax_application",
        "application_name": "fax-router",
        "webhook_event_url": "https://example.com/hooks",
        "active": True,
        "anchorsite_override": "Latency",
        "webhook_event_failover_url": "",
        "webhook_timeout_secs": None,
        "inbound": {"channel_limit": None, "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"},
        "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
        "tags": [],
    }
    assert api.get(app["id"]).data == app


@pytest.fixture
def full_app(sim):
    """Every field set, the outbound voice profile a real one."""
    (profile_id,) = sim.seed_profiles(1, "voice")
    return {**FULL_APP, "outbound": {"channel_limit": 0, "outbound_voice_profile_id": profile_id}}


FULL_APP = {
    "application_name": "fax-router",
    "webhook_event_url": "https://example.com/hooks",
    "active": False,
    "anchorsite_override": "Amsterdam, Netherlands",
    "webhook_event_failover_url": "http://failover.example.com/hooks",
    "webhook_timeout_secs": 25,
    "inbound": {
        "channel_limit": 10,
        "sip_subdomain": "example",
        "sip_subdomain_receive_settings": "only_my_connections",
    },
    "outbound": {"channel_limit": 0, "outbound_voice_profile_id": None},  # full_app names a real profile
    "tags": ["tag1", "tag2"],
}


def test_create_keeps_every_field_it_is_given(api, full_app):
    app = api.create(**full_app)
    assert {key: app[key] for key in full_app} == full_app


def test_create_without_the_required_fields_is_one_422_error_each(api):
    assert_errors(api.request("POST", APPS, {}), 422, pointers=["/application_name", "/webhook_event_url"])
    assert_errors(api.request("POST", APPS, {"application_name": "x"}), 422, pointers=["/webhook_event_url"])
    assert page_ids(api.list()) == []


@pytest.mark.parametrize("anchorsite", ANCHORSITES)
def test_every_anchorsite_is_accepted(api, anchorsite):
    assert api.create(anchorsite_override=anchorsite)["anchorsite_override"] == anchorsite


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"webhook_timeout_secs": 0}, {"webhook_timeout_secs": 0}),
        ({"webhook_timeout_secs": 30}, {"webhook_timeout_secs": 30}),
        ({"webhook_timeout_secs": None}, {"webhook_timeout_secs": None}),
        ({"webhook_event_failover_url": ""}, {"webhook_event_failover_url": ""}),
        ({"webhook_event_failover_url": None}, {"webhook_event_failover_url": ""}),
        (
            {"webhook_event_url": "HTTP://Example.com:8080/a?b=c"},
            {"webhook_event_url": "HTTP://Example.com:8080/a?b=c"},
        ),
        (
            {"inbound": {"channel_limit": 0}},
            {"inbound": {"channel_limit": 0, "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"}},
        ),
        (
            {"outbound": {"outbound_voice_profile_id": None}},
            {"outbound": {"channel_limit": None, "outbound_voice_profile_id": None}},
        ),
        (
            {"inbound": {}, "outbound": {}},
            {
                "inbound": {
                    "channel_limit": None,
                    "sip_subdomain": None,
                    "sip_subdomain_receive_settings": "from_anyone",
                },
                "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
            },
        ),
        ({"tags": []}, {"tags": []}),
        ({"active": True}, {"active": True}),
    ],
)
def test_edge_values_are_accepted(api, fields, expected):
    app = api.create(**fields)
    assert {key: app[key] for key in expected} == expected


# (extra fields, the pointer of the one error they cause), for both create and update.
INVALID_FIELDS = [
    ({"application_name": ""}, "/application_name"),
    ({"application_name": "   "}, "/application_name"),
    ({"application_name": 5}, "/application_name"),
    ({"application_name": None}, "/application_name"),
    ({"webhook_event_url": "example.com/hooks"}, "/webhook_event_url"),
    ({"webhook_event_url": "ftp://example.com/hooks"}, "/webhook_event_url"),
    ({"webhook_event_url": "https://"}, "/webhook_event_url"),
    ({"webhook_event_url": "https://exa mple.com"}, "/webhook_event_url"),
    ({"webhook_event_url": ""}, "/webhook_event_url"),
    ({"webhook_event_url": None}, "/webhook_event_url"),
    ({"webhook_event_url": 42}, "/webhook_event_url"),
    ({"webhook_event_failover_url": "failover.example.com"}, "/webhook_event_failover_url"),
    ({"webhook_event_failover_url": 1}, "/webhook_event_failover_url"),
    ({"webhook_timeout_secs": 31}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": -1}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": True}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": 2.5}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": "10"}, "/webhook_timeout_secs"),
    ({"active": "true"}, "/active"),
    ({"active": 1}, "/active"),
    ({"active": None}, "/active"),
    ({"anchorsite_override": "Mars"}, "/anchorsite_override"),
    ({"anchorsite_override": "latency"}, "/anchorsite_override"),
    ({"anchorsite_override": None}, "/anchorsite_override"),
    ({"tags": "tag1"}, "/tags"),
    ({"tags": ["ok", 1]}, "/tags"),
    ({"tags": [None]}, "/tags"),
    ({"tags": None}, "/tags"),
    ({"inbound": "fax"}, "/inbound"),
    ({"inbound": []}, "/inbound"),
    ({"inbound": None}, "/inbound"),
    ({"outbound": 5}, "/outbound"),
    ({"inbound": {"channel_limit": -1}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": True}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": "5"}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": 1.5}}, "/inbound/channel_limit"),
    ({"outbound": {"channel_limit": -3}}, "/outbound/channel_limit"),
    ({"outbound": {"channel_limit": False}}, "/outbound/channel_limit"),
    ({"inbound": {"sip_subdomain": 5}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": ""}}, "/inbound/sip_subdomain"),
    # One DNS label under sip.telnyx.com: no spaces, dots, symbols or edge hyphens.
    ({"inbound": {"sip_subdomain": "billing fax"}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": "billing_fax!"}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": "billing.fax"}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": "-billing"}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": "a" * 64}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain_receive_settings": "everyone"}}, "/inbound/sip_subdomain_receive_settings"),
    ({"inbound": {"sip_subdomain_receive_settings": None}}, "/inbound/sip_subdomain_receive_settings"),
    ({"outbound": {"outbound_voice_profile_id": 1293384261075731499}}, "/outbound/outbound_voice_profile_id"),
    ({"inbound": {"unknown": 1}}, "/inbound/unknown"),
    ({"outbound": {"sip_subdomain": "x"}}, "/outbound/sip_subdomain"),
    ({"connection_name": "old"}, "/connection_name"),
    ({"a/b~c": 1}, "/a~1b~0c"),
    ({"id": "1293384261075731499"}, "/id"),
    ({"record_type": "fax_application"}, "/record_type"),
    ({"created_at": "2018-02-02T22:25:27.521Z"}, "/created_at"),
    ({"updated_at": "2018-02-02T22:25:27.521Z"}, "/updated_at"),
]
INVALID_ON_UPDATE_ONLY = [
    ({"fax_email_recipient": "not-an-address"}, "/fax_email_recipient"),
    ({"fax_email_recipient": 5}, "/fax_email_recipient"),
]


@pytest.mark.parametrize(
    "fields, pointer", INVALID_FIELDS + [({"fax_email_recipient": "fax@example.com"}, "/fax_email_recipient")]
)
def test_create_rejects_an_invalid_field(api, fields, pointer):
    assert_errors(api.request("POST", APPS, {**MINIMAL_APP, **fields}), 422, pointers=[pointer])
    assert page_ids(api.list()) == []


@pytest.mark.parametrize("fields, pointer", INVALID_FIELDS + INVALID_ON_UPDATE_ONLY)
def test_update_rejects_an_invalid_field_and_changes_nothing(api, sim, fields, pointer):
    app = api.create()
    assert_errors(api.update(app["id"], **fields), 422, pointers=[pointer])
    assert api.get(app["id"]).data == app
    assert sim.applications()[0]["fax_email_recipient"] is None


def test_several_problems_are_one_error_each(api):
    body = {"application_name": 1, "webhook_timeout_secs": 99, "inbound": {"channel_limit": -1, "x": 1}, "extra": 1}
    assert_errors(
        api.request("POST", APPS, body),
        422,
        pointers=[
            "/application_name",
            "/webhook_event_url",
            "/webhook_timeout_secs",
            "/inbound/channel_limit",
            "/inbound/x",
            "/extra",
        ],
    )


@pytest.mark.parametrize("body", [b"{", b"[]", b'"fax"', b"null", b"42", b"", b"\xff\xfe{}", b'{"a": 1} {}'])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_body_that_is_not_a_json_object_is_400(api, method, body):
    target = APPS if method == "POST" else f"{APPS}/{api.create()['id']}"
    response = api.request(method, target, body=body, headers={"Content-Type": "application/json"})
    assert_errors(response, 400)
    assert len(page_ids(api.list())) == (0 if method == "POST" else 1)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_400(api, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_errors(api.request("POST", APPS, body=json.dumps(MINIMAL_APP).encode(), headers=headers), 400)
    assert (
        api.request(
            "POST",
            APPS,
            body=json.dumps(MINIMAL_APP).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        ).status
        == 201
    )


# --- fax_email_recipient --------------------------------------------------------------------


def test_fax_email_recipient_is_stored_but_never_returned(api, sim):
    app = api.create()
    updated = api.update(app["id"], fax_email_recipient="fax@example.com")
    assert updated.status == 200
    assert "fax_email_recipient" not in updated.data
    assert "fax_email_recipient" not in api.get(app["id"]).data
    assert "fax_email_recipient" not in api.list().data[0]
    assert sim.applications()[0]["fax_email_recipient"] == "fax@example.com"

    assert api.update(app["id"], active=False).status == 200  # leaving it out keeps it
    assert sim.applications()[0]["fax_email_recipient"] == "fax@example.com"
    assert "fax_email_recipient" not in api.request("DELETE", f"{APPS}/{app['id']}").data


def test_fax_email_recipient_null_clears_it(api, sim):
    app = api.create()
    api.update(app["id"], fax_email_recipient="fax@example.com")
    assert api.update(app["id"], fax_email_recipient=None).status == 200
    assert sim.applications()[0]["fax_email_recipient"] is None


# --- update -------------------------------------------------------------------------------


def test_update_replaces_the_fields_present_and_keeps_the_rest(api, full_app):
    app = api.create(**full_app)
    response = api.update(
        app["id"], application_name="renamed", webhook_event_url="https://new.example.com", active=True
    )
    assert response.status == 200
    updated = response.data
    assert updated == {
        **app,
        "application_name": "renamed",
        "webhook_event_url": "https://new.example.com",
        "active": True,
        "updated_at": updated["updated_at"],
    }
    assert api.get(app["id"]).data == updated


def test_update_needs_application_name_and_webhook_event_url(api):
    app = api.create()
    target = f"{APPS}/{app['id']}"
    assert_errors(
        api.request("PATCH", target, {"active": False}), 422, pointers=["/application_name", "/webhook_event_url"]
    )
    assert_errors(api.request("PATCH", target, {"application_name": "x"}), 422, pointers=["/webhook_event_url"])
    assert api.get(app["id"]).data == app


def test_update_replaces_nested_objects_whole(api, full_app):
    app = api.create(**full_app)
    updated = api.update(app["id"], inbound={"channel_limit": 7}, outbound={"channel_limit": 3}).data
    assert updated["inbound"] == {
        "channel_limit": 7,
        "sip_subdomain": None,
        "sip_subdomain_receive_settings": "from_anyone",
    }
    assert updated["outbound"] == {"channel_limit": 3, "outbound_voice_profile_id": None}


def test_update_without_nested_objects_keeps_them(api, full_app):
    app = api.create(**full_app)
    updated = api.update(app["id"], tags=[]).data
    assert (updated["inbound"], updated["outbound"], updated["tags"]) == (full_app["inbound"], full_app["outbound"], [])


def test_updated_at_moves_forward_on_every_update(api):
    app = api.create()
    stamps = [app["updated_at"]]
    for number in range(15):
        updated = api.update(app["id"], application_name=f"name-{number}").data
        assert updated["created_at"] == app["created_at"]
        assert TIMESTAMP.fullmatch(updated["updated_at"])
        stamps.append(updated["updated_at"])
    assert all(earlier < later for earlier, later in itertools.pairwise(stamps)), stamps


def test_update_of_an_unknown_id_is_404_whatever_the_body(api):
    assert_errors(api.request("PATCH", f"{APPS}/1293384261075731499", {"webhook_timeout_secs": 99}), 404)


# --- sip_subdomain uniqueness -------------------------------------------------------------


def test_a_sip_subdomain_belongs_to_one_application(api):
    owner = api.create(inbound={"sip_subdomain": "faxes"})
    taken = {**MINIMAL_APP, "inbound": {"sip_subdomain": "FAXES"}}
    assert_errors(api.request("POST", APPS, taken), 422, pointers=["/inbound/sip_subdomain"])
    other = api.create(application_name="other", inbound={"sip_subdomain": "other"})
    assert_errors(api.update(other["id"], inbound={"sip_subdomain": "faxes"}), 422, pointers=["/inbound/sip_subdomain"])
    assert api.get(other["id"]).data == other
    assert api.update(owner["id"], inbound={"sip_subdomain": "faxes", "channel_limit": 2}).status == 200
    assert api.update(owner["id"], active=False).status == 200  # keeping its own subdomain
    api.request("DELETE", f"{APPS}/{owner['id']}")
    assert api.update(other["id"], inbound={"sip_subdomain": "faxes"}).data["inbound"]["sip_subdomain"] == "faxes"


def test_applications_without_a_sip_subdomain_do_not_clash(api):
    api.create(inbound={"sip_subdomain": None})
    api.create(inbound={"channel_limit": 1})


# --- delete -------------------------------------------------------------------------------


def test_delete_answers_with_the_deleted_application(api, full_app):
    app = api.create(**full_app)
    response = api.request("DELETE", f"{APPS}/{app['id']}")
    assert response.status == 200
    assert response.data == app
    assert_errors(api.get(app["id"]), 404)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 404)


def test_an_application_with_phone_numbers_is_not_deleted_and_the_error_names_them(api, sim):
    app = api.create()
    first, second = sim.seed_phone_numbers(["+13125550100", "+13125550101"], connection_id=app["id"])
    sim.seed_phone_numbers(["+13125550102"])  # not assigned to it
    errors = assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 422, pointers=["/id"])
    detail = errors[0]["detail"]
    assert "in use by phone numbers" in detail and "unassign" in detail
    assert "+13125550100" in detail and "+13125550101" in detail and "+13125550102" not in detail
    assert api.get(app["id"]).data == app
    assert api.request("PATCH", f"/v2/phone_numbers/{first}", {"connection_id": ""}).status == 200
    errors = assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 422)
    assert "+13125550100" not in errors[0]["detail"] and "+13125550101" in errors[0]["detail"]
    assert api.request("PATCH", f"/v2/phone_numbers/{second}", {"connection_id": ""}).status == 200
    assert api.request("DELETE", f"{APPS}/{app['id']}").status == 200
