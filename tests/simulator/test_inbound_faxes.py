"""Inbound faxes: POST /_simulator/inbound_faxes, their lifecycle on the fax clock, media links, refresh and delete."""

import http.client
import urllib.parse
import uuid

import pytest
from api_client import TIMESTAMP, ApiClient, assert_errors
from fax_helpers import (
    FAX_FIELDS,
    FAXES,
    FROM,
    SENDER,
    download,
    get_fax,
    history,
    make_receiving_account,
    pdf_pages,
    sent,
)
from harness import Simulator

INBOUND = "inbound_faxes"


@pytest.fixture
def receiving(sim, api):
    """An application with FROM on it: faxes to FROM arrive there."""
    return make_receiving_account(sim, api)


def refresh(api, fax_id, **options):
    return api.request("POST", f"{FAXES}/{fax_id}/actions/refresh", **options)


# --- arrival ----------------------------------------------------------------------------------


def test_an_arriving_fax_is_received_with_the_shape_of_a_sent_one(sim, api, receiving):
    fax = sim.inbound_fax(SENDER, FROM, pages=3)
    assert set(fax) == FAX_FIELDS
    assert str(uuid.UUID(fax["id"])) == fax["id"]
    assert (fax["record_type"], fax["direction"], fax["status"]) == ("fax", "inbound", "received")
    assert (fax["connection_id"], fax["from"], fax["to"], fax["page_count"]) == (receiving.app_id, SENDER, FROM, 3)
    assert fax["failure_reason"] is None and fax["internal_failure_reason"] is None
    assert (fax["webhook_url"], fax["webhook_failover_url"]) == ("https://example.com/hooks", "")
    assert fax["media_url"].startswith(f"{sim.root_url}/media/faxes/{fax['id']}.pdf?token=")
    assert (fax["media_name"], fax["stored_media_url"], fax["store_media"]) == (None, None, False)
    assert TIMESTAMP.fullmatch(fax["created_at"]) and fax["updated_at"] > fax["created_at"]
    assert get_fax(api, fax["id"]) == fax
    assert history(sim, fax["id"]) == ["receiving", "media.processing", "received"]


def test_the_control_endpoint_answers_201_and_is_not_an_api_request(sim, api, receiving):
    before = len(sim.requests_log())
    response = api.control("POST", INBOUND, {"from": SENDER, "to": FROM})
    assert response.status == 201
    assert response.data["page_count"] == 1 and response.data["status"] == "received"
    assert len(sim.requests_log()) == before


def test_a_fax_arrives_at_the_application_its_number_names_now(sim, api, receiving):
    other = api.create(application_name="other", webhook_event_url="https://other.example.com/hooks")
    (number_id,) = [number["id"] for number in sim.phone_numbers() if number["phone_number"] == FROM]
    assert api.request("PATCH", f"/v2/phone_numbers/{number_id}", {"connection_id": other["id"]}).status == 200
    fax = sim.inbound_fax(SENDER, FROM)
    assert (fax["connection_id"], fax["webhook_url"]) == (other["id"], "https://other.example.com/hooks")


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({"to": FROM}, ["/from"]),
        ({"from": "4155550123", "to": FROM}, ["/from"]),
        ({"from": "sip:alice@example.com", "to": FROM}, ["/from"]),
        ({"from": SENDER}, ["/to"]),
        ({"from": SENDER, "to": FROM, "pages": 0}, ["/pages"]),
        ({"from": SENDER, "to": FROM, "pages": 351}, ["/pages"]),
        ({"from": SENDER, "to": FROM, "pages": "2"}, ["/pages"]),
        ({"from": SENDER, "to": FROM, "pages": True}, ["/pages"]),
        ({"from": SENDER, "to": FROM, "failure_reason": "rejected"}, ["/failure_reason"]),
        ({"from": SENDER, "to": FROM, "failure_reason": "no_outbound_profile"}, ["/failure_reason"]),
        ({"from": SENDER, "to": FROM, "partial": "yes"}, ["/partial"]),
        ({"from": SENDER, "to": FROM, "partial": True, "failure_reason": "carrier_lost"}, ["/partial"]),
        ({"from": SENDER, "to": FROM, "media_url": "https://example.com/x.pdf"}, ["/media_url"]),
        ({"from": "x", "to": "y", "pages": -1}, ["/from", "/to", "/pages"]),
    ],
)
def test_nonsense_in_the_body_is_a_400_at_its_field(sim, api, receiving, body, pointers):
    assert_errors(api.control("POST", INBOUND, body), 400, pointers=pointers)
    assert sim.faxes() == []


