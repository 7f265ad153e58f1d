# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.webhook: an ansible-rulebook event source of verified Telnyx webhooks."""

from __future__ import annotations

DOCUMENTATION = r"""
---
short_description: Receive Telnyx webhooks whose Ed25519 signature is valid, one event each.
description:
  - An ansible-rulebook event source that listens for Telnyx webhooks over HTTP (or HTTPS) and
    puts one event on the queue for each webhook that Telnyx really signed.
  - Each request is answered at once, before ansible-rulebook takes the event. Telnyx retries,
    then fails over, on any answer but 200, so a webhook that is verified is answered 200 even when
    it is not queued (a repeat, or an event type not in O(event_types)). Only when 1000 events
    are already waiting for the rulebook is one answered 503, for Telnyx to send it again later.
  - "The signature is checked over the raw body with the account's Ed25519 public key: the
    C(telnyx-signature-ed25519) header is the Base64 signature of C({telnyx-timestamp}|{body})."
  - "What is refused, and its answer: a body over O(max_body_bytes) 413; a missing or invalid
    signature, or a C(telnyx-timestamp) further than O(tolerance) seconds from this host's clock
    (an old webhook replayed) 401; a signed body that is not a Telnyx event 400. Nothing refused
    is queued; each refusal is logged as a warning with its reason, never with the body."
  - Telnyx may deliver an event more than once, and out of order. The ids of the last
    O(remember_events) queued events are kept, and a webhook carrying one of them again is
    answered 200 and not queued. Order events by their C(occurred_at), not by their arrival.
  - "The event put on the queue: C(event_type), C(id) (the event id), C(occurred_at),
    C(record_type) and C(payload) as Telnyx sent them in the body's C(data), and C(webhook):
    C(attempt) and C(delivered_to) from the body's C(meta), C(timestamp) (the signed
    C(telnyx-timestamp), an integer) and C(path) (the request path)."
  - The source needs C(aiohttp) and C(cryptography), which ansible-rulebook and ansible-core
    install.
options:
  host:
    description:
      - The address to listen on.
    type: str
    default: "0.0.0.0"
  port:
    description:
      - The TCP port to listen on.
    type: int
    required: true
  public_key:
    description:
      - The Base64 Ed25519 public key of the Telnyx account (Mission Control, Keys & Credentials,
        Public Key). It is public, and only checks signatures.
      - When left out, the environment variable C(TELNYX_PUBLIC_KEY) is used; one of the two is
        required.
    type: str
  tolerance:
    description:
      - How many seconds the C(telnyx-timestamp) of a webhook may be away from this host's clock.
        Telnyx's own SDK allows 300.
    type: int
    default: 300
  event_types:
    description:
      - Queue only the events of these types (V(fax.received), V(fax.failed), ...). Others are
        verified, answered 200 and dropped.
      - When left out, every event type is queued.
    type: list
    elements: str
  max_body_bytes:
    description:
      - The largest body accepted, in bytes; a larger one is answered 413 before it is read whole.
    type: int
    default: 262144
  remember_events:
    description:
      - How many of the last queued event ids are kept to drop repeats. Memory stays bounded by it.
    type: int
    default: 10000
  certfile:
    description:
      - A certificate (PEM) to serve HTTPS with; with O(keyfile) unless the file holds the key.
      - When left out, the source serves plain HTTP (behind a proxy that terminates TLS, say).
    type: str
  keyfile:
    description:
      - The private key (PEM) of O(certfile).
    type: str
  password:
    description:
      - The password of O(keyfile), if it is encrypted.
    type: str
"""

EXAMPLES = r"""
- name: Faxes that arrive
  hosts: localhost
  sources:
    - telnyx.fax.webhook:
        host: 0.0.0.0
        port: 5000
        # or leave it out and set TELNYX_PUBLIC_KEY in the environment
        public_key: "{{ telnyx_public_key }}"
        event_types:
          - fax.received
          - fax.failed
        certfile: /etc/eda/tls/webhook.crt
        keyfile: /etc/eda/tls/webhook.key
  rules:
    - name: Download each received fax
      condition: event.event_type == "fax.received"
      action:
        run_playbook:
          name: telnyx.fax.download_fax
"""

