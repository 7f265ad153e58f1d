# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared client against the simulator over real HTTP: retries, pages, errors, secrecy."""

from __future__ import annotations

import email.utils
import http.server
import json
import re
import socket
import threading
import time

import pytest
from harness import Relay

from ansible_collections.telnyx.fax.plugins.module_utils import _api as api
from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxClient, TelnyxError

APP = {"application_name": "client-test", "webhook_event_url": "https://hooks.example.com/fax"}


def api_calls(simulator, since=0):
    return [(entry["method"], entry["status"]) for entry in simulator.requests_log()[since:]]


def create(simulator, name="client-test"):
    return TelnyxClient(api_key=simulator.api_key, base_url=simulator.base_url).post(
        "/fax_applications", dict(APP, application_name=name)
    )["data"]


def refused_wait_in(message):
    found = re.search(
        r"asked to wait ([0-9.]+) seconds before trying again, more than the ([0-9.]+) seconds left", message
    )
    assert found, message
    return float(found.group(1)), float(found.group(2))


class TestRetries:
    def test_429_with_retry_after_is_waited_out(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=1, retry_after=2)
        body = make_client().get("/fax_applications")
        assert body["data"] == []
        assert sleeps.waits == [pytest.approx(2.0, abs=0.05)]
        assert api_calls(simulator) == [("GET", 429), ("GET", 200)]

    def test_a_429_that_outlasts_the_retries_says_how_to_ride_it_out(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=2, retry_after=1)
        with pytest.raises(TelnyxError) as caught:
            make_client(max_retries=1).get("/fax_applications")
        assert str(caught.value).endswith(
            "Telnyx's rate limit outlasted the retries: raise max_retries, or send fewer requests at once "
            "(parallel_writes, where the task has it), or run the task again later"
        )
        assert api_calls(simulator) == [("GET", 429), ("GET", 429)]

    def test_429_without_retry_after_uses_the_rate_limit_reset(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=1)
        make_client().get("/fax_applications")
        assert len(sleeps.waits) == 1
        assert 0 <= sleeps.waits[0] <= 60

    @pytest.mark.parametrize("status", [500, 502, 503, 504])
    @pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
    def test_server_errors_are_retried_except_on_post(self, simulator, make_client, sleeps, status, method):
        app_id = create(simulator)["id"]
        simulator.fault(status=status, times=2, method=method)
        client = make_client()
        path = "/fax_applications/%s" % app_id
        if method == "GET":
            client.get(path)
        elif method == "PATCH":
            client.patch(path, dict(APP, active=False))
        else:
            client.delete(path)
        assert api_calls(simulator, since=1) == [(method, status), (method, status), (method, 200)]
        assert len(client.retry_notes) == 2
        assert client.retry_notes[0].startswith("Telnyx answered %s %s with %d " % (method, path, status))
        # Backoff grows and stays jittered below its cap.
        assert 0.25 <= sleeps.waits[0] <= 0.5 and 0.5 <= sleeps.waits[1] <= 1.0

    def test_post_answered_500_is_not_retried(self, simulator, make_client, sleeps):
        simulator.fault(status=500, times=1, method="POST")
        with pytest.raises(TelnyxError) as caught:
            make_client().post("/fax_applications", APP)
        assert api_calls(simulator) == [("POST", 500)]
        assert sleeps.waits == []
        assert caught.value.status == 500
        # The client says the write may have arrived; the resource turns that into its own hint.
        assert caught.value.may_have_been_applied

    def test_post_answered_429_is_retried_and_creates_one_application(self, simulator, make_client):
        simulator.fault(status=429, times=1, method="POST", retry_after=1)
        created = make_client().post("/fax_applications", APP)["data"]
        assert api_calls(simulator) == [("POST", 429), ("POST", 201)]
        assert [app["id"] for app in simulator.applications()] == [created["id"]]

    def test_read_timeout_on_get_is_retried(self, simulator, make_client):
        simulator.fault(delay=1.5, times=1, method="GET")
        client = make_client(timeout=0.5)
        assert client.get("/fax_applications")["data"] == []
        assert [entry["method"] for entry in simulator.requests_log()] == ["GET", "GET"]
        assert client.retry_notes[0].startswith("GET /fax_applications got no answer within 0.5 seconds; retried after")

    def test_read_timeout_on_post_is_not_retried(self, simulator, make_client):
        simulator.fault(delay=1.5, times=1, method="POST")
        with pytest.raises(TelnyxError) as caught:
            make_client(timeout=0.5).post("/fax_applications", APP)
        assert "no answer within 0.5 seconds" in str(caught.value)
        assert caught.value.may_have_been_applied
        # The held request completes on the server after the client gave up: one POST, one application.
        deadline = time.monotonic() + 10
        while not simulator.applications() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [entry["method"] for entry in simulator.requests_log()] == ["POST"]
        assert len(simulator.applications()) == 1

    def test_retries_stop_at_max_retries(self, simulator, make_client, sleeps):
        simulator.fault(status=503, times=10)
        with pytest.raises(TelnyxError) as caught:
            make_client(max_retries=2).get("/fax_applications")
        assert api_calls(simulator) == [("GET", 503)] * 3
        assert len(sleeps.waits) == 2
        assert "failed with 503 Service Unavailable" in str(caught.value)
        assert "(after 2 retries)" in str(caught.value)

    def test_a_wait_past_the_deadline_is_not_taken_and_the_message_says_why(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=1, retry_after=120)
        with pytest.raises(TelnyxError) as caught:
            make_client(timeout=5, max_retries=3).get("/fax_applications")
        assert sleeps.waits == []
        assert caught.value.status == 429
        assert api_calls(simulator) == [("GET", 429)]
        message = str(caught.value)
        assert "Telnyx asked to wait 120.0 seconds before trying again, more than the" in message
        assert "timeout x (max_retries + 1) = 20 seconds" in message
        assert "raise timeout or max_retries" in message

    def test_a_wait_of_the_whole_budget_reads_as_more_than_what_is_left(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=1, retry_after=20)
        started = time.monotonic()
        with pytest.raises(TelnyxError) as caught:
            make_client(timeout=5, max_retries=3).get("/fax_applications")
        elapsed = time.monotonic() - started
        asked, left = refused_wait_in(str(caught.value))
        assert asked == 20.0
        # The request itself used some of the budget: what is left reads less, never "20.0 more than 20.0".
        assert 20 - elapsed - 0.1 <= left < asked

    def test_the_seconds_left_count_what_earlier_waits_used(self, simulator, make_client, sleeps):
        simulator.fault(status=429, times=1, retry_after=8)
        simulator.fault(status=429, times=1, retry_after=15)
        with pytest.raises(TelnyxError) as caught:
            make_client(timeout=5, max_retries=3).get("/fax_applications")
        assert sleeps.waits == [pytest.approx(8.0, abs=0.05)]
        asked, left = refused_wait_in(str(caught.value))
        assert asked == 15.0 and 11.0 <= left < 12.0
        assert "(after 1 retry)" in str(caught.value)

    def test_each_retry_note_says_which_attempt_it_was(self, simulator, make_client, sleeps):
        # Two identical answers: ansible-core 2.19+ would show two identical warnings once.
        simulator.fault(status=429, times=2, retry_after=0)
        client = make_client(max_retries=3)
        client.get("/fax_applications")
        assert client.retry_notes == [
            "Telnyx answered GET /fax_applications with 429 Too Many Requests; retried after 0.0 s (attempt 2 of 4).",
            "Telnyx answered GET /fax_applications with 429 Too Many Requests; retried after 0.0 s (attempt 3 of 4).",
        ]

    def test_a_base_url_without_a_scheme_is_not_retried(self, sleeps):
        client = TelnyxClient(api_key="KEY_x", base_url="127.0.0.1:1/v2", sleep=sleeps)
        with pytest.raises(TelnyxError) as caught:
            client.get("/fax_applications")
        assert sleeps.waits == [] and client.retry_notes == []
        assert "check base_url (or TELNYX_BASE_URL)" in str(caught.value)
        # The reason is told in words; an exception class name may only follow, in parentheses.
        assert "MissingSchema" not in str(caught.value).partition("(")[0]

    def test_https_against_a_plain_http_port_points_at_base_url_and_is_not_retried(self, simulator, sleeps):
        client = TelnyxClient(
            api_key=simulator.api_key, base_url=simulator.base_url.replace("http://", "https://"), sleep=sleeps
        )
        with pytest.raises(TelnyxError) as caught:
            client.get("/fax_applications")
        assert sleeps.waits == [] and client.retry_notes == []
        message = str(caught.value)
        assert "the TLS handshake with https://127.0.0.1" in message
        assert "write it with http://" in message and "validate_certs" in message
        assert simulator.requests_log() == []


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return "http://127.0.0.1:%d/v2" % sock.getsockname()[1]


