"""The simulator's behaviour, over real HTTP, rule by rule (see README.md beside this file)."""

import contextlib
import http.client
import itertools
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from harness import Simulator, SimulatorError

HERE = Path(__file__).resolve().parent
SERVER_SCRIPT = HERE / "telnyx_simulator.py"
SERVE_SCRIPT = HERE / "serve.py"

APPS = "/v2/fax_applications"
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


@pytest.fixture
def api(sim):
    return ApiClient(sim.root_url, sim.api_key)


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


# --- the process --------------------------------------------------------------------------


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_prints_exactly_one_line_serves_and_exits_zero_on_signal(stop_signal):
    with raw_server("--api-key", "KEY_a") as (process, first_line):
        port = port_of(first_line)
        assert port > 0
        assert list_with_key(port, "KEY_a") == 200
        process.send_signal(stop_signal)
        rest_of_stdout, stderr = process.communicate(timeout=10)
        assert process.returncode == 0
        assert rest_of_stdout == ""
        assert stderr == ""  # quiet by default: no per-request log lines


def test_clients_that_hang_up_abruptly_leave_stderr_quiet():
    with raw_server("--api-key", "KEY_a") as (process, first_line):
        port = port_of(first_line)
        for _attempt in range(5):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(f"GET {APPS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer KEY_a\r\n\r\n".encode())
            client.recv(1)  # the reply has arrived; leave the rest of it unread
            # Closing with unread data and a zero linger time makes the kernel send a reset.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        assert list_with_key(port, "KEY_a") == 200
        process.terminate()
        _stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert stderr == ""


def test_verbose_logs_each_request_on_stderr():
    with raw_server("--api-key", "KEY_a", "--verbose") as (process, first_line):
        list_with_key(port_of(first_line), "KEY_a")
        process.terminate()
        _stdout, stderr = process.communicate(timeout=10)
    assert f'"GET {APPS} HTTP/1.1" 200' in stderr


def test_every_api_key_given_is_accepted():
    with raw_server("--api-key", "KEY_one", "--api-key", "KEY_two") as (_process, first_line):
        port = port_of(first_line)
        assert [list_with_key(port, key) for key in ("KEY_one", "KEY_two", "KEY_three")] == [200, 200, 401]


def test_state_survives_a_restart(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        api = ApiClient(first.root_url, first.api_key)
        kept = api.create(inbound={"sip_subdomain": "kept"}, tags=["a"])
        assert api.update(kept["id"], fax_email_recipient="fax@example.com", tags=["b"]).status == 200
        first.in_use(kept["id"])
        deleted = api.create(application_name="deleted")
        api.request("DELETE", f"{APPS}/{deleted['id']}")
        before = api.get(kept["id"]).data
    assert json.loads(state_file.read_text())  # a complete JSON document
    assert sorted(os.listdir(tmp_path)) == ["state.json"]  # no temporary file left behind

    with Simulator(state_file=state_file) as second:
        api = ApiClient(second.root_url, second.api_key)
        assert api.get(kept["id"]).data == before
        assert page_ids(api.list()) == [kept["id"]]
        assert second.applications()[0]["fax_email_recipient"] == "fax@example.com"
        assert_errors(api.request("DELETE", f"{APPS}/{kept['id']}"), 422)  # still in use
        taken_subdomain = {**MINIMAL_APP, "inbound": {"sip_subdomain": "kept"}}
        assert_errors(api.request("POST", APPS, taken_subdomain), 422, pointers=["/inbound/sip_subdomain"])
        assert api.update(kept["id"]).data["updated_at"] > before["updated_at"]


def test_state_file_is_replaced_whole_on_every_write(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as sim:
        api = ApiClient(sim.root_url, sim.api_key)
        stop_reading = threading.Event()
        torn_reads = []

        def read_repeatedly():
            while not stop_reading.is_set():
                text = state_file.read_text()
                try:
                    json.loads(text)
                except ValueError:
                    torn_reads.append(text)

        reader = threading.Thread(target=read_repeatedly)
        reader.start()
        try:
            for number in range(60):
                api.create(application_name=f"app-{number}", tags=["x" * 200])
        finally:
            stop_reading.set()
            reader.join()
        assert torn_reads == []
        assert len(json.loads(state_file.read_text())["applications"]) == 60


def test_an_unreadable_state_file_stops_start_up(tmp_path):
    state_file = tmp_path / "state.json"
    state_file.write_text("{not json")
    with raw_server("--api-key", "KEY_a", "--state-file", str(state_file)) as (process, first_line):
        _stdout, stderr = process.communicate(timeout=10)
    assert first_line == ""
    assert process.returncode != 0
    assert "state file" in stderr


def test_keep_alive_serves_many_requests_on_one_connection(api):
    app = api.create()
    connection = api.connect()
    try:
        requests = [
            ("GET", APPS, None, {}),
            ("POST", APPS, MINIMAL_APP, {}),
            ("GET", f"{APPS}/{app['id']}", None, {"Authorization": "Bearer wrong"}),
            ("GET", f"{APPS}/1", None, {}),
            ("POST", APPS, {}, {}),
            ("PUT", APPS, None, {}),
            ("GET", f"{APPS}?page[size]=0", None, {}),
            ("DELETE", f"{APPS}/{app['id']}", None, {}),
        ]
        statuses = []
        first_socket = None
        for method, target, body, headers in requests:
            response = api.request(method, target, body, headers=headers, connection=connection)
            first_socket = first_socket or connection.sock
            assert connection.sock is first_socket  # not closed and reopened in between
            assert int(response.headers["Content-Length"]) == len(response.body)
            assert response.headers["Content-Type"] == "application/json"
            json.loads(response.body)
            statuses.append(response.status)
        assert statuses == [200, 201, 401, 404, 422, 405, 400, 200]
    finally:
        connection.close()


# --- routes and authentication ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/v2", "/v2/", "/v1/fax_applications", "/v2/fax_application", f"{APPS}/", f"{APPS}/1/extra", "/_simulator"],
)
def test_unknown_paths_are_404(api, path):
    assert_errors(api.request("GET", path), 404)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_application_is_404(api, method):
    body = MINIMAL_APP if method == "PATCH" else None
    assert_errors(api.request(method, f"{APPS}/1293384261075731499", body), 404)


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("PUT", APPS, "GET, POST"),
        ("PATCH", APPS, "GET, POST"),
        ("DELETE", APPS, "GET, POST"),
        ("POST", f"{APPS}/1", "GET, PATCH, DELETE"),
        ("PUT", f"{APPS}/1", "GET, PATCH, DELETE"),
        ("OPTIONS", f"{APPS}/1", "GET, PATCH, DELETE"),
    ],
)
def test_a_wrong_method_on_a_known_path_is_405(api, method, path, allowed):
    response = api.request(method, path, {})
    assert_errors(response, 405)
    assert response.headers["Allow"] == allowed


