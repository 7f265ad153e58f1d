# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.webhook as Telnyx meets it: a real HTTP client against the real listener on loopback."""

from __future__ import annotations

import asyncio
import base64
import datetime
import hashlib
import ipaddress
import json
import logging
import re
import ssl
import time

import aiohttp
import pytest
import webhook_signing
from conftest import (
    PUBLIC_KEY,
    SOURCE_FILE,
    free_port,
    listening,
    raw_connection,
    request_head,
    sign,
    source,
    webhook_body,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID


async def post(url, body, headers, path="/telnyx", **options):
    async with aiohttp.ClientSession() as session:
        async with session.post(url + path, data=body, headers=headers, **options) as response:
            return response.status, await response.text()


def run(coroutine):
    return asyncio.run(coroutine)


def start(arguments):
    """Run the source's main(); a source that listens when it should refuse fails the test, not hangs it."""

    async def starting():
        return await asyncio.wait_for(source.main(asyncio.Queue(), arguments), 5)

    return run(starting())


async def queued(queue):
    """What the source has put on the queue, once its backlog has had time to drain."""
    await asyncio.sleep(0.05)
    events = []
    while not queue.empty():
        events.append(queue.get_nowait())
    return events


def test_a_signed_webhook_is_answered_200_and_queued_in_the_documented_shape():
    async def scenario():
        async with listening() as (url, queue):
            body = webhook_body(page_count=2)
            headers = sign(body)
            status, _text = await post(url, body, headers)
            return status, await queued(queue), int(headers["telnyx-timestamp"])

    status, events, timestamp = run(scenario())
    assert status == 200
    assert events == [
        {
            "event_type": "fax.received",
            "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
            "occurred_at": "2026-12-04T22:00:00.000Z",
            "record_type": "event",
            "payload": {"fax_id": "b9b5fa4d-0ec1-4b67-b7a0-5b7bd7ee3a1c", "status": "received", "page_count": 2},
            "webhook": {
                "attempt": 1,
                "delivered_to": "http://127.0.0.1/telnyx",
                "timestamp": timestamp,
                "path": "/telnyx",
            },
        }
    ]


def test_the_simulators_signature_is_accepted_with_its_public_key():
    # The simulator signs with its own Ed25519 code: two implementations agree on the format.
    async def scenario():
        async with listening({"public_key": webhook_signing.TEST_PUBLIC_KEY_B64}) as (url, queue):
            body = webhook_body()
            status, _text = await post(url, body, webhook_signing.signature_headers(body))
            return status, await queued(queue)

    status, events = run(scenario())
    assert status == 200 and [event["event_type"] for event in events] == ["fax.received"]


def forged(body):
    return sign(body, key=Ed25519PrivateKey.generate())


def tampered(body):
    return sign(body.replace(b'"received"', b'"receivex"'))


def no_signature(body):
    return {"telnyx-timestamp": sign(body)["telnyx-timestamp"]}


def no_timestamp(body):
    return {"telnyx-signature-ed25519": sign(body)["telnyx-signature-ed25519"]}


def no_headers(_body):
    return {}


def signature_not_base64(body):
    return {**sign(body), "telnyx-signature-ed25519": "not base64!"}


def signature_too_short(body):
    return {**sign(body), "telnyx-signature-ed25519": "c2hvcnQ="}


def timestamp_not_a_number(body):
    return {**sign(body), "telnyx-timestamp": "1e9"}


def timestamp_of_5000_digits(body):
    return {**sign(body), "telnyx-timestamp": "1" * 5000}


def replayed_old(body):
    return sign(body, timestamp=time.time() - 301)


def from_the_future(body):
    return sign(body, timestamp=time.time() + 301)


def signed_by_another_timestamp(body):
    headers = sign(body)
    return {**headers, "telnyx-timestamp": str(int(headers["telnyx-timestamp"]) - 1)}


@pytest.mark.parametrize(
    "make_headers, reason",
    [
        (forged, "the signature does not match"),
        (tampered, "the signature does not match"),
        (signed_by_another_timestamp, "the signature does not match"),
        (no_signature, "the telnyx-signature-ed25519 header is missing"),
        (no_timestamp, "the telnyx-timestamp header is missing"),
        (no_headers, "the telnyx-signature-ed25519 and telnyx-timestamp headers are missing"),
        (signature_not_base64, "the signature does not match"),
        (signature_too_short, "the signature does not match"),
        (timestamp_not_a_number, "not a Unix time"),
        (timestamp_of_5000_digits, "not a Unix time"),
        (replayed_old, "s away from this host's clock, in the past (tolerance 300 s)"),
        (from_the_future, "s ahead of this host's clock (tolerance 300 s)"),
    ],
)
def test_an_unsigned_or_stale_webhook_gets_401_queues_nothing_and_is_logged(make_headers, reason, caplog):
    async def scenario():
        async with listening() as (url, queue):
            body = webhook_body(secret_looking="do-not-log-me")
            status, text = await post(url, body, make_headers(body))
            return status, text, await queued(queue)

    with caplog.at_level(logging.WARNING):
        status, text, events = run(scenario())
    assert (status, events) == (401, [])
    assert reason in text
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1 and "with 401" in warnings[0] and reason in warnings[0]
    assert "do-not-log-me" not in caplog.text


def test_the_timestamp_tolerance_is_an_argument():
    async def scenario():
        async with listening({"tolerance": 60}) as (url, queue):
            recent, stale = webhook_body(event_id="recent"), webhook_body(event_id="stale")
            statuses = [
                (await post(url, recent, sign(recent, timestamp=time.time() - 50)))[0],
                (await post(url, stale, sign(stale, timestamp=time.time() - 70)))[0],
            ]
            return statuses, [event["id"] for event in await queued(queue)]

    assert run(scenario()) == ([200, 401], ["recent"])


def post_signed(body):
    """Post body, signed, to a fresh listener: the status, the answer's text and what was queued."""

    async def scenario():
        async with listening() as (url, queue):
            status, text = await post(url, body, sign(body))
            return status, text, await queued(queue)

    return run(scenario())


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "no data object"),
        (b'{"meta": {}}', "no data object"),
        (b'{"data": {"id": "x", "payload": {}}}', "no event_type"),
        (b'{"data": {"event_type": "fax.received", "payload": {}}}', "no id"),
        (b'{"data": {"event_type": "fax.received", "id": 42, "payload": {}}}', "data.id is a number, not a string"),
        (b'{"data": {"event_type": ["fax.received"], "id": "x"}}', "data.event_type is an array, not a string"),
        (b'{"data": {"event_type": "fax.received", "id": ""}}', "data.id is empty"),
        (b'{"data": {"event_type": "fax.received", "id": "x", "payload": [1]}}', "payload is not an object"),
    ],
)
def test_a_signed_body_that_is_no_telnyx_event_gets_400(body, reason, caplog):
    with caplog.at_level(logging.WARNING):
        status, text, events = post_signed(body)
    assert (status, events) == (400, [])
    assert reason in text and "with 400" in caplog.text


