# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_application run in-process against the simulator: odd input, identity, reporting."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.modules.fax_application import main

WEBHOOK = "https://hooks.example.com/fax"


@pytest.fixture
def app(simulator, run_module):
    return run_module(main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))["fax_application"]


class TestIdsNeverReachAUrlUnchecked:
    @pytest.mark.parametrize("bad_id", ["../../x", "x?y=1", "12/34", "12#3", " 123"])
    def test_an_id_that_is_not_a_telnyx_id_fails_before_any_request(self, simulator, run_module, bad_id):
        result = run_module(main, dict(id=bad_id, state="absent"))
        assert result["failed"] and "is not a fax application id" in result["msg"]
        assert "Nothing was sent to Telnyx" in result["msg"]
        assert simulator.calls() == []

    def test_a_name_in_the_id_option_says_it_looks_like_a_name(self, simulator, run_module, app):
        before = len(simulator.requests_log())
        result = run_module(main, dict(id="billing-fax", state="absent"))
        assert result["failed"]
        assert "it looks like a name: give it as application_name instead" in result["msg"]
        assert simulator.calls(before) == []
        assert [stored["id"] for stored in simulator.applications()] == [app["id"]]


class TestEmptyStrings:
    def test_default_none_rendered_as_empty_string_means_left_out(self, simulator, run_module, app):
        # ansible-core 2.18 renders "{{ x | default(None) }}" as "": it must mean null everywhere.
        before = len(simulator.requests_log())
        result = run_module(
            main,
            dict(
                application_name="billing-fax",
                active="",
                webhook_timeout_secs="",
                anchorsite_override="",
                tags="",
                inbound=dict(channel_limit="", sip_subdomain_receive_settings=""),
            ),
        )
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is False
        assert simulator.calls(before) == ["GET /v2/fax_applications"]

    def test_none_on_a_choice_field_is_left_out_not_a_choice_error(self, simulator, run_module, app):
        result = run_module(main, dict(application_name="billing-fax", anchorsite_override=None))
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is False

    def test_an_empty_tag_is_an_error_not_a_value(self, simulator, run_module, app):
        before = len(simulator.requests_log())
        result = run_module(main, dict(application_name="billing-fax", tags=["prod", ""]))
        assert result["failed"] and "tags[1] must not be empty" in result["msg"]
        assert simulator.calls(before) == []

    def test_a_wrong_choice_reads_each_choice_quoted(self, simulator, run_module):
        result = run_module(main, dict(application_name="billing-fax", anchorsite_override="Mars"))
        assert result["failed"]
        assert '"Chicago, IL", "Ashburn, VA"' in result["msg"] and 'got "Mars"' in result["msg"]
        assert simulator.calls() == []


class TestBadInputNeverReachesTheApi:
    @pytest.mark.parametrize(
        "options, problem",
        [
            (dict(webhook_event_url="http://[::1"), "webhook_event_url must be an http:// or https:// URL"),
            (dict(webhook_event_url="https://hooks.example.com/a b"), "no spaces"),
            (dict(timeout=0), "timeout must be a number of seconds above 0, got 0"),
            (dict(timeout=-2), "timeout must be a number of seconds above 0"),
            (dict(max_retries=-1), "max_retries must be between 0 and 10, got -1"),
            (dict(base_url="127.0.0.1:1/v2"), "base_url must be an http:// or https:// URL with a host"),
            (dict(api_key=""), "no Telnyx API key"),
        ],
    )
    def test_fails_with_a_message_and_no_request(self, simulator, run_module, options, problem):
        args = dict(application_name="billing-fax", webhook_event_url=WEBHOOK)
        args.update(options)
        result = run_module(main, args)
        assert result["failed"] and problem in result["msg"], result["msg"]
        assert simulator.calls() == []

    @pytest.mark.parametrize("value", ["0", "-1"])
    def test_a_timeout_from_the_environment_is_checked_too(self, simulator, run_module, monkeypatch, value):
        monkeypatch.setenv("TELNYX_TIMEOUT", value)
        result = run_module(main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))
        assert result["failed"] and "timeout must be a number of seconds above 0" in result["msg"], result["msg"]
        assert simulator.calls() == []


class TestIdentity:
    def test_renaming_onto_a_name_another_application_has_is_refused_with_both_ids(self, simulator, run_module, app):
        other = run_module(main, dict(application_name="other-fax", webhook_event_url=WEBHOOK))["fax_application"]
        result = run_module(main, dict(id=other["id"], application_name="billing-fax"))
        assert result["failed"]
        assert app["id"] in result["msg"] and other["id"] in result["msg"]
        assert "nothing was changed" in result["msg"].lower()
        assert sorted(stored["application_name"] for stored in simulator.applications()) == [
            "billing-fax",
            "other-fax",
        ]

    def test_a_rename_onto_a_free_name_costs_one_lookup_more(self, simulator, run_module, app):
        before = len(simulator.requests_log())
        result = run_module(main, dict(id=app["id"], application_name="billing-fax-eu"))
        assert result["changed"] and result["fax_application"]["application_name"] == "billing-fax-eu"
        assert simulator.calls(before) == [
            "GET /v2/fax_applications/%s" % app["id"],
            "GET /v2/fax_applications",
            "PATCH /v2/fax_applications/%s" % app["id"],
        ]