def test_head_is_405_without_a_body(api):
    response = api.request("HEAD", APPS)
    assert response.status == 405
    assert response.body == b""


def test_a_method_http_server_does_not_know_still_gets_a_telnyx_error(api):
    assert_errors(api.request("BREW", APPS), 501)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer KEY_not_a_known_key",
        "Bearer",
        "Bearer ",
        "bearer KEY_simulator_test_0000",
        "Basic KEY_simulator_test_0000",
        "KEY_simulator_test_0000",
        "Bearer KEY_simulator_test_0000 extra",
        "Bearer  KEY_simulator_test_0000",
    ],
)
def test_anything_but_bearer_and_a_known_key_is_401(api, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = api.request("GET", APPS, headers=headers, auth=False)
    assert_errors(response, 401)
    assert b"KEY_" not in response.body  # no key, right or wrong, is echoed


def test_authentication_comes_before_routing_and_changes(api):
    app = api.create()
    assert_errors(api.request("GET", "/v2/nowhere", auth=False), 401)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}", auth=False), 401)
    assert api.get(app["id"]).status == 200


# --- create -------------------------------------------------------------------------------


def test_create_fills_in_server_fields_and_defaults(api):
    response = api.request("POST", APPS, MINIMAL_APP)
    assert response.status == 201
    assert response.headers["Content-Type"] == "application/json"
    app = response.data
    assert set(app) == PUBLIC_FIELDS
    assert re.fullmatch(r"[1-9][0-9]{18}", app["id"])
    assert TIMESTAMP.fullmatch(app["created_at"])
    assert app["updated_at"] == app["created_at"]
    assert {key: value for key, value in app.items() if key not in ("id", "created_at", "updated_at")} == {
        "record_type": "fax_application",
        "application_name": "fax-router",
        "webhook_event_url": "https://example.com/hooks",
        "active": True,
        "anchorsite_override": "Latency",
        "webhook_event_failover_url": "",
        "webhook_timeout_secs": None,
        "inbound": {"channel_limit": None, "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"},
        "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
        "tags": [],
    }
    assert api.get(app["id"]).data == app


FULL_APP = {
    "application_name": "fax-router",
    "webhook_event_url": "https://example.com/hooks",
    "active": False,
    "anchorsite_override": "Amsterdam, Netherlands",
    "webhook_event_failover_url": "http://failover.example.com/hooks",
    "webhook_timeout_secs": 25,
    "inbound": {
        "channel_limit": 10,
        "sip_subdomain": "example",
        "sip_subdomain_receive_settings": "only_my_connections",
    },
    "outbound": {"channel_limit": 0, "outbound_voice_profile_id": "1293384261075731499"},
    "tags": ["tag1", "tag2"],
}


def test_create_keeps_every_field_it_is_given(api):
    app = api.create(**FULL_APP)
    assert {key: app[key] for key in FULL_APP} == FULL_APP


def test_create_without_the_required_fields_is_one_422_error_each(api):
    assert_errors(api.request("POST", APPS, {}), 422, pointers=["/application_name", "/webhook_event_url"])
    assert_errors(api.request("POST", APPS, {"application_name": "x"}), 422, pointers=["/webhook_event_url"])
    assert page_ids(api.list()) == []


