"""Start the Telnyx simulator for a test and talk to its control endpoints.

Standard library only, so any test runner can use it:

    from harness import Simulator

    with Simulator() as sim:
        client = make_client(base_url=sim.base_url, api_key=sim.api_key)
        sim.fault(429, retry_after=1)
        ...
        assert [entry["status"] for entry in sim.requests_log()] == [429, 200]
"""

import json
import os
import selectors
import subprocess
import sys
import urllib.error
import urllib.request

SERVER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "telnyx_simulator.py")
DEFAULT_API_KEY = "KEY_simulator_test_0000"
FIRST_LINE_PREFIX = "listening on "


class SimulatorError(RuntimeError):
    """The simulator did not start, or a control endpoint refused a request."""


class Simulator:
    """The simulator as a subprocess on a free port of 127.0.0.1; a context manager.

    python is the interpreter that runs it (3.11 or newer); by default the one running the
    tests.
    """

    def __init__(
        self,
        api_key=DEFAULT_API_KEY,
        *,
        state_file=None,
        verbose=False,
        python=None,
        startup_timeout=10.0,
        stop_timeout=5.0,
    ):
        self.api_key = api_key
        self.state_file = state_file
        self.verbose = verbose
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

    def reset(self):
        """Forget every record of every resource, the request log and the pending faults."""
        self._control("POST", "reset", {})

    def fault(self, status=None, times=1, method=None, retry_after=None, delay=None):
        """Answer the next times matching API requests with status, after delay seconds."""
        settings = {"status": status, "times": times, "method": method, "retry_after": retry_after, "delay": delay}
        return self._control("POST", "faults", {key: value for key, value in settings.items() if value is not None})[
            "fault"
        ]

    def seed(self, count, name_prefix, **fields):
        """Create count applications named name_prefix-00001 on; return their ids, oldest first."""
        return self._control("POST", "seed", {"count": count, "name_prefix": name_prefix, **fields})["ids"]

    def seed_profiles(self, count, name_prefix, **fields):
        """Create count outbound voice profiles named name_prefix-00001 on; return their ids, oldest first."""
        return self._control("POST", "seed_profiles", {"count": count, "name_prefix": name_prefix, **fields})["ids"]

    def profiles(self):
        """Every stored outbound voice profile, oldest first."""
        return self._control("GET", "outbound_voice_profiles")["data"]

    def seed_phone_numbers(self, phone_numbers, **fields):
        """Put numbers in the account; return their ids, in the order given.

        phone_numbers: "+E164" strings, or dicts with phone_number and any of id, status,
        phone_number_type, tags, customer_reference, connection_id, country_iso_alpha2.
        fields: the same settings for every number (an entry's own win).
        """
        return self._control("POST", "seed_phone_numbers", {"phone_numbers": list(phone_numbers), **fields})["ids"]

    def phone_numbers(self):
        """Every phone number in the account, as the API shows them, oldest first."""
        return self._control("GET", "phone_numbers")["data"]

    def applications(self):
        """Every stored application, write-only fields (fax_email_recipient) included."""
        return self._control("GET", "applications")["data"]
