"""Fax webhooks: what is sent where, in which order, signed how; failover, loopback only; the receiver and serve.py."""

import base64
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
import sim_webhooks
import webhook_signing
from api_client import SERVE_SCRIPT, ApiClient, assert_errors
from fax_helpers import EVENTS_OF_A_DELIVERED_FAX, MEDIA_URL, TO, make_account, sent
from harness import Simulator
from nacl.signing import VerifyKey
from webhook_receiver import ReceiverError, WebhookReceiver, remote_control

OCCURRED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
COMMON_PAYLOAD = {"fax_id", "connection_id", "direction", "from", "to", "user_id", "status"}


def event_types(events):
    return [event["json"]["data"]["event_type"] for event in events]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- what is sent ---------------------------------------------------------------------------


def test_each_step_of_a_fax_is_posted_in_order_with_telnyxs_envelope(sim, api, webhook_account, receiver):
    fax = sent(api, webhook_account.fax(client_state="b3JkZXItNDI="))
    events = receiver.wait_for(4)
    assert event_types(events) == EVENTS_OF_A_DELIVERED_FAX
    assert {event["path"] for event in events} == {"/hooks"}
    steps = {step["status"]: step["at"] for step in sim.faxes()[0]["history"]}
    for event in events:
        data, meta = event["json"]["data"], event["json"]["meta"]
        assert set(event["json"]) == {"data", "meta"}
        assert set(data) == {"record_type", "id", "event_type", "occurred_at", "payload"}
        assert data["record_type"] == "event" and str(uuid.UUID(data["id"])) == data["id"]
        assert OCCURRED_AT.fullmatch(data["occurred_at"])
        assert meta == {"attempt": 1, "delivered_to": f"{receiver.url}/hooks"}
        payload = data["payload"]
        assert data["occurred_at"] == steps[payload["status"]][:-1] + "000Z"  # when the fax changed
        assert payload["fax_id"] == fax["id"] and payload["connection_id"] == webhook_account.app_id
        assert (payload["direction"], payload["from"], payload["to"]) == ("outbound", webhook_account.from_number, TO)
        assert str(uuid.UUID(payload["user_id"])) == payload["user_id"]
        assert payload["client_state"] == "b3JkZXItNDI="
        assert payload["original_media_url"] == MEDIA_URL and "media_name" not in payload
        assert event["verified"], event["verification_error"]
        assert event["headers"]["content-type"] == "application/json"
    assert [event["json"]["data"]["payload"]["status"] for event in events] == [
        "queued",
        "media.processed",
        "sending",
        "delivered",
    ]
    assert len({event["json"]["data"]["id"] for event in events}) == 4
    delivered = events[-1]["json"]["data"]["payload"]
    assert set(delivered) == COMMON_PAYLOAD | {"client_state", "original_media_url", "page_count", "call_duration_secs"}
    assert delivered["page_count"] >= 1 and delivered["call_duration_secs"] >= 1
    assert set(events[0]["json"]["data"]["payload"]) == COMMON_PAYLOAD | {"client_state", "original_media_url"}


def test_the_signature_is_ed25519_over_timestamp_bar_body_as_pynacl_checks_it(api, webhook_account, receiver, sim):
    sent(api, webhook_account.fax())
    public = VerifyKey(base64.b64decode(sim.webhook_public_key()))
    for event in receiver.wait_for(4):
        timestamp = event["headers"]["telnyx-timestamp"]
        assert timestamp.isdigit() and abs(int(timestamp) - time.time()) < 60
        signature = base64.b64decode(event["headers"]["telnyx-signature-ed25519"], validate=True)
        public.verify(f"{timestamp}|{event['body']}".encode(), signature)  # raises if it does not match


def test_the_public_key_endpoint_publishes_the_test_key_pair(api):
    published = api.control("GET", "webhook_public_key").json
    assert published == {
        "algorithm": "Ed25519",
        "public_key": webhook_signing.TEST_PUBLIC_KEY_B64,
        "public_key_hex": webhook_signing.TEST_PUBLIC_KEY.hex(),
        "private_seed_hex": webhook_signing.TEST_SEED_HEX,
    }


def test_a_failed_fax_sends_fax_failed_with_its_reasons(api, webhook_account, receiver):
    sent(api, webhook_account.fax(to="+15555550101", media_url=None, media_name="contract"))
    events = receiver.wait_for(3)
    assert event_types(events) == ["fax.queued", "fax.media.processed", "fax.failed"]  # originated has none
    payload = events[-1]["json"]["data"]["payload"]
    assert payload["status"] == "failed" and payload["failure_reason"] == "user_busy"
    assert payload["internal_failure_reason"]
    assert payload["media_name"] == "contract" and "original_media_url" not in payload
    assert "page_count" not in payload and "client_state" not in payload


