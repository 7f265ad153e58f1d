# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_application_bulk in-process over real HTTP: what it costs on 1000 applications,
what it refuses before any write, and how profiles and applications converge together."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.modules.fax_application_bulk import main

MARKER = "managed-by-test"
WEBHOOK = "https://hooks.example.com/fax"


@pytest.fixture
def thousand(simulator):
    simulator.seed(1000, "tenant", tags=[MARKER])
    return ["tenant-%05d" % number for number in range(1, 1001)]


def test_no_op_over_1000_applications_costs_4_requests(simulator, run_module, thousand):
    result = run_module(
        main, dict(applications=[dict(application_name=name) for name in thousand], marker_tag=MARKER, purge=True)
    )
    assert result["application_summary"] == dict(created=0, updated=0, deleted=0, unchanged=1000, failed=0, total=1000)
    # The old name stays one release, deprecated.
    assert result["summary"] == result["application_summary"]
    assert result["changed"] is False
    assert [entry["method"] for entry in simulator.requests_log()] == ["GET"] * 4


def test_10_changes_cost_exactly_10_writes_more(simulator, run_module, thousand):
    items = [dict(application_name=name) for name in thousand]
    for index in range(0, 1000, 100):
        items[index]["inbound"] = {"channel_limit": 7}
    result = run_module(main, dict(applications=items, marker_tag=MARKER), diff=True)
    assert result["application_summary"]["updated"] == 10 and result["application_summary"]["unchanged"] == 990
    assert len(simulator.requests_log()) == 4 + 10
    assert {method for method, path in simulator.writes()} == {"PATCH"} and len(simulator.writes()) == 10
    assert result["applications"][100]["changed_fields"] == ["inbound"]
    assert result["diff"][1]["before"] == {
        "application_name": "tenant-00101",
        "inbound": {"channel_limit": None},
        "tags": [MARKER],
    }
    assert result["diff"][1]["after_header"] == "fax application tenant-00101"


def test_parallel_writes_make_the_same_requests(simulator, run_module, thousand):
    items = [dict(application_name=name, active=False) for name in thousand[:20]]
    result = run_module(main, dict(applications=items, parallel_writes=4))
    assert result["application_summary"]["updated"] == 20
    assert len(simulator.writes()) == 20
    assert all(app["active"] is False for app in simulator.applications() if app["application_name"] in thousand[:20])


def test_check_mode_plans_everything_and_writes_nothing(simulator, run_module, thousand):
    items = [dict(application_name=name) for name in thousand[:3]]
    items.append(dict(application_name="tenant-new", webhook_event_url=WEBHOOK))
    items[0]["state"] = "absent"
    result = run_module(main, dict(applications=items, marker_tag=MARKER, purge=True), check_mode=True)
    assert result["application_summary"] == dict(created=1, updated=0, deleted=998, unchanged=2, failed=0, total=1001)
    assert result["applications"][3]["action"] == "created"
    assert result["applications"][3]["id"] == "(known after create: fax application tenant-new)"
    assert simulator.writes() == []


def test_purge_deletes_only_marked_applications_that_are_not_declared(simulator, run_module):
    simulator.seed(3, "ours", tags=[MARKER])
    foreign = simulator.seed(2, "theirs", tags=["other-team"])
    unmarked = simulator.seed(1, "untagged")
    result = run_module(main, dict(applications=[dict(application_name="ours-00001")], marker_tag=MARKER, purge=True))
    assert result["application_summary"]["deleted"] == 2
    assert sorted(entry["application_name"] for entry in result["applications"] if entry["action"] == "deleted") == [
        "ours-00002",
        "ours-00003",
    ]
    remaining = sorted(app["id"] for app in simulator.applications())
    assert set(foreign + unmarked) <= set(remaining) and len(remaining) == 4


def test_marker_is_added_and_other_tags_are_kept(simulator, run_module):
    simulator.seed(1, "adopted", tags=["keep-me"])
    run_module(main, dict(applications=[dict(application_name="adopted-00001")], marker_tag=MARKER))
    assert sorted(simulator.applications()[0]["tags"]) == sorted(["keep-me", MARKER])