def test_an_outbound_reason_is_refused_as_such(api, receiving):
    response = api.control("POST", INBOUND, {"from": SENDER, "to": FROM, "failure_reason": "user_busy"})
    (error,) = assert_errors(response, 400, pointers=["/failure_reason"])
    assert "outbound" in error["detail"] and "sender_call_dropped" in error["detail"]


def test_a_number_outside_the_account_receives_nothing(sim, api, receiving):
    (error,) = assert_errors(
        api.control("POST", INBOUND, {"from": SENDER, "to": "+13125550177"}), 400, pointers=["/to"]
    )
    assert "not a number of the account" in error["detail"]
    assert sim.faxes() == []


def test_a_number_on_no_fax_application_receives_nothing(sim, api, receiving):
    sim.seed_phone_numbers(["+13125550177"])
    response = api.control("POST", INBOUND, {"from": SENDER, "to": "+13125550177"})
    (error,) = assert_errors(response, 400, pointers=["/to"])
    assert "not assigned to a fax application" in error["detail"]


def test_a_number_that_is_not_active_receives_nothing(sim, api, receiving):
    sim.seed_phone_numbers(["+13125550177"], connection_id=receiving.app_id, status="port-pending")
    (error,) = assert_errors(
        api.control("POST", INBOUND, {"from": SENDER, "to": "+13125550177"}), 400, pointers=["/to"]
    )
    assert "port-pending" in error["detail"]


# --- the clock --------------------------------------------------------------------------------


def test_each_inbound_status_lasts_its_step_on_the_clock(sim, api, receiving, stepping):
    fax = sim.inbound_fax(SENDER, FROM, pages=2)
    assert (fax["status"], fax["page_count"], fax["media_url"]) == ("receiving", None, None)
    stepping()
    processing = get_fax(api, fax["id"])
    assert (processing["status"], processing["page_count"], processing["media_url"]) == ("media.processing", 2, None)
    stepping()
    received = get_fax(api, fax["id"])
    assert received["status"] == "received" and received["media_url"]
    assert history(sim, fax["id"]) == ["receiving", "media.processing", "received"]


def test_the_inbound_steps_take_their_own_seconds(sim, api, receiving):
    sim.fax_clock(paused=True, step_seconds={"receiving": 30, "media.processing": 5})
    fax = sim.inbound_fax(SENDER, FROM)
    sim.fax_clock(advance=29)
    assert get_fax(api, fax["id"])["status"] == "receiving"
    sim.fax_clock(advance=1)
    assert get_fax(api, fax["id"])["status"] == "media.processing"
    sim.fax_clock(advance=5)
    assert get_fax(api, fax["id"])["status"] == "received"


def test_presets_and_a_single_number_set_the_inbound_steps_too(sim):
    realistic = sim.fax_clock(step_seconds="realistic")["step_seconds"]
    assert realistic["receiving"] > 0 and realistic["media.processing"] > 0
    every = sim.fax_clock(step_seconds=7)["step_seconds"]
    assert every["receiving"] == every["media.processing"] == every["queued"] == 7
    assert every["cancel"] == realistic["cancel"]


@pytest.mark.parametrize(
    ("reason", "statuses"),
    [
        ("sender_call_dropped", ["receiving", "failed"]),
        ("fax_signaling_error", ["receiving", "failed"]),
        ("media_processing_exception", ["receiving", "media.processing", "failed"]),
    ],
)
def test_a_failing_arrival_fails_with_its_reason(sim, api, receiving, reason, statuses):
    fax = sim.inbound_fax(SENDER, FROM, pages=4, failure_reason=reason)
    assert (fax["status"], fax["failure_reason"], fax["media_url"]) == ("failed", reason, None)
    assert fax["internal_failure_reason"]
    assert history(sim, fax["id"]) == statuses
    assert refresh(api, fax["id"]).status == 422


def test_an_inbound_fax_cannot_be_cancelled(sim, api, receiving, stepping):
    fax = sim.inbound_fax(SENDER, FROM)
    (error,) = assert_errors(api.request("POST", f"{FAXES}/{fax['id']}/actions/cancel"), 422, pointers=["/id"])
    assert "inbound" in error["detail"]
    stepping(2)
    assert get_fax(api, fax["id"])["status"] == "received"


# --- the media link ---------------------------------------------------------------------------