@pytest.mark.parametrize("anchorsite", ANCHORSITES)
def test_every_anchorsite_is_accepted(api, anchorsite):
    assert api.create(anchorsite_override=anchorsite)["anchorsite_override"] == anchorsite


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"webhook_timeout_secs": 0}, {"webhook_timeout_secs": 0}),
        ({"webhook_timeout_secs": 30}, {"webhook_timeout_secs": 30}),
        ({"webhook_timeout_secs": None}, {"webhook_timeout_secs": None}),
        ({"webhook_event_failover_url": ""}, {"webhook_event_failover_url": ""}),
        ({"webhook_event_failover_url": None}, {"webhook_event_failover_url": ""}),
        (
            {"webhook_event_url": "HTTP://Example.com:8080/a?b=c"},
            {"webhook_event_url": "HTTP://Example.com:8080/a?b=c"},
        ),
        (
            {"inbound": {"channel_limit": 0}},
            {"inbound": {"channel_limit": 0, "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"}},
        ),
        (
            {"outbound": {"outbound_voice_profile_id": None}},
            {"outbound": {"channel_limit": None, "outbound_voice_profile_id": None}},
        ),
        (
            {"inbound": {}, "outbound": {}},
            {
                "inbound": {
                    "channel_limit": None,
                    "sip_subdomain": None,
                    "sip_subdomain_receive_settings": "from_anyone",
                },
                "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
            },
        ),
        ({"tags": []}, {"tags": []}),
        ({"active": True}, {"active": True}),
    ],
)
def test_edge_values_are_accepted(api, fields, expected):
    app = api.create(**fields)
    assert {key: app[key] for key in expected} == expected


