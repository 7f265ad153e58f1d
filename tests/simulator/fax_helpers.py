"""What the fax and webhook tests share: an account that can send faxes, and a send helper."""

import dataclasses
import time

FAXES = "/v2/faxes"
FROM = "+13125550100"
TO = "+13125550199"
MEDIA_URL = "https://example.com/fax/doc.pdf"
EVENTS_OF_A_DELIVERED_FAX = ["fax.queued", "fax.media.processed", "fax.sending.started", "fax.delivered"]
FAX_FIELDS = {
    "id",
    "record_type",
    "direction",
    "connection_id",
    "from",
    "to",
    "from_display_name",
    "media_url",
    "media_name",
    "quality",
    "store_media",
    "stored_media_url",
    "preview_url",
    "status",
    "failure_reason",
    "internal_failure_reason",
    "client_state",
    "webhook_url",
    "webhook_failover_url",
    "created_at",
    "updated_at",
}


@dataclasses.dataclass
class Account:
    """A fax application with an outbound voice profile, and a number of the account on it."""

    app_id: str
    profile_id: str
    from_number: str

    def fax(self, **fields):
        """A valid send body; fields are added or replace the defaults (None removes one)."""
        body = {"connection_id": self.app_id, "from": self.from_number, "to": TO, "media_url": MEDIA_URL, **fields}
        return {key: value for key, value in body.items() if value is not None}


def make_account(sim, api, *, webhook_event_url="https://example.com/hooks", from_number=FROM, **app_fields):
    (profile_id,) = sim.seed_profiles(1, "voice")
    app = api.create(
        webhook_event_url=webhook_event_url, outbound={"outbound_voice_profile_id": profile_id}, **app_fields
    )
    sim.seed_phone_numbers([from_number], connection_id=app["id"])
    return Account(app["id"], profile_id, from_number)


def send(api, body):
    return api.request("POST", FAXES, body)


def sent(api, body):
    """Send a fax that must be accepted; return it as the 202 showed it."""
    response = send(api, body)
    assert response.status == 202, response
    return response.data


def get_fax(api, fax_id):
    response = api.request("GET", f"{FAXES}/{fax_id}")
    assert response.status == 200, response
    return response.data


def cancel(api, fax_id, **options):
    return api.request("POST", f"{FAXES}/{fax_id}/actions/cancel", **options)


def history(sim, fax_id):
    return [step["status"] for step in next(fax for fax in sim.faxes() if fax["id"] == fax_id)["history"]]


def wait_for_status(api, fax_id, statuses, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        fax = get_fax(api, fax_id)
        if fax["status"] in statuses:
            return fax
        assert time.monotonic() < deadline, f"fax {fax_id} is still {fax['status']}"
        time.sleep(0.02)
