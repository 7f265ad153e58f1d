# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.outbound_voice_profile run in-process against the simulator, alone and with fax_application."""

from __future__ import annotations

import json

import pytest

from ansible_collections.telnyx.fax.plugins.modules.fax_application import main as application_main
from ansible_collections.telnyx.fax.plugins.modules.outbound_voice_profile import main
from ansible_collections.telnyx.fax.plugins.modules.outbound_voice_profile_info import main as info_main

WEBHOOK = "https://hooks.example.com/fax"
PROFILES = "/v2/outbound_voice_profiles"
APPLICATIONS = "/v2/fax_applications"
PLACEHOLDER = "(known after create: outbound voice profile fax-outbound)"
SERVER_SET = {"id", "record_type", "connections_count", "created_at", "updated_at"}


def without(obj, keys):
    return dict((key, value) for key, value in obj.items() if key not in keys)


def chain(run_module, check_mode):
    """The play a user writes: a profile, an application given its id, one given its name."""
    profile = run_module(
        main,
        dict(name="fax-outbound", whitelisted_destinations=["US", "CA", "GB"], daily_spend_limit="20"),
        check_mode=check_mode,
        diff=True,
    )
    by_id = run_module(
        application_main,
        dict(
            application_name="billing-fax",
            webhook_event_url=WEBHOOK,
            outbound=dict(outbound_voice_profile_id=profile["outbound_voice_profile"]["id"], channel_limit=2),
        ),
        check_mode=check_mode,
        diff=True,
    )
    by_name = run_module(
        application_main,
        dict(
            application_name="sales-fax",
            webhook_event_url=WEBHOOK,
            outbound=dict(outbound_voice_profile_name="fax-outbound"),
        ),
        check_mode=check_mode,
        diff=True,
    )
    return profile, by_id, by_name


def with_id(result, profile_id):
    """A check-mode result as the real run should report it: the placeholder replaced by the id."""
    return json.loads(json.dumps(result).replace(PLACEHOLDER, profile_id))


class TestCheckModeChain:
    def test_check_mode_carries_the_placeholder_through_the_chain_and_writes_nothing(self, simulator, run_module):
        profile, by_id, by_name = chain(run_module, check_mode=True)
        for result in (profile, by_id, by_name):
            assert not result.get("failed"), result.get("msg")
            assert result["changed"] is True
        assert profile["outbound_voice_profile"]["id"] == PLACEHOLDER
        for application in (by_id, by_name):
            assert application["diff"]["before"] == {}
            assert application["diff"]["after"]["outbound"]["outbound_voice_profile_id"] == PLACEHOLDER
            assert application["fax_application"]["outbound"]["outbound_voice_profile_id"] == PLACEHOLDER
        assert by_id["warnings"] == []
        assert by_name["warnings"] == [
            "No outbound voice profile is named 'fax-outbound' yet. Check mode assumes an earlier task creates "
            "it; a real run fails unless one exists by then."
        ]
        assert simulator.calls() == [
            "GET " + PROFILES,
            "GET " + APPLICATIONS,
            "GET " + PROFILES,
            "GET " + APPLICATIONS,
        ]
        assert simulator.profiles() == [] and simulator.applications() == []

    def test_the_real_run_does_what_check_mode_said_and_the_next_one_nothing(self, simulator, run_module):
        predicted = chain(run_module, check_mode=True)
        before = len(simulator.requests_log())
        profile, by_id, by_name = chain(run_module, check_mode=False)
        profile_id = profile["outbound_voice_profile"]["id"]
        assert profile_id.isdigit()
        check_profile, check_by_id, check_by_name = (with_id(result, profile_id) for result in predicted)

        assert profile["diff"] == check_profile["diff"]
        assert without(profile["outbound_voice_profile"], SERVER_SET) == without(
            check_profile["outbound_voice_profile"], {"id"}
        )
        for real, check in ((by_id, check_by_id), (by_name, check_by_name)):
            assert real["changed"] is True and real["diff"] == check["diff"]
            assert without(real["fax_application"], SERVER_SET) == without(check["fax_application"], {"id"})
        assert by_name["warnings"] == []
        assert simulator.writes(before) == [("POST", PROFILES), ("POST", APPLICATIONS), ("POST", APPLICATIONS)]
        assert simulator.profiles()[0]["connections_count"] == 2

        before = len(simulator.requests_log())
        again = chain(run_module, check_mode=False)
        assert [result["changed"] for result in again] == [False, False, False]
        assert simulator.writes(before) == []
        # Check mode after the fact agrees too: nothing to do.
        assert [result["changed"] for result in chain(run_module, check_mode=True)] == [False, False, False]

    def test_a_profile_that_exists_is_named_by_its_id_in_check_mode(self, simulator, run_module):
        (profile_id,) = simulator.seed_profiles(1, "fax-outbound")
        result = run_module(
            application_main,
            dict(
                application_name="billing-fax",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="fax-outbound-00001"),
            ),
            check_mode=True,
            diff=True,
        )
        assert result["diff"]["after"]["outbound"] == {"outbound_voice_profile_id": profile_id}
        assert result["warnings"] == []

    def test_check_mode_updates_and_deletes_a_profile_it_would_create_without_a_request(self, simulator, run_module):
        update = run_module(main, dict(id=PLACEHOLDER, enabled=False), check_mode=True, diff=True)
        delete = run_module(main, dict(id=PLACEHOLDER, state="absent"), check_mode=True, diff=True)
        assert update["changed"] is True and update["diff"]["after"] == {"enabled": False}
        assert update["outbound_voice_profile"]["id"] == PLACEHOLDER
        assert delete["changed"] is True and delete["diff"]["before"] == {"id": PLACEHOLDER}
        assert simulator.calls() == []