# (extra fields, the pointer of the one error they cause), for both create and update.
INVALID_FIELDS = [
    ({"application_name": ""}, "/application_name"),
    ({"application_name": "   "}, "/application_name"),
    ({"application_name": 5}, "/application_name"),
    ({"application_name": None}, "/application_name"),
    ({"webhook_event_url": "example.com/hooks"}, "/webhook_event_url"),
    ({"webhook_event_url": "ftp://example.com/hooks"}, "/webhook_event_url"),
    ({"webhook_event_url": "https://"}, "/webhook_event_url"),
    ({"webhook_event_url": "https://exa mple.com"}, "/webhook_event_url"),
    ({"webhook_event_url": ""}, "/webhook_event_url"),
    ({"webhook_event_url": None}, "/webhook_event_url"),
    ({"webhook_event_url": 42}, "/webhook_event_url"),
    ({"webhook_event_failover_url": "failover.example.com"}, "/webhook_event_failover_url"),
    ({"webhook_event_failover_url": 1}, "/webhook_event_failover_url"),
    ({"webhook_timeout_secs": 31}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": -1}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": True}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": 2.5}, "/webhook_timeout_secs"),
    ({"webhook_timeout_secs": "10"}, "/webhook_timeout_secs"),
    ({"active": "true"}, "/active"),
    ({"active": 1}, "/active"),
    ({"active": None}, "/active"),
    ({"anchorsite_override": "Mars"}, "/anchorsite_override"),
    ({"anchorsite_override": "latency"}, "/anchorsite_override"),
    ({"anchorsite_override": None}, "/anchorsite_override"),
    ({"tags": "tag1"}, "/tags"),
    ({"tags": ["ok", 1]}, "/tags"),
    ({"tags": [None]}, "/tags"),
    ({"tags": None}, "/tags"),
    ({"inbound": "fax"}, "/inbound"),
    ({"inbound": []}, "/inbound"),
    ({"inbound": None}, "/inbound"),
    ({"outbound": 5}, "/outbound"),
    ({"inbound": {"channel_limit": -1}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": True}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": "5"}}, "/inbound/channel_limit"),
    ({"inbound": {"channel_limit": 1.5}}, "/inbound/channel_limit"),
    ({"outbound": {"channel_limit": -3}}, "/outbound/channel_limit"),
    ({"outbound": {"channel_limit": False}}, "/outbound/channel_limit"),
    ({"inbound": {"sip_subdomain": 5}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain": ""}}, "/inbound/sip_subdomain"),
    ({"inbound": {"sip_subdomain_receive_settings": "everyone"}}, "/inbound/sip_subdomain_receive_settings"),
    ({"inbound": {"sip_subdomain_receive_settings": None}}, "/inbound/sip_subdomain_receive_settings"),
    ({"outbound": {"outbound_voice_profile_id": 1293384261075731499}}, "/outbound/outbound_voice_profile_id"),
    ({"inbound": {"unknown": 1}}, "/inbound/unknown"),
    ({"outbound": {"sip_subdomain": "x"}}, "/outbound/sip_subdomain"),
    ({"connection_name": "old"}, "/connection_name"),
    ({"a/b~c": 1}, "/a~1b~0c"),
    ({"id": "1293384261075731499"}, "/id"),
    ({"record_type": "fax_application"}, "/record_type"),
    ({"created_at": "2018-02-02T22:25:27.521Z"}, "/created_at"),
    ({"updated_at": "2018-02-02T22:25:27.521Z"}, "/updated_at"),
]
INVALID_ON_UPDATE_ONLY = [
    ({"fax_email_recipient": "not-an-address"}, "/fax_email_recipient"),
    ({"fax_email_recipient": 5}, "/fax_email_recipient"),
]


@pytest.mark.parametrize(
    "fields, pointer", INVALID_FIELDS + [({"fax_email_recipient": "fax@example.com"}, "/fax_email_recipient")]
)
def test_create_rejects_an_invalid_field(api, fields, pointer):
    assert_errors(api.request("POST", APPS, {**MINIMAL_APP, **fields}), 422, pointers=[pointer])
    assert page_ids(api.list()) == []


@pytest.mark.parametrize("fields, pointer", INVALID_FIELDS + INVALID_ON_UPDATE_ONLY)
def test_update_rejects_an_invalid_field_and_changes_nothing(api, sim, fields, pointer):
    app = api.create()
    assert_errors(api.update(app["id"], **fields), 422, pointers=[pointer])
    assert api.get(app["id"]).data == app
    assert sim.applications()[0]["fax_email_recipient"] is None


def test_several_problems_are_one_error_each(api):
    body = {"application_name": 1, "webhook_timeout_secs": 99, "inbound": {"channel_limit": -1, "x": 1}, "extra": 1}
    assert_errors(
        api.request("POST", APPS, body),
        422,
        pointers=[
            "/application_name",
            "/webhook_event_url",
            "/webhook_timeout_secs",
            "/inbound/channel_limit",
            "/inbound/x",
            "/extra",
        ],
    )


@pytest.mark.parametrize("body", [b"{", b"[]", b'"fax"', b"null", b"42", b"", b"\xff\xfe{}", b'{"a": 1} {}'])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_body_that_is_not_a_json_object_is_400(api, method, body):
    target = APPS if method == "POST" else f"{APPS}/{api.create()['id']}"
    response = api.request(method, target, body=body, headers={"Content-Type": "application/json"})
    assert_errors(response, 400)
    assert len(page_ids(api.list())) == (0 if method == "POST" else 1)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_400(api, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_errors(api.request("POST", APPS, body=json.dumps(MINIMAL_APP).encode(), headers=headers), 400)
    assert (
        api.request(
            "POST",
            APPS,
            body=json.dumps(MINIMAL_APP).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        ).status
        == 201
    )


# --- fax_email_recipient --------------------------------------------------------------------


def test_fax_email_recipient_is_stored_but_never_returned(api, sim):
    app = api.create()
    updated = api.update(app["id"], fax_email_recipient="fax@example.com")
    assert updated.status == 200
    assert "fax_email_recipient" not in updated.data
    assert "fax_email_recipient" not in api.get(app["id"]).data
    assert "fax_email_recipient" not in api.list().data[0]
    assert sim.applications()[0]["fax_email_recipient"] == "fax@example.com"

    assert api.update(app["id"], active=False).status == 200  # leaving it out keeps it
    assert sim.applications()[0]["fax_email_recipient"] == "fax@example.com"
    assert "fax_email_recipient" not in api.request("DELETE", f"{APPS}/{app['id']}").data


def test_fax_email_recipient_null_clears_it(api, sim):
    app = api.create()
    api.update(app["id"], fax_email_recipient="fax@example.com")
    assert api.update(app["id"], fax_email_recipient=None).status == 200
    assert sim.applications()[0]["fax_email_recipient"] is None


# --- update -------------------------------------------------------------------------------


def test_update_replaces_the_fields_present_and_keeps_the_rest(api):
    app = api.create(**FULL_APP)
    response = api.update(
        app["id"], application_name="renamed", webhook_event_url="https://new.example.com", active=True
    )
    assert response.status == 200
    updated = response.data
    assert updated == {
        **app,
        "application_name": "renamed",
        "webhook_event_url": "https://new.example.com",
        "active": True,
        "updated_at": updated["updated_at"],
    }
    assert api.get(app["id"]).data == updated


def test_update_needs_application_name_and_webhook_event_url(api):
    app = api.create()
    target = f"{APPS}/{app['id']}"
    assert_errors(
        api.request("PATCH", target, {"active": False}), 422, pointers=["/application_name", "/webhook_event_url"]
    )
    assert_errors(api.request("PATCH", target, {"application_name": "x"}), 422, pointers=["/webhook_event_url"])
    assert api.get(app["id"]).data == app


def test_update_replaces_nested_objects_whole(api):
    app = api.create(**FULL_APP)
    updated = api.update(app["id"], inbound={"channel_limit": 7}, outbound={"channel_limit": 3}).data
    assert updated["inbound"] == {
        "channel_limit": 7,
        "sip_subdomain": None,
        "sip_subdomain_receive_settings": "from_anyone",
    }
    assert updated["outbound"] == {"channel_limit": 3, "outbound_voice_profile_id": None}


def test_update_without_nested_objects_keeps_them(api):
    app = api.create(**FULL_APP)
    updated = api.update(app["id"], tags=[]).data
    assert (updated["inbound"], updated["outbound"], updated["tags"]) == (FULL_APP["inbound"], FULL_APP["outbound"], [])


def test_updated_at_moves_forward_on_every_update(api):
    app = api.create()
    stamps = [app["updated_at"]]
    for number in range(15):
        updated = api.update(app["id"], application_name=f"name-{number}").data
        assert updated["created_at"] == app["created_at"]
        assert TIMESTAMP.fullmatch(updated["updated_at"])
        stamps.append(updated["updated_at"])
    assert all(earlier < later for earlier, later in itertools.pairwise(stamps)), stamps


def test_update_of_an_unknown_id_is_404_whatever_the_body(api):
    assert_errors(api.request("PATCH", f"{APPS}/1293384261075731499", {"webhook_timeout_secs": 99}), 404)


# --- sip_subdomain uniqueness -------------------------------------------------------------


def test_a_sip_subdomain_belongs_to_one_application(api):
    owner = api.create(inbound={"sip_subdomain": "faxes"})
    taken = {**MINIMAL_APP, "inbound": {"sip_subdomain": "FAXES"}}
    assert_errors(api.request("POST", APPS, taken), 422, pointers=["/inbound/sip_subdomain"])
    other = api.create(application_name="other", inbound={"sip_subdomain": "other"})
    assert_errors(api.update(other["id"], inbound={"sip_subdomain": "faxes"}), 422, pointers=["/inbound/sip_subdomain"])
    assert api.get(other["id"]).data == other
    assert api.update(owner["id"], inbound={"sip_subdomain": "faxes", "channel_limit": 2}).status == 200
    assert api.update(owner["id"], active=False).status == 200  # keeping its own subdomain
    api.request("DELETE", f"{APPS}/{owner['id']}")
    assert api.update(other["id"], inbound={"sip_subdomain": "faxes"}).data["inbound"]["sip_subdomain"] == "faxes"


def test_applications_without_a_sip_subdomain_do_not_clash(api):
    api.create(inbound={"sip_subdomain": None})
    api.create(inbound={"channel_limit": 1})


# --- delete -------------------------------------------------------------------------------


def test_delete_answers_with_the_deleted_application(api):
    app = api.create(**FULL_APP)
    response = api.request("DELETE", f"{APPS}/{app['id']}")
    assert response.status == 200
    assert response.data == app
    assert_errors(api.get(app["id"]), 404)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 404)


def test_an_application_in_use_by_phone_numbers_is_not_deleted(api, sim):
    app = api.create()
    sim.in_use(app["id"])
    errors = assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 422)
    detail = errors[0]["detail"]
    assert "in use by phone numbers" in detail and "unassign" in detail
    assert api.get(app["id"]).data == app
    sim.in_use(app["id"], False)
    assert api.request("DELETE", f"{APPS}/{app['id']}").status == 200


