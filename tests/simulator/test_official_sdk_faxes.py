"""The official Telnyx SDK (4.x) sends, reads, lists, cancels and deletes faxes, and checks their webhooks.

As in test_official_sdk.py, every client validates responses strictly, so a fax object the
SDK's types do not accept fails here. Webhooks are checked by the SDK's own verifier
(client.webhooks.unwrap, which uses PyNaCl): a second opinion on the simulator's Ed25519.
"""

import datetime

import pytest
import telnyx
from fax_helpers import EVENTS_OF_A_DELIVERED_FAX, TO
from telnyx.types import FaxDelivered, FaxFailed, FaxMediaProcessed, FaxQueued, FaxSendingStarted

EVENT_MODELS = {
    "fax.queued": FaxQueued,
    "fax.media.processed": FaxMediaProcessed,
    "fax.sending.started": FaxSendingStarted,
    "fax.delivered": FaxDelivered,
    "fax.failed": FaxFailed,
}


def test_send_retrieve_list_and_delete(client, sim, webhook_account):
    created = client.faxes.create(
        connection_id=webhook_account.app_id,
        from_=webhook_account.from_number,
        to=TO,
        media_url="https://example.com/fax/doc.pdf",
        quality="very_high",
        monochrome=True,
        black_threshold=80,
        store_media=True,
        store_preview=True,
        preview_format="pdf",
        t38_enabled=True,
        from_display_name="Acme Fax",
        client_state="b3JkZXItNDI=",
    ).data
    assert created.status == "queued" and created.direction == "outbound" and created.record_type == "fax"
    assert created.from_ == webhook_account.from_number and created.failure_reason is None
    assert isinstance(created.created_at, datetime.datetime)

    fetched = client.faxes.retrieve(created.id).data
    assert fetched.status == "delivered" and fetched.stored_media_url and fetched.preview_url
    assert fetched.updated_at > created.updated_at

    sim.seed_phone_numbers(["+13125550101"])
    for _number in range(4):
        client.faxes.create(connection_id=webhook_account.app_id, from_="+13125550101", to=TO, media_name="uploaded")
    everything = list(client.faxes.list(page_size=2))  # iterating fetches every page
    assert len(everything) == 5 and everything[-1].id == created.id
    mine = list(
        client.faxes.list(filter={"from": {"eq": webhook_account.from_number}, "direction": {"eq": "outbound"}})
    )
    assert [fax.id for fax in mine] == [created.id]
    since = list(client.faxes.list(filter={"created_at": {"gt": created.created_at}, "to": {"eq": TO}}))
    assert len(since) == 4 and all(fax.media_name == "uploaded" and fax.media_url is None for fax in since)

    assert client.faxes.delete(created.id) is None
    with pytest.raises(telnyx.NotFoundError):
        client.faxes.retrieve(created.id)
    assert [entry["status"] for entry in sim.requests_log()][-2:] == [204, 404]


def test_invalid_sends_raise_unprocessable_entity(client, webhook_account):
    with pytest.raises(telnyx.UnprocessableEntityError) as raised:
        client.faxes.create(connection_id=webhook_account.app_id, from_=webhook_account.from_number, to=TO)  # no media
    assert raised.value.status_code == 422
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.faxes.create(
            connection_id="1234567890123456789", from_=webhook_account.from_number, to=TO, media_name="x"
        )


def test_cancel_a_fax_in_progress(client, sim, webhook_account):
    sim.fax_clock(step_seconds=1, paused=True)
    fax = client.faxes.create(
        connection_id=webhook_account.app_id, from_=webhook_account.from_number, to=TO, media_name="doc"
    ).data
    sim.fax_clock(advance=3)
    assert client.faxes.retrieve(fax.id).data.status == "sending"
    assert client.faxes.actions.cancel(fax.id).data.result == "ok"
    sim.fax_clock(advance=0)
    cancelled = client.faxes.retrieve(fax.id).data
    assert (cancelled.status, cancelled.failure_reason) == ("failed", "sender_canceled")
    assert cancelled.internal_failure_reason
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.faxes.actions.cancel(fax.id)


def test_the_sdk_verifies_every_webhook_and_accepts_its_shape(client, sim, webhook_account, receiver):
    key = sim.webhook_public_key()
    client.faxes.create(
        connection_id=webhook_account.app_id, from_=webhook_account.from_number, to=TO, media_name="doc"
    )
    client.faxes.create(
        connection_id=webhook_account.app_id, from_=webhook_account.from_number, to="+15555550101", media_name="doc"
    )
    events = receiver.wait_for(7)
    for event in events:
        unwrapped = client.webhooks.unwrap(event["body"], headers=event["headers"], key=key)
        event_type = event["json"]["data"]["event_type"]
        model = EVENT_MODELS[event_type]
        assert isinstance(unwrapped, model)
        validated = model.model_validate(event["json"])  # every field of the right type
        assert validated.data.event_type == event_type and validated.data.record_type == "event"
        assert validated.meta.attempt == 1 and validated.meta.delivered_to == f"{receiver.url}/hooks"
        assert isinstance(validated.data.occurred_at, datetime.datetime)
        assert validated.data.payload.from_ == webhook_account.from_number
    by_fax = {}
    for event in events:
        payload = event["json"]["data"]["payload"]
        by_fax.setdefault(payload["fax_id"], []).append(event["json"]["data"]["event_type"])
    assert sorted(by_fax.values()) == sorted(
        [EVENTS_OF_A_DELIVERED_FAX, ["fax.queued", "fax.media.processed", "fax.failed"]]
    )


def test_the_sdk_refuses_a_tampered_webhook(client, sim, webhook_account, receiver):
    client.faxes.create(
        connection_id=webhook_account.app_id, from_=webhook_account.from_number, to=TO, media_name="doc"
    )
    event = receiver.wait_for(1)[0]
    with pytest.raises(ValueError, match="Signature verification failed"):
        client.webhooks.unwrap(
            event["body"].replace("queued", "delivered"), headers=event["headers"], key=sim.webhook_public_key()
        )
    other_key = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="  # RFC 8032 TEST 1's public key
    with pytest.raises(ValueError, match="Signature verification failed"):
        client.webhooks.unwrap(event["body"], headers=event["headers"], key=other_key)
