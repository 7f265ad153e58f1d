"""Faxes: sending, retrieve, delete, cancel, the lifecycle and its clock, and the failure rules."""

import time
import uuid

import pytest
from api_client import TIMESTAMP, assert_errors
from fax_helpers import (
    FAX_FIELDS,
    FAXES,
    MEDIA_URL,
    TO,
    cancel,
    get_fax,
    history,
    make_account,
    send,
    sent,
    wait_for_status,
)

LIFECYCLE = ["queued", "media.processed", "originated", "sending", "delivered"]


# --- sending --------------------------------------------------------------------------------


def test_a_sent_fax_is_queued_with_every_field_of_the_sdk_fax(account, api):
    response = send(api, account.fax())
    assert response.status == 202
    fax = response.data
    assert set(fax) == FAX_FIELDS
    assert str(uuid.UUID(fax["id"])) == fax["id"]
    assert fax["record_type"] == "fax" and fax["direction"] == "outbound" and fax["status"] == "queued"
    assert (fax["connection_id"], fax["from"], fax["to"]) == (account.app_id, account.from_number, TO)
    assert fax["from_display_name"] == account.from_number  # omitted: the from number
    assert (fax["media_url"], fax["media_name"]) == (MEDIA_URL, None)
    assert (fax["quality"], fax["store_media"], fax["stored_media_url"], fax["preview_url"]) == (
        "high",
        False,
        None,
        None,
    )
    assert fax["failure_reason"] is None and fax["internal_failure_reason"] is None
    assert fax["client_state"] is None
    assert (fax["webhook_url"], fax["webhook_failover_url"]) == ("https://example.com/hooks", "")
    assert TIMESTAMP.fullmatch(fax["created_at"]) and fax["updated_at"] == fax["created_at"]


def test_every_option_is_echoed_where_the_fax_object_has_it(account, api):
    fax = sent(
        api,
        account.fax(
            media_url=None,
            media_name="uploaded-contract",
            to="sip:fax@sip.example.com",
            quality="ultra_dark",
            monochrome=True,
            black_threshold=1,
            store_preview=True,
            preview_format="pdf",
            t38_enabled=False,
            from_display_name="Acme Fax-Desk ~!.+_",
            client_state="eyJvcmRlciI6IDQyfQ==",
            webhook_url="https://hooks.example.com/fax",
        ),
    )
    assert (fax["media_url"], fax["media_name"], fax["to"]) == (None, "uploaded-contract", "sip:fax@sip.example.com")
    assert (fax["quality"], fax["from_display_name"]) == ("ultra_dark", "Acme Fax-Desk ~!.+_")
    assert fax["client_state"] == "eyJvcmRlciI6IDQyfQ=="
    assert (fax["webhook_url"], fax["webhook_failover_url"]) == ("https://hooks.example.com/fax", "")
    assert get_fax(api, fax["id"])["preview_url"].endswith("/preview.pdf")


def test_the_application_failover_url_is_the_faxs_unless_it_has_its_own_webhook_url(sim, api):
    account = make_account(sim, api, webhook_event_failover_url="https://failover.example.com/hooks")
    assert sent(api, account.fax())["webhook_failover_url"] == "https://failover.example.com/hooks"
    own = sent(api, account.fax(webhook_url="https://own.example.com/hooks"))
    assert (own["webhook_url"], own["webhook_failover_url"]) == ("https://own.example.com/hooks", "")


def test_stored_media_appears_once_the_media_is_processed(account, api, sim, stepping):
    fax = sent(api, account.fax(store_media=True))
    assert fax["store_media"] is True and fax["stored_media_url"] is None
    stepping()
    assert get_fax(api, fax["id"])["stored_media_url"].startswith(f"{sim.root_url}/media/faxes/{fax['id']}.pdf?token=")


@pytest.mark.parametrize("missing", ["connection_id", "from", "to"])
def test_connection_id_from_and_to_are_required(account, api, missing):
    assert_errors(send(api, account.fax(**{missing: None})), 422, pointers=[f"/{missing}"])