def test_a_body_over_the_limit_gets_413_whether_its_length_is_announced_or_not(caplog):
    async def chunks(body):
        yield body

    async def scenario():
        async with listening({"max_body_bytes": 1000}) as (url, queue):
            big = webhook_body(padding="x" * 2000)
            announced = (await post(url, big, sign(big)))[0]
            streamed = (await post(url, chunks(big), sign(big)))[0]
            small = webhook_body()
            return [announced, streamed, (await post(url, small, sign(small)))[0]], await queued(queue)

    with caplog.at_level(logging.WARNING):
        statuses, events = run(scenario())
    assert statuses == [413, 413, 200]
    assert len(events) == 1 and caplog.text.count("with 413") == 2


def test_an_event_delivered_twice_is_answered_200_both_times_and_queued_once():
    async def scenario():
        async with listening() as (url, queue):
            first = webhook_body(event_id="e-1")
            statuses = [(await post(url, first, sign(first)))[0]]
            # Telnyx's retry: the same event, a new attempt, signed anew a second later.
            again = first.replace(b'"attempt":1', b'"attempt":2')
            statuses.append((await post(url, again, sign(again, timestamp=time.time() + 1)))[0])
            return statuses, await queued(queue)

    statuses, events = run(scenario())
    assert statuses == [200, 200]
    assert [(event["id"], event["webhook"]["attempt"]) for event in events] == [("e-1", 1)]