def test_every_problem_is_found_before_any_write(simulator, run_module):
    simulator.seed(2, "twin")
    run_module(
        main, dict(applications=[dict(application_name="twin-00001", webhook_event_url=WEBHOOK, state="present")])
    )
    simulator.seed(1, "twin")  # a second twin-00001, made behind the module's back
    mark = len(simulator.requests_log())
    result = run_module(
        main,
        dict(
            applications=[
                dict(application_name="fresh", webhook_event_url=WEBHOOK),
                dict(application_name="twin-00001", active=False),
                dict(id="1000000000000000009"),
                dict(application_name="no-webhook"),
            ]
        ),
    )
    message = result["msg"]
    assert result["failed"]
    assert "applications[1] (twin-00001): 2 fax applications are named 'twin-00001'" in message
    assert "applications[2] (1000000000000000009): No fax application has id 1000000000000000009" in message
    assert simulator.writes(since=mark) == []


def test_invalid_items_send_nothing(simulator, run_module):
    result = run_module(
        main,
        dict(applications=[dict(application_name="a-app", webhook_timeout_secs=99), dict(application_name="a-app")]),
    )
    assert "applications[0] (a-app): webhook_timeout_secs must be between 0 and 30, got 99" in result["msg"]
    assert "applications[1] (a-app): declares the same application_name as applications[0]" in result["msg"]
    assert simulator.requests_log() == []


def test_one_application_declared_by_id_and_by_name_is_refused_before_any_write(simulator, run_module):
    app_id = simulator.seed(1, "flip")[0]
    result = run_module(
        main,
        dict(
            applications=[dict(id=app_id, active=False), dict(application_name="flip-00001", active=True)],
        ),
    )
    assert result["failed"]
    assert "declared twice" in result["msg"] and app_id in result["msg"]
    assert simulator.writes() == []


def test_a_rename_onto_a_taken_name_is_refused_with_both_ids(simulator, run_module):
    first, second = simulator.seed(2, "named")
    result = run_module(main, dict(applications=[dict(id=second, application_name="named-00001")]))
    assert result["failed"]
    assert (
        "to 'named-00001' would give two fax applications one name: fax application named-00001 (id %s)" % (first)
        in result["msg"]
    )
    assert second in result["msg"]
    assert simulator.writes() == []


def test_a_rename_onto_a_name_freed_in_the_same_run_is_fine(simulator, run_module):
    first, second = simulator.seed(2, "swap")
    result = run_module(
        main,
        dict(
            applications=[
                dict(id=first, state="absent"),
                dict(id=second, application_name="swap-00001"),
            ]
        ),
    )
    assert not result.get("failed"), result.get("msg")
    assert [app["application_name"] for app in simulator.applications()] == ["swap-00001"]


def test_a_failed_write_is_reported_and_the_others_proceed(simulator, run_module):
    simulator.seed(2, "half")
    simulator.fault(status=500, times=1, method="POST")
    result = run_module(
        main,
        dict(
            applications=[
                dict(application_name="half-new", webhook_event_url=WEBHOOK),
                dict(application_name="half-00001", active=False),
            ]
        ),
    )
    entries = result["applications"]
    assert result["failed"]
    assert entries[0]["action"] == "failed" and "Look for a duplicate" in entries[0]["error"]
    assert entries[1]["action"] == "updated"
    assert result["application_summary"]["failed"] == 1 and result["application_summary"]["updated"] == 1


# --- profiles and the applications that name them -----------------------------------------------