@pytest.mark.parametrize(
    ("fields", "pointers"),
    [
        ({"media_url": None}, ["/media_url"]),  # open question 7: no media is a 422 at once
        ({"media_name": "doc"}, ["/media_name"]),  # and so are two
        ({"media_url": None, "media_name": "doc", "store_media": True}, ["/store_media"]),
        ({"from": "13125550100"}, ["/from"]),
        ({"from": "+0123456789"}, ["/from"]),
        ({"from": "sip:me@example.com"}, ["/from"]),
        ({"to": "+1 312 555 0199"}, ["/to"]),
        ({"to": "fax@example.com"}, ["/to"]),
        ({"to": 13125550199}, ["/to"]),
        ({"connection_id": ""}, ["/connection_id"]),
        ({"connection_id": 123}, ["/connection_id"]),
        ({"media_url": "ftp://example.com/doc.pdf"}, ["/media_url"]),
        ({"media_url": ["https://example.com/a.pdf"]}, ["/media_url"]),
        ({"media_url": None, "media_name": ""}, ["/media_name"]),
        ({"quality": "ultra"}, ["/quality"]),
        ({"preview_format": "png"}, ["/preview_format"]),
        ({"black_threshold": 0}, ["/black_threshold"]),
        ({"black_threshold": 101}, ["/black_threshold"]),
        ({"black_threshold": "50"}, ["/black_threshold"]),
        ({"black_threshold": True}, ["/black_threshold"]),
        ({"monochrome": "true"}, ["/monochrome"]),
        ({"store_media": 1}, ["/store_media"]),
        ({"store_preview": "false"}, ["/store_preview"]),
        ({"t38_enabled": "no"}, ["/t38_enabled"]),
        ({"from_display_name": "x" * 129}, ["/from_display_name"]),
        ({"from_display_name": ""}, ["/from_display_name"]),
        ({"from_display_name": "Acme, Inc."}, ["/from_display_name"]),
        ({"from_display_name": "Zoë"}, ["/from_display_name"]),
        ({"client_state": "not base64!"}, ["/client_state"]),
        ({"client_state": "abc"}, ["/client_state"]),  # padding missing
        ({"client_state": ""}, ["/client_state"]),
        ({"webhook_url": "not a url"}, ["/webhook_url"]),
        ({"webhook_failover_url": "https://example.com"}, ["/webhook_failover_url"]),
        ({"contents": "JVBERi0="}, ["/contents"]),
        ({"status": "delivered"}, ["/status"]),
        ({"id": "5f1e0d4c-0000-4000-8000-000000000000"}, ["/id"]),
        ({"colour": True}, ["/colour"]),
        ({"from": "12", "quality": "low", "extra": 1}, ["/from", "/quality", "/extra"]),
    ],
)
def test_invalid_sends_are_422s_at_each_field(account, api, fields, pointers):
    assert_errors(send(api, account.fax(**fields)), 422, pointers=pointers)


@pytest.mark.parametrize("black_threshold", [1, 100])
def test_black_threshold_takes_1_to_100(account, api, black_threshold):
    sent(api, account.fax(monochrome=True, black_threshold=black_threshold))


def test_display_names_of_128_characters_are_accepted(account, api):
    assert sent(api, account.fax(from_display_name="x" * 128))["from_display_name"] == "x" * 128


def test_connection_id_must_name_a_fax_application(account, api):
    errors = assert_errors(
        send(api, account.fax(connection_id="1234567890123456789")), 422, pointers=["/connection_id"]
    )
    assert "names no fax application" in errors[0]["detail"]
    assert_errors(send(api, account.fax(connection_id=account.profile_id)), 422, pointers=["/connection_id"])


def test_a_body_must_be_a_json_object_sent_with_a_key(account, api):
    assert_errors(api.request("POST", FAXES, body=b"connection_id=1", headers={"Content-Type": "text/plain"}), 400)
    assert_errors(api.request("POST", FAXES, body=b"[]", headers={"Content-Type": "application/json"}), 400)
    assert_errors(api.request("POST", FAXES, account.fax(), auth=False), 401)


# --- retrieve and the paths -----------------------------------------------------------------


def test_an_unknown_fax_is_a_404(account, api):
    for fax_id in (str(uuid.uuid4()), "not-a-uuid", account.app_id):
        assert_errors(api.request("GET", f"{FAXES}/{fax_id}"), 404)
        assert_errors(cancel(api, fax_id), 404)
        assert_errors(api.request("DELETE", f"{FAXES}/{fax_id}"), 404)


def test_methods_the_fax_paths_do_not_serve_are_405s(account, api):
    fax = sent(api, account.fax())
    assert api.request("PATCH", f"{FAXES}/{fax['id']}", {}).headers["Allow"] == "GET, DELETE"
    assert api.request("PUT", FAXES, {}).headers["Allow"] == "GET, POST"
    assert_errors(api.request("GET", f"{FAXES}/{fax['id']}/actions/cancel"), 405)


# --- the lifecycle and its clock ------------------------------------------------------------