@pytest.mark.parametrize("pages", [1, 2, 17])
def test_the_media_link_serves_a_pdf_of_the_fax_pages(sim, receiving, pages):
    fax = sim.inbound_fax(SENDER, FROM, pages=pages)
    status, headers, data = download(fax["media_url"])
    assert (status, headers["Content-Type"], int(headers["Content-Length"])) == (200, "application/pdf", len(data))
    texts = pdf_pages(data)
    assert texts == [f"Fax {fax['id']} page {number} of {pages}" for number in range(1, pages + 1)]


def test_the_same_fax_gives_the_same_bytes_and_another_fax_other_bytes(sim, api, receiving):
    fax = sim.inbound_fax(SENDER, FROM, pages=2)
    first = download(fax["media_url"])[2]
    assert download(fax["media_url"])[2] == first
    assert refresh(api, fax["id"]).status == 200
    assert download(get_fax(api, fax["id"])["media_url"])[2] == first  # a new link, the same document
    other = sim.inbound_fax(SENDER, FROM, pages=2)
    assert download(other["media_url"])[2] != first


def test_the_link_needs_no_key_and_refuses_one(sim, receiving):
    fax = sim.inbound_fax(SENDER, FROM)
    status, _headers, body = download(fax["media_url"], {"Authorization": f"Bearer {sim.api_key}"})
    assert status == 400 and b"Authorization" in body


def test_downloads_are_outside_the_api_and_its_log_and_answer_get_only(sim, receiving):
    fax = sim.inbound_fax(SENDER, FROM)
    before = sim.requests_log()
    sim.fault(503, times=1)  # faults are the API's: a download never meets one
    assert download(fax["media_url"])[0] == 200
    assert sim.requests_log() == before
    parts = urllib.parse.urlsplit(fax["media_url"])
    for method in ("POST", "HEAD", "DELETE"):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request(method, f"{parts.path}?{parts.query}")
        response = conn.getresponse()
        response.read()
        conn.close()
        assert (response.status, response.headers["Allow"]) == (405, "GET")


def test_a_wrong_or_missing_token_is_a_403_and_an_unknown_fax_a_404(sim, receiving):
    fax = sim.inbound_fax(SENDER, FROM)
    bare = fax["media_url"].split("?")[0]
    assert download(bare)[0] == 403
    assert download(bare + "?token=guess")[0] == 403
    assert download(fax["media_url"] + "&token=again")[0] == 403
    assert download(f"{sim.root_url}/media/faxes/{uuid.uuid4()}.pdf?token=x")[0] == 404
    assert download(f"{sim.root_url}/media/other")[0] == 404


def test_the_link_expires_600_s_later_on_the_fax_clock(sim, api, receiving):
    sim.fax_clock(paused=True)
    arriving = sim.inbound_fax(SENDER, FROM)
    assert arriving["status"] == "receiving"  # a paused clock moves nothing, even 0 s steps
    sim.fax_clock(advance=0)
    fax = get_fax(api, arriving["id"])
    sim.fax_clock(advance=599)
    assert download(fax["media_url"])[0] == 200
    sim.fax_clock(advance=1)
    status, headers, body = download(fax["media_url"])
    assert status == 403 and headers["Content-Type"].startswith("text/plain") and b"expired" in body


def test_refresh_gives_a_new_link_for_600_s_and_the_old_one_stops(sim, api, receiving):
    sim.fax_clock(paused=True)
    arriving = sim.inbound_fax(SENDER, FROM)
    sim.fax_clock(advance=0)
    fax = get_fax(api, arriving["id"])
    sim.fax_clock(advance=700)
    assert download(fax["media_url"])[0] == 403
    response = refresh(api, fax["id"])
    assert (response.status, response.json) == (200, {"data": {"result": "ok"}})
    refreshed = get_fax(api, fax["id"])
    assert refreshed["media_url"] != fax["media_url"] and refreshed["status"] == "received"
    assert refreshed["updated_at"] > fax["updated_at"]
    assert download(refreshed["media_url"])[0] == 200
    assert download(fax["media_url"])[0] == 403
    sim.fax_clock(advance=600)
    assert download(refreshed["media_url"])[0] == 403