def test_a_profile_and_an_application_naming_it_converge_in_one_run(simulator, run_module):
    declared = dict(
        marker_tag=MARKER,
        outbound_voice_profiles=[dict(name="billing-outbound", whitelisted_destinations=["US"])],
        applications=[
            dict(
                application_name="billing-eu",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="billing-outbound"),
            )
        ],
    )
    check = run_module(main, declared, check_mode=True, diff=True)
    assert not check.get("failed"), check.get("msg")
    assert check["outbound_voice_profile_summary"]["created"] == 1 and check["application_summary"]["created"] == 1
    placeholder = "(known after create: outbound voice profile billing-outbound)"
    assert check["diff"][1]["after"]["outbound"] == {"outbound_voice_profile_id": placeholder}
    assert check["warnings"] == []
    assert simulator.writes() == []

    real = run_module(main, declared, diff=True)
    assert not real.get("failed"), real.get("msg")
    profile_id = simulator.profiles()[0]["id"]
    assert real["diff"][1]["after"]["outbound"] == {"outbound_voice_profile_id": profile_id}
    assert [path for method, path in simulator.writes()] == ["/v2/outbound_voice_profiles", "/v2/fax_applications"]
    assert simulator.applications()[0]["outbound"]["outbound_voice_profile_id"] == profile_id

    again = run_module(main, declared)
    assert again["changed"] is False


def test_an_unknown_profile_name_fails_a_real_run_before_any_write(simulator, run_module):
    declared = dict(
        applications=[
            dict(
                application_name="billing-eu",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="nope"),
            )
        ]
    )
    check = run_module(main, declared, check_mode=True)
    assert (
        not check.get("failed")
        and check["warnings"]
        and "No outbound voice profile is named 'nope'" in check["warnings"][0]
    )
    real = run_module(main, declared)
    assert real["failed"] and "No outbound voice profile is named 'nope'" in real["msg"]
    assert simulator.writes() == []


def test_a_profile_is_deleted_after_the_applications_that_leave_it(simulator, run_module):
    old, new = simulator.seed_profiles(2, "voice", tags=[MARKER])
    app_id = simulator.seed(1, "mover", outbound={"outbound_voice_profile_id": old})[0]
    declared = dict(
        marker_tag=MARKER,
        purge=True,
        outbound_voice_profiles=[dict(name="voice-00002")],
        applications=[dict(id=app_id, outbound=dict(outbound_voice_profile_name="voice-00002"))],
    )
    result = run_module(main, declared)
    assert not result.get("failed"), result.get("msg")
    # voice-00002 already carries the marker: nothing to write for it.
    assert simulator.writes() == [
        ("PATCH", "/v2/fax_applications/%s" % app_id),
        ("DELETE", "/v2/outbound_voice_profiles/%s" % old),
    ]
    assert [profile["id"] for profile in simulator.profiles()] == [new]


def test_purging_a_profile_an_application_keeps_using_is_refused_before_any_write(simulator, run_module):
    (used,) = simulator.seed_profiles(1, "voice", tags=[MARKER])
    simulator.seed(1, "keeper", outbound={"outbound_voice_profile_id": used})
    result = run_module(main, dict(marker_tag=MARKER, purge=True, outbound_voice_profiles=[], applications=[]))
    assert result["failed"] and "Fax applications still use this profile" in result["msg"]
    assert "keeper-00001" in result["msg"]
    assert simulator.writes() == []


def test_an_application_waiting_for_a_profile_that_failed_is_not_written(simulator, run_module):
    simulator.fault(status=500, times=1, method="POST")
    result = run_module(
        main,
        dict(
            outbound_voice_profiles=[dict(name="doomed")],
            applications=[
                dict(
                    application_name="needs-it",
                    webhook_event_url=WEBHOOK,
                    outbound=dict(outbound_voice_profile_name="doomed"),
                )
            ],
        ),
    )
    assert result["failed"]
    assert result["outbound_voice_profiles"][0]["action"] == "failed"
    assert result["applications"][0]["action"] == "failed"
    assert "which this run could not create" in result["applications"][0]["error"]
    assert simulator.writes() == [("POST", "/v2/outbound_voice_profiles")]


# --- phone numbers on the applications -----------------------------------------------------------

NUMBERS = ["+13125550100", "+13125550101", "+13125550102"]


def number_writes(simulator, since=0):
    return [path for method, path in simulator.writes(since) if path.startswith("/v2/phone_numbers/")]


def assignments(simulator):
    return dict((number["phone_number"], number["connection_name"]) for number in simulator.phone_numbers())