import asyncio  # noqa: E402  (an event source's docs come before its imports)
import base64  # noqa: E402
import binascii  # noqa: E402
import collections  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import ssl  # noqa: E402
import time  # noqa: E402

from aiohttp import web  # noqa: E402
from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: E402

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"
PUBLIC_KEY_VARIABLE = "TELNYX_PUBLIC_KEY"
DEFAULTS = {"host": "0.0.0.0", "tolerance": 300, "max_body_bytes": 262144, "remember_events": 10000}
# Events accepted but not yet taken by ansible-rulebook, whose own queue holds one: past this many,
# webhooks are answered 503 (Telnyx retries, then fails over) rather than held in memory.
BACKLOG_LIMIT = 1000

# ansible-rulebook runs the file with runpy, whose __name__ says nothing: name the logger for the source.
logger = logging.getLogger("telnyx.fax.webhook")


class Refused(Exception):
    """A webhook that is answered with an error status and not queued."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RecentIds:
    """The ids of the last `size` events queued, oldest forgotten first."""

    def __init__(self, size):
        self.size = size
        self.ids = collections.OrderedDict()

    def __contains__(self, event_id):
        return event_id in self.ids

    def add(self, event_id):
        self.ids[event_id] = None
        if len(self.ids) > self.size:
            self.ids.popitem(last=False)


def load_public_key(text):
    """The Ed25519 public key that Base64 text encodes, or ValueError saying what is wrong."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        raise ValueError("public_key is not Base64: give the account's Ed25519 public key") from None
    if len(raw) != 32:
        raise ValueError("public_key decodes to %d bytes; an Ed25519 public key is 32" % len(raw))
    return Ed25519PublicKey.from_public_bytes(raw)


def positive_int(args, name):
    value = args.get(name, DEFAULTS.get(name))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError("%s must be a whole number, not %r" % (name, value)) from None
    if number <= 0 or isinstance(value, bool):
        raise ValueError("%s must be greater than 0, not %r" % (name, value))
    return number


def settings_from(args, environ):
    """The listener's settings from the rulebook's arguments; ValueError before it listens."""
    key_text = args.get("public_key") or environ.get(PUBLIC_KEY_VARIABLE)
    if not key_text:
        raise ValueError("telnyx.fax.webhook needs public_key, or %s in the environment" % PUBLIC_KEY_VARIABLE)
    if "port" not in args:
        raise ValueError("telnyx.fax.webhook needs port: the TCP port to listen on")
    event_types = args.get("event_types")
    if event_types is not None and (
        not isinstance(event_types, list) or not all(isinstance(name, str) for name in event_types)
    ):
        raise ValueError("event_types must be a list of event type names, such as fax.received")
    return {
        "host": args.get("host") or DEFAULTS["host"],
        "port": positive_int(args, "port"),
        "public_key": load_public_key(key_text),
        "tolerance": positive_int(args, "tolerance"),
        "event_types": None if event_types is None else frozenset(event_types),
        "max_body_bytes": positive_int(args, "max_body_bytes"),
        "remember_events": positive_int(args, "remember_events"),
        "ssl_context": ssl_context_from(args),
    }


def ssl_context_from(args):
    if not args.get("certfile"):
        if args.get("keyfile"):
            raise ValueError("keyfile is given without certfile")
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args["certfile"], args.get("keyfile"), args.get("password"))
    return context


def verified_timestamp(public_key, headers, body, tolerance, now):
    """The signed timestamp of a webhook; Refused(401) unless Telnyx's key signed this body recently."""
    timestamp = headers.get(TIMESTAMP_HEADER)
    signature_text = headers.get(SIGNATURE_HEADER)
    if not timestamp or not signature_text:
        raise Refused(401, "the %s or %s header is missing" % (SIGNATURE_HEADER, TIMESTAMP_HEADER))
    # Twelve digits reach the year 33658; more would only make int() slow, or refuse past 4300.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Refused(401, "%s is not a Unix time in seconds" % TIMESTAMP_HEADER)
    if abs(now - int(timestamp)) > tolerance:
        raise Refused(
            401,
            "%s is %d s away from this host's clock (tolerance %d s)"
            % (TIMESTAMP_HEADER, now - int(timestamp), tolerance),
        )
    try:
        signature = base64.b64decode(signature_text, validate=True)
        public_key.verify(signature, timestamp.encode("ascii") + b"|" + body)
    except (binascii.Error, ValueError, InvalidSignature):
        raise Refused(401, "the signature does not match the body and the account's public key") from None
    return int(timestamp)