def test_by_default_a_fax_runs_to_the_end_before_it_is_read(sim, account, api):
    fax = sent(api, account.fax())
    assert fax["status"] == "queued"
    read = get_fax(api, fax["id"])
    assert read["status"] == "delivered" and read["failure_reason"] is None
    assert read["updated_at"] > fax["updated_at"]
    assert history(sim, fax["id"]) == LIFECYCLE


def test_a_paused_clock_moves_one_status_per_step_and_only_when_advanced(sim, account, api, stepping):
    fax_id = sent(api, account.fax())["id"]
    seen = [get_fax(api, fax_id)["status"]]
    for _step in range(5):
        stepping()
        seen.append(get_fax(api, fax_id)["status"])
    assert seen == [*LIFECYCLE, "delivered"]
    steps = next(fax for fax in sim.faxes() if fax["id"] == fax_id)["history"]
    assert [step["at"] for step in steps] == sorted(step["at"] for step in steps)


def test_a_big_advance_applies_every_step_due_in_order(sim, account, api, stepping):
    first = sent(api, account.fax())["id"]
    stepping(2)
    second = sent(api, account.fax())["id"]
    assert [get_fax(api, fax_id)["status"] for fax_id in (first, second)] == ["originated", "queued"]
    stepping(3600)
    assert history(sim, first) == history(sim, second) == LIFECYCLE


def test_a_paused_clock_does_not_move_with_real_time(account, api, sim):
    sim.fax_clock(step_seconds=0.05, paused=True)
    fax_id = sent(api, account.fax())["id"]
    time.sleep(0.3)
    assert get_fax(api, fax_id)["status"] == "queued"
    sim.fax_clock(paused=False)  # the clock goes on from where it stopped: 0.05 s per step still
    wait_for_status(api, fax_id, ["delivered"])


def test_a_running_clock_moves_faxes_with_real_time(account, api, sim):
    sim.fax_clock(step_seconds={"queued": 1, "media.processed": 0, "originated": 0, "sending": 0})
    fax_id = sent(api, account.fax())["id"]
    assert get_fax(api, fax_id)["status"] == "queued"
    wait_for_status(api, fax_id, ["delivered"])


def test_a_new_pace_applies_to_faxes_in_progress(account, api, sim):
    sim.fax_clock(step_seconds=3600)
    fax_id = sent(api, account.fax())["id"]
    assert get_fax(api, fax_id)["status"] == "queued"
    sim.fax_clock(step_seconds="instant")
    assert get_fax(api, fax_id)["status"] == "delivered"


def test_the_clock_state_and_its_presets(sim):
    state = sim.fax_clock()
    assert state["paused"] is False and TIMESTAMP.fullmatch(state["now"])
    assert state["step_seconds"] == {
        "queued": 0,
        "media.processed": 0,
        "originated": 0,
        "sending": 0,
        "cancel": 0,
        "receiving": 0,
        "media.processing": 0,
    }
    realistic = sim.fax_clock(step_seconds="realistic")["step_seconds"]
    assert all(seconds > 0 for seconds in realistic.values())
    merged = sim.fax_clock(step_seconds={"sending": 0.5})["step_seconds"]
    assert merged == {**realistic, "sending": 0.5}
    paused = sim.fax_clock(paused=True)
    assert sim.fax_clock(advance=90)["now"] > paused["now"]
    sim.reset()
    assert sim.fax_clock()["paused"] is False
    assert set(sim.fax_clock()["step_seconds"].values()) == {0}


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({"step_seconds": -1}, ["/step_seconds"]),
        ({"step_seconds": 3601}, ["/step_seconds"]),
        ({"step_seconds": "fast"}, ["/step_seconds"]),
        ({"step_seconds": {"delivered": 1}}, ["/step_seconds"]),
        ({"step_seconds": {"sending": "1"}}, ["/step_seconds"]),
        ({"step_seconds": True}, ["/step_seconds"]),
        ({"paused": "yes"}, ["/paused"]),
        ({"advance": -1}, ["/advance"]),
        ({"advance": "1"}, ["/advance"]),
        ({"speed": 2}, ["/speed"]),
    ],
)
def test_nonsense_in_a_clock_body_is_a_400(api, body, pointers):
    assert_errors(api.control("POST", "fax_clock", body), 400, pointers=pointers)


# --- failures -------------------------------------------------------------------------------


def failed(api, sim, fax_id):
    fax = get_fax(api, fax_id)
    assert fax["status"] == "failed", fax
    return fax["failure_reason"], history(sim, fax_id)


