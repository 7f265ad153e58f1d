# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_application_bulk in-process over real HTTP: what it costs on 1000 applications,
what it refuses before any write, and how profiles and applications converge together."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.modules.fax_application_bulk import main

MARKER = "managed-by-test"
WEBHOOK = "https://hooks.example.com/fax"


def writes(simulator, since=0):
    return [(entry["method"], entry["path"]) for entry in simulator.requests_log()[since:] if entry["method"] != "GET"]


@pytest.fixture
def thousand(simulator):
    simulator.seed(1000, "tenant", tags=[MARKER])
    return ["tenant-%05d" % number for number in range(1, 1001)]


def test_no_op_over_1000_applications_costs_4_requests(simulator, run_module, thousand):
    result = run_module(
        main, dict(applications=[dict(application_name=name) for name in thousand], marker_tag=MARKER, purge=True)
    )
    assert result["summary"] == dict(created=0, updated=0, deleted=0, unchanged=1000, failed=0, total=1000)
    assert result["changed"] is False
    assert [entry["method"] for entry in simulator.requests_log()] == ["GET"] * 4


def test_10_changes_cost_exactly_10_writes_more(simulator, run_module, thousand):
    items = [dict(application_name=name) for name in thousand]
    for index in range(0, 1000, 100):
        items[index]["inbound"] = {"channel_limit": 7}
    result = run_module(main, dict(applications=items, marker_tag=MARKER), diff=True)
    assert result["summary"]["updated"] == 10 and result["summary"]["unchanged"] == 990
    assert len(simulator.requests_log()) == 4 + 10
    assert {method for method, path in writes(simulator)} == {"PATCH"} and len(writes(simulator)) == 10
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
    assert result["summary"]["updated"] == 20
    assert len(writes(simulator)) == 20
    assert all(app["active"] is False for app in simulator.applications() if app["application_name"] in thousand[:20])


def test_check_mode_plans_everything_and_writes_nothing(simulator, run_module, thousand):
    items = [dict(application_name=name) for name in thousand[:3]]
    items.append(dict(application_name="tenant-new", webhook_event_url=WEBHOOK))
    items[0]["state"] = "absent"
    result = run_module(main, dict(applications=items, marker_tag=MARKER, purge=True), check_mode=True)
    assert result["summary"] == dict(created=1, updated=0, deleted=998, unchanged=2, failed=0, total=1001)
    assert result["applications"][3]["action"] == "created"
    assert result["applications"][3]["id"] == "(known after create: fax application tenant-new)"
    assert writes(simulator) == []


def test_purge_deletes_only_marked_applications_that_are_not_declared(simulator, run_module):
    simulator.seed(3, "ours", tags=[MARKER])
    foreign = simulator.seed(2, "theirs", tags=["other-team"])
    unmarked = simulator.seed(1, "untagged")
    result = run_module(main, dict(applications=[dict(application_name="ours-00001")], marker_tag=MARKER, purge=True))
    assert result["summary"]["deleted"] == 2
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
    assert "applications[1] (twin-00001): 2 fax applications have this name" in message
    assert "applications[2] (1000000000000000009): no fax application has id 1000000000000000009" in message
    assert writes(simulator, since=mark) == []


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
    assert writes(simulator) == []


def test_a_rename_onto_a_taken_name_is_refused_with_both_ids(simulator, run_module):
    first, second = simulator.seed(2, "named")
    result = run_module(main, dict(applications=[dict(id=second, application_name="named-00001")]))
    assert result["failed"]
    assert "renaming it to 'named-00001' would give two fax applications that name (id %s)" % first in result["msg"]
    assert second in result["msg"]
    assert writes(simulator) == []


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
    assert result["summary"]["failed"] == 1 and result["summary"]["updated"] == 1


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
    assert check["outbound_voice_profile_summary"]["created"] == 1 and check["summary"]["created"] == 1
    placeholder = "(known after create: outbound voice profile billing-outbound)"
    assert check["diff"][1]["after"]["outbound"] == {"outbound_voice_profile_id": placeholder}
    assert check["warnings"] == []
    assert writes(simulator) == []

    real = run_module(main, declared, diff=True)
    assert not real.get("failed"), real.get("msg")
    profile_id = simulator.profiles()[0]["id"]
    assert real["diff"][1]["after"]["outbound"] == {"outbound_voice_profile_id": profile_id}
    assert [path for method, path in writes(simulator)] == ["/v2/outbound_voice_profiles", "/v2/fax_applications"]
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
    assert writes(simulator) == []


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
    assert writes(simulator) == [
        ("PATCH", "/v2/fax_applications/%s" % app_id),
        ("DELETE", "/v2/outbound_voice_profiles/%s" % old),
    ]
    assert [profile["id"] for profile in simulator.profiles()] == [new]


def test_purging_a_profile_an_application_keeps_using_is_refused_before_any_write(simulator, run_module):
    (used,) = simulator.seed_profiles(1, "voice", tags=[MARKER])
    simulator.seed(1, "keeper", outbound={"outbound_voice_profile_id": used})
    result = run_module(main, dict(marker_tag=MARKER, purge=True, outbound_voice_profiles=[], applications=[]))
    assert result["failed"] and "would still use it" in result["msg"] and "keeper-00001" in result["msg"]
    assert writes(simulator) == []


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
    assert "could not be created in this run" in result["applications"][0]["error"]
    assert writes(simulator) == [("POST", "/v2/outbound_voice_profiles")]
