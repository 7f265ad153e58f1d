# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax run in-process against the simulator: a send is never repeated, the wait loop."""

from __future__ import annotations

import time

import pytest
from ansible.module_utils import basic
from harness import Relay

from ansible_collections.telnyx.fax.plugins.module_utils import _fax_task as fax_task
from ansible_collections.telnyx.fax.plugins.modules.fax import main

FROM = "+13125550100"
TO = "+13125550199"
MEDIA = "https://www.example.com/fax-test.pdf"


def posts(simulator):
    return [entry for entry in simulator.requests_log() if entry["method"] == "POST"]


@pytest.fixture
def app_id(simulator):
    """An application that can send: a profile, and FROM an active number assigned to it."""
    (profile_id,) = simulator.seed_profiles(1, "voice")
    (application_id,) = simulator.seed(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
    simulator.seed_phone_numbers([FROM], connection_id=application_id)
    return application_id


def send_args(app_id, **extra):
    args = {"connection_id": app_id, "from": FROM, "to": TO, "media_url": MEDIA}
    args.update(extra)
    return args


class FakeTime:
    """A clock that moves only when the module sleeps: the wait loop without waiting."""

    def __init__(self, on_sleep=None):
        self.now = 1000.0
        self.sleeps = []
        self.on_sleep = on_sleep

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep:
            self.on_sleep(len(self.sleeps))


def main_with(sleep=time.sleep, clock=time.monotonic):
    return lambda: fax_task.run_fax_module(sleep=sleep, clock=clock)


@pytest.fixture
def left_out(monkeypatch):
    """left_out("api_key"): the task does not give these options (run_module gives a few always)."""

    def leave_out(*names):
        load = basic.AnsibleModule._load_params

        def load_without(self):
            load(self)
            for name in names:
                self.params.pop(name, None)

        monkeypatch.setattr(basic.AnsibleModule, "_load_params", load_without)

    return leave_out


class TestASendIsNeverRepeated:
    """Telnyx has no idempotency key: a POST that may have arrived is never sent again."""

    @staticmethod
    def assert_may_have_been_sent(result):
        assert result["failed"]
        assert "The fax may have been sent anyway, and it is not sent again" in result["msg"]
        assert (
            "Look for it with telnyx.fax.fax_info (to=%s, direction=outbound) before sending again" % TO
            in (result["msg"])
        )

    def test_a_500_on_the_post_is_not_retried(self, simulator, run_module, app_id):
        simulator.fault(500, times=3, method="POST")
        result = run_module(main, send_args(app_id, max_retries=3))
        self.assert_may_have_been_sent(result)
        assert result["msg"].startswith("POST /faxes failed with 500 Internal Server Error")
        assert result["failure"]["status"] == 500
        assert [entry["status"] for entry in posts(simulator)] == [500]
        assert simulator.faxes() == []

    def test_a_read_timeout_on_the_post_is_not_retried(self, simulator, run_module, app_id):
        simulator.fault(times=1, method="POST", delay=1.5)
        result = run_module(main, send_args(app_id, max_retries=3, timeout=0.5))
        self.assert_may_have_been_sent(result)
        assert "no answer within 0.5 seconds" in result["msg"]
        # The simulator answers the held POST after its delay: that one fax was sent, and only it.
        deadline = time.monotonic() + 5
        while len(simulator.faxes()) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(posts(simulator)) == 1
        assert [fax["to"] for fax in simulator.faxes()] == [TO]

    def test_a_429_on_the_post_is_retried_and_sends_one_fax(self, simulator, run_module, app_id):
        simulator.fault(429, times=1, method="POST", retry_after=1)
        result = run_module(main, send_args(app_id, max_retries=3))
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True
        assert [entry["status"] for entry in posts(simulator)] == [429, 202]
        assert [fax["id"] for fax in simulator.faxes()] == [result["fax"]["id"]]
        assert any("POST /faxes with 429 Too Many Requests" in warning for warning in result["warnings"])


class TestTheWaitLoop:
    def test_polls_at_wait_interval_until_delivered(self, simulator, run_module, app_id):
        # Each of the four steps to delivered takes 0.2 s of real time on the fax clock.
        simulator.fax_clock(step_seconds=0.2)
        sleeps = []

        def sleep(seconds):
            sleeps.append(seconds)
            time.sleep(seconds)

        started = time.monotonic()
        result = run_module(main_with(sleep=sleep), send_args(app_id, wait=True, wait_interval=0.3))
        elapsed = time.monotonic() - started
        assert not result.get("failed"), result.get("msg")
        assert result["fax"]["status"] == "delivered"
        fax_id = result["fax"]["id"]
        polls = simulator.calls().count("GET /v2/faxes/%s" % fax_id)
        assert sleeps == [0.3] * polls
        assert 0.8 <= elapsed and 2 <= polls <= 5

    def test_a_429_while_polling_is_honoured(self, simulator, run_module, app_id):
        simulator.fax_clock(step_seconds=0.3)

        def throttle_the_first_poll(count):
            if count == 1:
                simulator.fault(429, times=1, method="GET", retry_after=1)

        sleeps = []

        def sleep(seconds):
            sleeps.append(seconds)
            throttle_the_first_poll(len(sleeps))
            time.sleep(seconds)

        started = time.monotonic()
        result = run_module(main_with(sleep=sleep), send_args(app_id, wait=True, wait_interval=0.2, max_retries=2))
        elapsed = time.monotonic() - started
        assert not result.get("failed"), result.get("msg")
        assert result["fax"]["status"] == "delivered"
        log = simulator.requests_log()
        fax_path = "/v2/faxes/%s" % result["fax"]["id"]
        polls = [entry["status"] for entry in log if entry["path"] == fax_path]
        assert polls[:2] == [429, 200]
        assert elapsed >= 1.0  # the client waited out Retry-After before asking again
        assert any("with 429 Too Many Requests; retried after 1.0 s" in warning for warning in result["warnings"])

    def test_a_timeout_shorter_than_the_interval_still_waits_and_reads_once(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)
        fake = FakeTime()
        result = run_module(main_with(sleep=fake.sleep, clock=fake.clock), send_args(app_id, wait=True, wait_timeout=2))
        assert result["failed"] and result["changed"] is True
        fax_id = result["fax"]["id"]
        assert fake.sleeps == [2]
        assert simulator.calls().count("GET /v2/faxes/%s" % fax_id) == 1
        assert (
            "is still queued after 2 seconds (wait_timeout). It was sent and may still be delivered" in (result["msg"])
        )

    def test_the_last_poll_comes_at_the_deadline(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)
        fake = FakeTime()
        result = run_module(
            main_with(sleep=fake.sleep, clock=fake.clock),
            send_args(app_id, wait=True, wait_timeout=12, wait_interval=5),
        )
        assert result["failed"] and result["changed"] is True
        assert fake.sleeps == [5, 5, 2]
        assert simulator.calls().count("GET /v2/faxes/%s" % result["fax"]["id"]) == 3

    def test_a_fax_delivered_by_the_last_poll_is_delivered(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)

        def deliver_on_the_last_sleep(count):
            if count == 3:
                simulator.fax_clock(paused=False)

        fake = FakeTime(on_sleep=deliver_on_the_last_sleep)
        result = run_module(
            main_with(sleep=fake.sleep, clock=fake.clock),
            send_args(app_id, wait=True, wait_timeout=12, wait_interval=5),
        )
        assert not result.get("failed"), result.get("msg")
        assert result["fax"]["status"] == "delivered"

    def test_a_read_that_fails_while_waiting_still_reports_the_fax_sent(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)
        fake = FakeTime(on_sleep=lambda count: simulator.fault(503, times=1, method="GET"))
        result = run_module(main_with(sleep=fake.sleep, clock=fake.clock), send_args(app_id, wait=True))
        assert result["failed"]
        assert result["changed"] is True
        (fax,) = simulator.faxes()
        assert result["fax"]["id"] == fax["id"]
        assert "Fax %s to %s was sent" % (fax["id"], TO) in result["msg"]
        assert "503 Service Unavailable" in result["msg"]
        assert "telnyx.fax.fax_info id=%s" % fax["id"] in result["msg"]
        assert result["failure"]["status"] == 503
        assert len(posts(simulator)) == 1


class TestTheWaitRidesOutABlip:
    """After the send, a status read is a GET: one that gets no answer is asked again, not the send."""

    def test_a_read_refused_while_the_api_restarts_is_asked_again(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)
        with Relay(simulator) as relay:

            def restart_during_the_first_two_polls(count):
                if count == 1:
                    relay.down()
                elif count == 3:
                    relay.up()
                    simulator.fax_clock(paused=False)

            fake = FakeTime(on_sleep=restart_during_the_first_two_polls)
            result = run_module(
                main_with(sleep=fake.sleep, clock=fake.clock),
                send_args(app_id, wait=True, wait_interval=5, base_url=relay.base_url),
            )
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True and result["fax"]["status"] == "delivered"
        assert len(posts(simulator)) == 1 and len(simulator.faxes()) == 1
        unanswered = [warning for warning in result["warnings"] if "while waiting got no answer" in warning]
        assert len(unanswered) == 2 and len(set(unanswered)) == 2
        assert "connection refused" in unanswered[0] and "2 reads without an answer so far" in unanswered[1]

    def test_reads_that_never_get_an_answer_end_at_wait_timeout_with_the_usual_message(
        self, simulator, run_module, app_id
    ):
        simulator.fax_clock(paused=True)
        with Relay(simulator) as relay:
            fake = FakeTime(on_sleep=lambda count: relay.down())
            result = run_module(
                main_with(sleep=fake.sleep, clock=fake.clock),
                send_args(app_id, wait=True, wait_timeout=12, wait_interval=5, base_url=relay.base_url),
            )
        assert result["failed"] and result["changed"] is True
        assert fake.sleeps == [5, 5, 2]
        fax_id = result["fax"]["id"]
        assert result["msg"] == (
            "Fax %s to %s is still queued as last read (3 status reads got no answer) after 12 seconds "
            "(wait_timeout). It was sent and may still be delivered: look again with telnyx.fax.fax_info id=%s, "
            "or cancel it with state=canceled." % (fax_id, TO, fax_id)
        )
        assert len(posts(simulator)) == 1

    def test_a_retry_that_recurs_on_every_poll_is_warned_every_time(self, simulator, run_module, app_id):
        simulator.fax_clock(paused=True)

        def throttle_two_polls(count):
            if count in (1, 2):
                simulator.fault(429, times=1, method="GET", retry_after=0)
            else:
                simulator.fax_clock(paused=False)

        fake = FakeTime(on_sleep=throttle_two_polls)
        result = run_module(main_with(sleep=fake.sleep, clock=fake.clock), send_args(app_id, wait=True, max_retries=1))
        assert not result.get("failed"), result.get("msg")
        retries = [warning for warning in result["warnings"] if "429 Too Many Requests; retried after" in warning]
        # ansible-core 2.19+ shows identical warnings once: the second must read differently.
        assert len(retries) == 2 and len(set(retries)) == 2
        assert retries[0].endswith("(attempt 2 of 2).") and retries[1].endswith("(2 times in this task)")


class TestConnectionSettingsSendNothing:
    """Odd connection input fails before any request, naming where the value came from."""

    KEY_WITH_AN_EN_DASH = "KEY0123\u2013abcdef"

    def test_a_key_option_with_an_en_dash_is_refused_without_showing_it(self, simulator, run_module, app_id):
        result = run_module(main, send_args(app_id, api_key=self.KEY_WITH_AN_EN_DASH))
        assert result["failed"]
        assert result["msg"].startswith(
            "Nothing was sent to Telnyx: api_key has a character no API key has, EN DASH (U+2013) at position 8:"
        )
        assert self.KEY_WITH_AN_EN_DASH not in result["msg"] and "KEY0123" not in result["msg"]
        assert simulator.calls() == []

    def test_a_key_variable_with_an_en_dash_names_the_variable(
        self, simulator, run_module, app_id, monkeypatch, left_out
    ):
        monkeypatch.setenv("TELNYX_API_KEY", self.KEY_WITH_AN_EN_DASH)
        left_out("api_key")
        result = run_module(main, send_args(app_id))
        assert result["failed"]
        assert "TELNYX_API_KEY has a character no API key has, EN DASH (U+2013)" in result["msg"]
        assert "KEY0123" not in result["msg"]
        assert simulator.calls() == []

    @pytest.mark.parametrize("given, shown", [("", '""'), (None, "null")])
    def test_an_empty_key_option_says_it_hid_the_variable(
        self, simulator, run_module, app_id, monkeypatch, given, shown
    ):
        monkeypatch.setenv("TELNYX_API_KEY", simulator.api_key)
        result = run_module(main, send_args(app_id, api_key=given))
        assert result["failed"]
        assert (
            "no Telnyx API key: api_key is given as %s, which hides the TELNYX_API_KEY environment variable set "
            "here (an option the task gives, even empty, wins over its variable)" % shown in result["msg"]
        )
        assert simulator.api_key not in result["msg"]
        assert simulator.calls() == []

    @pytest.mark.parametrize(
        "variable, value, problem",
        [
            (
                "TELNYX_TIMEOUT",
                "abc",
                "the TELNYX_TIMEOUT environment variable (for timeout) must be a number of seconds",
            ),
            ("TELNYX_MAX_RETRIES", "three", "the TELNYX_MAX_RETRIES environment variable (for max_retries) must be a"),
            ("TELNYX_VALIDATE_CERTS", "perhaps", "the TELNYX_VALIDATE_CERTS environment variable (for validate_certs)"),
            ("TELNYX_MAX_RETRIES", "20", "max_retries must be between 0 and 10, got 20 (from TELNYX_MAX_RETRIES)"),
            ("TELNYX_TIMEOUT", "0", "timeout must be a number of seconds above 0, got 0.0 (from TELNYX_TIMEOUT)"),
        ],
    )
    def test_a_variable_the_option_cannot_take_is_named(
        self, simulator, run_module, app_id, monkeypatch, left_out, variable, value, problem
    ):
        monkeypatch.setenv(variable, value)
        left_out("max_retries")
        result = run_module(main, send_args(app_id))
        assert result["failed"] and result["msg"].startswith("Nothing was sent to Telnyx: "), result["msg"]
        assert problem in result["msg"], result["msg"]
        assert simulator.calls() == []


class TestBadInputSendsNothing:
    @pytest.mark.parametrize(
        "extra, problem",
        [
            ({"media_name": "doc.pdf"}, "mutually exclusive: media_url|media_name"),
            ({"media_url": None}, "sending a fax needs media_url or media_name"),
            ({"to": "3125550199"}, "to must be an E.164 number such as +13125550100, or a SIP URI"),
            ({"from": "+44 (0)20 7946 0958"}, "from must be an E.164 number such as +13125550100"),
            ({"from": FROM + "\n"}, "from must not start or end with a space or a line break"),
            ({"media_url": None, "media_name": "doc.pdf", "store_media": True}, "store_media cannot be combined"),
            ({"wait_timeout": 0}, "wait_timeout must be from 1 to 86400 seconds"),
            ({"wait_interval": 0.1}, "wait_interval must be 0.2 seconds or more"),
            ({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, "a fax to send has no id yet"),
        ],
    )
    @pytest.mark.parametrize("check_mode", [False, True])
    def test_fails_before_any_request(self, simulator, run_module, app_id, extra, problem, check_mode):
        before = len(simulator.requests_log())
        result = run_module(main, send_args(app_id, **extra), check_mode=check_mode)
        assert result["failed"] and problem in result["msg"]
        assert simulator.calls(before) == []


class TestCancel:
    def test_a_fax_that_ends_while_the_cancel_travels_is_not_changed(self, simulator, run_module, app_id):
        # The fax is delivered after 0.8 s; the cancel reaches the API after 1.5 s, too late (422).
        simulator.fax_clock(step_seconds=0.2)
        sent = run_module(main, send_args(app_id))
        assert sent["fax"]["status"] == "queued"
        simulator.fault(times=1, method="POST", delay=1.5)
        result = run_module(main, dict(id=sent["fax"]["id"], state="canceled"))
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is False
        assert result["fax"]["status"] == "delivered"
        assert any("already delivered" in warning for warning in result["warnings"])
        assert [entry["status"] for entry in posts(simulator)] == [202, 422]


class TestCheckMode:
    def test_an_application_an_earlier_task_would_create_is_assumed(self, simulator, run_module, app_id):
        before = len(simulator.requests_log())
        args = send_args(None, connection_name="planned-fax")
        del args["connection_id"]
        result = run_module(main, args, check_mode=True)
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True
        assert result["fax"]["connection_id"] == "(known after create: fax application planned-fax)"
        assert any("No fax application is named 'planned-fax' yet" in warning for warning in result["warnings"])
        assert {call.split()[0] for call in simulator.calls(before)} == {"GET"}

        real = run_module(main, args)
        assert real["failed"] and "No fax application is named 'planned-fax'" in real["msg"]
        assert posts(simulator) == []

    def test_the_placeholder_of_a_planned_application_is_accepted_in_check_mode(self, simulator, run_module):
        result = run_module(main, send_args("(known after create: fax application planned-fax)"), check_mode=True)
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True
        assert simulator.calls() == []


class TestTheSenderIsCheckedBeforeTheSend:
    @pytest.mark.parametrize("check_mode", [False, True])
    def test_a_disabled_profile_fails_before_any_post(self, simulator, run_module, check_mode):
        (profile_id,) = simulator.seed_profiles(1, "voice", enabled=False)
        (application_id,) = simulator.seed(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
        result = run_module(main, send_args(application_id), check_mode=check_mode)
        assert result["failed"]
        assert "voice-00001" in result["msg"] and "is disabled" in result["msg"]
        assert "enable it first. Nothing was sent." in result["msg"]
        assert posts(simulator) == []

    @pytest.mark.parametrize("check_mode", [False, True])
    def test_an_unknown_application_id_fails_before_any_post(self, simulator, run_module, check_mode):
        result = run_module(main, send_args("1000000000000000001"), check_mode=check_mode)
        assert result["failed"]
        assert result["msg"] == "No fax application has id 1000000000000000001; nothing was sent."
        assert simulator.calls() == ["GET /v2/fax_applications/1000000000000000001"]

    def test_a_from_number_of_no_account_warns_in_check_mode_too(self, simulator, run_module, app_id):
        result = run_module(main, send_args(app_id, **{"from": "+13125550111"}), check_mode=True)
        assert result["changed"] is True and not result.get("failed")
        assert result["warnings"] == [
            "from +13125550111 is not an active phone number of this account. Unless it is a verified number, "
            "Telnyx fails the fax with unverified_origination_number."
        ]
        assert posts(simulator) == []


class TestStateAbsent:
    """state=absent deletes a fax; a fax already gone is no change."""

    @pytest.fixture
    def inbound(self, simulator):
        (application_id,) = simulator.seed_applications(1, "inbox")
        simulator.seed_phone_numbers([FROM], connection_id=application_id)
        return simulator.inbound_fax("+14155550123", FROM)

    def deletes(self, simulator):
        return [entry["path"] for entry in simulator.requests_log() if entry["method"] == "DELETE"]

    def test_a_fax_is_deleted_then_gone(self, simulator, run_module, inbound):
        result = run_module(main, {"id": inbound["id"], "state": "absent"}, diff=True)
        assert result["changed"] is True, result
        assert result["fax"]["id"] == inbound["id"]
        assert result["diff"]["after"] == {}
        assert result["diff"]["before"]["id"] == inbound["id"]
        assert result["diff"]["before"]["direction"] == "inbound"
        assert self.deletes(simulator) == ["/v2/faxes/%s" % inbound["id"]]
        assert [fax["id"] for fax in simulator.faxes()] == []

    def test_a_fax_already_gone_is_no_change(self, simulator, run_module, inbound):
        run_module(main, {"id": inbound["id"], "state": "absent"})
        again = run_module(main, {"id": inbound["id"], "state": "absent"}, diff=True)
        assert again["changed"] is False
        assert again["fax"] is None
        assert again["diff"] == {"before": {}, "after": {}}
        assert len(self.deletes(simulator)) == 1

    def test_check_mode_reads_and_deletes_nothing(self, simulator, run_module, inbound):
        result = run_module(main, {"id": inbound["id"], "state": "absent"}, check_mode=True)
        assert result["changed"] is True
        assert self.deletes(simulator) == []
        assert [fax["id"] for fax in simulator.faxes()] == [inbound["id"]]

    def test_a_sent_fax_is_deleted_too(self, simulator, run_module, app_id):
        sent = run_module(main, send_args(app_id))["fax"]
        assert run_module(main, {"id": sent["id"], "state": "absent"})["changed"] is True
        assert run_module(main, {"id": sent["id"], "state": "absent"})["changed"] is False

    def test_a_fax_still_arriving_is_warned_in_check_mode_and_its_refusal_says_to_wait(self, simulator, run_module):
        (application_id,) = simulator.seed_applications(1, "inbox")
        simulator.seed_phone_numbers([FROM], connection_id=application_id)
        simulator.fax_clock(step_seconds=60, paused=True)
        arriving = simulator.inbound_fax("+14155550123", FROM)
        check = run_module(main, {"id": arriving["id"], "state": "absent"}, check_mode=True)
        assert check["changed"] is True
        assert check["warnings"] == [
            "Telnyx may refuse to delete it while it is in progress: fax %s is still arriving (receiving): wait "
            "until it is received or failed (telnyx.fax.fax_info), then delete it" % arriving["id"]
        ]
        real = run_module(main, {"id": arriving["id"], "state": "absent"})
        # The simulator takes the stricter reading (Telnyx documents no rule) and refuses with 422.
        assert real["failed"] is True
        assert real["failure"]["status"] == 422
        assert real["msg"].endswith("wait until it is received or failed (telnyx.fax.fax_info), then delete it.")
        assert "cancel it" not in real["msg"].split(". fax ")[-1]

    def test_a_fax_still_being_sent_says_to_cancel_it_first(self, simulator, run_module, app_id):
        simulator.fax_clock(step_seconds=60, paused=True)
        sent = run_module(main, send_args(app_id))["fax"]
        result = run_module(main, {"id": sent["id"], "state": "absent"})
        assert result["failed"] is True
        assert result["msg"].endswith("cancel it (state: canceled, wait: true), then delete it.")

    def test_options_for_sending_are_warned_as_doing_nothing(self, simulator, run_module, inbound):
        args = {"id": inbound["id"], "state": "absent", "to": "+13125550199", "wait": True}
        result = run_module(main, args)
        assert result["changed"] is True
        assert result["warnings"] == ["to, wait do nothing with state=absent: it acts on the fax with id alone."]

    def test_a_bad_id_fails_before_any_request(self, simulator, run_module):
        result = run_module(main, {"id": "../fax_applications", "state": "absent"})
        assert result["failed"] is True
        assert "'../fax_applications' is not a fax id" in result["msg"]
        assert simulator.requests_log() == []

    def test_absent_needs_an_id(self, simulator, run_module):
        result = run_module(main, {"state": "absent"})
        assert result["failed"] is True
        assert "id" in result["msg"]
        assert simulator.requests_log() == []
