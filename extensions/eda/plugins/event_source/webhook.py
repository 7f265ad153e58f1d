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
  - "What is refused, and its answer: a method other than POST 405; a body over O(max_body_bytes)
    413, at once when its Content-Length says so; a body that has not arrived whole within
    O(body_timeout) seconds 408; a missing or invalid signature, or a C(telnyx-timestamp) further
    than O(tolerance) seconds from this host's clock (an old webhook replayed) 401; a signed body
    that is not a Telnyx event 400, and so is one nested more than 32 arrays or objects deep, or
    with C(NaN), C(Infinity), C(-Infinity) or a number too large for a float, which the rule engine
    would drop after the 200 (Telnyx's envelopes are 3 or 4 levels deep). Nothing refused is
    queued; each refusal is logged as one warning line with its reason, never with the body. A
    client that hangs up before its body arrived is logged as one warning line too."
  - Telnyx may deliver an event more than once, and out of order. The ids of the last
    O(remember_events) queued events are kept, and a webhook carrying one of them again is
    answered 200 and not queued. They are kept in memory only, so after a restart a webhook
    replayed within O(tolerance) is queued again. Order events by their C(occurred_at), not by
    their arrival.
  - "Arguments are checked at start-up: an unknown name (a typo), an empty O(event_types), a port
    outside 1-65535, a public key that is not the Base64 of 32 bytes, a missing or unloadable
    O(certfile) or O(keyfile) and a host that does not resolve stop the source with a message
    naming the argument, file or host. Once listening it logs the first 8 hex digits of the SHA-256
    of the public key's 32 bytes, to tell which key is in use."
  - "ansible-rulebook at C(-vv) logs each event in full, including a received fax's temporary
    C(media_url) (a link that fetches the fax, without the API key, for about 10 minutes): treat
    job logs at that verbosity as sensitive."
  - C(ansible-doc) does not show event source documentation; this text is also in the
    collection's Event-Driven Ansible guide (docs/docsite/rst/event_driven.rst).
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
      - "The Base64 Ed25519 public key of the Telnyx account (Mission Control, Keys & Credentials,
        Public Key: 44 characters, ending in C(=)). It is public, and only checks signatures. The
        hex form of the key (64 hex digits) is refused, with a hint."
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
      - The largest body accepted, in bytes; a larger one is answered 413 before it is read whole,
        and before any of it is read when its Content-Length is larger.
    type: int
    default: 262144
  body_timeout:
    description:
      - How many seconds a request's body may take to arrive whole, from the end of its headers; a
        body that stalls is answered 408.
    type: float
    default: 10
  remember_events:
    description:
      - How many of the last queued event ids are kept to drop repeats. Memory stays bounded by it.
        The ids are kept in memory only, so a restart forgets them.
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
import difflib  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import ssl  # noqa: E402
import time  # noqa: E402

from aiohttp import web  # noqa: E402
from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: E402

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"
PUBLIC_KEY_VARIABLE = "TELNYX_PUBLIC_KEY"
DEFAULTS = {"host": "0.0.0.0", "tolerance": 300, "max_body_bytes": 262144, "remember_events": 10000, "body_timeout": 10}
ARGUMENTS = (
    "host", "port", "public_key", "tolerance", "event_types", "max_body_bytes", "remember_events", "body_timeout",
    "certfile", "keyfile", "password",
)  # fmt: skip
# Events accepted but not yet taken by ansible-rulebook, whose own queue holds one: past this many,
# webhooks are answered 503 (Telnyx retries, then fails over) rather than held in memory.
BACKLOG_LIMIT = 1000
# Telnyx's envelopes are 3 or 4 levels deep (data, payload, a list or object in it). The rule
# engine's Java parser drops an event nested over 1000 levels after it was answered 200, and Python's
# own parser recurses: a bound far above Telnyx's and far below both refuses such bodies up front.
MAX_NESTING = 32
# After a refusal that leaves the body unread (405, 408, 413), aiohttp reads and drops what still
# comes for this long before it closes, so that the client reads the answer instead of a reset. Its
# own 10 s would also hold the source's shutdown that long for a client that stalls.
LINGER_SECONDS = 2.0

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


