# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source telnyx.fax.webhook, loaded from this checkout as ansible-rulebook loads it (a file).

`listening(args)` runs the source's own main() on a free loopback port, in the test's event loop,
and gives its URL and queue; `sign(body)` makes Telnyx's two signing headers with a key made for
the test session, whose Base64 public key is PUBLIC_KEY; `raw_connection(url)` is a bare TCP
connection, for requests no HTTP client sends (a body that stalls, a client that hangs up).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import importlib.util
import json
import socket
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SOURCE_FILE = Path(__file__).resolve().parents[2] / "extensions" / "eda" / "plugins" / "event_source" / "webhook.py"
_spec = importlib.util.spec_from_file_location("telnyx_fax_webhook_source", SOURCE_FILE)
source = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(source)

PRIVATE_KEY = Ed25519PrivateKey.generate()
PUBLIC_KEY = base64.b64encode(PRIVATE_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign(body, *, timestamp=None, key=PRIVATE_KEY):
    """Telnyx's headers for body (bytes): the Base64 Ed25519 signature of b"<timestamp>|<body>"."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    signature = key.sign(str(timestamp).encode() + b"|" + body)
    return {"telnyx-timestamp": str(timestamp), "telnyx-signature-ed25519": base64.b64encode(signature).decode()}


def webhook_body(event_type="fax.received", event_id="0ccc7b54-4df3-4bca-a65a-3da1ecc777f0", **payload):
    """A compact Telnyx envelope, as Telnyx sends it."""
    envelope = {
        "data": {
            "record_type": "event",
            "id": event_id,
            "event_type": event_type,
            "occurred_at": "2026-12-04T22:00:00.000Z",
            "payload": {"fax_id": "b9b5fa4d-0ec1-4b67-b7a0-5b7bd7ee3a1c", "status": "received", **payload},
        },
        "meta": {"attempt": 1, "delivered_to": "http://127.0.0.1/telnyx"},
    }
    return json.dumps(envelope, separators=(",", ":")).encode()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _wait_until_listening(port, task, scheme):
    for _attempt in range(200):
        if task.done():
            task.result()  # raises what stopped the source
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.01)
            continue
        writer.close()
        return "%s://127.0.0.1:%d" % (scheme, port)
    raise AssertionError("the source did not listen on port %d within 2 s" % port)


@contextlib.asynccontextmanager
async def listening(args=None, scheme="http", queue=None):
    """(url, queue) of the source running with args (public_key and a free port unless given)."""
    queue = asyncio.Queue() if queue is None else queue
    args = {"host": "127.0.0.1", "port": free_port(), "public_key": PUBLIC_KEY, **(args or {})}
    task = asyncio.ensure_future(source.main(queue, args))
    try:
        yield await _wait_until_listening(args["port"], task, scheme), queue
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def raw_connection(url):
    """(reader, writer) of a TCP connection to the listener at url, for hand-written requests."""
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    return await asyncio.open_connection(host, int(port))


def request_head(headers, path="/telnyx", method="POST"):
    """An HTTP/1.1 request line and headers (bytes), ready for a body."""
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1"]
    lines += ["%s: %s" % (name, value) for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