class TestPlaceholderInARealRun:
    @pytest.mark.parametrize(
        "outbound",
        [
            dict(outbound_voice_profile_id=PLACEHOLDER),
            dict(outbound_voice_profile_id=PLACEHOLDER, channel_limit=3),
        ],
    )
    def test_an_application_given_the_placeholder_fails_before_any_request(self, simulator, run_module, outbound):
        result = run_module(
            application_main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK, outbound=outbound)
        )
        assert result["failed"]
        assert result["msg"].startswith("Nothing was sent to Telnyx: outbound.outbound_voice_profile_id is ")
        assert PLACEHOLDER in result["msg"] and "a real run needs the real id" in result["msg"]
        assert simulator.calls() == []

    @pytest.mark.parametrize("state", ["present", "absent"])
    def test_the_profile_module_given_the_placeholder_fails_before_any_request(self, simulator, run_module, state):
        result = run_module(main, dict(id=PLACEHOLDER, name="fax-outbound", state=state))
        assert result["failed"]
        assert result["msg"].startswith("Nothing was sent to Telnyx: id is ")
        assert "a real run needs the real id" in result["msg"]
        assert simulator.calls() == []

    def test_a_name_nobody_has_fails_a_real_run_after_one_lookup(self, simulator, run_module):
        result = run_module(
            application_main,
            dict(
                application_name="billing-fax",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="fax-outbound"),
            ),
        )
        assert result["failed"]
        assert result["msg"] == (
            "Nothing was changed: No outbound voice profile is named 'fax-outbound'; create it first, or give its id."
        )
        assert simulator.calls() == ["GET " + PROFILES]

    def test_a_name_two_profiles_share_fails_with_both_ids_and_writes_nothing(self, simulator, run_module):
        # Telnyx does not keep names unique: two seeds with one prefix give two twin-00001.
        ids = simulator.seed_profiles(1, "twin") + simulator.seed_profiles(1, "twin")
        for check_mode in (True, False):
            result = run_module(
                application_main,
                dict(
                    application_name="billing-fax",
                    webhook_event_url=WEBHOOK,
                    outbound=dict(outbound_voice_profile_name="twin-00001"),
                ),
                check_mode=check_mode,
            )
            assert result["failed"]
            assert (
                result["msg"] == "Nothing was changed: 2 outbound voice profiles are named 'twin-00001' (ids %s); give "
                "outbound_voice_profile_id instead of the name." % (", ".join(sorted(ids)))
            )
        assert simulator.calls() == ["GET " + PROFILES] * 2


class TestDeleteRefused:
    def test_deleting_a_profile_in_use_names_the_applications_and_keeps_the_profile(self, simulator, run_module):
        profile = run_module(main, dict(name="fax-outbound"))["outbound_voice_profile"]
        apps = [
            run_module(
                application_main,
                dict(
                    application_name=name,
                    webhook_event_url=WEBHOOK,
                    outbound=dict(outbound_voice_profile_name="fax-outbound"),
                ),
            )["fax_application"]
            for name in ("billing-fax", "sales-fax")
        ]
        before = len(simulator.requests_log())
        result = run_module(main, dict(name="fax-outbound", state="absent"))
        assert result["failed"] and not result.get("changed")
        # Decided from the applications read before any write, in a real run as in check mode.
        assert result["msg"].startswith(
            "Nothing was changed: outbound voice profile fax-outbound (id %s) cannot be deleted" % profile["id"]
        )
        for app in apps:
            assert "%s (id %s)" % (app["application_name"], app["id"]) in result["msg"]
        assert "Fax applications still use this profile: " in result["msg"]
        assert (
            "Point them at another profile (outbound.outbound_voice_profile_id) or delete them first." in result["msg"]
        )
        assert simulator.calls(before) == ["GET " + PROFILES, "GET " + APPLICATIONS]
        assert [stored["id"] for stored in simulator.profiles()] == [profile["id"]]

    def test_once_the_applications_let_go_the_delete_goes_through(self, simulator, run_module):
        profile = run_module(main, dict(name="fax-outbound"))["outbound_voice_profile"]
        app = run_module(
            application_main,
            dict(
                application_name="billing-fax",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_id=profile["id"]),
            ),
        )["fax_application"]
        assert run_module(main, dict(id=profile["id"], state="absent"))["failed"]
        released = run_module(application_main, dict(id=app["id"], outbound=dict(outbound_voice_profile_name=None)))
        assert released["changed"] and released["fax_application"]["outbound"]["outbound_voice_profile_id"] is None
        deleted = run_module(main, dict(id=profile["id"], state="absent"))
        assert deleted["changed"] and deleted["outbound_voice_profile"]["id"] == profile["id"]
        assert simulator.profiles() == []