def load_public_key(text, origin):
    """(key, fingerprint) of the Ed25519 public key that Base64 text encodes; ValueError naming origin."""
    if not isinstance(text, str):
        raise ValueError("%s must be the Base64 text of the account's Ed25519 public key" % origin)
    text = text.strip()
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        raise ValueError(
            "%s looks like hex; give the Base64 form from the Mission Control Portal (Keys & Credentials,"
            " Public Key: 44 characters, ending in =)" % origin
        )
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        hint = ""
        if len(text) % 4 and re.fullmatch(r"[A-Za-z0-9+/]+", text):
            hint = " (its = padding looks cut off: the Base64 of an Ed25519 public key is 44 characters, ending in =)"
        raise ValueError("%s is not Base64%s: give the account's Ed25519 public key" % (origin, hint)) from None
    if len(raw) != 32:
        raise ValueError("%s decodes to %d bytes; an Ed25519 public key is 32" % (origin, len(raw)))
    return Ed25519PublicKey.from_public_bytes(raw), hashlib.sha256(raw).hexdigest()[:8]


def public_key_from(args, environ):
    """(key, fingerprint, origin): the argument public_key, else the environment's TELNYX_PUBLIC_KEY."""
    for origin, text in (
        ("public_key", args.get("public_key")),
        (PUBLIC_KEY_VARIABLE, environ.get(PUBLIC_KEY_VARIABLE)),
    ):
        if text:
            return load_public_key(text, origin) + (origin,)
    raise ValueError("telnyx.fax.webhook needs public_key, or %s in the environment" % PUBLIC_KEY_VARIABLE)


def number_from(args, name, kind=int):
    value = args.get(name, DEFAULTS.get(name))
    try:
        number = kind(value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or isinstance(value, bool) or not math.isfinite(number):
        raise ValueError("%s must be a %s, not %r" % (name, "whole number" if kind is int else "number", value))
    return number


def positive_number(args, name, kind=int):
    number = number_from(args, name, kind)
    if number <= 0:
        raise ValueError("%s must be greater than 0, not %r" % (name, args.get(name)))
    return number


def check_argument_names(args):
    # ansible-rulebook adds arguments of its own, all named eda_... (eda_feedback_queue).
    unknown = sorted(str(name) for name in args if name not in ARGUMENTS and not str(name).startswith("eda_"))
    if not unknown:
        return
    named = []
    for name in unknown:
        close = difflib.get_close_matches(name, ARGUMENTS, 1)
        named.append("%s (did you mean %s?)" % (name, close[0]) if close else name)
    raise ValueError(
        "telnyx.fax.webhook has no argument %s; its arguments are %s" % (", ".join(named), ", ".join(ARGUMENTS))
    )


def port_from(args):
    if "port" not in args:
        raise ValueError("telnyx.fax.webhook needs port: the TCP port to listen on")
    port = number_from(args, "port")
    if not 1 <= port <= 65535:
        raise ValueError("port must be a TCP port, from 1 to 65535, not %r" % args["port"])
    return port


def event_types_from(args):
    event_types = args.get("event_types")
    if event_types is None:
        return None
    if not isinstance(event_types, list) or not all(isinstance(name, str) and name for name in event_types):
        raise ValueError("event_types must be a list of event type names, such as fax.received")
    if not event_types:
        raise ValueError("event_types is an empty list, which would drop every event: leave it out to queue all")
    return frozenset(event_types)


def settings_from(args, environ):
    """The listener's settings from the rulebook's arguments; ValueError before it listens."""
    check_argument_names(args)
    public_key, fingerprint, key_origin = public_key_from(args, environ)
    return {
        "host": args.get("host") or DEFAULTS["host"],
        "port": port_from(args),
        "public_key": public_key,
        "key_fingerprint": fingerprint,
        "key_origin": key_origin,
        "tolerance": positive_number(args, "tolerance"),
        "event_types": event_types_from(args),
        "max_body_bytes": positive_number(args, "max_body_bytes"),
        "remember_events": positive_number(args, "remember_events"),
        "body_timeout": positive_number(args, "body_timeout", float),
        "ssl_context": ssl_context_from(args),
    }


def ssl_context_from(args):
    certfile, keyfile = args.get("certfile"), args.get("keyfile")
    if not certfile:
        if keyfile:
            raise ValueError("keyfile is given without certfile")
        return None
    for name, path in (("certfile", certfile), ("keyfile", keyfile)):
        if path and not os.path.isfile(path):
            raise ValueError("%s %s does not exist (or is not a file)" % (name, path))
    files = "certfile %s" % certfile + (" and keyfile %s" % keyfile if keyfile else "")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile, args.get("password"))
    except (ssl.SSLError, OSError) as error:
        raise ValueError(
            "the certificate and key could not be loaded from %s%s (%s): are they PEM, is the key the"
            " certificate's, and is the password right?"
            % (files, " with password" if args.get("password") else "", error)
        ) from None
    return context