def test_the_memory_of_event_ids_is_bounded_by_remember_events():
    async def scenario():
        async with listening({"remember_events": 2}) as (url, queue):
            for event_id in ("a", "b", "a", "c", "a"):
                body = webhook_body(event_id=event_id)
                assert (await post(url, body, sign(body)))[0] == 200
            return [event["id"] for event in await queued(queue)]

    # "a" again is a repeat while remembered; after "b" and "c" it is forgotten.
    assert run(scenario()) == ["a", "b", "c", "a"]


def test_event_types_filters_what_is_queued_and_everything_verified_is_answered_200():
    async def scenario():
        async with listening({"event_types": ["fax.received", "fax.failed"]}) as (url, queue):
            statuses = []
            for number, event_type in enumerate(("fax.receiving.started", "fax.received", "fax.failed")):
                body = webhook_body(event_type=event_type, event_id="e-%d" % number)
                statuses.append((await post(url, body, sign(body)))[0])
            return statuses, [event["event_type"] for event in await queued(queue)]

    assert run(scenario()) == ([200, 200, 200], ["fax.received", "fax.failed"])


def test_the_public_key_may_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", PUBLIC_KEY)

    async def scenario():
        async with listening({"public_key": None}) as (url, queue):
            body = webhook_body()
            return (await post(url, body, sign(body)))[0], len(await queued(queue))

    assert run(scenario()) == (200, 1)


@pytest.mark.parametrize(
    "args, message",
    [
        ({"public_key": None}, "needs public_key, or TELNYX_PUBLIC_KEY"),
        ({"public_key": "not base64!"}, "public_key is not Base64"),
        ({"public_key": "c2hvcnQ="}, "decodes to 5 bytes"),
        ({"tolerance": 0}, "tolerance must be greater than 0"),
        ({"port": "http"}, "port must be a whole number"),
        ({"event_types": "fax.received"}, "event_types must be a list"),
        ({"keyfile": "/nonexistent.key"}, "keyfile is given without certfile"),
        (
            {"event_type": ["fax.received"]},
            "no argument event_type (did you mean event_types?); its arguments are host, port",
        ),
        ({"prot": 5000}, "no argument prot (did you mean port?)"),
        ({"event_types": []}, "event_types is an empty list, which would drop every event"),
        ({"port": 0}, "port must be a TCP port, from 1 to 65535, not 0"),
        ({"port": 65536}, "port must be a TCP port, from 1 to 65535, not 65536"),
        ({"body_timeout": 0}, "body_timeout must be greater than 0"),
        ({"body_timeout": "soon"}, "body_timeout must be a number"),
        ({"certfile": "/nonexistent/webhook.crt"}, "certfile /nonexistent/webhook.crt does not exist"),
        ({"public_key": PUBLIC_KEY.rstrip("=")}, "public_key is not Base64 (its = padding looks cut off"),
        ({"public_key": "ab" * 32}, "public_key looks like hex; give the Base64 form from the Mission Control Portal"),
    ],
)
def test_wrong_arguments_stop_the_source_before_it_listens(args, message, monkeypatch):
    monkeypatch.delenv("TELNYX_PUBLIC_KEY", raising=False)
    arguments = {"host": "127.0.0.1", "port": free_port(), "public_key": PUBLIC_KEY, **args}
    with pytest.raises(ValueError, match=re.escape(message)):
        start(arguments)


def test_a_missing_port_is_named():
    with pytest.raises(ValueError, match="needs port"):
        start({"public_key": PUBLIC_KEY})


def test_only_post_is_served_and_another_method_is_logged_like_any_refusal(caplog):
    async def scenario():
        async with listening() as (url, queue):
            async with aiohttp.ClientSession() as session:
                async with session.put(url + "/telnyx", data=b"do-not-log-me") as response:
                    return response.status, response.headers.get("Allow"), await queued(queue)

    with caplog.at_level(logging.WARNING):
        assert run(scenario()) == (405, "POST", [])
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert warnings == ["Refused a webhook from 127.0.0.1 to /telnyx with 405: only POST is answered, not PUT"]
    assert "do-not-log-me" not in caplog.text


