"""Webhook delivery: signed POSTs of events to loopback URLs, and the control endpoints that show them.

Other resources hand events to Webhooks.send(); this module builds Telnyx's envelope, signs
each attempt with the simulator's Ed25519 test key (webhook_signing.py) and POSTs it, from a
thread per subject (a fax), so the events of one subject go out one at a time, in order, while
a slow receiver of one fax does not hold up another's.

It only ever connects to loopback addresses (127.0.0.0/8, ::1 and the name localhost, resolved
to its loopback addresses only). An attempt at any other URL is recorded as skipped and never
sent: tests and demos must not reach the network, whatever URL an application was given.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import urllib.parse
import uuid

import webhook_signing
from sim_core import ApiError, Reply, Resource

MAX_WAIT_SECS = 60
RESPONSE_BODY_LIMIT = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Event:
    generation: int  # the reset generation it belongs to; a reset drops older events
    subject_id: str  # the record the event is about (a fax id): its events go out in order
    event_id: str
    event_type: str
    occurred_at: str
    payload: dict
    targets: tuple  # (url, ...): the primary URL, then the failover URL, if any
    timeout: float  # seconds each attempt may take


LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
LOOPBACK_V6 = ipaddress.ip_address("::1")


def is_loopback_address(address):
    """127.0.0.0/8 or ::1 exactly: not an IPv4-mapped form, which Python versions judge differently."""
    return address in LOOPBACK_V4 if address.version == 4 else address == LOOPBACK_V6


def loopback_problem(url):
    """None if url is an http(s) URL on a loopback address, else why it is not."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return f"{url!r} is not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return f"{url!r} is not an http or https URL with a host"
    if host.lower() == "localhost":
        return None
    try:
        if is_loopback_address(ipaddress.ip_address(host)):
            return None
    except ValueError:
        pass
    return f"{host} is not a loopback address: the simulator delivers only to 127.0.0.0/8, ::1 and localhost"


def loopback_addresses(host, port):
    """The addresses to connect to for a loopback host: localhost is resolved, loopback answers only."""
    if host.lower() != "localhost":
        return [host]
    found = []
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        infos = []
    for _family, _type, _proto, _name, address in infos:
        text = address[0].split("%")[0]
        if is_loopback_address(ipaddress.ip_address(text)) and text not in found:
            found.append(text)
    return found or ["127.0.0.1"]


def post(url, body, headers, timeout):
    """POST body to a loopback url; return (HTTP status or None, error text or None)."""
    parts = urllib.parse.urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    sent_headers = {
        **headers,
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "Content-Type": "application/json",
        "User-Agent": "telnyx-simulator-webhooks",
    }
    error = None
    for address in loopback_addresses(parts.hostname, port):
        if secure:
            context = ssl.create_default_context()
            connection = http.client.HTTPSConnection(address, port, timeout=timeout, context=context)
        else:
            connection = http.client.HTTPConnection(address, port, timeout=timeout)
        try:
            connection.request("POST", target, body=body, headers=sent_headers)
            response = connection.getresponse()
            response.read(RESPONSE_BODY_LIMIT)
            return response.status, None
        except ConnectionRefusedError as problem:
            error = f"no answer: {problem}"  # try the next address of localhost, if any
        except (OSError, http.client.HTTPException) as problem:
            return None, f"no answer: {type(problem).__name__}: {problem}"
        finally:
            connection.close()
    return None, error