class TestWhatIsReportedIsWhatHappened:
    def test_clearing_the_failover_url_predicts_what_telnyx_returns(self, simulator, run_module):
        args = dict(
            application_name="billing-fax",
            webhook_event_url=WEBHOOK,
            webhook_event_failover_url=None,
            webhook_timeout_secs=5,
        )
        check = run_module(main, args, check_mode=True, diff=True)
        real = run_module(main, args, diff=True)
        assert (
            check["fax_application"]["webhook_event_failover_url"]
            == real["fax_application"]["webhook_event_failover_url"]
        )
        assert check["diff"] == real["diff"]
        update = dict(args, webhook_timeout_secs=9)
        changed = run_module(main, update, diff=True)
        assert (
            changed["diff"]["before"]["webhook_event_failover_url"]
            == changed["diff"]["after"]["webhook_event_failover_url"]
        )

    def test_a_create_whose_follow_up_fails_reports_the_change_and_the_id(self, simulator, run_module):
        simulator.fault(status=503, times=1, method="PATCH")
        result = run_module(
            main, dict(application_name="hr-fax", webhook_event_url=WEBHOOK, fax_email_recipient="hr@example.com")
        )
        assert result["failed"] and result["changed"] is True
        created = simulator.applications()
        assert len(created) == 1
        assert result["fax_application"]["id"] == created[0]["id"]
        assert "The fax application exists now" in result["msg"]
        assert "update_fax_email_recipient=always" in result["msg"]

    def test_a_null_recipient_is_sent_only_when_updates_are_asked_for(self, simulator, run_module):
        # Write-only: Telnyx never returns the recipient, so on_create cannot know it differs.
        created = dict(application_name="hr-fax", webhook_event_url=WEBHOOK, fax_email_recipient="hr@example.com")
        run_module(main, created)
        since = len(simulator.requests_log())
        kept = run_module(main, dict(application_name="hr-fax", fax_email_recipient=None))
        assert kept["changed"] is False
        assert simulator.calls(since) == ["GET /v2/fax_applications"]
        assert simulator.applications()[0]["fax_email_recipient"] == "hr@example.com"

        cleared = run_module(
            main, dict(application_name="hr-fax", fax_email_recipient=None, update_fax_email_recipient="always")
        )
        assert cleared["changed"] is True
        assert simulator.applications()[0]["fax_email_recipient"] is None

    def test_check_mode_create_returns_a_placeholder_id_a_real_run_refuses(self, simulator, run_module):
        check = run_module(main, dict(application_name="new-fax", webhook_event_url=WEBHOOK), check_mode=True)
        placeholder = check["fax_application"]["id"]
        assert placeholder == "(known after create: fax application new-fax)"
        pending = run_module(main, dict(id=placeholder, active=False), check_mode=True)
        assert pending["changed"] and not pending.get("failed")
        real = run_module(main, dict(id=placeholder, active=False))
        assert real["failed"] and "placeholder" in real["msg"]
        assert simulator.calls() == ["GET /v2/fax_applications"]


def test_an_id_a_template_rendered_empty_means_no_id(simulator, run_module, app):
    # "{{ x | default(None) }}" is "" on ansible-core 2.18: it must mean "no id", as null does.
    result = run_module(main, dict(id="", application_name="billing-fax", active=False))
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True and result["fax_application"]["id"] == app["id"]


def test_nested_options_given_as_text_are_managed_like_a_dict(simulator, run_module, app):
    # Ad hoc, -a 'inbound=channel_limit=5' and -a 'inbound={"channel_limit": 5}' give a string.
    for text, limit in (("channel_limit=5", 5), ('{"channel_limit": 7}', 7)):
        result = run_module(main, dict(application_name="billing-fax", inbound=text))
        assert result["changed"] is True and result["fax_application"]["inbound"]["channel_limit"] == limit
        assert result["fax_application"]["inbound"]["sip_subdomain_receive_settings"] == "from_anyone"


def test_a_delete_whose_id_and_name_disagree_deletes_nothing(simulator, run_module, app):
    result = run_module(main, dict(id=app["id"], application_name="legal-fax", state="absent"))
    assert (
        result["failed"]
        and "is fax application billing-fax (id %s), not fax application 'legal-fax'" % app["id"] in result["msg"]
    )
    assert [stored["id"] for stored in simulator.applications()] == [app["id"]]


@pytest.mark.parametrize(
    "options, problem",
    [
        (dict(api_key="KEY_line\n"), "api_key has a space or a line break in it"),
        (dict(base_url="http://127.0.0.1:1/v2 "), "base_url must not contain spaces or line breaks"),
    ],
)
def test_connection_values_with_stray_whitespace_fail_before_any_request(simulator, run_module, options, problem):
    args = dict(application_name="billing-fax", webhook_event_url=WEBHOOK)
    args.update(options)
    result = run_module(main, args)
    assert result["failed"] and problem in result["msg"]
    assert simulator.requests_log() == []


def test_check_mode_refuses_a_profile_id_that_names_no_profile(simulator, run_module, app):
    # The real run would get Telnyx's 422; check mode must not report a change it cannot make.
    result = run_module(
        main,
        dict(application_name="billing-fax", outbound=dict(outbound_voice_profile_id="1234567890123456789")),
        check_mode=True,
    )
    assert (
        result["failed"]
        and "outbound.outbound_voice_profile_id 1234567890123456789 names no outbound voice profile" in result["msg"]
    )


def test_info_filters_that_take_an_id_refuse_a_name_before_any_request(simulator, run_module):
    from ansible_collections.telnyx.fax.plugins.modules import fax_application_info, fax_info, phone_number_info

    result = run_module(fax_application_info.main, dict(outbound_voice_profile_id="prof-1"))
    assert (
        result["failed"] and "outbound_voice_profile_id: 'prof-1' is not an outbound voice profile id" in result["msg"]
    )
    result = run_module(phone_number_info.main, dict(connection_id="billing-fax"))
    assert result["failed"] and "give it as connection_name instead" in result["msg"]
    result = run_module(fax_info.main, {"to": "13125550199"})
    assert result["failed"] and "to must be an E.164 number" in result["msg"]
    assert simulator.requests_log() == []