# --- list ---------------------------------------------------------------------------------


def test_list_defaults_to_page_1_of_20_newest_first(api, sim):
    ids = sim.seed(25, "app")
    response = api.list()
    assert page_ids(response) == ids[::-1][:20]
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 25}
    assert page_ids(api.list("page[number]=2")) == ids[::-1][20:]
    assert set(api.list().data[0]) == PUBLIC_FIELDS


def test_a_page_past_the_last_is_empty_with_the_right_meta(api, sim):
    sim.seed(5, "app")
    last = api.list("page[number]=3&page[size]=2")
    assert len(page_ids(last)) == 1
    assert last.json["meta"] == {"page_number": 3, "page_size": 2, "total_pages": 3, "total_results": 5}
    response = api.list("page[number]=4&page[size]=2")
    assert response.data == []
    assert response.json["meta"] == {"page_number": 4, "page_size": 2, "total_pages": 3, "total_results": 5}


def test_no_results_is_zero_pages(api):
    response = api.list()
    assert response.data == []
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


@pytest.mark.parametrize("size", [1, 250])
def test_page_size_limits_are_accepted(api, sim, size):
    sim.seed(3, "app")
    assert len(page_ids(api.list(f"page[size]={size}"))) == min(size, 3)


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("page[number]", "0"),
        ("page[number]", "-1"),
        ("page[number]", "abc"),
        ("page[number]", ""),
        ("page[number]", "1.5"),
        ("page[number]", "+1"),
        ("page[number]", "%201"),
        ("page[size]", "0"),
        ("page[size]", "251"),
        ("page[size]", "ten"),
        ("page[size]", ""),
        ("filter[application_name][contains]", "ab"),
        ("filter[application_name][contains]", ""),
        ("sort", "name"),
        ("sort", "--created_at"),
        ("sort", "+created_at"),
        ("sort", ""),
        ("sort", "created_at,active"),
        ("page[offset]", "1"),
        ("filter[name]", "router"),
        ("filter[application_name]", "router"),
    ],
)
def test_an_invalid_list_parameter_is_400_naming_it(api, parameter, value):
    assert_errors(api.list(f"{parameter}={value}"), 400, parameters=[parameter])


def test_several_list_problems_are_one_error_each(api):
    response = api.list("page[number]=0&page[size]=0&sort=x&filter[application_name][contains]=a")
    assert_errors(
        response, 400, parameters=["page[number]", "page[size]", "sort", "filter[application_name][contains]"]
    )


def test_a_repeated_list_parameter_is_400(api):
    assert_errors(api.list("page[size]=2&page%5Bsize%5D=3"), 400, parameters=["page[size]"])


def test_other_unknown_query_parameters_are_ignored(api, sim):
    ids = sim.seed(2, "app")
    assert page_ids(api.list("include=everything&cachebuster=1")) == ids[::-1]


def test_the_name_filter_is_a_case_insensitive_substring(api):
    east = api.create(application_name="Fax Router East")
    west = api.create(application_name="fax-ROUTER-west")
    api.create(application_name="something else")
    assert sorted(page_ids(api.list("filter[application_name][contains]=router"))) == sorted([east["id"], west["id"]])
    assert page_ids(api.list("filter[application_name][contains]=EAST")) == [east["id"]]
    assert page_ids(api.list("filter[application_name][contains]=x%20r")) == [east["id"]]
    assert page_ids(api.list("filter[application_name][contains]=x+r")) == [east["id"]]
    response = api.list("filter[application_name][contains]=nothing-like-it")
    assert response.data == [] and response.json["meta"]["total_results"] == 0


