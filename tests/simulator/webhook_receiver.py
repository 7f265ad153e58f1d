"""A local webhook receiver for tests and demos: it records what the simulator POSTs to it.

Standard library only. It listens on 127.0.0.1 and accepts a webhook POSTed to any path but
its own three:

- ``GET /events``: ``{"events": [...]}``, every webhook received, oldest first, each with
  ``path``, ``headers`` (names in lowercase), ``body`` (the text as received), ``json`` (the
  body parsed, or null), ``verified`` and ``verification_error`` (the Ed25519 signature
  checked against the simulator's public key), ``status`` (what it answered) and
  ``received_at``;
- ``POST /answers``: ``{"status": 503, "path": "/hooks", "times": 2, "delay": 0}`` makes the
  next ``times`` webhooks to ``path`` (any path if left out; every later one if ``times`` is
  left out) get ``status`` after ``delay`` seconds, to exercise the failover URL and timeouts.
  Answers queue up, the oldest matching one first; without any, a webhook gets a 200;
- ``POST /reset``: forget the events and the answers.

In a test:

    with WebhookReceiver() as receiver:  # receiver.url is http://127.0.0.1:PORT
        ... point webhook_event_url at f"{receiver.url}/hooks" ...
        receiver.answer(500, path="/hooks", times=1)
        receiver.wait_for(4)  # the first 4 events, waiting up to 10 s for them

On its own (it prints ``listening on http://127.0.0.1:PORT`` and serves until SIGTERM or SIGINT):

    python3 tests/simulator/webhook_receiver.py [--host 127.0.0.1] [--port 0] [--public-key BASE64]
"""

from __future__ import annotations

import argparse
import datetime
import json
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import webhook_signing

CONTROL_PATHS = ("/events", "/answers", "/reset")
MAX_DELAY_SECS = 60
MAX_BODY_BYTES = 10 * 1024 * 1024


class ReceiverError(RuntimeError):
    """The receiver refused a control request, or the events waited for did not come."""


def _timestamp():
    moment = datetime.datetime.now(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_answer(body):
    """An answer rule from a POST /answers body, or a ValueError saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    unknown = sorted(set(body) - {"status", "path", "times", "delay"})
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(unknown)}")
    status, path, times, delay = body.get("status"), body.get("path"), body.get("times"), body.get("delay", 0)
    if not (isinstance(status, int) and not isinstance(status, bool) and 200 <= status <= 599):
        raise ValueError("status must be an HTTP status from 200 to 599")
    if path is not None and not (isinstance(path, str) and path.startswith("/")):
        raise ValueError("path must start with /")
    if times is not None and not (isinstance(times, int) and not isinstance(times, bool) and times >= 1):
        raise ValueError("times must be an integer >= 1")
    if not (isinstance(delay, (int, float)) and not isinstance(delay, bool) and 0 <= delay <= MAX_DELAY_SECS):
        raise ValueError(f"delay must be a number of seconds from 0 to {MAX_DELAY_SECS}")
    return {"status": status, "path": path, "times": times, "delay": delay}


class Recorder:
    """The events received and the answers to give; thread-safe."""

    def __init__(self, public_key_b64):
        self.public_key_b64 = public_key_b64
        self._lock = threading.Condition()
        self._events = []
        self._answers = []

    def record(self, path, headers, body):
        """Record one webhook; return (status, delay) to answer it with."""
        text = body.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        problem = webhook_signing.check_signature(body, headers, public_key_b64=self.public_key_b64)
        with self._lock:
            status, delay = self._take_answer(path)
            self._events.append(
                {
                    "path": path,
                    "headers": {name.lower(): value for name, value in headers.items()},
                    "body": text,
                    "json": parsed,
                    "verified": problem is None,
                    "verification_error": problem,
                    "status": status,
                    "received_at": _timestamp(),
                }
            )
            self._lock.notify_all()
        return status, delay

    def _take_answer(self, path):
        for answer in self._answers:
            if answer["path"] in (None, path):
                if answer["times"] is not None:
                    answer["times"] -= 1
                    if not answer["times"]:
                        self._answers.remove(answer)
                return answer["status"], answer["delay"]
        return 200, 0

    def add_answer(self, answer):
        with self._lock:
            self._answers.append(answer)

    def events(self):
        with self._lock:
            return [dict(event) for event in self._events]

    def wait_for(self, count, timeout):
        """The events once there are at least count of them, or None after timeout seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._events) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._lock.wait(remaining)
            return [dict(event) for event in self._events]

    def reset(self):
        with self._lock:
            self._events.clear()
            self._answers.clear()


class ReceiverHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 - http.server names it so
        if self.path.partition("?")[0] == "/events":
            self._reply(200, {"events": self.server.recorder.events()})
        else:
            self._reply(404, {"error": f"GET serves only /events, not {self.path}"})

    def do_POST(self):  # noqa: N802 - http.server names it so
        path = self.path.partition("?")[0]
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            self._reply(400, {"error": "send a Content-Length of at most 10 MiB"})
            return
        body = self.rfile.read(int(length))
        if path == "/answers":
            try:
                self.server.recorder.add_answer(parse_answer(json.loads(body or b"null")))
            except ValueError as problem:
                self._reply(400, {"error": str(problem)})
                return
            self._reply(201, {})
        elif path == "/reset":
            self.server.recorder.reset()
            self._reply(200, {})
        elif path == "/events":
            self._reply(405, {"error": "/events is for GET; post webhooks to any other path"})
        else:
            status, delay = self.server.recorder.record(path, dict(self.headers.items()), body)
            if delay:
                time.sleep(delay)
            self._reply(status, {})

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def version_string(self):
        return "telnyx-simulator-webhook-receiver"

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        if self.server.verbose:
            super().log_message(format, *args)


class ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, recorder, *, verbose=False):
        super().__init__(address, ReceiverHandler)
        self.recorder = recorder
        self.verbose = verbose

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class WebhookReceiver:
    """The receiver in a thread of this process, on a free port of 127.0.0.1; a context manager.

    url: its root, http://127.0.0.1:PORT. Post webhooks to any path under it but /events,
    /answers and /reset, e.g. f"{receiver.url}/hooks".
    """

    def __init__(self, *, host="127.0.0.1", port=0, public_key_b64=webhook_signing.TEST_PUBLIC_KEY_B64, verbose=False):
        self.recorder = Recorder(public_key_b64)
        self._address = (host, port)
        self._verbose = verbose
        self._server = None
        self._thread = None
        self.url = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        if self._server is not None:
            raise ReceiverError("the receiver is already running")
        self._server = ReceiverServer(self._address, self.recorder, verbose=self._verbose)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        self._thread.join()

    def events(self):
        """Every webhook received so far, oldest first."""
        return self.recorder.events()

    def wait_for(self, count, timeout=10.0):
        """The events once at least count have arrived; ReceiverError after timeout seconds."""
        events = self.recorder.wait_for(count, timeout)
        if events is None:
            raise ReceiverError(f"{len(self.events())} webhooks arrived within {timeout} s, not {count}")
        return events

    def answer(self, status, *, path=None, times=None, delay=0):
        """Answer the next times webhooks (to path, or any) with status, after delay seconds."""
        self.recorder.add_answer(parse_answer({"status": status, "path": path, "times": times, "delay": delay}))

    def reset(self):
        self.recorder.reset()


def remote_control(url, method, path, payload=None):
    """Talk to a receiver in another process (GET /events, POST /answers, POST /reset)."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        f"{url}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise ReceiverError(f"{method} {path}: {error.code} {error.read().decode()}") from None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--public-key", default=webhook_signing.TEST_PUBLIC_KEY_B64, help="Base64 Ed25519 key")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = parser.parse_args(argv)
    server = ReceiverServer((args.host, args.port), Recorder(args.public_key), verbose=args.verbose)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
