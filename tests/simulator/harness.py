"""Start the Telnyx simulator for a test and talk to its control endpoints.

Standard library only, so any test runner can use it:

    from harness import Simulator

    with Simulator() as sim:
        client = make_client(base_url=sim.base_url, api_key=sim.api_key)
        sim.fault(429, retry_after=1)
        ...
        assert [entry["status"] for entry in sim.requests_log()] == [429, 200]

an API restart, as a client sees it, with a relay in front of the simulator:

    with Relay(sim) as relay:  # relay.base_url: the simulator's API through the relay
        relay.down()  # connections close and new ones are refused, until relay.up()
        relay.blip(0.5)  # or: down now, up again on the same port after 0.5 s

and, for webhooks, a receiver in the test's own process:

    from harness import WebhookReceiver

    with WebhookReceiver() as receiver:  # receiver.url: http://127.0.0.1:PORT
        ...  # an application's webhook_event_url = f"{receiver.url}/hooks"
        receiver.wait_for(4)  # the first four webhooks, signatures checked
"""

import json
import os
import selectors
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

from webhook_receiver import WebhookReceiver

__all__ = ["DEFAULT_API_KEY", "Relay", "Simulator", "SimulatorError", "WebhookReceiver"]

SERVER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "telnyx_simulator.py")
DEFAULT_API_KEY = "KEY_simulator_test_0000"
FIRST_LINE_PREFIX = "listening on "


class SimulatorError(RuntimeError):
    """The simulator did not start, or a control endpoint refused a request."""