@pytest.mark.parametrize(
    ("to", "reason", "steps"),
    [
        ("+15555550101", "user_busy", ["queued", "media.processed", "originated", "failed"]),
        ("+15555550102", "receiver_no_answer", ["queued", "media.processed", "originated", "failed"]),
        ("+15555550103", "receiver_call_dropped", ["queued", "media.processed", "originated", "sending", "failed"]),
    ],
)
def test_built_in_failing_numbers(account, api, sim, to, reason, steps):
    fax_id = sent(api, account.fax(to=to))["id"]
    assert failed(api, sim, fax_id) == (reason, steps)
    assert get_fax(api, fax_id)["internal_failure_reason"]


def test_registered_failing_numbers_fail_as_they_leave_the_status_named(account, api, sim):
    sim.failing_number("+442071838750", "destination_not_in_countries_whitelist", after="queued")
    sim.failing_number("sip:busy@sip.example.com", "receiver_decline")  # after originated by default
    sim.failing_number("+15555550101", "carrier_lost", after="sending")  # a built-in one, changed
    cases = {
        "+442071838750": ("destination_not_in_countries_whitelist", ["queued", "failed"]),
        "sip:busy@sip.example.com": ("receiver_decline", ["queued", "media.processed", "originated", "failed"]),
        "+15555550101": ("carrier_lost", ["queued", "media.processed", "originated", "sending", "failed"]),
    }
    for to, expected in cases.items():
        assert failed(api, sim, sent(api, account.fax(to=to))["id"]) == expected
    listed = {entry["to"]: entry for entry in sim.failing_numbers()}
    assert listed["+15555550102"] == {
        "to": "+15555550102",
        "failure_reason": "receiver_no_answer",
        "after": "originated",
        "built_in": True,
    }
    assert listed["+15555550101"]["built_in"] is False
    sim.reset()
    assert {entry["to"] for entry in sim.failing_numbers()} == {"+15555550101", "+15555550102", "+15555550103"}


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({"to": "5550101", "failure_reason": "user_busy"}, ["/to"]),
        ({"to": "+15555550199", "failure_reason": "busy"}, ["/failure_reason"]),
        ({"to": "+15555550199", "failure_reason": "user_busy", "after": "delivered"}, ["/after"]),
        ({"failure_reason": "user_busy", "why": 1}, ["/to", "/why"]),
    ],
)
def test_nonsense_in_a_failing_number_is_a_400(api, body, pointers):
    assert_errors(api.control("POST", "failing_numbers", body), 400, pointers=pointers)


def test_media_on_an_invalid_host_cannot_be_downloaded(account, api, sim):
    fax_id = sent(api, account.fax(media_url="https://files.example.invalid/doc.pdf", store_media=True))["id"]
    assert failed(api, sim, fax_id) == ("file_download_failed", ["queued", "failed"])
    assert get_fax(api, fax_id)["stored_media_url"] is None


def test_an_application_without_a_profile_is_accepted_then_fails(sim, api):
    app = api.create()  # no outbound voice profile
    sim.seed_phone_numbers(["+13125550100"], connection_id=app["id"])
    response = send(api, {"connection_id": app["id"], "from": "+13125550100", "to": TO, "media_url": MEDIA_URL})
    assert response.status == 202  # open question 7: a 202, then fax.failed
    assert failed(api, sim, response.data["id"]) == ("no_outbound_profile", ["queued", "media.processed", "failed"])


def test_the_profile_is_checked_when_the_fax_is_dialled(sim, api, account, stepping):
    fax_id = sent(api, account.fax())["id"]
    assert api.update(account.app_id, outbound={"outbound_voice_profile_id": None}).status == 200
    stepping(2)
    assert failed(api, sim, fax_id)[0] == "no_outbound_profile"
    rescued = sent(api, account.fax())["id"]
    stepping()  # media.processed
    assert api.update(account.app_id, outbound={"outbound_voice_profile_id": account.profile_id}).status == 200
    stepping(3)
    assert get_fax(api, rescued)["status"] == "delivered"


def test_deleting_the_application_of_a_fax_in_progress_fails_it(sim, api, account, stepping):
    fax_id = sent(api, account.fax())["id"]
    assert (
        api.request("PATCH", f"/v2/phone_numbers/{sim.phone_numbers()[0]['id']}", {"connection_id": ""}).status == 200
    )
    assert api.request("DELETE", f"/v2/fax_applications/{account.app_id}").status == 200
    stepping(2)
    assert failed(api, sim, fax_id)[0] == "no_outbound_profile"