def test_a_whole_setup_in_check_mode_then_for_real_then_unchanged(simulator, run_module):
    simulator.seed_phone_numbers(NUMBERS)
    declared = dict(
        marker_tag=MARKER,
        outbound_voice_profiles=[dict(name="fax-outbound")],
        applications=[
            dict(
                application_name="billing-fax",
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="fax-outbound"),
                phone_numbers=NUMBERS[:2],
            )
        ],
    )
    check = run_module(main, declared, check_mode=True, diff=True)
    assert not check.get("failed"), check.get("msg")
    assert simulator.writes() == []
    assert check["phone_number_summary"]["updated"] == 2
    number_diffs = [diff for diff in check["diff"] if diff["before_header"].startswith("phone number")]
    assert [diff["after"] for diff in number_diffs] == [
        {"connection_id": "(known after create: fax application billing-fax)", "connection_name": "billing-fax"}
    ] * 2

    real = run_module(main, declared, diff=True)
    assert not real.get("failed"), real.get("msg")
    assert real["phone_number_summary"] == check["phone_number_summary"]
    assert [entry["action"] for entry in real["phone_numbers"]] == [entry["action"] for entry in check["phone_numbers"]]
    app_id = simulator.applications()[0]["id"]
    assert [diff["after"] for diff in real["diff"] if diff["before_header"].startswith("phone number")] == [
        {"connection_id": app_id, "connection_name": "billing-fax"}
    ] * 2
    assert assignments(simulator) == {NUMBERS[0]: "billing-fax", NUMBERS[1]: "billing-fax", NUMBERS[2]: None}

    mark = len(simulator.requests_log())
    again = run_module(main, declared)
    assert again["changed"] is False
    assert [entry["method"] for entry in simulator.requests_log()[mark:]] == ["GET"] * 3  # profiles, apps, numbers

    profile_id = simulator.profiles()[0]["id"]
    numbers_assigned = sorted("phone number %s: assigned to billing-fax" % number for number in NUMBERS[:2])
    assert check["report"][:5] == [
        "applications: would create 1, would update 0, would delete 0, unchanged 0, failed 0 (total 1)",
        "would create application billing-fax",
        "outbound voice profiles: would create 1, would update 0, would delete 0, unchanged 0, failed 0 (total 1)",
        "would create outbound voice profile fax-outbound",
        "phone numbers: would update 2, unchanged 0, failed 0 (total 2)",
    ]
    assert sorted(check["report"][5:]) == ["would update " + line for line in numbers_assigned]
    assert real["report"][1] == "created application billing-fax (id %s)" % app_id
    assert real["report"][3] == "created outbound voice profile fax-outbound (id %s)" % profile_id
    assert sorted(real["report"][5:]) == ["updated " + line for line in numbers_assigned]
    assert again["report"] == [
        "applications: created 0, updated 0, deleted 0, unchanged 1, failed 0 (total 1)",
        "outbound voice profiles: created 0, updated 0, deleted 0, unchanged 1, failed 0 (total 1)",
        "phone numbers: updated 0, unchanged 2, failed 0 (total 2)",
    ]


@pytest.mark.parametrize("order", ["giver first", "taker first"])
def test_a_number_moves_between_two_declared_applications_in_either_order(simulator, run_module, order):
    giver, taker = simulator.seed(2, "app")
    simulator.seed_phone_numbers(NUMBERS[:1], connection_id=giver)
    items = [dict(id=giver, phone_numbers=[]), dict(id=taker, phone_numbers=NUMBERS[:1])]
    if order == "taker first":
        items.reverse()
    mark = len(simulator.requests_log())
    result = run_module(main, dict(applications=items))
    assert not result.get("failed"), result.get("msg")
    assert assignments(simulator) == {NUMBERS[0]: "app-00002"}
    # one listing of applications, one of numbers, one write for the one number that moves
    assert [entry["method"] for entry in simulator.requests_log()[mark:]] == ["GET", "GET", "PATCH"]


