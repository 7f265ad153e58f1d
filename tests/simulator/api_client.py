"""What the simulator's tests share: a plain HTTP client, the error-format check, small helpers."""

import contextlib
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVER_SCRIPT = HERE / "telnyx_simulator.py"
SERVE_SCRIPT = HERE / "serve.py"

APPS = "/v2/fax_applications"
PROFILES = "/v2/outbound_voice_profiles"
NUMBERS = "/v2/phone_numbers"
MINIMAL_APP = {"application_name": "fax-router", "webhook_event_url": "https://example.com/hooks"}
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
EXPECTED_ERROR_KINDS = {
    400: ("10015", "Bad Request"),
    401: ("10009", "Authentication failed"),
    404: ("404", "Not Found"),
    405: ("405", "Method Not Allowed"),
    422: ("422", "Unprocessable Entity"),
    429: ("10011", "Too many requests"),
}
ANCHORSITES = [
    "Latency",
    "Chicago, IL",
    "Ashburn, VA",
    "San Jose, CA",
    "Sydney, Australia",
    "Amsterdam, Netherlands",
    "London, UK",
    "Toronto, Canada",
    "Vancouver, Canada",
    "Frankfurt, Germany",
]
PUBLIC_FIELDS = {
    "id",
    "record_type",
    "application_name",
    "active",
    "anchorsite_override",
    "webhook_event_url",
    "webhook_event_failover_url",
    "webhook_timeout_secs",
    "inbound",
    "outbound",
    "tags",
    "created_at",
    "updated_at",
}


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def data(self):
        return self.json["data"]

    def __repr__(self):
        return f"<Response {self.status} {self.body[:400]!r}>"


class ApiClient:
    """Plain http.client requests: nothing here smooths over what the server sends."""

    def __init__(self, root_url, api_key):
        parts = urllib.parse.urlsplit(root_url)
        self.host, self.port = parts.hostname, parts.port
        self.api_key = api_key

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, target, json_body=None, *, body=None, headers=None, auth=True, connection=None):
        """Send one request; target is the path with its raw query, e.g. /v2/fax_applications?sort=active."""
        sent_headers = {"Authorization": f"Bearer {self.api_key}"} if auth else {}
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent_headers["Content-Type"] = "application/json"
        sent_headers.update(headers or {})
        conn = connection or self.connect()
        try:
            conn.request(method, target, body=body, headers=sent_headers)
            response = conn.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            if connection is None:
                conn.close()

    def create(self, **fields):
        response = self.request("POST", APPS, {**MINIMAL_APP, **fields})
        assert response.status == 201, response
        return response.data

    def update(self, app_id, **fields):
        return self.request("PATCH", f"{APPS}/{app_id}", {**MINIMAL_APP, **fields})

    def get(self, app_id):
        return self.request("GET", f"{APPS}/{app_id}")

    def list(self, query=""):
        return self.request("GET", f"{APPS}?{query}" if query else APPS)

    def control(self, method, name, json_body=None, *, body=None):
        return self.request(method, f"/_simulator/{name}", json_body, body=body, auth=False)


def assert_errors(response, status, *, pointers=None, parameters=None):
    """Check Telnyx's error format; pointers/parameters list every entry's source (any order)."""
    assert response.status == status, response
    assert response.headers["Content-Type"] == "application/json"
    errors = response.json["errors"]
    assert errors
    code, title = EXPECTED_ERROR_KINDS.get(status, ("10007", "Unexpected error") if status >= 500 else (None, None))
    for error in errors:
        assert isinstance(error["code"], str)
        if code:
            assert (error["code"], error["title"]) == (code, title)
        assert isinstance(error["detail"], str) and error["detail"]
        assert len(error["source"]) == 1 and set(error["source"]) <= {"pointer", "parameter"}
    if pointers is not None:
        assert sorted(error["source"].get("pointer") for error in errors) == sorted(pointers)
    if parameters is not None:
        assert sorted(error["source"].get("parameter") for error in errors) == sorted(parameters)
    return errors


def page_ids(response):
    assert response.status == 200, response
    return [app["id"] for app in response.data]


def wait_for_arrivals(sim, count):
    deadline = time.monotonic() + 10
    while len(sim.requests_log()) < count:
        assert time.monotonic() < deadline, "the request never reached the simulator"
        time.sleep(0.01)


@contextlib.contextmanager
def raw_server(*args):
    """The simulator started by hand, to watch its output and exit code."""
    command = [sys.executable, str(SERVER_SCRIPT), "--host", "127.0.0.1", "--port", "0", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process, process.stdout.readline()
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def port_of(first_line):
    return int(re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)/v2\n", first_line).group(1))


def list_with_key(port, api_key):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", APPS, headers={"Authorization": f"Bearer {api_key}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def strict_client(sim=None, **options):
    """An official SDK client that refuses any response that does not match its types.

    Without sim, the SDK finds its key and URL in its own environment variables.
    """
    import telnyx  # only the SDK tests need it, and it is slow to import

    settings = {"api_key": sim.api_key, "base_url": sim.base_url} if sim else {}
    return telnyx.Telnyx(**{**settings, "max_retries": 0, **options}, _strict_response_validation=True)