@pytest.mark.parametrize(
    "parameter", ["filter[outbound_voice_profile_id]", "filter[outbound.outbound_voice_profile_id]"]
)
def test_the_profile_filter_is_an_exact_match(api, parameter):
    wanted = api.create(outbound={"outbound_voice_profile_id": "1293384261075731499"})
    api.create(outbound={"outbound_voice_profile_id": "12933842610757314990"})
    api.create()
    assert page_ids(api.list(f"{parameter}=1293384261075731499")) == [wanted["id"]]
    assert page_ids(api.list(f"{parameter}=129338426107573149")) == []


def test_filters_combine(api):
    profile = {"outbound_voice_profile_id": "42"}
    match = api.create(application_name="router-a", outbound=profile)
    api.create(application_name="router-b")
    api.create(application_name="other", outbound=profile)
    assert page_ids(api.list("filter[application_name][contains]=router&filter[outbound_voice_profile_id]=42")) == [
        match["id"]
    ]


def test_sorts_order_by_their_field_then_by_id(api):
    apps = [
        api.create(application_name=name, active=active)
        for name, active in [("b", True), ("c", False), ("a", True), ("d", False)]
    ]
    by_creation = [app["id"] for app in apps]
    assert page_ids(api.list("sort=created_at")) == by_creation
    assert page_ids(api.list("sort=-created_at")) == by_creation[::-1]
    by_name = [app["id"] for app in sorted(apps, key=lambda app: app["application_name"])]
    assert page_ids(api.list("sort=application_name")) == by_name
    assert page_ids(api.list("sort=-application_name")) == by_name[::-1]
    assert page_ids(api.list("sort=connection_name")) == by_name
    assert page_ids(api.list("sort=-connection_name")) == by_name[::-1]
    by_active = [app["id"] for app in sorted(apps, key=lambda app: (app["active"], app["id"]))]
    assert page_ids(api.list("sort=active")) == by_active
    assert page_ids(api.list("sort=-active")) == by_active[::-1]


SORTS = [
    "",
    "sort=created_at",
    "sort=-created_at",
    "sort=application_name",
    "sort=-application_name",
    "sort=connection_name",
    "sort=active",
    "sort=-active",
]


def test_1000_applications_are_exactly_4_pages_of_250_under_every_sort(api, sim):
    all_ids = set(sim.seed(500, "on") + sim.seed(500, "off", active=False))
    assert len(all_ids) == 1000
    for sort in SORTS:
        seen = []
        for number in range(1, 5):
            response = api.list(f"{sort}&page[size]=250&page[number]={number}".lstrip("&"))
            assert response.json["meta"] == {
                "page_number": number,
                "page_size": 250,
                "total_pages": 4,
                "total_results": 1000,
            }
            page = page_ids(response)
            assert len(page) == 250
            seen += page
        assert len(set(seen)) == 1000 and set(seen) == all_ids, sort  # no overlap, no gap
        assert page_ids(api.list(f"{sort}&page[size]=250&page[number]=5".lstrip("&"))) == []


@pytest.mark.parametrize(
    "query",
    [
        "page%5Bsize%5D=2&page%5Bnumber%5D=2&filter%5Bapplication_name%5D%5Bcontains%5D=app",
        "page%5bsize%5d=2&page[number]=2&filter[application_name]%5Bcontains%5D=app",
        "page[size]=2&page%5Bnumber%5D=2&filter%5Bapplication_name%5D[contains]=app",
    ],
)
def test_bracketed_keys_work_percent_encoded(api, sim, query):
    sim.seed(5, "app")
    plain = api.list("page[size]=2&page[number]=2&filter[application_name][contains]=app")
    encoded = api.list(query)
    assert encoded.status == 200
    assert encoded.json == plain.json
    assert encoded.json["meta"] == {"page_number": 2, "page_size": 2, "total_pages": 3, "total_results": 5}
    assert_errors(api.list("page%5Bsize%5D=0"), 400, parameters=["page[size]"])


# --- many clients at once -----------------------------------------------------------------


