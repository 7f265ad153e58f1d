# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two runs of one declaration at once: every run keeps the oldest object of a name.

Telnyx has no idempotency key, so two runs that both find no "billing-fax" both create one.
Each run reads the name again after its create. These tests put the other run's object in
place deterministically: the simulator holds it already when the module's create arrives
(a simulator hook seeds it just before the POST is processed), or the module is handed a listing.
tests/e2e/test_concurrent_runs.py runs two real playbooks at once.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._api import LISTING_READS
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.modules import fax_application as application_module
from ansible_collections.telnyx.fax.plugins.modules import fax_application_bulk as bulk_module

WEBHOOK = "https://hooks.example.com/fax"


class FakeService:
    """The calls settle_create makes, recorded."""

    resource = FAX_APPLICATIONS

    def __init__(self):
        self.calls = []

    def delete(self, object_id, fallback):
        self.calls.append(("delete", object_id))
        return fallback

    def apply(self, plan):
        self.calls.append((plan.action, plan.object_id, plan.payload))
        return dict(plan.predicted)


def created_item(outcome, **wanted):
    wanted.setdefault("application_name", "billing-fax")
    wanted.setdefault("webhook_event_url", WEBHOOK)
    item = planner.Item(FAX_APPLICATIONS, dict(wanted), dict(wanted))
    item.plan = planner.plan_one(item)
    item.outcome = outcome
    return item


def app(object_id, created_at, **fields):
    return dict(
        id=object_id, application_name="billing-fax", webhook_event_url=WEBHOOK, created_at=created_at, **fields
    )


def test_the_run_whose_copy_is_newer_deletes_it_and_keeps_the_older():
    service = FakeService()
    mine, theirs = app("200", "2026-12-04T10:00:01Z"), app("100", "2026-12-04T10:00:00Z")
    item = created_item(mine)
    planner.settle_create(service, item, lambda name: [mine, theirs])
    assert service.calls == [("delete", "200")]
    assert item.outcome["id"] == "100" and item.plan.action == "none"
    assert "kept the older one (id 100)" in item.notes[0]


def test_the_run_whose_copy_is_oldest_keeps_it_and_deletes_nothing():
    service = FakeService()
    mine, theirs = app("100", "2026-12-04T10:00:00Z"), app("200", "2026-12-04T10:00:01Z")
    item = created_item(mine)
    planner.settle_create(service, item, lambda name: [theirs, mine])
    assert service.calls == [] and item.outcome is mine and item.notes == []


def test_one_created_at_for_both_is_decided_by_the_id_the_same_way_in_every_run():
    same = "2026-12-04T10:00:00Z"
    for mine, theirs in ((app("99", same), app("100", same)), (app("100", same), app("99", same))):
        service = FakeService()
        item = created_item(mine)
        planner.settle_create(service, item, lambda name, both=(mine, theirs): list(both))
        assert item.outcome["id"] == "99"


def test_the_kept_object_is_brought_to_what_this_run_declares():
    service = FakeService()
    mine = app("200", "2026-12-04T10:00:01Z", anchorsite_override="Chicago, IL")
    theirs = app("100", "2026-12-04T10:00:00Z", anchorsite_override="Latency")
    item = created_item(mine, anchorsite_override="Chicago, IL")
    planner.settle_create(service, item, lambda name: [mine, theirs])
    assert service.calls[0] == ("delete", "200")
    assert service.calls[1][:2] == ("update", "100") and service.calls[1][2]["anchorsite_override"] == "Chicago, IL"


def another_run_creates_meanwhile(simulator, name):
    """Just before the module's POST is processed, create name-00001 as another run would."""
    simulator.before(
        "POST",
        "/v2/fax_applications",
        [("POST", "/_simulator/fax_applications/seed", {"count": 1, "name_prefix": name})],
    )


def test_a_single_module_that_races_another_run_ends_with_one_application(simulator, run_module):
    another_run_creates_meanwhile(simulator, "billing")
    result = run_module(application_module.main, dict(application_name="billing-00001", webhook_event_url=WEBHOOK))
    assert [hook["answers"] for hook in simulator.hooks()["fired"]] == [[[201]]]
    assert not result.get("failed"), result.get("msg")
    stored = [stored for stored in simulator.applications() if stored["application_name"] == "billing-00001"]
    assert len(stored) == 1 and result["fax_application"]["id"] == stored[0]["id"]
    assert any("Another run created" in warning for warning in result["warnings"])
    again = run_module(application_module.main, dict(application_name="billing-00001", webhook_event_url=WEBHOOK))
    assert again["changed"] is False


def test_the_bulk_module_that_races_another_run_ends_with_one_application(simulator, run_module):
    another_run_creates_meanwhile(simulator, "billing")
    declared = dict(applications=[dict(application_name="billing-00001", webhook_event_url=WEBHOOK)])
    result = run_module(bulk_module.main, declared)
    assert [hook["answers"] for hook in simulator.hooks()["fired"]] == [[[201]]]
    assert not result.get("failed"), result.get("msg")
    assert [stored["application_name"] for stored in simulator.applications()] == ["billing-00001"]
    assert result["applications"][0]["id"] == simulator.applications()[0]["id"]
    assert run_module(bulk_module.main, declared)["changed"] is False


def test_a_duplicate_declared_absent_by_id_beside_the_kept_one_by_name_is_repaired_in_one_run(simulator, run_module):
    older = simulator.seed(1, "twin")[0]
    newer = simulator.seed(1, "twin")[0]
    declared = dict(
        applications=[
            dict(application_name="twin-00001", webhook_event_url=WEBHOOK),
            dict(id=newer, state="absent"),
        ]
    )
    result = run_module(bulk_module.main, declared)
    assert not result.get("failed"), result.get("msg")
    assert [stored["id"] for stored in simulator.applications()] == [older]
    assert [entry["action"] for entry in result["applications"]] == ["updated", "deleted"]
    assert run_module(bulk_module.main, declared)["changed"] is False


def test_on_an_account_too_busy_to_list_whole_each_created_name_is_read_again_on_its_own(simulator, run_module):
    # The new-user trial: two runs of the role at once while a third client kept creating
    # applications. Each run's re-read of the whole listing kept moving, and both kept their
    # copies: hundreds of duplicates. A name's own listing moves only when that name does.
    simulator.seed(300, "other")
    busy = {"method": "GET", "path": "/v2/fax_applications", "page": 2, "times": LISTING_READS}
    busy["then"] = [
        {"method": "POST", "path": "/_simulator/fax_applications/seed", "body": {"count": 1, "name_prefix": "busy"}}
    ]
    simulator.before(
        "POST",
        "/v2/fax_applications",
        [
            ("POST", "/_simulator/fax_applications/seed", {"count": 1, "name_prefix": "billing"}),
            # From the create on, every read of the whole listing sees an application come.
            ("POST", "/_simulator/hooks", busy),
        ],
    )
    declared = dict(applications=[dict(application_name="billing-00001", webhook_event_url=WEBHOOK)])
    result = run_module(bulk_module.main, declared)
    assert not result.get("failed"), result.get("msg")
    assert [hook["answers"] for hook in simulator.hooks()["fired"]][-1] == [[201]] * LISTING_READS
    billing = [stored for stored in simulator.applications() if stored["application_name"] == "billing-00001"]
    assert len(billing) == 1 and result["applications"][0]["id"] == billing[0]["id"]
    assert any("Another run created" in warning for warning in result["warnings"])
    assert not [warning for warning in result["warnings"] if "failed" in warning]
    assert run_module(bulk_module.main, declared)["changed"] is False