def self_signed_certificate(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = directory / "webhook.crt", directory / "webhook.key"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return certfile, keyfile


def test_with_certfile_and_keyfile_it_serves_https(tmp_path):
    certfile, keyfile = self_signed_certificate(tmp_path)
    trusting = ssl.create_default_context(cafile=str(certfile))

    async def scenario():
        args = {"certfile": str(certfile), "keyfile": str(keyfile)}
        async with listening(args, scheme="https") as (url, queue):
            body = webhook_body()
            status, _text = await post(url, body, sign(body), ssl=trusting)
            with pytest.raises(aiohttp.ClientError):
                await post(url.replace("https:", "http:"), body, sign(body))
            return status, len(await queued(queue))

    assert run(scenario()) == (200, 1)


def test_the_documentation_names_every_argument_main_reads():
    import yaml

    documented = set(yaml.safe_load(source.DOCUMENTATION)["options"])
    assert documented == {
        "host", "port", "public_key", "tolerance", "event_types", "max_body_bytes", "remember_events",
        "body_timeout", "certfile", "keyfile", "password",
    }  # fmt: skip
    assert documented == set(source.ARGUMENTS)
    for name, default in source.DEFAULTS.items():
        assert yaml.safe_load(source.DOCUMENTATION)["options"][name]["default"] == default
    assert json.dumps(yaml.safe_load(source.EXAMPLES))


def test_webhooks_are_answered_at_once_while_the_rulebook_has_not_taken_the_last_event():
    # ansible-rulebook gives a source a queue of one: the answer may not wait for it to be free.
    async def scenario():
        rulebook_queue = asyncio.Queue(1)
        async with listening(queue=rulebook_queue) as (url, queue):
            statuses = []
            for event_id in ("first", "second", "third"):
                body = webhook_body(event_id=event_id)
                statuses.append((await asyncio.wait_for(post(url, body, sign(body)), timeout=2))[0])
            taken = [(await asyncio.wait_for(queue.get(), timeout=2))["id"] for _event in range(3)]
            return statuses, taken

    assert run(scenario()) == ([200, 200, 200], ["first", "second", "third"])


def test_past_the_backlog_limit_a_webhook_gets_503_and_is_taken_when_sent_again(monkeypatch, caplog):
    monkeypatch.setattr(source, "BACKLOG_LIMIT", 2)

    async def scenario():
        async with listening(queue=asyncio.Queue(1)) as (url, queue):
            statuses = []
            for event_id in ("e-1", "e-2", "e-3", "e-4", "e-5"):
                body = webhook_body(event_id=event_id)
                statuses.append((await post(url, body, sign(body)))[0])
                # e-1 reaches the rulebook's queue, e-2 the hand that puts it there; e-3, e-4 wait.
                await asyncio.sleep(0.02)
            taken = [(await queue.get())["id"] for _event in range(4)]
            retry = webhook_body(event_id="e-5")
            statuses.append((await post(url, retry, sign(retry)))[0])
            taken.append((await asyncio.wait_for(queue.get(), timeout=2))["id"])
            return statuses, taken

    with caplog.at_level(logging.WARNING):
        statuses, taken = run(scenario())
    assert statuses == [200, 200, 200, 200, 503, 200]
    assert taken == ["e-1", "e-2", "e-3", "e-4", "e-5"]
    assert "with 503: 2 events are waiting for the rulebook already" in caplog.text


def nested_body(levels, kind="["):
    """A Telnyx envelope with `levels` arrays (or objects) inside each other in its payload: 3 + levels deep."""
    value = "[" * levels + "]" * levels if kind == "[" else '{"a":' * levels + "1" + "}" * levels
    envelope = '{"data":{"record_type":"event","id":"deep","event_type":"fax.received","payload":{"deep":%s}}}'
    return (envelope % value).encode()


@pytest.mark.parametrize(
    "body",
    [nested_body(20000), nested_body(20000, "{"), nested_body(1500), nested_body(source.MAX_NESTING - 2)],
    ids=["20000-arrays", "20000-objects", "1500-arrays", "one-over-the-limit"],
)
def test_a_signed_body_nested_deeper_than_the_limit_gets_400_and_is_not_queued(body, caplog):
    with caplog.at_level(logging.WARNING):
        status, text, events = post_signed(body)
    assert (status, events) == (400, [])
    assert "the body is nested more than %d levels deep" % source.MAX_NESTING in text
    assert [record.levelno for record in caplog.records if record.levelno >= logging.WARNING] == [logging.WARNING]


def test_a_body_as_deep_as_the_limit_is_queued_and_brackets_in_strings_do_not_count():
    texts = ["[" * 5000, '\\"' + "{" * 5000, "\\\\" + "[" * 100]

    async def scenario():
        async with listening() as (url, queue):
            deepest = nested_body(source.MAX_NESTING - 3)
            wordy = webhook_body(event_id="wordy", notes=texts)
            statuses = [(await post(url, body, sign(body)))[0] for body in (deepest, wordy)]
            return statuses, await queued(queue)

    statuses, events = run(scenario())
    assert statuses == [200, 200]
    assert [event["id"] for event in events] == ["deep", "wordy"] and events[1]["payload"]["notes"] == texts


@pytest.mark.parametrize(
    "number, reason",
    [
        ("NaN", "the body has NaN, which JSON does not allow"),
        ("Infinity", "the body has Infinity, which JSON does not allow"),
        ("-Infinity", "the body has -Infinity, which JSON does not allow"),
        ("1e400", "the body has a number too large for JSON"),
    ],
)
def test_a_signed_body_with_nan_or_infinity_gets_400_and_is_not_queued(number, reason):
    body = webhook_body().replace(b'"status":"received"', b'"status":"received","page_count":' + number.encode())

    async def scenario():
        async with listening() as (url, queue):
            status, text = await post(url, body, sign(body))
            return status, text, await queued(queue)

    status, text, events = run(scenario())
    assert (status, events) == (400, []) and reason in text


def warnings_in(caplog):
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


def test_a_content_length_over_the_limit_gets_413_before_any_of_the_body_is_sent(caplog, monkeypatch):
    monkeypatch.setattr(source, "LINGER_SECONDS", 0.2)

    async def scenario():
        async with listening({"max_body_bytes": 1000}) as (url, _queue):
            reader, writer = await raw_connection(url)
            writer.write(request_head({"Content-Length": 1000001, **sign(b"{}")}))
            try:
                return await asyncio.wait_for(reader.readline(), 2)
            finally:
                writer.close()

    with caplog.at_level(logging.WARNING):
        status_line = run(scenario())
    assert status_line.startswith(b"HTTP/1.1 413 ")
    assert warnings_in(caplog) == [
        "Refused a webhook from 127.0.0.1 to /telnyx with 413: the body is over 1000 bytes (Content-Length 1000001)"
    ]


def test_a_body_that_stalls_gets_408_after_body_timeout_and_one_log_line(caplog, monkeypatch):
    monkeypatch.setattr(source, "LINGER_SECONDS", 0.2)

    async def scenario():
        async with listening({"body_timeout": 0.3}) as (url, _queue):
            reader, writer = await raw_connection(url)
            writer.write(request_head({"Content-Length": 100, **sign(b"{}")}) + b"{")
            started = time.monotonic()
            try:
                return await asyncio.wait_for(reader.readline(), 3), time.monotonic() - started
            finally:
                writer.close()

    with caplog.at_level(logging.WARNING):
        status_line, waited = run(scenario())
    assert status_line.startswith(b"HTTP/1.1 408 ") and 0.25 <= waited < 2
    assert warnings_in(caplog) == [
        "Refused a webhook from 127.0.0.1 to /telnyx with 408: the body did not arrive within 0.3 s"
    ]


@pytest.mark.parametrize(
    "head, part",
    [
        ({"Content-Length": 100}, b'{"data":'),
        ({"Transfer-Encoding": "chunked"}, b'20\r\n{"data":'),
    ],
    ids=["content-length", "chunked"],
)
def test_a_client_that_hangs_up_mid_body_is_one_log_line_not_a_traceback(head, part, caplog):
    async def scenario():
        async with listening() as (url, queue):
            _reader, writer = await raw_connection(url)
            writer.write(request_head({**head, **sign(b"{}")}) + part)
            await writer.drain()
            await asyncio.sleep(0.1)
            writer.close()
            return await queued(queue)

    with caplog.at_level(logging.WARNING):
        assert run(scenario()) == []
    assert warnings_in(caplog) == ["A webhook from 127.0.0.1 to /telnyx hung up before its body arrived"]
    assert not [record for record in caplog.records if record.exc_info]


def test_a_body_aiohttp_cannot_decode_gets_400_not_500():
    async def scenario():
        async with listening() as (url, _queue):
            body = webhook_body()
            return await post(url, body, {**sign(body), "Content-Encoding": "gzip"})

    status, text = run(scenario())
    assert status == 400 and text.startswith("the body could not be read (") and text.count("\n") == 1


def test_an_unresolvable_host_is_named():
    arguments = {"host": "no-such-host.invalid", "port": free_port(), "public_key": PUBLIC_KEY}
    with pytest.raises(ValueError, match=re.escape("host no-such-host.invalid could not be resolved")):
        start(arguments)


@pytest.mark.parametrize("argument", [None, ""], ids=["left-out", "empty-as-the-rulebooks-pass-it"])
def test_a_wrong_key_from_the_environment_is_named_as_telnyx_public_key(argument, monkeypatch):
    monkeypatch.setenv("TELNYX_PUBLIC_KEY", PUBLIC_KEY.rstrip("="))
    arguments = {"host": "127.0.0.1", "port": free_port(), "public_key": argument}
    with pytest.raises(ValueError, match=re.escape("TELNYX_PUBLIC_KEY is not Base64 (its = padding looks cut off")):
        start(arguments)


def test_the_start_up_log_names_the_key_by_a_fingerprint_never_by_itself(caplog):
    fingerprint = hashlib.sha256(base64.b64decode(PUBLIC_KEY)).hexdigest()[:8]

    async def scenario():
        async with listening() as (url, _queue):
            return url

    with caplog.at_level(logging.INFO):
        url = run(scenario())
    assert "listening on %s; public key from public_key, fingerprint %s" % (url, fingerprint) in caplog.text
    assert PUBLIC_KEY not in caplog.text and PUBLIC_KEY.rstrip("=") not in caplog.text


def test_the_arguments_ansible_rulebook_adds_are_not_refused():
    async def scenario():
        async with listening({"eda_feedback_queue": asyncio.Queue()}) as (url, queue):
            body = webhook_body()
            return (await post(url, body, sign(body)))[0], len(await queued(queue))

    assert run(scenario()) == (200, 1)


def encrypted_key(directory, password):
    _certfile, keyfile = self_signed_certificate(directory)
    key = serialization.load_pem_private_key(keyfile.read_bytes(), None)
    encryption = serialization.BestAvailableEncryption(password)
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption))
    return keyfile


