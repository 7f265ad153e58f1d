# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bulk path over real HTTP: what it costs on 1000 applications, and what it refuses."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils.converge import converge, report
from ansible_collections.telnyx.fax.plugins.module_utils.fax_applications import PlanError

MARKER = "managed-by-test"
WEBHOOK = "https://hooks.example.com/fax"


def item(name, **options):
    """A declared item as AnsibleModule hands it over: every option present, unset ones None."""
    params = dict(
        id=None,
        state="present",
        update_fax_email_recipient="on_create",
        application_name=name,
        active=None,
        anchorsite_override=None,
        webhook_event_url=None,
        webhook_event_failover_url=None,
        webhook_timeout_secs=None,
        inbound=None,
        outbound=None,
        tags=None,
        fax_email_recipient=None,
    )
    params.update(options)
    return params


def given(params):
    return dict((key, True) for key, value in params.items() if value is not None or key == "webhook_timeout_secs")


def declare(*items):
    return list(items), [given(params) for params in items]


def writes(simulator, since=0):
    return [(entry["method"], entry["path"]) for entry in simulator.requests_log()[since:] if entry["method"] != "GET"]


@pytest.fixture
def thousand(simulator):
    simulator.seed(1000, "tenant", tags=[MARKER])
    return ["tenant-%05d" % number for number in range(1, 1001)]


def names_only(names):
    items = [item(name) for name in names]
    return items, [{"application_name": True} for params in items]


def test_no_op_over_1000_applications_costs_4_requests(simulator, make_client, thousand):
    items, shape = names_only(thousand)
    result = converge(make_client(), items, shape, marker_tag=MARKER, purge=True)
    entries, summary, diffs = report(result)
    assert summary == dict(created=0, updated=0, deleted=0, unchanged=1000, failed=0, total=1000)
    assert diffs == []
    log = simulator.requests_log()
    assert [entry["method"] for entry in log] == ["GET"] * 4


def test_10_changes_cost_exactly_10_writes_more(simulator, make_client, thousand):
    items, shape = names_only(thousand)
    for index in range(0, 1000, 100):
        items[index]["inbound"] = {"channel_limit": 7, "sip_subdomain": None, "sip_subdomain_receive_settings": None}
        shape[index]["inbound"] = {"channel_limit": True}
    result = converge(make_client(), items, shape, marker_tag=MARKER)
    entries, summary, diffs = report(result)
    assert summary["updated"] == 10 and summary["unchanged"] == 990
    assert len(simulator.requests_log()) == 4 + 10
    assert len(writes(simulator)) == 10 and {method for method, path in writes(simulator)} == {"PATCH"}
    assert entries[100]["changed_fields"] == ["inbound"]
    assert diffs[1]["before"] == {
        "application_name": "tenant-00101",
        "inbound": {"channel_limit": None},
        "tags": [MARKER],
    }
    assert diffs[1]["after_header"] == "fax application tenant-00101"


def test_parallel_writes_make_the_same_requests(simulator, make_client, thousand):
    items, shape = names_only(thousand[:20])
    for params, params_shape in zip(items, shape, strict=True):
        params["active"] = False
        params_shape["active"] = True
    result = converge(make_client(), items, shape, parallel_writes=4)
    assert report(result)[1]["updated"] == 20
    assert len(writes(simulator)) == 20
    assert all(app["active"] is False for app in simulator.applications() if app["application_name"] in thousand[:20])


def test_check_mode_plans_everything_and_writes_nothing(simulator, make_client, thousand):
    items, shape = names_only(thousand[:3])
    items.append(item("tenant-new", webhook_event_url=WEBHOOK))
    shape.append({"application_name": True, "webhook_event_url": True})
    items[0]["state"] = "absent"
    result = converge(make_client(), items, shape, check_mode=True, marker_tag=MARKER, purge=True)
    entries, summary, diffs = report(result)
    assert summary == dict(created=1, updated=0, deleted=998, unchanged=2, failed=0, total=1001)
    assert entries[3]["action"] == "created" and entries[3]["id"] is None
    assert writes(simulator) == []


def test_purge_deletes_only_marked_applications_that_are_not_declared(simulator, make_client):
    simulator.seed(3, "ours", tags=[MARKER])
    foreign = simulator.seed(2, "theirs", tags=["other-team"])
    unmarked = simulator.seed(1, "untagged")
    items, shape = names_only(["ours-00001"])
    result = converge(make_client(), items, shape, marker_tag=MARKER, purge=True)
    entries, summary, diffs = report(result)
    assert summary["deleted"] == 2
    assert sorted(entry["application_name"] for entry in entries if entry["action"] == "deleted") == [
        "ours-00002",
        "ours-00003",
    ]
    remaining = sorted(app["id"] for app in simulator.applications())
    assert set(foreign + unmarked) <= set(remaining) and len(remaining) == 4


def test_marker_is_added_and_other_tags_are_kept(simulator, make_client):
    simulator.seed(1, "adopted", tags=["keep-me"])
    items, shape = names_only(["adopted-00001"])
    converge(make_client(), items, shape, marker_tag=MARKER)
    assert sorted(simulator.applications()[0]["tags"]) == sorted(["keep-me", MARKER])


def test_every_problem_is_found_before_any_write(simulator, make_client):
    simulator.seed(2, "twin")
    client = make_client()
    client.post("/fax_applications", {"application_name": "twin-00001", "webhook_event_url": WEBHOOK})
    mark = len(simulator.requests_log())
    items = [
        item("fresh", webhook_event_url=WEBHOOK),
        item("twin-00001", active=False),
        item(None, id="1000000000000000009"),
        item("no-webhook"),
    ]
    shape = [given(params) for params in items]
    with pytest.raises(PlanError) as caught:
        converge(client, items, shape)
    message = str(caught.value)
    assert "applications[1] (twin-00001): 2 fax applications have this name" in message
    assert "applications[2] (1000000000000000009): no fax application has id 1000000000000000009" in message
    assert "applications[3] (no-webhook): Creating a fax application needs" in message
    assert writes(simulator, since=mark) == []


def test_invalid_items_send_nothing(simulator, make_client):
    items = [item("a-app", webhook_timeout_secs=99), item("a-app")]
    with pytest.raises(PlanError) as caught:
        converge(make_client(), items, [given(params) for params in items])
    assert "applications[0] (a-app): webhook_timeout_secs must be between 0 and 30, got 99" in str(caught.value)
    assert "applications[1] (a-app): declares the same application_name as applications[0]" in str(caught.value)
    assert simulator.requests_log() == []


def test_a_failed_write_is_reported_and_the_others_proceed(simulator, make_client):
    simulator.seed(2, "half")
    simulator.fault(status=500, times=1, method="POST")
    items = [item("half-new", webhook_event_url=WEBHOOK), item("half-00001", active=False)]
    result = converge(make_client(), items, [given(params) for params in items])
    entries, summary, diffs = report(result)
    assert entries[0]["action"] == "failed" and "Look for a duplicate" in entries[0]["error"]
    assert entries[1]["action"] == "updated"
    assert summary["failed"] == 1 and summary["updated"] == 1
