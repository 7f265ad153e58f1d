"""The webhooks of an arriving fax: its events in order, their envelope and payloads, signing, failover."""

import re
import uuid

import pytest
import webhook_signing
from fax_helpers import FROM, SENDER, download, make_receiving_account, pdf_pages

OCCURRED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
COMMON_PAYLOAD = {"fax_id", "connection_id", "direction", "from", "to", "user_id", "status"}
EVENTS_OF_A_RECEIVED_FAX = ["fax.receiving.started", "fax.media.processing.started", "fax.received"]


@pytest.fixture
def hooked(sim, api, receiver):
    """An application on FROM whose webhooks go to receiver's /hooks."""
    return make_receiving_account(sim, api, webhook_event_url=f"{receiver.url}/hooks")


def event_types(events):
    return [event["json"]["data"]["event_type"] for event in events]


def test_each_step_of_an_arrival_is_posted_in_order_with_telnyxs_envelope(sim, hooked, receiver):
    fax = sim.inbound_fax(SENDER, FROM, pages=2)
    events = receiver.wait_for(3)
    assert event_types(events) == EVENTS_OF_A_RECEIVED_FAX
    steps = {step["status"]: step["at"] for step in sim.faxes()[0]["history"]}
    for event in events:
        assert event["verified"], event["verification_error"]
        data, meta = event["json"]["data"], event["json"]["meta"]
        assert set(data) == {"record_type", "id", "event_type", "occurred_at", "payload"}
        assert data["record_type"] == "event" and str(uuid.UUID(data["id"])) == data["id"]
        assert OCCURRED_AT.fullmatch(data["occurred_at"])
        assert meta == {"attempt": 1, "delivered_to": f"{receiver.url}/hooks"}
        payload = data["payload"]
        assert data["occurred_at"] == steps[payload["status"]][:-1] + "000Z"
        assert (payload["fax_id"], payload["connection_id"]) == (fax["id"], hooked.app_id)
        assert (payload["direction"], payload["from"], payload["to"]) == ("inbound", SENDER, FROM)
    started, processing, received = (event["json"]["data"]["payload"] for event in events)
    assert set(started) == COMMON_PAYLOAD and started["status"] == "receiving"
    assert set(processing) == COMMON_PAYLOAD | {"page_count"}
    assert (processing["status"], processing["page_count"]) == ("media.processing", 2)
    assert set(received) == COMMON_PAYLOAD | {"media_url", "page_count", "partial_content", "call_duration_secs"}
    assert (received["status"], received["page_count"], received["partial_content"]) == ("received", 2, False)
    assert received["call_duration_secs"] >= 1
    assert received["media_url"] == fax["media_url"]
    assert len(pdf_pages(download(received["media_url"])[2])) == 2


def test_a_partial_fax_says_so_in_fax_received(sim, hooked, receiver):
    sim.inbound_fax(SENDER, FROM, partial=True)
    assert receiver.wait_for(3)[-1]["json"]["data"]["payload"]["partial_content"] is True


def test_a_failed_arrival_sends_fax_failed_with_its_reasons(sim, hooked, receiver):
    sim.inbound_fax(SENDER, FROM, failure_reason="sender_call_dropped")
    events = receiver.wait_for(2)
    assert event_types(events) == ["fax.receiving.started", "fax.failed"]
    payload = events[-1]["json"]["data"]["payload"]
    assert set(payload) == COMMON_PAYLOAD | {"failure_reason", "internal_failure_reason"}
    assert (payload["status"], payload["failure_reason"]) == ("failed", "sender_call_dropped")


def test_the_events_go_out_as_the_clock_moves(sim, hooked, receiver):
    sim.fax_clock(step_seconds=1, paused=True)
    sim.inbound_fax(SENDER, FROM)
    assert event_types(receiver.wait_for(1)) == ["fax.receiving.started"]
    sim.fax_clock(advance=1)
    assert event_types(receiver.wait_for(2)) == EVENTS_OF_A_RECEIVED_FAX[:2]
    sim.fax_clock(advance=1)
    assert event_types(receiver.wait_for(3)) == EVENTS_OF_A_RECEIVED_FAX


def test_anything_but_a_200_goes_to_the_applications_failover_url(sim, api, receiver):
    make_receiving_account(
        sim,
        api,
        webhook_event_url=f"{receiver.url}/primary",
        webhook_event_failover_url=f"{receiver.url}/failover",
    )
    receiver.answer(503, path="/primary", times=1)
    fax = sim.inbound_fax(SENDER, FROM)
    assert fax["webhook_failover_url"] == f"{receiver.url}/failover"
    events = receiver.wait_for(4)
    assert [event["path"] for event in events] == ["/primary", "/failover", "/primary", "/primary"]
    assert events[1]["json"]["meta"] == {"attempt": 2, "delivered_to": f"{receiver.url}/failover"}
    assert events[1]["json"]["data"]["id"] == events[0]["json"]["data"]["id"]
    assert all(event["verified"] for event in events)
    deliveries = sim.webhook_deliveries(wait=10)
    assert [(entry["event_type"], entry["attempt"], entry["delivered"]) for entry in deliveries] == [
        ("fax.receiving.started", 1, False),
        ("fax.receiving.started", 2, True),
        ("fax.media.processing.started", 1, True),
        ("fax.received", 1, True),
    ]
    assert {entry["subject_id"] for entry in deliveries} == {fax["id"]}


def test_every_inbound_webhook_passes_the_standard_library_check(sim, hooked, receiver):
    sim.inbound_fax(SENDER, FROM)
    sim.inbound_fax(SENDER, FROM, failure_reason="media_processing_exception")
    for event in receiver.wait_for(6):
        assert webhook_signing.check_signature(event["body"], event["headers"]) is None