class Simulator:
    """The simulator as a subprocess on a free port of 127.0.0.1; a context manager.

    python is the interpreter that runs it (3.11 or newer); by default the one running the
    tests. latency: seconds every API request waits before it is processed (a stand-in network;
    a reset goes back to it).
    """

    def __init__(
        self,
        api_key=DEFAULT_API_KEY,
        *,
        state_file=None,
        verbose=False,
        latency=0.0,
        python=None,
        startup_timeout=10.0,
        stop_timeout=5.0,
    ):
        self.api_key = api_key
        self.state_file = state_file
        self.verbose = verbose
        self.start_latency = latency
        self.python = python or sys.executable
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.base_url = None
        self.root_url = None
        self._process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        if self._process is not None:
            raise SimulatorError("the simulator is already running")
        command = [self.python, SERVER_SCRIPT, "--host", "127.0.0.1", "--port", "0", "--api-key", self.api_key]
        if self.state_file:
            command += ["--state-file", os.fspath(self.state_file)]
        if self.verbose:
            command.append("--verbose")
        if self.start_latency:
            command += ["--latency", str(self.start_latency)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            first_line = self._read_first_line()
        except BaseException:
            self.stop()
            raise
        self.base_url = first_line[len(FIRST_LINE_PREFIX) :]
        self.root_url = self.base_url.rsplit("/v2", 1)[0]
        return self

    def _read_first_line(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            if not selector.select(self.startup_timeout):
                raise SimulatorError(f"the simulator did not start within {self.startup_timeout} s")
        line = self._process.stdout.readline().rstrip("\n")
        if not line.startswith(FIRST_LINE_PREFIX):
            exit_code = self._process.poll()
            raise SimulatorError(f"the simulator did not start (exit code {exit_code}, first line {line!r})")
        return line

    def stop(self):
        """Stop the simulator (SIGTERM, then SIGKILL after stop_timeout); return its exit code."""
        process, self._process = self._process, None
        if process is None:
            return None
        process.terminate()
        try:
            exit_code = process.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            exit_code = process.wait()
        process.stdout.close()
        return exit_code

    @property
    def running(self):
        return self._process is not None and self._process.poll() is None

    # --- control endpoints ---

    def _control(self, method, name, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            f"{self.root_url}/_simulator/{name}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise SimulatorError(f"{method} /_simulator/{name}: {error.code} {error.read().decode()}") from None

    def requests_log(self):
        """Every API request so far, in arrival order: dicts of method, path, query, status."""
        return self._control("GET", "requests")["requests"]

    def calls(self, since=0):
        """The API requests from the since-th on, as "METHOD /v2/path" strings."""
        return ["%s %s" % (entry["method"], entry["path"]) for entry in self.requests_log()[since:]]

    def writes(self, since=0):
        """The API requests other than GET from the since-th request on, as (method, path) pairs."""
        return [(entry["method"], entry["path"]) for entry in self.requests_log()[since:] if entry["method"] != "GET"]

    def reset(self):
        """Forget every record of every resource, the request log, the pending faults and the hooks."""
        self._control("POST", "reset", {})

    def latency(self, seconds=None):
        """Delay every API request by seconds from now on (until a reset); return the delay in force."""
        if seconds is None:
            return self._control("GET", "latency")["seconds"]
        return self._control("POST", "latency", {"seconds": seconds})["seconds"]

    def fault(self, status=None, times=1, method=None, retry_after=None, delay=None):
        """Answer the next times matching API requests with status, after delay seconds."""
        settings = {"status": status, "times": times, "method": method, "retry_after": retry_after, "delay": delay}
        return self._control("POST", "faults", {key: value for key, value in settings.items() if value is not None})[
            "fault"
        ]

    def before(self, method, path, then, *, page=None, times=1):
        """Just before the API processes the next matching request, send then's requests.

        A request matches by method and path (``/v2/...``) and, if page is given, its
        page[number] (1 when it has none). then: (METHOD, PATH) or (METHOD, PATH, BODY) tuples,
        API paths (``/v2/...``, as another client would send them: logged) or control paths
        (``/_simulator/...``), sent in order, each answered before the next, and all before the
        matching request is processed. Used up after times matching requests. Deterministic:
        no delay, no thread, nothing to poll.
        """
        requests = [dict(zip(("method", "path", "body"), step, strict=False)) for step in then]
        body = {"method": method, "path": path, "times": times, "then": requests}
        if page is not None:
            body["page"] = page
        return self._control("POST", "hooks", body)["hook"]

    def hooks(self):
        """{"pending": [...], "fired": [...]}: each hook with answers, the statuses of its requests each time it ran."""
        return self._control("GET", "hooks")

    def seed_applications(self, count, name_prefix, **fields):
        """Create count fax applications named name_prefix-00001 on; return their ids, oldest first."""
        body = {"count": count, "name_prefix": name_prefix, **fields}
        return self._control("POST", "fax_applications/seed", body)["ids"]

    seed = seed_applications  # the older, shorter name: tests and docs use both

    def seed_profiles(self, count, name_prefix, **fields):
        """Create count outbound voice profiles named name_prefix-00001 on; return their ids, oldest first."""
        body = {"count": count, "name_prefix": name_prefix, **fields}
        return self._control("POST", "outbound_voice_profiles/seed", body)["ids"]

    def profiles(self):
        """Every stored outbound voice profile, oldest first."""
        return self._control("GET", "outbound_voice_profiles")["data"]

    def seed_phone_numbers(self, phone_numbers, **fields):
        """Put numbers in the account; return their ids, in the order given.

        phone_numbers: "+E164" strings, or dicts with phone_number and any of id, status,
        phone_number_type, tags, customer_reference, connection_id, country_iso_alpha2.
        fields: the same settings for every number (an entry's own win).
        """
        return self._control("POST", "phone_numbers/seed", {"phone_numbers": list(phone_numbers), **fields})["ids"]

    def phone_numbers(self):
        """Every phone number in the account, as the API shows them, oldest first."""
        return self._control("GET", "phone_numbers")["data"]

    def applications(self):
        """Every stored application, write-only fields (fax_email_recipient) included."""
        return self._control("GET", "fax_applications")["data"]

    # --- faxes and webhooks ---

    def fax_clock(self, *, step_seconds=None, paused=None, advance=None):
        """Set the fax pace and clock (README.md, "The fax clock"); return its state.

        step_seconds: seconds per status (a number, {status: seconds}, "instant" or
        "realistic"); paused: stop or restart the clock; advance: move it on by that many
        seconds, applying every step due by then. With no argument, only read the state.
        """
        settings = {"step_seconds": step_seconds, "paused": paused, "advance": advance}
        settings = {key: value for key, value in settings.items() if value is not None}
        if not settings:
            return self._control("GET", "fax_clock")
        return self._control("POST", "fax_clock", settings)

    def inbound_fax(self, from_number, to, pages=1, failure_reason=None, partial=False):
        """A fax from from_number arrives at to, a number of the account on a fax application; return it.

        It then runs on the fax clock: receiving -> media.processing -> received, or failed
        with failure_reason. The fax is returned as GET /v2/faxes/{id} shows it.
        """
        settings = {"from": from_number, "to": to, "pages": pages, "partial": partial}
        if failure_reason is not None:
            settings["failure_reason"] = failure_reason
        return self._control("POST", "inbound_faxes", settings)["data"]

    def failing_number(self, to, failure_reason, after=None):
        """Make faxes to this number fail with failure_reason as they leave status after."""
        settings = {"to": to, "failure_reason": failure_reason}
        if after is not None:
            settings["after"] = after
        return self._control("POST", "failing_numbers", settings)["data"]

    def failing_numbers(self):
        """Every destination that fails, built-in ones included."""
        return self._control("GET", "failing_numbers")["data"]

    def faxes(self):
        """Every fax as the API shows it, oldest first, each with the history of its steps."""
        return self._control("GET", "faxes")["data"]

    def webhook_deliveries(self, wait=0):
        """Every webhook attempt so far, in order; first wait up to wait seconds for none to be pending."""
        return self._control("GET", f"webhook_deliveries?wait={wait}")["deliveries"]

    def webhook_public_key(self):
        """The Base64 Ed25519 public key the simulator signs webhooks with."""
        return self._control("GET", "webhook_public_key")["public_key"]


class Relay:
    """A TCP relay to a running simulator, on a port of its own that can stop answering.

    Stopping the simulator itself would lose its records (and every other test's simulator);
    closing the relay's port looks the same from a client: open connections close, new ones are
    refused, until up() listens on the same port again.
    """

    def __init__(self, simulator):
        target = urllib.parse.urlsplit(simulator.base_url)
        self._target = (target.hostname, target.port)
        self.port = 0
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()
        self.up()
        self.base_url = simulator.base_url.replace(f":{target.port}/", f":{self.port}/", 1)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.down()

    def up(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self):
        """Refuse connections from now on, and close the open ones."""
        listener, self._listener = self._listener, None
        with self._lock:
            sockets, self._open = [listener, *self._open] if listener else list(self._open), set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv()
            except OSError:
                pass
            sock.close()

    def blip(self, seconds):
        """Go down now and come back up after seconds, in the background; return the timer."""
        self.down()
        timer = threading.Timer(seconds, self.up)
        timer.daemon = True
        timer.start()
        return timer

    def _accept(self, listener):
        while True:
            try:
                client = listener.accept()[0]
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with self._lock:
                self._open.discard(sock)
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