def telnyx_event(body):
    """Telnyx's envelope {"data": {...}, "meta": {...}} as JSON; Refused(400) if body is none."""
    try:
        envelope = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "the body is not JSON") from None
    data = envelope.get("data") if isinstance(envelope, dict) else None
    if not isinstance(data, dict):
        raise Refused(400, "the body has no data object: it is not a Telnyx webhook")
    for name in ("event_type", "id"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise Refused(400, "the body's data has no %s" % name)
    if not isinstance(data.get("payload", {}), dict):
        raise Refused(400, "the body's data.payload is not an object")
    meta = envelope.get("meta")
    return data, meta if isinstance(meta, dict) else {}


def event_from(data, meta, timestamp, path):
    """The event a rulebook sees (documented in DOCUMENTATION's description)."""
    event = {name: data.get(name) for name in ("event_type", "id", "occurred_at", "record_type")}
    event["payload"] = data.get("payload", {})
    event["webhook"] = {
        "attempt": meta.get("attempt"),
        "delivered_to": meta.get("delivered_to"),
        "timestamp": timestamp,
        "path": path,
    }
    return event


class Listener:
    """Answers each webhook at once; the verified, new and wanted ones go to the backlog, then the queue."""

    def __init__(self, settings, clock=time.time):
        self.settings = settings
        self.clock = clock
        self.recent = RecentIds(settings["remember_events"])
        self.backlog = asyncio.Queue(BACKLOG_LIMIT)

    async def forward(self, queue):
        """Hand the backlog to ansible-rulebook's queue, in arrival order, as fast as it takes them."""
        while True:
            event = await self.backlog.get()
            await queue.put(event)
            logger.info("Telnyx event %s (%s) queued", event["id"], event["event_type"])

    async def handle(self, request):
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self.refuse(request, Refused(413, "the body is over %d bytes" % self.settings["max_body_bytes"]))
        try:
            timestamp = verified_timestamp(
                self.settings["public_key"], request.headers, body, self.settings["tolerance"], self.clock()
            )
            data, meta = telnyx_event(body)
        except Refused as refusal:
            return self.refuse(request, refusal)
        return self.accept(request, event_from(data, meta, timestamp, request.path))

    def accept(self, request, event):
        # No await from the check to the add: a repeat arriving meanwhile is seen as one.
        wanted = self.settings["event_types"]
        if event["id"] in self.recent:
            logger.info("Telnyx event %s (%s) came again: answered 200, not queued", event["id"], event["event_type"])
        elif wanted is not None and event["event_type"] not in wanted:
            logger.info("Telnyx event %s is a %s, not in event_types: not queued", event["id"], event["event_type"])
        else:
            try:
                self.backlog.put_nowait(event)
            except asyncio.QueueFull:
                reason = "%d events are waiting for the rulebook already; send it again later" % BACKLOG_LIMIT
                return self.refuse(request, Refused(503, reason))
            self.recent.add(event["id"])
        return web.Response(status=200, text="ok\n")

    @staticmethod
    def refuse(request, refusal):
        logger.warning(
            "Refused a webhook from %s to %s with %d: %s", request.remote, request.path, refusal.status, refusal.reason
        )
        return web.Response(status=refusal.status, text=refusal.reason + "\n")


async def main(queue, args):
    """Listen until cancelled; ValueError at once if the arguments are wrong."""
    settings = settings_from(args, os.environ)
    listener = Listener(settings)
    app = web.Application(client_max_size=settings["max_body_bytes"])
    app.router.add_post("/{path:.*}", listener.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    forwarder = asyncio.ensure_future(listener.forward(queue))
    try:
        site = web.TCPSite(runner, settings["host"], settings["port"], ssl_context=settings["ssl_context"])
        await site.start()
        logger.info(
            "telnyx.fax.webhook listening on %s://%s:%d",
            "https" if settings["ssl_context"] else "http",
            settings["host"],
            settings["port"],
        )
        await asyncio.Future()
    finally:
        forwarder.cancel()
        await runner.cleanup()