def now_timestamp():
    moment = datetime.datetime.now(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Webhooks(Resource):
    """Delivers events and records every attempt; see README.md, "Webhooks"."""

    def __init__(self, simulator):
        super().__init__(simulator)
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._deliveries = []  # one entry per attempt, in the order attempts were made
        self._queues = {}  # subject id -> deque of events waiting, while a thread delivers them
        self._pending = 0  # events queued or being delivered
        self._generation = 0

    def control_routes(self):
        return {
            "webhook_deliveries": {"GET": self.list_deliveries},
            "webhook_public_key": {"GET": self.public_key},
        }

    def reset(self):
        with self._lock:
            self._generation += 1
            self._deliveries.clear()
            self._queues.clear()
            self._pending = 0
            self._settled.notify_all()

    # --- sending ---

    def send(self, subject_id, event_type, payload, occurred_at, targets, timeout):
        """Queue one event; it is delivered after every earlier event of the same subject."""
        with self._lock:
            event = Event(
                self._generation,
                subject_id,
                str(uuid.uuid4()),
                event_type,
                occurred_at,
                payload,
                tuple(url for url in targets if url),
                timeout,
            )
            queue = self._queues.get(subject_id)
            if queue is None:
                queue = self._queues[subject_id] = collections.deque()
                thread = threading.Thread(
                    target=self._deliver_queue, args=(subject_id, queue), name=f"webhooks-{subject_id}", daemon=True
                )
                thread.start()
            queue.append(event)
            self._pending += 1
        return event.event_id

    def _deliver_queue(self, subject_id, queue):
        # Only this thread takes events off its queue; send() adds them at the other end.
        while True:
            with self._lock:
                if not queue or queue[0].generation != self._generation:
                    if self._queues.get(subject_id) is queue:
                        del self._queues[subject_id]
                    return
                event = queue[0]
            self._deliver(event)
            with self._lock:
                queue.popleft()
                if event.generation == self._generation:
                    self._pending -= 1
                    self._settled.notify_all()

    def _deliver(self, event):
        """Try the primary URL, then the failover URL on anything but a 200."""
        for attempt, url in enumerate(event.targets, start=1):
            envelope = {
                "data": {
                    "record_type": "event",
                    "id": event.event_id,
                    "event_type": event.event_type,
                    "occurred_at": event.occurred_at,
                    "payload": event.payload,
                },
                "meta": {"attempt": attempt, "delivered_to": url},
            }
            record = {
                "event_id": event.event_id,
                "event_type": event.event_type,
                "subject_id": event.subject_id,
                "attempt": attempt,
                "url": url,
                "skipped": False,
                "status": None,
                "error": None,
                "delivered": False,
                "at": now_timestamp(),
                "headers": None,
                "body": envelope,
            }
            problem = loopback_problem(url)
            if problem:
                record.update(skipped=True, error=problem)
            else:
                body = json.dumps(envelope)
                headers = webhook_signing.signature_headers(body)
                status, error = post(url, body.encode(), headers, event.timeout)
                record.update(status=status, error=error, delivered=status == 200, headers=headers)
                if status is not None and status != 200:
                    record["error"] = f"answered {status}, not 200"
            with self._lock:
                if event.generation != self._generation:
                    return  # reset while it was being delivered: forget it
                self._deliveries.append(record)
            if record["delivered"]:
                return

    # --- control endpoints ---

    def list_deliveries(self, request):
        wait = self._wait_for(request.query)
        deadline = time.monotonic() + wait
        with self._lock:
            while self._pending and time.monotonic() < deadline:
                self._settled.wait(deadline - time.monotonic())
            return Reply(200, {"deliveries": [dict(entry) for entry in self._deliveries], "pending": self._pending})

    @staticmethod
    def _wait_for(query):
        values = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        text = values.get("wait", "0")
        try:
            wait = float(text)
        except ValueError:
            wait = -1.0
        if not 0 <= wait <= MAX_WAIT_SECS:
            raise ApiError.single(400, f"wait must be a number of seconds from 0 to {MAX_WAIT_SECS}", parameter="wait")
        return wait

    def public_key(self, request):
        return Reply(
            200,
            {
                "algorithm": "Ed25519",
                "public_key": webhook_signing.TEST_PUBLIC_KEY_B64,
                "public_key_hex": webhook_signing.TEST_PUBLIC_KEY.hex(),
                "private_seed_hex": webhook_signing.TEST_SEED_HEX,
            },
        )