@pytest.mark.parametrize(
    "files, message",
    [
        ({"keyfile": "missing.key"}, "keyfile {missing.key} does not exist"),
        ({"certfile": "garbage.crt"}, "could not be loaded from certfile {garbage.crt} and keyfile {webhook.key}"),
        (
            {"password": "wrong"},
            "could not be loaded from certfile {webhook.crt} and keyfile {webhook.key} with password",
        ),
    ],
)
def test_certificate_errors_name_the_files(files, message, tmp_path):
    certfile, _keyfile = self_signed_certificate(tmp_path)
    encrypted_key(tmp_path, b"right")
    (tmp_path / "garbage.crt").write_text("not a certificate\n")
    arguments = {"certfile": "webhook.crt", "keyfile": "webhook.key", "password": "right", **files}
    arguments = {name: str(tmp_path / value) if name != "password" else value for name, value in arguments.items()}
    message = message.replace("{", str(tmp_path) + "/").replace("}", "")
    with pytest.raises(ValueError, match=re.escape(message)):
        start({"host": "127.0.0.1", "port": free_port(), "public_key": PUBLIC_KEY, **arguments})
    assert certfile.exists()


def test_the_guide_shows_every_argument_and_the_documented_limits():
    guide = (SOURCE_FILE.parents[4] / "docs" / "docsite" / "rst" / "event_driven.rst").read_text()
    sources_block = guide.split("   sources:\n", 1)[1].split("\n\n", 1)[0]
    assert [name for name in source.ARGUMENTS if "     %s:" % name not in sources_block] == []
    for text in (guide, source.DOCUMENTATION):
        assert "%d arrays or objects deep" % source.MAX_NESTING in " ".join(text.split())