class TestNothingAnswers:
    """A refused connection or a failed name lookup never reached Telnyx: retried, POST included."""

    def test_a_refused_post_is_retried_with_backoff_then_points_at_base_url(self, sleeps):
        base_url = closed_port_url()
        client = TelnyxClient(api_key="KEY_refused", base_url=base_url, max_retries=3, sleep=sleeps)
        with pytest.raises(TelnyxError) as caught:
            client.post("/fax_applications", APP)
        assert len(sleeps.waits) == 3
        assert 0.25 <= sleeps.waits[0] <= 0.5 and 0.5 <= sleeps.waits[1] <= 1.0 and 1.0 <= sleeps.waits[2] <= 2.0
        assert [note.split("; ")[0] for note in client.retry_notes] == [
            "POST /fax_applications got connection refused"
        ] * 3
        assert [note.rpartition("(")[2] for note in client.retry_notes] == [
            "attempt 2 of 4).",
            "attempt 3 of 4).",
            "attempt 4 of 4).",
        ]
        assert str(caught.value) == (
            "POST /fax_applications to %s failed: connection refused (after 3 retries); nothing answered at "
            "that address: check base_url (or TELNYX_BASE_URL) and that the service is up and reachable from "
            "this host" % base_url
        )
        assert not caught.value.may_have_been_applied and caught.value.transport

    def test_a_failed_name_lookup_is_retried_like_a_refused_connection(self, sleeps, monkeypatch):
        resolve = socket.getaddrinfo

        def no_such_host(host, *args, **kwargs):
            if host == "api.telnyx.invalid":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return resolve(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
        client = TelnyxClient(api_key="KEY_dns", base_url="https://api.telnyx.invalid/v2", max_retries=2, sleep=sleeps)
        with pytest.raises(TelnyxError) as caught:
            client.post("/faxes", {"to": "+13125550199"})
        assert len(sleeps.waits) == 2 and len(client.retry_notes) == 2
        assert client.retry_notes[0].startswith(
            "POST /faxes got no address for the host api.telnyx.invalid (the name lookup failed); retried after"
        )
        message = str(caught.value)
        assert message.startswith("POST /faxes to https://api.telnyx.invalid/v2 failed: no address for the host")
        assert "(after 2 retries); nothing answered at that address: check base_url (or TELNYX_BASE_URL)" in message
        assert not caught.value.may_have_been_applied

    def test_a_proxy_that_refuses_is_retried_and_named_not_base_url(self, sleeps, monkeypatch):
        monkeypatch.setenv("HTTPS_PROXY", closed_port_url().rsplit("/v2", 1)[0])
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        client = TelnyxClient(
            api_key="KEY_proxy", base_url="https://api.telnyx.invalid/v2", max_retries=1, sleep=sleeps
        )
        with pytest.raises(TelnyxError) as caught:
            client.post("/faxes", {"to": "+13125550199"})
        assert len(client.retry_notes) == 1 and not caught.value.may_have_been_applied
        message = str(caught.value)
        assert "failed: no connection through the proxy (" in message
        assert message.endswith(
            "(after 1 retry); check the proxy settings of this host (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)"
        )

    def test_a_post_rides_out_an_api_restart_and_creates_one_application(self, simulator, sleeps):
        with Relay(simulator) as relay:
            relay.down()

            def restart_during_the_first_wait(seconds):
                sleeps(seconds)
                if len(sleeps.waits) == 2:
                    relay.up()

            client = TelnyxClient(
                api_key=simulator.api_key, base_url=relay.base_url, sleep=restart_during_the_first_wait
            )
            created = client.post("/fax_applications", APP)["data"]
        assert [app["id"] for app in simulator.applications()] == [created["id"]]
        assert simulator.calls() == ["POST /v2/fax_applications"]
        assert len(client.retry_notes) == 2

    def test_retries_stop_within_the_budget(self, sleeps):
        # timeout 0.1 x (1 + 1) = 0.2 s of budget: not even the first backoff (0.25 s or more) fits.
        client = TelnyxClient(api_key="KEY_x", base_url=closed_port_url(), timeout=0.1, max_retries=1, sleep=sleeps)
        with pytest.raises(TelnyxError) as caught:
            client.get("/fax_applications")
        assert sleeps.waits == [] and client.retry_notes == []
        assert (
            "failed: connection refused; no time was left for more within timeout x (max_retries + 1) = 0.2 "
            "seconds; nothing answered at that address" in str(caught.value)
        )


def test_a_429_pauses_every_thread_of_the_client(simulator):
    released = threading.Event()
    sleepers = []

    def held_sleep(seconds):
        sleepers.append(threading.current_thread().name)
        released.wait(10)

    def wait_for(condition):
        deadline = time.monotonic() + 5
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert condition()

    client = TelnyxClient(api_key=simulator.api_key, base_url=simulator.base_url, sleep=held_sleep)
    simulator.fault(status=429, times=1, retry_after=2)
    first = threading.Thread(target=client.get, args=("/fax_applications",), name="first")
    second = threading.Thread(target=client.get, args=("/fax_applications",), name="second")
    first.start()
    wait_for(lambda: sleepers == ["first"])
    second.start()
    wait_for(lambda: sleepers == ["first", "second"])
    # The second thread has not sent anything while the first waits out the 429.
    assert api_calls(simulator) == [("GET", 429)]
    released.set()
    first.join(10)
    second.join(10)
    assert api_calls(simulator) == [("GET", 429), ("GET", 200), ("GET", 200)]


class TestRetryAfterParsing:
    def test_seconds(self):
        assert api._retry_after_seconds({"Retry-After": "7"}, now=1000.0) == 7.0

    def test_http_date(self):
        now = time.time()
        header = email.utils.formatdate(now + 30, usegmt=True)
        assert 28 <= api._retry_after_seconds({"Retry-After": header}, now=now) <= 31

    def test_rate_limit_reset_in_seconds_or_epoch(self):
        assert api._retry_after_seconds({"x-ratelimit-reset": "12"}, now=1000.0) == 12.0
        assert api._retry_after_seconds({"x-ratelimit-reset": "1800000010"}, now=1800000000.0) == 10.0

    def test_nothing_said(self):
        assert api._retry_after_seconds({}, now=0.0) is None


class TestListing:
    def test_1000_applications_take_exactly_4_requests(self, simulator, make_client):
        seeded = simulator.seed(1000, "page-test")
        apps = make_client().list_all("/fax_applications")
        assert sorted(app["id"] for app in apps) == sorted(seeded)
        log = simulator.requests_log()
        assert len(log) == 4
        assert all("page%5Bsize%5D=250" in entry["query"] for entry in log)

    def test_an_empty_listing_is_one_request(self, simulator, make_client):
        assert make_client().list_all("/fax_applications") == []
        assert len(simulator.requests_log()) == 1

    def test_trailing_slash_gives_the_same_urls(self, simulator, make_client):
        make_client(base_url=simulator.base_url + "/").get("/fax_applications")
        make_client(base_url=simulator.base_url).get("/fax_applications")
        paths = [entry["path"] for entry in simulator.requests_log()]
        assert paths == ["/v2/fax_applications", "/v2/fax_applications"]


class TestErrors:
    def test_validation_error_names_the_field_and_pointer(self, simulator, make_client):
        app_id = create(simulator)["id"]
        with pytest.raises(TelnyxError) as caught:
            make_client().patch("/fax_applications/%s" % app_id, dict(APP, webhook_timeout_secs=45))
        message = str(caught.value)
        assert message.startswith(
            "PATCH /fax_applications/%s failed with 422 Unprocessable Entity: webhook_timeout_secs" % app_id
        )
        assert message.endswith("(/webhook_timeout_secs)")
        assert caught.value.failure["status"] == 422
        assert caught.value.failure["errors"][0]["source"] == {"pointer": "/webhook_timeout_secs"}

    def test_404_is_distinguishable(self, simulator, make_client):
        with pytest.raises(TelnyxError) as caught:
            make_client().get("/fax_applications/1000000000000000000")
        assert caught.value.not_found

    def test_401_says_where_the_key_came_from_and_never_shows_it(self, simulator):
        secret = "KEY_wrong_0123456789abcdef"
        client = TelnyxClient(
            api_key=secret, base_url=simulator.base_url, key_source="the TELNYX_API_KEY environment variable"
        )
        with pytest.raises(TelnyxError) as caught:
            client.get("/fax_applications")
        message = str(caught.value)
        assert "failed with 401" in message
        assert "The API key from the TELNYX_API_KEY environment variable was refused" in message
        assert secret not in message and secret not in repr(caught.value.failure)

    def test_the_key_appears_in_no_error_or_retry_record(self, simulator, make_client):
        client = make_client(max_retries=1)
        simulator.fault(status=503, times=5)
        captured = []
        for call in (
            lambda: client.get("/fax_applications"),
            lambda: client.post("/fax_applications", {"application_name": "x"}),
            lambda: client.get("/fax_applications/123"),
        ):
            with pytest.raises(TelnyxError) as caught:
                call()
            captured.extend([str(caught.value), repr(caught.value.failure), repr(caught.value.args)])
        captured.append(repr(client.retry_notes))
        assert captured and not [text for text in captured if simulator.api_key in text]


class _HtmlProxy(http.server.BaseHTTPRequestHandler):
    """A proxy that answers like a real one in front of an API: HTML, and it records headers."""

    seen_headers = []

    def do_GET(self):
        self.seen_headers.append(dict(self.headers))
        body = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
        self.send_response(502, "Bad Gateway")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def html_proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _HtmlProxy.seen_headers = []
    yield "http://127.0.0.1:%d/v2" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_non_json_error_body_is_reported_readably(html_proxy, sleeps):
    client = TelnyxClient(api_key="KEY_proxy", base_url=html_proxy, max_retries=0, sleep=sleeps)
    with pytest.raises(TelnyxError) as caught:
        client.get("/fax_applications")
    assert str(caught.value) == (
        "GET /fax_applications failed with 502 Bad Gateway: the response was not JSON "
        "(text/html): <html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
    )


def test_requests_name_the_collection_and_accept_json(html_proxy, sleeps):
    client = TelnyxClient(api_key="KEY_proxy", base_url=html_proxy, max_retries=0, sleep=sleeps)
    with pytest.raises(TelnyxError):
        client.get("/fax_applications")
    headers = _HtmlProxy.seen_headers[0]
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == "Bearer KEY_proxy"
    assert headers["User-Agent"].startswith("telnyx.fax/%s (ansible-core/" % api.COLLECTION_VERSION)


def test_a_pointer_to_the_whole_body_adds_nothing():
    errors = [
        {
            "code": "400",
            "title": "Bad Request",
            "detail": "The request body is not valid JSON",
            "source": {"pointer": "/"},
        }
    ]
    assert api.describe_errors(errors) == "The request body is not valid JSON"


def test_path_segments_are_encoded_whole():
    assert api.join_path("/fax_applications", "../../x") == "/fax_applications/..%2F..%2Fx"
    assert api.join_path("/fax_applications", "x?y=1#z") == "/fax_applications/x%3Fy%3D1%23z"


def test_error_entries_read_as_field_detail_and_pointer():
    errors = [
        {
            "code": "422",
            "title": "Unprocessable Entity",
            "detail": "must be between 0 and 30",
            "source": {"pointer": "/webhook_timeout_secs"},
        },
        {
            "code": "422",
            "title": "Unprocessable Entity",
            "detail": "is already taken",
            "source": {"pointer": "/inbound/sip_subdomain"},
        },
        {"code": "10015", "title": "Bad Request", "source": {"parameter": "page[size]"}},
    ]
    assert api.describe_errors(errors) == (
        "webhook_timeout_secs: must be between 0 and 30 (/webhook_timeout_secs); "
        "inbound.sip_subdomain: is already taken (/inbound/sip_subdomain); "
        "Bad Request (page[size])"
    )


def test_a_key_with_a_line_break_fails_before_any_request_in_the_module(simulator):
    # The module glue refuses it; here the client alone shows why: the header never leaves.
    client = TelnyxClient(api_key="KEY_with_newline\n", base_url=simulator.base_url, max_retries=3)
    with pytest.raises(TelnyxError) as caught:
        client.get("/fax_applications")
    assert "check the API key for stray characters" in str(caught.value)
    assert client.retry_notes == [] and simulator.requests_log() == []


def test_a_404_without_v2_in_base_url_says_where_the_path_is(simulator):
    client = TelnyxClient(api_key=simulator.api_key, base_url=simulator.root_url, max_retries=0)
    with pytest.raises(TelnyxError) as caught:
        client.get("/fax_applications")
    assert "base_url usually ends with /v2 (%s/v2)" % simulator.root_url in str(caught.value)


class _Answers(http.server.BaseHTTPRequestHandler):
    """Answers each path as configured, with Telnyx details that end in a full stop, as many do."""

    answers = {
        "/v2/unauthorized": (401, {"errors": [{"code": "10009", "detail": "The API key is not valid."}]}),
        "/v2/forbidden": (403, {"errors": [{"code": "10010", "detail": "Not allowed for this key."}]}),
        "/v2/invalid": (
            422,
            {
                "errors": [
                    {"detail": "Must be between 0 and 30.", "source": {"pointer": "/webhook_timeout_secs"}},
                    {"detail": "Is not a valid page size.", "source": {"parameter": "page[size]"}},
                ]
            },
        ),
    }

    def do_GET(self):
        status, body = self.answers.get(self.path, (200, None))
        data = json.dumps(body).encode() if body is not None else b"<html>a portal.</html>"
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body is not None else "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def answers():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/v2" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/unauthorized", "/forbidden", "/invalid", "/portal", "refused"])
def test_messages_end_without_a_full_stop_and_never_double_one(answers, sleeps, path):
    # Callers go on with ". Look for it ..." or "%s." : a message ending in a full stop would double it.
    base_url = closed_port_url() if path == "refused" else answers
    client = TelnyxClient(api_key="KEY_stops", base_url=base_url, max_retries=0, sleep=sleeps)
    with pytest.raises(TelnyxError) as caught:
        client.get("/fax_applications" if path == "refused" else path)
    message = str(caught.value)
    assert not message.endswith("."), message
    assert not re.search(r"\.\s*[.;(]", message), message


def test_a_moving_listing_message_ends_without_a_full_stop(monkeypatch, sleeps):
    client = TelnyxClient(api_key="KEY_stops", sleep=sleeps)
    # One item where the count says two, on every read: the listing never adds up.
    monkeypatch.setattr(
        client, "get", lambda path, params=None: {"data": [{"id": "1"}], "meta": {"total_results": 2, "total_pages": 1}}
    )
    with pytest.raises(TelnyxError) as caught:
        client.list_all("/fax_applications")
    assert "changed while it was being read" in str(caught.value)
    assert not str(caught.value).endswith(".")