def verified_timestamp(public_key, headers, body, tolerance, now):
    """The signed timestamp of a webhook; Refused(401) unless Telnyx's key signed this body recently."""
    missing = [name for name in (SIGNATURE_HEADER, TIMESTAMP_HEADER) if not headers.get(name)]
    if missing:
        raise Refused(
            401, "the %s %s missing" % (" and ".join(missing), "header is" if len(missing) == 1 else "headers are")
        )
    timestamp, signature_text = headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    # Twelve digits reach the year 33658; more would only make int() slow, or refuse past 4300.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Refused(401, "%s is not a Unix time in seconds" % TIMESTAMP_HEADER)
    age = now - int(timestamp)
    # "away ... in the past" is what this refusal always said; tests and readers of old logs match it.
    if age > tolerance:
        reason = "%s is %d s away from this host's clock, in the past (tolerance %d s)" % (
            TIMESTAMP_HEADER,
            age,
            tolerance,
        )
        raise Refused(401, reason)
    if -age > tolerance:
        reason = "%s is %d s ahead of this host's clock (tolerance %d s)" % (TIMESTAMP_HEADER, -age, tolerance)
        raise Refused(401, reason)
    try:
        signature = base64.b64decode(signature_text, validate=True)
        public_key.verify(signature, timestamp.encode("ascii") + b"|" + body)
    except (binascii.Error, ValueError, InvalidSignature):
        raise Refused(401, "the signature does not match the body and the account's public key") from None
    return int(timestamp)


_STRUCTURE = re.compile(r'[\[\]{}"]')
_IN_STRING = re.compile(r'["\\]')


def nested_deeper_than(text, limit):
    """Whether JSON text opens more than limit arrays or objects inside each other, found without recursing."""
    depth, at = 0, 0
    while True:
        found = _STRUCTURE.search(text, at)
        if found is None:
            return False
        char, at = found.group(), found.end()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
        else:
            # Skip the string: brackets in it are text. An unterminated one ends the scan (json.loads refuses it).
            while True:
                found = _IN_STRING.search(text, at)
                if found is None:
                    return False
                at = found.end() + (1 if found.group() == "\\" else 0)
                if found.group() == '"':
                    break


def _refuse_constant(name):
    raise Refused(400, "the body has %s, which JSON does not allow" % name)


def _finite_float(text):
    number = float(text)
    if math.isinf(number):
        raise Refused(400, "the body has a number too large for JSON to carry on")
    return number


def json_type(value):
    kinds = ((bool, "a boolean"), ((int, float), "a number"), (list, "an array"), (dict, "an object"))
    return next((kind for types, kind in kinds if isinstance(value, types)), "null")