def test_refresh_is_for_received_inbound_faxes_only(sim, api, receiving, stepping):
    arriving = sim.inbound_fax(SENDER, FROM)
    (error,) = assert_errors(refresh(api, arriving["id"]), 422, pointers=["/id"])
    assert "receiving" in error["detail"]
    outbound = sent(api, receiving.fax(store_media=True))
    (error,) = assert_errors(refresh(api, outbound["id"]), 422, pointers=["/id"])
    assert "outbound" in error["detail"]
    assert refresh(api, str(uuid.uuid4())).status == 404
    stepping(2)
    assert_errors(refresh(api, arriving["id"], json_body={"media": 1}), 422, pointers=["/media"])
    assert refresh(api, arriving["id"], json_body={}).status == 200


def test_an_outbound_fax_with_store_media_has_its_stored_media_served_for_600_s(sim, api, receiving, stepping):
    fax = sent(api, receiving.fax(store_media=True))
    stepping()
    stored = get_fax(api, fax["id"])["stored_media_url"]
    assert stored.startswith(f"{sim.root_url}/media/faxes/{fax['id']}.pdf?token=")
    status, _headers, data = download(stored)
    assert status == 200 and len(pdf_pages(data)) == 1
    stepping(599)
    assert download(stored)[0] == 200 and get_fax(api, fax["id"])["status"] == "delivered"
    stepping()
    assert download(stored)[0] == 403


# --- delete and list --------------------------------------------------------------------------


def test_delete_removes_a_received_fax_and_its_media(sim, api, receiving):
    fax = sim.inbound_fax(SENDER, FROM)
    response = api.request("DELETE", f"{FAXES}/{fax['id']}")
    assert response.status == 204 and response.body == b""
    assert api.request("GET", f"{FAXES}/{fax['id']}").status == 404
    assert download(fax["media_url"])[0] == 404


def test_a_fax_still_arriving_cannot_be_deleted(sim, api, receiving, stepping):
    fax = sim.inbound_fax(SENDER, FROM)
    (error,) = assert_errors(api.request("DELETE", f"{FAXES}/{fax['id']}"), 422, pointers=["/id"])
    assert "receiving" in error["detail"]
    stepping(2)
    assert api.request("DELETE", f"{FAXES}/{fax['id']}").status == 204


def test_the_direction_filter_lists_inbound_faxes(sim, api, receiving):
    outbound = sent(api, receiving.fax())
    received = [sim.inbound_fax(SENDER, FROM)["id"] for _each in range(3)]
    inbound = api.request("GET", f"{FAXES}?filter[direction][eq]=inbound")
    assert [fax["id"] for fax in inbound.data] == received[::-1]
    assert inbound.json["meta"]["total_results"] == 3
    outgoing = api.request("GET", f"{FAXES}?filter[direction][eq]=outbound")
    assert [fax["id"] for fax in outgoing.data] == [outbound["id"]]
    from_sender = api.request("GET", f"{FAXES}?filter[from][eq]=%2B14155550123&page[size]=2")
    assert [fax["id"] for fax in from_sender.data] == received[:0:-1]


def test_a_received_fax_and_its_media_survive_a_restart_on_another_port(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        make_receiving_account(first, ApiClient(first.root_url, first.api_key))
        fax = first.inbound_fax(SENDER, FROM, pages=2)
        document = download(fax["media_url"])[2]
    with Simulator(state_file=state_file) as second:
        kept = get_fax(ApiClient(second.root_url, second.api_key), fax["id"])
        assert kept["media_url"] == fax["media_url"].replace(first.root_url, second.root_url, 1)
        assert download(kept["media_url"])[::2] == (200, document)


def test_a_fax_arriving_on_an_advanced_paused_clock_goes_on_from_there_after_a_restart(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        make_receiving_account(first, ApiClient(first.root_url, first.api_key))
        first.fax_clock(step_seconds=1, paused=True, advance=3600)  # an hour ahead of wall time
        fax = first.inbound_fax(SENDER, FROM, pages=2)
        assert fax["status"] == "receiving"
        clock = first.fax_clock(advance=1)
        assert get_fax(ApiClient(first.root_url, first.api_key), fax["id"])["status"] == "media.processing"
    with Simulator(state_file=state_file) as second:
        api = ApiClient(second.root_url, second.api_key)
        assert second.fax_clock() == clock  # paused, at the same time, on the same pace
        assert get_fax(api, fax["id"])["status"] == "media.processing"  # nothing moves on a paused clock
        second.fax_clock(advance=1)
        received = get_fax(api, fax["id"])
        assert received["status"] == "received"
        second.fax_clock(advance=599)  # the link's 600 s run on the restored clock
        assert download(received["media_url"])[0] == 200
        second.fax_clock(advance=1)
        assert download(received["media_url"])[0] == 403