def test_a_faxs_own_webhook_url_replaces_the_applications(api, webhook_account, receiver):
    sent(api, webhook_account.fax(webhook_url=f"{receiver.url}/own"))
    assert {event["path"] for event in receiver.wait_for(4)} == {"/own"}


def test_the_scheduler_sends_webhooks_without_anyone_reading_the_fax(sim, api, webhook_account, receiver):
    sim.fax_clock(step_seconds=0.1)
    assert sent(api, webhook_account.fax())["status"] == "queued"
    assert event_types(receiver.wait_for(4, timeout=10)) == EVENTS_OF_A_DELIVERED_FAX


def test_a_paused_clock_sends_each_steps_webhook_when_advanced(sim, api, webhook_account, receiver):
    sim.fax_clock(step_seconds=1, paused=True)
    sent(api, webhook_account.fax())
    assert event_types(receiver.wait_for(1)) == ["fax.queued"]
    sim.fax_clock(advance=1)
    assert event_types(receiver.wait_for(2)) == ["fax.queued", "fax.media.processed"]
    sim.fax_clock(advance=1)  # originated: no webhook
    sim.fax_clock(advance=1)
    assert event_types(receiver.wait_for(3))[-1] == "fax.sending.started"
    sim.webhook_deliveries(wait=5)
    assert len(receiver.events()) == 3


# --- the deliveries log and failover --------------------------------------------------------


def test_the_deliveries_log_records_each_attempt(sim, api, webhook_account, receiver):
    fax = sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=10)
    assert [entry["event_type"] for entry in deliveries] == EVENTS_OF_A_DELIVERED_FAX
    bodies = [event["json"] for event in receiver.events()]
    for entry, body in zip(deliveries, bodies, strict=True):
        assert entry["subject_id"] == fax["id"] and entry["attempt"] == 1
        assert (entry["url"], entry["status"], entry["delivered"], entry["skipped"]) == (
            f"{receiver.url}/hooks",
            200,
            True,
            False,
        )
        assert entry["error"] is None and entry["body"] == body and entry["event_id"] == body["data"]["id"]
        assert set(entry["headers"]) == {"telnyx-timestamp", "telnyx-signature-ed25519"}
    assert api.control("GET", "webhook_deliveries").json["pending"] == 0


@pytest.mark.parametrize("answer", [500, 503, 404, 201, 204, 302])
def test_anything_but_a_200_goes_to_the_failover_url(sim, api, receiver, answer):
    webhook_account = make_account(
        sim,
        api,
        webhook_event_url=f"{receiver.url}/primary",
        webhook_event_failover_url=f"{receiver.url}/failover",
    )
    receiver.answer(answer, path="/primary", times=1)
    sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=10)
    assert [(entry["event_type"], entry["attempt"], entry["status"]) for entry in deliveries] == [
        ("fax.queued", 1, answer),
        ("fax.queued", 2, 200),
        ("fax.media.processed", 1, 200),
        ("fax.sending.started", 1, 200),
        ("fax.delivered", 1, 200),
    ]
    assert deliveries[0]["delivered"] is False and str(answer) in deliveries[0]["error"]
    events = receiver.events()
    assert [event["path"] for event in events] == ["/primary", "/failover", "/primary", "/primary", "/primary"]
    assert events[1]["json"]["meta"] == {"attempt": 2, "delivered_to": f"{receiver.url}/failover"}
    assert events[1]["json"]["data"] == events[0]["json"]["data"]  # the same event, id included
    assert all(event["verified"] for event in events)  # each attempt is signed for its own body


def test_no_answer_goes_to_the_failover_url(sim, api, receiver):
    closed = f"http://127.0.0.1:{free_port()}/hooks"
    webhook_account = make_account(
        sim, api, webhook_event_url=closed, webhook_event_failover_url=f"{receiver.url}/failover"
    )
    sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=10)
    assert [entry["url"] for entry in deliveries[:2]] == [closed, f"{receiver.url}/failover"]
    assert deliveries[0]["status"] is None and deliveries[0]["error"].startswith("no answer")
    assert event_types(receiver.wait_for(4)) == EVENTS_OF_A_DELIVERED_FAX