class TestOddInput:
    @pytest.mark.parametrize(
        "options, problem",
        [
            (dict(service_plan="us"), 'service_plan must be one of "global"; got "us"'),
            (dict(whitelisted_destinations=["us"]), "whitelisted_destinations[0] must be an ISO 3166 alpha-2"),
            (
                dict(daily_spend_limit="1e3"),
                "daily_spend_limit must be an amount in USD with at most two decimals, such as 100.00, got '1e3'",
            ),
            (dict(concurrent_call_limit=-1), "concurrent_call_limit must be 0 or more, got -1"),
            (dict(max_destination_rate=-1.5), "max_destination_rate must be 0 or more, got -1.5"),
            (dict(tags=["fax", ""]), "tags[1] must not be empty"),
            (dict(calling_window=dict(start_time="08:00")), "calling_window.start_time must be a UTC time of day"),
            (dict(id="fax-outbound"), "it looks like a name: give it as name instead"),
        ],
    )
    def test_fails_with_a_message_and_no_request(self, simulator, run_module, options, problem):
        args = dict(name="fax-outbound")
        args.update(options)
        result = run_module(main, args)
        assert result["failed"] and problem in result["msg"], result["msg"]
        assert result["msg"].startswith("Nothing was sent to Telnyx: ")
        assert simulator.calls() == []

    def test_an_application_naming_its_profile_twice_fails_before_any_request(self, simulator, run_module):
        outbound = dict(outbound_voice_profile_id="1293384261075731499", outbound_voice_profile_name="fax-outbound")
        result = run_module(
            application_main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK, outbound=outbound)
        )
        assert result["failed"]
        assert (
            "give outbound.outbound_voice_profile_id or outbound.outbound_voice_profile_name, not both" in result["msg"]
        )
        assert simulator.calls() == []

    def test_empty_strings_mean_left_out_as_ansible_core_2_18_renders_default_none(self, simulator, run_module):
        run_module(main, dict(name="fax-outbound", daily_spend_limit="50"))
        before = len(simulator.requests_log())
        result = run_module(
            main,
            dict(
                name="fax-outbound",
                daily_spend_limit="",
                service_plan="",
                max_destination_rate="",
                tags="",
                calling_window=dict(start_time="", calls_per_cld=""),
            ),
        )
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is False
        assert simulator.calls(before) == ["GET " + PROFILES]


class TestEmptyStringIsNullForIdAndFilters:
    """ansible-core 2.18 renders "{{ x | default(None) }}" as "", 2.19 and later as null.

    The engine takes "" for null on every field (fields.relax_raw), and for an id beside a name
    and for the info filters too, so one playbook means the same on both. (An info module's id
    given empty with no name fails instead: test_fax_info.py.)
    """

    def test_an_empty_id_means_no_id(self, simulator, run_module):
        result = run_module(main, dict(id="", name="fax-outbound"))
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True
        # The second read is the one after every create that settles two runs at once.
        assert simulator.calls() == ["GET " + PROFILES, "POST " + PROFILES, "GET " + PROFILES]

    def test_an_empty_id_or_filter_means_none_given_to_the_info_module(self, simulator, run_module):
        (profile_id,) = simulator.seed_profiles(1, "fax-outbound")
        result = run_module(info_main, dict(id="", name="fax-outbound-00001", name_contains=""))
        assert not result.get("failed"), result.get("msg")
        assert [profile["id"] for profile in result["outbound_voice_profiles"]] == [profile_id]


def test_an_empty_calling_window_manages_nothing_as_documented(simulator, run_module):
    window = dict(start_time="08:00:00Z", end_time="18:00:00Z", calls_per_cld=3)
    run_module(main, dict(name="window-profile", calling_window=window))
    since = len(simulator.requests_log())
    result = run_module(main, dict(name="window-profile", calling_window={}), diff=True)
    assert result["changed"] is False
    assert simulator.writes(since) == []
    assert simulator.profiles()[0]["calling_window"]["calls_per_cld"] == 3