def telnyx_event(body):
    """Telnyx's envelope {"data": {...}, "meta": {...}} as JSON; Refused(400) if body is none."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the body is not JSON") from None
    if nested_deeper_than(text, MAX_NESTING):
        raise Refused(400, "the body is nested more than %d levels deep; a Telnyx webhook is a few" % MAX_NESTING)
    try:
        envelope = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except ValueError:
        raise Refused(400, "the body is not JSON") from None
    data = envelope.get("data") if isinstance(envelope, dict) else None
    if not isinstance(data, dict):
        raise Refused(400, "the body has no data object: it is not a Telnyx webhook")
    for name in ("event_type", "id"):
        if data.get(name) is None:
            raise Refused(400, "the body's data has no %s" % name)
        if not isinstance(data[name], str):
            raise Refused(400, "the body's data.%s is %s, not a string" % (name, json_type(data[name])))
        if not data[name]:
            raise Refused(400, "the body's data.%s is empty" % name)
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
            if request.method != "POST":
                raise Refused(405, "only POST is answered, not %s" % request.method)
            body = await self.body_of(request)
            timestamp = verified_timestamp(
                self.settings["public_key"], request.headers, body, self.settings["tolerance"], self.clock()
            )
            data, meta = telnyx_event(body)
        except Refused as refusal:
            return self.refuse(request, refusal)
        except ConnectionError:
            # Nobody is left to answer; aiohttp would log a traceback for the same thing.
            logger.warning("A webhook from %s to %s hung up before its body arrived", request.remote, request.path)
            return web.Response(status=400)
        return self.accept(request, event_from(data, meta, timestamp, request.path))

    async def body_of(self, request):
        """The whole body, or Refused(413) as soon as it is known too long, Refused(408) if it stalls."""
        limit, timeout = self.settings["max_body_bytes"], self.settings["body_timeout"]
        if request.content_length is not None and request.content_length > limit:
            raise Refused(413, "the body is over %d bytes (Content-Length %d)" % (limit, request.content_length))
        try:
            return await asyncio.wait_for(request.read(), timeout)
        except web.HTTPRequestEntityTooLarge:
            raise Refused(413, "the body is over %d bytes" % limit) from None
        except asyncio.TimeoutError:
            raise Refused(408, "the body did not arrive within %g s" % timeout) from None
        except web.RequestPayloadError as error:
            # A Content-Encoding that aiohttp cannot decode, say. Its message spans lines: one log line.
            raise Refused(400, "the body could not be read (%s)" % " ".join(str(error).split())) from None

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
        response = web.Response(status=refusal.status, text=refusal.reason + "\n")
        if refusal.status == 405:
            response.headers["Allow"] = "POST"
        if refusal.status in (408, 413):
            # The rest of the body, if it ever comes, is not wanted: close rather than read it.
            response.force_close()
        return response


async def listen(runner, settings):
    site = web.TCPSite(runner, settings["host"], settings["port"], ssl_context=settings["ssl_context"])
    try:
        await site.start()
    except socket.gaierror as error:
        raise ValueError("host %s could not be resolved (%s)" % (settings["host"], error.strerror)) from None
    logger.info(
        "telnyx.fax.webhook listening on %s://%s:%d; public key from %s, fingerprint %s (SHA-256 of its 32 bytes)",
        "https" if settings["ssl_context"] else "http",
        settings["host"],
        settings["port"],
        settings["key_origin"],
        settings["key_fingerprint"],
    )


async def main(queue, args):
    """Listen until cancelled; ValueError at once if the arguments are wrong."""
    settings = settings_from(args, os.environ)
    listener = Listener(settings)
    app = web.Application(client_max_size=settings["max_body_bytes"])
    app.router.add_route("*", "/{path:.*}", listener.handle)
    runner = web.AppRunner(app, access_log=None, lingering_time=LINGER_SECONDS)
    await runner.setup()
    forwarder = asyncio.ensure_future(listener.forward(queue))
    try:
        await listen(runner, settings)
        await asyncio.Future()
    finally:
        forwarder.cancel()
        await runner.cleanup()
