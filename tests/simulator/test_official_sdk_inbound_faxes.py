"""The official Telnyx SDK (4.x) reads, lists, refreshes and deletes received faxes, and checks their webhooks.

As in test_official_sdk_faxes.py, every client validates responses strictly. The SDK has no
types for the inbound events (fax.receiving.started, fax.media.processing.started,
fax.received); its signature check (lib/webhook_verification.py, with PyNaCl) and its
unwrap() must still accept each of them as sent.
"""

import datetime

import pytest
import telnyx
from fax_helpers import FROM, SENDER, download, make_receiving_account, pdf_pages
from telnyx.lib.webhook_verification import WebhookVerificationError, verify_webhook_signature
from telnyx.types import Fax, FaxFailed

INBOUND_EVENTS = ["fax.receiving.started", "fax.media.processing.started", "fax.received"]


@pytest.fixture
def hooked(sim, api, receiver):
    return make_receiving_account(sim, api, webhook_event_url=f"{receiver.url}/hooks")


def test_retrieve_list_refresh_and_delete_a_received_fax(client, sim, hooked):
    sim.fax_clock(paused=True)
    arriving = sim.inbound_fax(SENDER, FROM, pages=2)
    assert client.faxes.retrieve(arriving["id"]).data.status == "receiving"
    sim.fax_clock(advance=0)
    fax = client.faxes.retrieve(arriving["id"]).data
    assert isinstance(fax, Fax) and (fax.direction, fax.status, fax.from_, fax.to) == (
        "inbound",
        "received",
        SENDER,
        FROM,
    )
    assert fax.connection_id == hooked.app_id and isinstance(fax.updated_at, datetime.datetime)
    assert fax.page_count == 2  # not in the SDK's Fax type: kept as an extra field
    assert fax.failure_reason is None and fax.media_url

    listed = list(client.faxes.list(filter={"direction": {"eq": "inbound"}}))
    assert [each.id for each in listed] == [fax.id]

    sim.fax_clock(advance=600)
    assert download(fax.media_url)[0] == 403
    assert client.faxes.actions.refresh(fax.id).data.result == "ok"
    renewed = client.faxes.retrieve(fax.id).data.media_url
    assert renewed != fax.media_url and len(pdf_pages(download(renewed)[2])) == 2

    assert client.faxes.delete(fax.id) is None
    with pytest.raises(telnyx.NotFoundError):
        client.faxes.retrieve(fax.id)
    assert download(renewed)[0] == 404


def test_refresh_of_a_fax_not_received_is_unprocessable(client, sim, hooked):
    failed = sim.inbound_fax(SENDER, FROM, failure_reason="carrier_lost")
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.faxes.actions.refresh(failed["id"])
    sent = client.faxes.create(connection_id=hooked.app_id, from_=FROM, to="+13125550199", media_name="doc").data
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.faxes.actions.refresh(sent.id)


def test_the_sdk_verifies_and_unwraps_every_inbound_webhook(client, sim, hooked, receiver):
    key = sim.webhook_public_key()
    received = sim.inbound_fax(SENDER, FROM, pages=3)
    failed = sim.inbound_fax(SENDER, FROM, failure_reason="sender_call_dropped")
    events = receiver.wait_for(5)
    by_fax = {}
    for event in events:
        verify_webhook_signature(event["body"], event["headers"], key)  # raises if it does not match
        unwrapped = client.webhooks.unwrap(event["body"], headers=event["headers"], key=key)
        data = event["json"]["data"]
        assert unwrapped.to_dict(mode="json") == event["json"]  # nothing lost or changed in parsing
        if data["event_type"] == "fax.failed":  # the one inbound event the SDK has a type for
            validated = FaxFailed.model_validate(event["json"])
            assert (validated.data.payload.direction, validated.data.payload.status) == ("inbound", "failed")
        by_fax.setdefault(data["payload"]["fax_id"], []).append(data["event_type"])
    assert by_fax == {received["id"]: INBOUND_EVENTS, failed["id"]: ["fax.receiving.started", "fax.failed"]}
    with pytest.raises(WebhookVerificationError):
        verify_webhook_signature(events[-1]["body"].replace("inbound", "outbound"), events[-1]["headers"], key)