def test_an_answer_slower_than_webhook_timeout_secs_goes_to_the_failover_url(sim, api, receiver):
    webhook_account = make_account(
        sim,
        api,
        webhook_event_url=f"{receiver.url}/slow",
        webhook_event_failover_url=f"{receiver.url}/failover",
        webhook_timeout_secs=1,
    )
    receiver.answer(200, path="/slow", times=1, delay=2.5)
    sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=15)
    assert deliveries[0]["status"] is None and "timed out" in deliveries[0]["error"]
    assert (deliveries[1]["url"], deliveries[1]["status"]) == (f"{receiver.url}/failover", 200)


def test_without_a_failover_url_a_failed_attempt_is_the_last(sim, api, webhook_account, receiver):
    receiver.answer(500)
    sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=10)
    assert [(entry["attempt"], entry["status"]) for entry in deliveries] == [(1, 500)] * 4


def test_one_faxs_events_go_in_order_while_a_slow_receiver_holds_up_no_other_fax(sim, api, receiver):
    webhook_account = make_account(sim, api, webhook_event_url=f"{receiver.url}/hooks")
    receiver.answer(200, path="/slow", times=1, delay=2)
    slow = sent(api, webhook_account.fax(webhook_url=f"{receiver.url}/slow"))["id"]
    receiver.wait_for(1)  # the slow fax's fax.queued has arrived, and is being held
    fast = sent(api, webhook_account.fax(webhook_url=f"{receiver.url}/fast"))["id"]
    deliveries = sim.webhook_deliveries(wait=15)
    by_fax = {
        fax_id: [entry["event_type"] for entry in deliveries if entry["subject_id"] == fax_id]
        for fax_id in (slow, fast)
    }
    assert by_fax == {slow: EVENTS_OF_A_DELIVERED_FAX, fast: EVENTS_OF_A_DELIVERED_FAX}
    paths = [event["path"] for event in receiver.events()]
    # The slow fax's first webhook was held 2 s; the other fax's four went out meanwhile.
    assert paths == ["/slow"] + ["/fast"] * 4 + ["/slow"] * 3


# --- loopback only --------------------------------------------------------------------------


def test_urls_that_are_not_loopback_are_skipped_never_sent(sim, api):
    webhook_account = make_account(sim, api)  # https://example.com/hooks
    sent(api, webhook_account.fax())
    deliveries = sim.webhook_deliveries(wait=10)
    assert [entry["event_type"] for entry in deliveries] == EVENTS_OF_A_DELIVERED_FAX
    for entry in deliveries:
        assert (entry["skipped"], entry["delivered"], entry["status"], entry["headers"]) == (True, False, None, None)
        assert "not a loopback address" in entry["error"] and entry["url"] == "https://example.com/hooks"


def test_a_skipped_primary_url_falls_back_to_a_loopback_failover(sim, api, receiver):
    webhook_account = make_account(sim, api, webhook_event_failover_url=f"{receiver.url}/failover")
    sent(api, webhook_account.fax())
    events = receiver.wait_for(4)
    assert {event["path"] for event in events} == {"/failover"}
    assert events[0]["json"]["meta"]["attempt"] == 2


def test_localhost_is_delivered_to(sim, api, receiver):
    port = receiver.url.rsplit(":", 1)[1]
    webhook_account = make_account(sim, api, webhook_event_url=f"http://localhost:{port}/hooks")
    sent(api, webhook_account.fax())
    assert event_types(receiver.wait_for(4)) == EVENTS_OF_A_DELIVERED_FAX


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080/hooks", True),
        ("http://127.45.6.7/hooks", True),
        ("https://[::1]:8443/hooks", True),
        ("http://LOCALHOST/hooks", True),
        ("http://10.0.0.1/hooks", False),
        ("http://0.0.0.0/hooks", False),
        ("http://[::ffff:127.0.0.1]/hooks", False),
        ("http://localhost.example.com/hooks", False),
        ("http://127.0.0.1.nip.io/hooks", False),
        ("http://2130706433/hooks", False),  # 127.0.0.1 as one number: a name, so not resolved
        ("https://example.com/hooks", False),
        ("ftp://127.0.0.1/hooks", False),
        ("http://[::1/hooks", False),
    ],
)
def test_which_urls_count_as_loopback(url, loopback):
    assert (sim_webhooks.loopback_problem(url) is None) == loopback


def test_reset_forgets_deliveries(sim, api, webhook_account, receiver):
    sent(api, webhook_account.fax())
    receiver.wait_for(4)
    sim.reset()
    assert sim.webhook_deliveries() == []


@pytest.mark.parametrize("wait", ["-1", "61", "soon", "nan"])
def test_a_bad_wait_is_a_400(api, wait):
    assert_errors(api.control("GET", f"webhook_deliveries?wait={wait}"), 400, parameters=["wait"])