def test_unlisted_numbers_are_left_alone_unless_the_task_says_so(simulator, run_module):
    (app,) = simulator.seed(1, "app")
    (other,) = simulator.seed(1, "other")
    simulator.seed_phone_numbers(NUMBERS[:2], connection_id=app)
    simulator.seed_phone_numbers(NUMBERS[2:], connection_id=other)
    items = [dict(id=app, phone_numbers=NUMBERS[:1])]
    result = run_module(main, dict(applications=items))
    assert result["changed"] is False and number_writes(simulator) == []
    result = run_module(main, dict(applications=items, unassign_unlisted_phone_numbers=True))
    assert result["phone_number_summary"]["updated"] == 1
    assert assignments(simulator) == {NUMBERS[0]: "app-00001", NUMBERS[1]: None, NUMBERS[2]: "other-00001"}


def test_deleting_an_application_with_numbers_fails_before_any_write_unless_they_go(simulator, run_module):
    (app,) = simulator.seed(1, "old")
    simulator.seed_phone_numbers(NUMBERS[:1], connection_id=app)
    result = run_module(main, dict(applications=[dict(id=app, state="absent")]))
    assert result["failed"] and NUMBERS[0] in result["msg"] and "unassign_unlisted_phone_numbers" in result["msg"]
    assert simulator.writes() == []
    result = run_module(main, dict(applications=[dict(id=app, state="absent", unassign_phone_numbers=True)]))
    assert not result.get("failed"), result.get("msg")
    assert simulator.writes() == [("PATCH", number_writes(simulator)[0]), ("DELETE", "/v2/fax_applications/%s" % app)]
    assert assignments(simulator) == {NUMBERS[0]: None}


def test_a_number_the_account_does_not_have_or_listed_twice_fails_before_any_write(simulator, run_module):
    simulator.seed_phone_numbers(NUMBERS[:1])
    result = run_module(
        main,
        dict(
            applications=[
                dict(application_name="one", webhook_event_url=WEBHOOK, phone_numbers=[NUMBERS[0], "+13125559999"]),
                dict(application_name="two", webhook_event_url=WEBHOOK, phone_numbers=[NUMBERS[0]]),
                dict(application_name="three", webhook_event_url=WEBHOOK, phone_numbers=["3125550100"]),
            ]
        ),
    )
    assert result["failed"]
    assert "phone_numbers[0]: phone_number must be an E.164 number" in result["msg"]
    assert simulator.requests_log() == []
    result = run_module(
        main,
        dict(
            applications=[
                dict(application_name="one", webhook_event_url=WEBHOOK, phone_numbers=[NUMBERS[0], "+13125559999"]),
                dict(application_name="two", webhook_event_url=WEBHOOK, phone_numbers=[NUMBERS[0]]),
            ]
        ),
    )
    assert "this account has no phone number +13125559999 (the collection never buys one)" in result["msg"]
    assert "phone number +13125550100 is listed under applications[0] (one) too" in result["msg"]
    assert simulator.writes() == []


def test_a_delete_whose_id_and_name_disagree_is_refused_before_any_write(simulator, run_module):
    one, _other = simulator.seed(2, "named")
    result = run_module(main, dict(applications=[dict(id=one, application_name="legal-fax", state="absent")]))
    assert (
        result["failed"]
        and "id %s is fax application named-00001 (id %s), not fax application 'legal-fax'" % (one, one)
        in result["msg"]
    )
    assert simulator.writes() == []