def test_concurrent_creates_get_distinct_ids_and_a_consistent_list(api):
    start = threading.Barrier(50)
    created = []

    def create(number):
        start.wait()
        created.append(api.create(application_name=f"parallel-{number:02d}")["id"])

    threads = [threading.Thread(target=create, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(created)) == 50
    response = api.list("page[size]=250")
    assert sorted(page_ids(response)) == sorted(created)
    assert response.json["meta"]["total_results"] == 50


# --- control endpoints --------------------------------------------------------------------


def test_the_request_log_lists_every_api_request_in_order(api, sim):
    app = api.create()
    api.list("page%5Bsize%5D=1&sort=-active")
    api.request("GET", APPS, auth=False)
    api.request("GET", "/v2/nowhere?x=1")
    api.list("page[size]=0")
    api.request("POST", APPS, {})
    sim.seed(2, "app")  # control requests are not logged
    sim.fault(503)
    api.request("DELETE", f"{APPS}/{app['id']}")
    assert sim.requests_log() == [
        {"method": "POST", "path": APPS, "query": "", "status": 201},
        {"method": "GET", "path": APPS, "query": "page%5Bsize%5D=1&sort=-active", "status": 200},
        {"method": "GET", "path": APPS, "query": "", "status": 401},
        {"method": "GET", "path": "/v2/nowhere", "query": "x=1", "status": 404},
        {"method": "GET", "path": APPS, "query": "page[size]=0", "status": 400},
        {"method": "POST", "path": APPS, "query": "", "status": 422},
        {"method": "DELETE", "path": f"{APPS}/{app['id']}", "query": "", "status": 503},
    ]


def test_the_request_log_keeps_arrival_order_for_held_requests(api, sim):
    sim.fault(delay=0.4, method="POST")
    poster = threading.Thread(target=api.create)
    poster.start()
    wait_for_arrivals(sim, 1)
    api.list()
    poster.join()
    assert [(entry["method"], entry["status"]) for entry in sim.requests_log()] == [("POST", 201), ("GET", 200)]


def test_reset_forgets_applications_log_and_faults(api, sim):
    api.create()
    sim.fault(500, times=5)
    sim.reset()
    assert sim.requests_log() == []
    assert api.list().json["meta"]["total_results"] == 0  # no fault left to answer it


def test_a_429_fault_carries_rate_limit_headers(api, sim):
    sim.fault(429)
    response = api.list()
    assert_errors(response, 429)
    assert response.headers["x-ratelimit-limit"].isdigit()
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert int(response.headers["x-ratelimit-reset"]) >= 1
    assert "Retry-After" not in response.headers
    assert api.list().status == 200


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_sets_the_header(api, sim, status):
    sim.fault(status, retry_after=3)
    response = api.list()
    assert_errors(response, status)
    assert response.headers["Retry-After"] == "3"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_fault_is_a_telnyx_unexpected_error(api, sim, status):
    sim.fault(status)
    assert_errors(api.list(), status)


def test_faulted_requests_are_not_applied(api, sim):
    app = api.create()
    sim.fault(503, times=3)
    assert_errors(api.request("POST", APPS, MINIMAL_APP), 503)
    assert_errors(api.update(app["id"], application_name="changed"), 503)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 503)
    assert api.get(app["id"]).data == app
    assert page_ids(api.list()) == [app["id"]]


def test_a_fault_answers_exactly_times_requests(api, sim):
    sim.fault(500, times=2)
    assert [api.list().status for _attempt in range(3)] == [500, 500, 200]


def test_a_fault_for_one_method_leaves_the_others_alone(api, sim):
    sim.fault(429, method="POST")
    assert api.list().status == 200
    assert api.request("PATCH", f"{APPS}/1", MINIMAL_APP).status == 404
    assert api.request("POST", APPS, MINIMAL_APP).status == 429
    assert api.request("POST", APPS, MINIMAL_APP).status == 201


def test_faults_come_before_authentication(api, sim):
    sim.fault(503)
    assert_errors(api.request("GET", APPS, auth=False), 503)


def test_a_delay_holds_a_request_without_blocking_others(api, sim):
    sim.fault(delay=1.0, method="POST")
    outcome = {}

    def slow_create():
        started = time.monotonic()
        outcome["response"] = api.request("POST", APPS, MINIMAL_APP)
        outcome["seconds"] = time.monotonic() - started

    poster = threading.Thread(target=slow_create)
    poster.start()
    wait_for_arrivals(sim, 1)
    started = time.monotonic()
    assert api.list().status == 200
    assert time.monotonic() - started < 0.7  # well before the held request ends: it does not hold the store
    poster.join()
    assert outcome["seconds"] >= 1.0
    assert outcome["response"].status == 201
    assert len(page_ids(api.list())) == 1


def test_a_delay_with_a_status_holds_then_fails(api, sim):
    sim.fault(502, delay=0.3)
    started = time.monotonic()
    assert_errors(api.request("POST", APPS, MINIMAL_APP), 502)
    assert time.monotonic() - started >= 0.3
    assert page_ids(api.list()) == []


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({}, "/"),
        ({"times": 2}, "/"),
        ({"status": 200}, "/status"),
        ({"status": 404}, "/status"),
        ({"status": "429"}, "/status"),
        ({"status": 600}, "/status"),
        ({"status": 429, "times": 0}, "/times"),
        ({"status": 429, "times": True}, "/times"),
        ({"status": 429, "method": "FETCH"}, "/method"),
        ({"status": 429, "retry_after": -1}, "/retry_after"),
        ({"delay": 1, "retry_after": 1}, "/retry_after"),
        ({"delay": -0.5}, "/delay"),
        ({"delay": "1"}, "/delay"),
        ({"status": 429, "colour": "red"}, "/colour"),
    ],
)
def test_a_nonsense_fault_is_400(api, sim, body, pointer):
    assert_errors(api.control("POST", "faults", body), 400, pointers=[pointer])
    assert api.list().status == 200  # nothing was queued


def test_a_fault_body_that_is_not_json_is_400(api):
    assert_errors(api.control("POST", "faults", body=b"429"), 400)


