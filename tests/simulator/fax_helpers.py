"""What the fax and webhook tests share: an account that can send faxes, and a send helper."""

import dataclasses
import http.client
import re
import time
import urllib.parse

FAXES = "/v2/faxes"
FROM = "+13125550100"
TO = "+13125550199"
MEDIA_URL = "https://example.com/fax/doc.pdf"
EVENTS_OF_A_DELIVERED_FAX = ["fax.queued", "fax.media.processed", "fax.sending.started", "fax.delivered"]
FAX_FIELDS = {  # every field of the SDK's Fax, and page_count
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
    "page_count",  # not in the SDK's Fax: announced by Telnyx for fax resources (README.md)
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


# --- received faxes and their media -----------------------------------------------------------

SENDER = "+14155550123"


def make_receiving_account(sim, api, *, number=FROM, **app_fields):
    """An application with a number of the account on it, which can therefore receive faxes."""
    return make_account(sim, api, from_number=number, **app_fields)


def download(url, headers=None):
    """GET a media link as a client of a storage service would: no API key. (status, headers, bytes)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def pdf_pages(data):
    """The text of each page of a PDF, read through its cross-reference table as a reader would.

    Fails unless the file is well formed: header, xref offsets that point at their objects,
    a trailer naming the catalog, a page tree whose /Count matches its /Kids, and a content
    stream of the declared /Length for each page.
    """
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[xref_at:].startswith(b"xref")
    section = re.match(rb"xref\s+0 (\d+)\s+", data[xref_at:])
    size, entries_at = int(section.group(1)), xref_at + section.end()
    objects = {}
    for number in range(1, size):
        entry = data[entries_at + 20 * number : entries_at + 20 * number + 20]
        offset, _generation, kind = entry.split()
        assert kind == b"n"
        body = re.match(rb"%d 0 obj\n(.*?)\nendobj" % number, data[int(offset) :], re.DOTALL)
        assert body, f"xref entry {number} does not point at object {number}"
        objects[number] = body.group(1)
    root = int(re.search(rb"trailer\s*<<.*?/Root (\d+) 0 R", data[xref_at:], re.DOTALL).group(1))
    pages = int(re.search(rb"/Pages (\d+) 0 R", objects[root]).group(1))
    kids = [int(kid) for kid in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", objects[pages]).group(1))]
    assert int(re.search(rb"/Count (\d+)", objects[pages]).group(1)) == len(kids)
    texts = []
    for kid in kids:
        assert b"/Type /Page " in objects[kid] and b"/Parent %d 0 R" % pages in objects[kid]
        content = objects[int(re.search(rb"/Contents (\d+) 0 R", objects[kid]).group(1))]
        stream = re.fullmatch(rb"<< /Length (\d+) >>\nstream\n(.*)\nendstream", content, re.DOTALL)
        assert int(stream.group(1)) == len(stream.group(2))
        texts.append(b"".join(re.findall(rb"\((.*?)\) Tj", stream.group(2))).decode())
    return texts