def test_429s_during_parallel_writes_lose_no_write_and_repeat_none(simulator, run_module, thousand):
    # 16 writers at once (the default); Telnyx refuses some creates and some updates with 429.
    # Every refused write is sent again after the pause, every other one exactly once: a 429
    # says the request was not carried out, so even a create may be repeated after it.
    updated = thousand[:24]
    created = ["tenant-new-%02d" % number for number in range(1, 9)]
    items = [dict(application_name=name, active=False) for name in updated]
    items += [dict(application_name=name, webhook_event_url=WEBHOOK) for name in created]
    simulator.fault(429, times=3, method="POST", retry_after=0)
    simulator.fault(429, times=6, method="PATCH", retry_after=0)
    result = run_module(main, dict(applications=items, max_retries=6))
    assert not result.get("failed"), result.get("msg")
    assert result["application_summary"]["updated"] == 24 and result["application_summary"]["created"] == 8
    log = simulator.requests_log()
    patches = [entry for entry in log if entry["method"] == "PATCH"]
    assert sorted(entry["status"] for entry in patches) == [200] * 24 + [429] * 6
    assert len({entry["path"] for entry in patches if entry["status"] == 200}) == 24  # each one once
    posts = [entry["status"] for entry in log if entry["method"] == "POST"]
    assert sorted(posts) == [201] * 8 + [429] * 3
    stored = [app["application_name"] for app in simulator.applications()]
    assert sorted(name for name in stored if name.startswith("tenant-new")) == created  # none twice
    assert all(app["active"] is False for app in simulator.applications() if app["application_name"] in updated)
    assert len([warning for warning in result["warnings"] if "429 Too Many Requests" in warning]) == 9


def test_an_unknown_key_names_its_item_and_the_option_meant_before_any_request(simulator, run_module):
    declared = dict(
        applications=[
            dict(application_name="billing-eu", webhook_event_url=WEBHOOK),
            dict(application_name="billing-us", webhook_url=WEBHOOK, inbound=dict(chanel_limit=5)),
        ],
        outbound_voice_profiles=[dict(name="fax-outbound", frobnicate=True)],
    )
    result = run_module(main, declared)
    assert result["failed"] is True
    assert result["msg"].startswith("Nothing was sent to Telnyx: ")
    assert (
        "applications[1] (billing-us): webhook_url is not an option (did you mean webhook_event_url?)" in result["msg"]
    )
    assert (
        "applications[1] (billing-us): inbound.chanel_limit is not an option (did you mean channel_limit?)"
        in (result["msg"])
    )
    assert "outbound_voice_profiles[0] (fax-outbound): frobnicate is not an option; the options are " in result["msg"]
    assert "billing-eu" not in result["msg"]
    assert simulator.requests_log() == []


def test_declaring_an_object_without_the_marker_takes_it_over_and_says_so(simulator, run_module):
    # The trial: another team's application named in this list got the marker without a word,
    # and a later purge deleted it.
    (theirs,) = simulator.seed_applications(1, "other-team", tags=["team-other"])
    declared = dict(
        marker_tag=MARKER, applications=[dict(application_name="other-team-00001", webhook_event_url=WEBHOOK)]
    )
    result = run_module(main, declared)
    assert result["changed"] is True
    assert result["warnings"] == [
        "fax application other-team-00001 (id %s) did not carry the marker tag %r (its tags: team-other): this run "
        "adds it, so this declaration now owns it, and a purge with this marker deletes it once it is no longer "
        "listed. If one of its tags is another declaration's marker, that one's purge may delete it too."
        % (theirs, MARKER)
    ]
    assert run_module(main, declared)["warnings"] == []


def test_a_failed_profile_is_told_first_and_the_applications_it_stops_are_counted(simulator, run_module):
    # The trial: four failed profile creates came last, after 540 "not written" lines, in a
    # message of 60 KB.
    simulator.fault(500, times=1, method="POST")
    declared = dict(
        outbound_voice_profiles=[dict(name="fax-outbound")],
        applications=[
            dict(
                application_name="app-%02d" % number,
                webhook_event_url=WEBHOOK,
                outbound=dict(outbound_voice_profile_name="fax-outbound"),
            )
            for number in range(15)
        ],
    )
    result = run_module(main, declared)
    assert result["failed"] is True
    assert result["msg"].startswith("15 of 15 applications and 1 of 1 outbound voice profiles could not be converged: ")
    told = result["msg"].split(": ", 1)[1].split("; ")
    assert told[0].startswith("fax-outbound: POST /outbound_voice_profiles failed with 500")
    assert all(line.split(": ", 1)[1].startswith("not written: it needs") for line in told[1:10])
    assert told[10:] == [
        "and 6 more, each with its error in the result's applications, outbound_voice_profiles or phone_numbers."
    ]
    assert len([entry for entry in result["applications"] if entry["action"] == "failed"]) == 15