def test_seeding_1000_is_fast_and_makes_valid_distinct_applications(api, sim):
    started = time.monotonic()
    ids = sim.seed(1000, "bulk", tags=["seeded"], outbound={"outbound_voice_profile_id": "77"}, active=False)
    assert time.monotonic() - started < 1.0
    assert len(ids) == len(set(ids)) == 1000
    stored = sim.applications()
    assert [app["id"] for app in stored] == ids
    assert [app["application_name"] for app in stored] == [f"bulk-{number:05d}" for number in range(1, 1001)]
    created = [app["created_at"] for app in stored]
    assert all(TIMESTAMP.fullmatch(stamp) for stamp in created)
    assert all(earlier < later for earlier, later in itertools.pairwise(created))
    assert {(tuple(app["tags"]), app["outbound"]["outbound_voice_profile_id"], app["active"]) for app in stored} == {
        (("seeded",), "77", False)
    }
    assert api.list("filter[outbound_voice_profile_id]=77").json["meta"]["total_results"] == 1000
    assert api.get(ids[0]).data["webhook_event_url"].startswith("https://")


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"name_prefix": "x"}, "/count"),
        ({"count": 0, "name_prefix": "x"}, "/count"),
        ({"count": "3", "name_prefix": "x"}, "/count"),
        ({"count": 100_000, "name_prefix": "x"}, "/count"),
        ({"count": 3}, "/name_prefix"),
        ({"count": 3, "name_prefix": ""}, "/name_prefix"),
        ({"count": 3, "name_prefix": "x", "application_name": "y"}, "/application_name"),
        ({"count": 3, "name_prefix": "x", "webhook_timeout_secs": 99}, "/webhook_timeout_secs"),
        ({"count": 3, "name_prefix": "x", "colour": "red"}, "/colour"),
        ({"count": 3, "name_prefix": "x", "inbound": {"sip_subdomain": "shared"}}, "/inbound/sip_subdomain"),
    ],
)
def test_a_nonsense_seed_is_400(api, body, pointer):
    assert_errors(api.control("POST", "seed", body), 400, pointers=[pointer])
    assert page_ids(api.list()) == []


@pytest.mark.parametrize(
    "body, status",
    [
        ({"id": "1293384261075731499", "in_use": True}, 404),
        ({"id": 5, "in_use": True}, 400),
        ({"id": "1", "in_use": "yes"}, 400),
        ({"id": "1"}, 400),
        ({"id": "1", "in_use": True, "numbers": 3}, 400),
    ],
)
def test_a_nonsense_in_use_request_is_refused(api, body, status):
    assert_errors(api.control("POST", "in_use", body), status)


def test_control_endpoints_need_no_key_and_reject_unknown_paths_and_methods(api):
    assert api.control("GET", "requests").status == 200
    assert_errors(api.control("GET", "nothing-here"), 404)
    response = api.control("GET", "seed")
    assert_errors(response, 405)
    assert response.headers["Allow"] == "POST"
    assert_errors(api.control("POST", "applications", {}), 405)


# --- harness.py and serve.py --------------------------------------------------------------


def test_the_harness_leaves_no_process_behind():
    simulator = Simulator().start()
    assert simulator.running
    assert list_with_key(urllib.parse.urlsplit(simulator.base_url).port, simulator.api_key) == 200
    assert simulator.stop() == 0
    assert not simulator.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(simulator.base_url).port), timeout=1)


def test_the_harness_kills_a_server_that_ignores_sigterm(tmp_path):
    stubborn = tmp_path / "stubborn-python"
    stubborn.write_text("#!/bin/sh\ntrap '' TERM\necho 'listening on http://127.0.0.1:9/v2'\nexec sleep 30\n")
    stubborn.chmod(0o755)
    simulator = Simulator(python=str(stubborn), stop_timeout=0.3).start()
    assert simulator.base_url == "http://127.0.0.1:9/v2"
    assert simulator.root_url == "http://127.0.0.1:9"
    assert simulator.stop() == -signal.SIGKILL


def test_the_harness_reports_a_simulator_that_does_not_start(tmp_path):
    with pytest.raises(SimulatorError, match="did not start"):
        Simulator(state_file=tmp_path / "missing-directory" / "state.json").start()


def test_the_harness_reports_a_refused_control_request(sim):
    with pytest.raises(SimulatorError, match="400"):
        sim.fault(status=200)


def test_serve_runs_a_command_against_the_simulator_and_passes_on_its_exit_code(tmp_path):
    command = (
        "import os, urllib.request\n"
        "request = urllib.request.Request(os.environ['TELNYX_BASE_URL'] + '/fax_applications',"
        " headers={'Authorization': 'Bearer ' + os.environ['TELNYX_API_KEY']})\n"
        "print(urllib.request.urlopen(request).status)\n"
        "print(urllib.request.urlopen(os.environ['TELNYX_SIMULATOR_URL'] + '/_simulator/requests').read().decode())\n"
        "print(os.environ['TELNYX_BASE_URL'])\n"
        "raise SystemExit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--api-key", "KEY_serve", "--", sys.executable, "-c", command],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    status, log, base_url = result.stdout.splitlines()
    assert status == "200"
    assert json.loads(log)["requests"][0]["status"] == 200
    with pytest.raises(OSError):  # the simulator is gone
        socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(base_url).port), timeout=1)