# --- the receiver ---------------------------------------------------------------------------


def post(url, body, headers=None):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_receiver_records_unsigned_and_tampered_posts_as_unverified(receiver):
    body = b'{"data": {}}'
    headers = webhook_signing.signature_headers(body)
    assert post(f"{receiver.url}/a", body, headers) == 200
    assert post(f"{receiver.url}/b", body + b" ", headers) == 200
    assert post(f"{receiver.url}/c?x=1", body) == 200
    events = receiver.events()
    assert [(event["path"], event["verified"]) for event in events] == [("/a", True), ("/b", False), ("/c", False)]
    assert "does not match" in events[1]["verification_error"] and "missing" in events[2]["verification_error"]
    assert events[0]["json"] == {"data": {}} and events[0]["status"] == 200


def test_the_receiver_answers_as_told_oldest_rule_first(receiver):
    receiver.answer(503, path="/a", times=2)
    receiver.answer(418)
    statuses = [post(f"{receiver.url}{path}", b"{}") for path in ("/a", "/b", "/a", "/a")]
    assert statuses == [503, 418, 503, 418]
    assert [event["status"] for event in receiver.events()] == statuses
    receiver.reset()
    assert receiver.events() == [] and post(f"{receiver.url}/a", b"{}") == 200


def test_the_receivers_control_paths(receiver):
    assert remote_control(receiver.url, "POST", "/answers", {"status": 500, "times": 1}) == {}
    assert post(f"{receiver.url}/x", b"not json") == 500
    assert remote_control(receiver.url, "GET", "/events")["events"][0]["json"] is None
    for bad in ({"status": 99}, {"status": 500, "times": 0}, {"status": 500, "path": "x"}, {"status": 500, "when": 1}):
        with pytest.raises(ReceiverError, match="400"):
            remote_control(receiver.url, "POST", "/answers", bad)
    with pytest.raises(ReceiverError, match="405"):
        remote_control(receiver.url, "POST", "/events", {})
    with pytest.raises(ReceiverError, match="404"):
        remote_control(receiver.url, "GET", "/hooks")
    assert remote_control(receiver.url, "POST", "/reset", {}) == {}
    assert receiver.events() == []
    with pytest.raises(ReceiverError, match="not 3"):
        receiver.wait_for(3, timeout=0.2)


def test_the_receiver_runs_as_a_process_until_sigterm():
    script = str(SERVE_SCRIPT.parent / "webhook_receiver.py")
    process = subprocess.Popen([sys.executable, script, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", process.stdout.readline()).group(1)
        body = b"{}"
        assert post(f"{url}/hooks", body, webhook_signing.signature_headers(body)) == 200
        assert remote_control(url, "GET", "/events")["events"][0]["verified"] is True
        process.terminate()
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_serve_can_run_a_webhook_receiver_for_the_command(tmp_path):
    script = (
        "import json, os, urllib.request\n"
        "url = os.environ['TELNYX_WEBHOOK_RECEIVER_URL']\n"
        "events = json.load(urllib.request.urlopen(url + '/events', timeout=10))\n"
        "print(url, events)\n"
    )
    with_receiver = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--webhook-receiver", "--", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert with_receiver.returncode == 0, with_receiver.stderr
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+ \{'events': \[\]\}\n", with_receiver.stdout)
    without = subprocess.run(
        [
            sys.executable,
            str(SERVE_SCRIPT),
            "--",
            sys.executable,
            "-c",
            "import os; print(os.environ.get('TELNYX_WEBHOOK_RECEIVER_URL'))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert without.stdout == "None\n"


def test_a_state_file_keeps_faxes_and_the_scheduler_finishes_them_after_a_restart(tmp_path):
    state_file = tmp_path / "state.json"
    with WebhookReceiver() as receiver:
        with Simulator(state_file=state_file) as first:
            api = ApiClient(first.root_url, first.api_key)
            webhook_account = make_account(first, api, webhook_event_url=f"{receiver.url}/hooks")
            first.fax_clock(step_seconds=3600, paused=True)
            fax_id = sent(api, webhook_account.fax())["id"]
            first.webhook_deliveries(wait=10)
        assert json.loads(state_file.read_text())["tables"]["faxes"][0]["id"] == fax_id
        with Simulator(state_file=state_file) as second:  # the pace and the paused clock are kept
            assert [fax["status"] for fax in second.faxes()] == ["queued"]
            second.fax_clock(step_seconds=1, paused=False)  # then nobody reads the fax
            events = receiver.wait_for(4, timeout=10)
    assert event_types(events) == EVENTS_OF_A_DELIVERED_FAX