@pytest.mark.parametrize("status", ["port-pending", "deleted"])
def test_from_must_be_an_active_number_of_the_account(sim, api, account, status):
    sim.seed_phone_numbers(["+13125550111"], status=status)
    for from_number in ("+13125550111", "+13125550112"):
        fax_id = sent(api, account.fax(**{"from": from_number}))["id"]
        assert failed(api, sim, fax_id) == ("unverified_origination_number", ["queued", "media.processed", "failed"])


# --- cancel ---------------------------------------------------------------------------------


@pytest.mark.parametrize("steps_first", [0, 1, 2, 3])
def test_a_fax_in_progress_can_be_cancelled_and_fails_sender_canceled(sim, api, account, stepping, steps_first):
    fax_id = sent(api, account.fax())["id"]
    stepping(steps_first)
    status = get_fax(api, fax_id)["status"]
    response = cancel(api, fax_id)
    assert (response.status, response.json) == (202, {"data": {"result": "ok"}})
    stepping(0)  # a cancel takes the "cancel" step's time: 0 s here
    reason, steps = failed(api, sim, fax_id)
    assert reason == "sender_canceled" and steps == [*LIFECYCLE[: LIFECYCLE.index(status) + 1], "failed"]
    assert get_fax(api, fax_id)["internal_failure_reason"]


def test_with_the_default_pace_a_cancel_is_applied_before_its_202(sim, api, account):
    sim.fax_clock(step_seconds={"sending": 3600})
    fax_id = sent(api, account.fax())["id"]
    assert get_fax(api, fax_id)["status"] == "sending"
    assert cancel(api, fax_id).status == 202
    assert get_fax(api, fax_id)["failure_reason"] == "sender_canceled"


def test_a_cancel_is_accepted_before_it_is_applied(sim, api, account, stepping):
    sim.fax_clock(step_seconds={"cancel": 2, "sending": 10})
    fax_id = sent(api, account.fax())["id"]
    stepping(3)
    assert get_fax(api, fax_id)["status"] == "sending"
    assert cancel(api, fax_id).status == 202
    stepping()
    assert get_fax(api, fax_id)["status"] == "sending"  # 202 means accepted, not done
    assert cancel(api, fax_id).status == 202  # still in progress: accepted again
    stepping()
    assert failed(api, sim, fax_id)[0] == "sender_canceled"


def test_a_finished_fax_cannot_be_cancelled(sim, api, account):
    delivered = sent(api, account.fax())["id"]
    busy = sent(api, account.fax(to="+15555550101"))["id"]
    for fax_id, status in ((delivered, "delivered"), (busy, "failed")):
        errors = assert_errors(cancel(api, fax_id), 422, pointers=["/id"])
        assert status in errors[0]["detail"]


def test_cancel_takes_no_parameters(api, account, stepping):
    fax_id = sent(api, account.fax())["id"]
    assert cancel(api, fax_id, json_body={}).status == 202
    assert_errors(cancel(api, fax_id, json_body={"reason": "x"}), 422, pointers=["/reason"])
    assert_errors(cancel(api, fax_id, body=b"now", headers={"Content-Type": "text/plain"}), 400)


# --- delete ---------------------------------------------------------------------------------


def test_a_finished_fax_is_deleted_with_a_204_and_no_body(api, account):
    fax_id = sent(api, account.fax())["id"]
    response = api.request("DELETE", f"{FAXES}/{fax_id}")
    assert (response.status, response.body) == (204, b"")
    assert "Content-Type" not in response.headers and "Content-Length" not in response.headers
    assert_errors(api.request("GET", f"{FAXES}/{fax_id}"), 404)
    assert_errors(api.request("DELETE", f"{FAXES}/{fax_id}"), 404)
    busy = sent(api, account.fax(to="+15555550101"))["id"]
    assert api.request("DELETE", f"{FAXES}/{busy}").status == 204


def test_a_fax_in_progress_cannot_be_deleted(sim, api, account, stepping):
    fax_id = sent(api, account.fax())["id"]
    errors = assert_errors(api.request("DELETE", f"{FAXES}/{fax_id}"), 422, pointers=["/id"])
    assert "cancel" in errors[0]["detail"]  # open question 8: refused, not cancelled
    assert cancel(api, fax_id).status == 202
    stepping(0)
    assert api.request("DELETE", f"{FAXES}/{fax_id}").status == 204


def test_deleting_over_keep_alive_leaves_the_connection_usable(api, account):
    fax_ids = [sent(api, account.fax())["id"] for _number in range(3)]
    connection = api.connect()
    try:
        for fax_id in fax_ids:
            assert api.request("DELETE", f"{FAXES}/{fax_id}", connection=connection).status == 204
        assert api.request("GET", FAXES, connection=connection).json["meta"]["total_results"] == 0
    finally:
        connection.close()
