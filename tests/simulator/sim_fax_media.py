"""A fax's media links: the PDF they serve, their tokens and their expiry.

Telnyx hands out a received fax's document (media_url) and an outbound fax's stored copy
(stored_media_url) as temporary links on its storage (S3 presigned URLs), which need no API
key and expire after 10 minutes. The simulator serves them itself, outside /v2, at
/media/faxes/<fax id>.pdf?token=<token>: a real PDF with the fax's pages, the same bytes for
the same fax every time, until the link expires on the fax clock.
"""

from __future__ import annotations

import hmac
import secrets
import urllib.parse

from sim_core import raw_reply

LINK_SECS = 600  # "Link expires after 10 minutes" (the SDK's Fax.stored_media_url and preview_url)
LINK_PATH = r"/media/faxes/([^/]+)\.pdf"
TOKEN_BYTES = 32
# A page is US Letter, in PDF points.
PAGE_WIDTH, PAGE_HEIGHT = 612, 792


def new_link(clock_now):
    """The fields of a fresh link: an unguessable token, valid LINK_SECS on the fax clock."""
    return {"sim_media_token": secrets.token_urlsafe(TOKEN_BYTES), "sim_media_expires_at": clock_now + LINK_SECS}


def link_url(root, fax):
    """The absolute link to a fax's media, or None when it has none."""
    token = fax.get("sim_media_token")
    if token is None:
        return None
    return f"{root}/media/faxes/{fax['id']}.pdf?" + urllib.parse.urlencode({"token": token})


def _text(status, message):
    return raw_reply(status, (message + "\n").encode(), "text/plain; charset=utf-8")


def serve(fax, query, headers, clock_now):
    """The answer to GET on a fax's link: the PDF, or why not (as a storage service would)."""
    if headers.get("Authorization") is not None:
        # S3 refuses a presigned link sent with another credential; so does this, so that a
        # client that sends its Telnyx API key to the media host fails in tests.
        return _text(400, "This link carries its own authorization: send no Authorization header with it")
    if fax is None or fax.get("sim_media_token") is None:
        return _text(404, "There is no media at this address")
    tokens = urllib.parse.parse_qs(query, keep_blank_values=True).get("token", [])
    if len(tokens) != 1 or not hmac.compare_digest(tokens[0].encode(), fax["sim_media_token"].encode()):
        return _text(403, "This link is not valid: its token is wrong or was replaced by a refresh")
    if clock_now >= fax["sim_media_expires_at"]:
        return _text(
            403,
            f"This link has expired ({LINK_SECS} s after it was issued): POST /v2/faxes/{fax['id']}/actions/refresh"
            " for a new one",
        )
    return raw_reply(200, pdf_document(fax["id"], fax["sim_media_pages"]), "application/pdf")


# --- a minimal PDF ---------------------------------------------------------------------------


def _page_stream(fax_id, number, count):
    text = f"Fax {fax_id} page {number} of {count}"
    return f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")


def _objects(fax_id, count):
    """The document's objects, numbered from 1: catalog, page tree, font, then each page and its content."""
    first_page = 4
    kids = " ".join(f"{first_page + 2 * index} 0 R" for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index in range(count):
        content_number = first_page + 2 * index + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        stream = _page_stream(fax_id, index + 1, count)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return objects


def pdf_document(fax_id, count):
    """A valid PDF 1.4 of count pages, each saying which fax and page it is; the same bytes each time."""
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(_objects(fax_id, count), start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref_at)
    return bytes(output)
