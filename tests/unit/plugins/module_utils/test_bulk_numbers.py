# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""bulk_numbers: which phone numbers a bulk run assigns where, planned from listings, no HTTP."""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _bulk_numbers as bulk_numbers
from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils._plans import Plan

BILLING = {"id": "1001", "application_name": "billing"}
SUPPORT = {"id": "1002", "application_name": "support"}


def number(phone_number, connection_id=None, connection_name=None):
    return {
        "id": "9" + phone_number[-4:],
        "phone_number": phone_number,
        "connection_id": connection_id,
        "connection_name": connection_name,
    }


def application(index, current, action="none", numbers=None, name=None, **params):
    """One planned application item, as the bulk run hands it over: current is None for a create."""
    name = name or current["application_name"]
    params = dict(application_name=name, state="absent" if action == "delete" else "present", **params)
    if numbers is not None:
        params["phone_numbers"] = numbers
    item = planner.Item(FAX_APPLICATIONS, params, {"application_name": name}, "applications", index)
    item.current = current
    item.plan = Plan(action, object_id=(current or {}).get("id"), predicted=current or {})
    return item


def planned(applications, numbers, unassign_unlisted=False, apps=(BILLING, SUPPORT)):
    """bulk_numbers.plan_numbers over listings: an Account with no client makes any request fail."""
    account = planner.Account(None)
    account.read_whole(FAX_APPLICATIONS, list(apps))
    account.read_whole(PHONE_NUMBERS, numbers)
    references = planner.References(account, False, lambda message: None)
    return bulk_numbers.plan_numbers(applications, account, references, unassign_unlisted)


def by_number(entries):
    return dict((entry.current["phone_number"], entry.plan) for entry in entries)


def test_a_listed_number_moves_to_its_application_and_one_already_there_stays():
    items = [application(0, BILLING, numbers=["+13125550100", "+13125550101"])]
    numbers = [number("+13125550100", SUPPORT["id"], "support"), number("+13125550101", BILLING["id"], "billing")]
    entries, problems = planned(items, numbers)
    assert problems == []
    plans = by_number(entries)
    assert plans["+13125550100"].action == "update"
    assert plans["+13125550100"].payload == {"connection_id": BILLING["id"]}
    # The diff names where the number goes, by name too.
    assert plans["+13125550100"].after["connection_name"] == "billing"
    assert plans["+13125550101"].action == "none"


def test_a_number_of_an_application_the_run_creates_goes_to_its_placeholder():
    items = [application(0, None, action="create", name="intake", numbers=["+13125550100"])]
    entries, problems = planned(items, [number("+13125550100")])
    assert problems == []
    plan = by_number(entries)["+13125550100"]
    assert plan.payload == {"connection_id": FAX_APPLICATIONS.placeholder("intake")}
    assert plan.after["connection_name"] == "intake"


def test_a_number_listed_twice_or_not_the_accounts_is_a_problem():
    items = [
        application(0, BILLING, numbers=["+13125550100", "+13125550199"]),
        application(1, SUPPORT, numbers=["+13125550100"]),
    ]
    entries, problems = planned(items, [number("+13125550100")])
    assert problems == [
        "applications[0] (billing): this account has no phone number +13125550199 (the collection never buys one)",
        "applications[1] (support): phone number +13125550100 is listed under applications[0] (billing) too",
    ]
    # The problems fail the run before any write; the plans made meanwhile are never carried out.
    assert [entry.current["phone_number"] for entry in entries] == ["+13125550100"]


def test_an_unlisted_number_is_left_alone_unless_the_task_unassigns_unlisted_ones():
    items = [application(0, BILLING, numbers=[])]
    numbers = [number("+13125550100", BILLING["id"], "billing"), number("+13125550101", SUPPORT["id"], "support")]
    entries, problems = planned(items, numbers)
    assert (entries, problems) == ([], [])
    entries, problems = planned(items, numbers, unassign_unlisted=True)
    assert problems == []
    # Only the listing application's numbers are in scope: support's number is not touched.
    assert list(by_number(entries)) == ["+13125550100"]
    assert by_number(entries)["+13125550100"].payload == {"connection_id": ""}


def test_an_application_without_phone_numbers_does_not_manage_them():
    items = [application(0, BILLING)]
    entries, problems = planned(items, [number("+13125550100", BILLING["id"], "billing")], unassign_unlisted=True)
    assert (entries, problems) == ([], [])
    assert not bulk_numbers.concerned(items)


def test_numbers_on_an_application_the_run_deletes_are_refused_in_the_modules_own_words():
    items = [application(0, SUPPORT, action="delete")]
    assert bulk_numbers.concerned(items)
    entries, problems = planned(items, [number("+13125550100", SUPPORT["id"], "support")])
    assert entries == [] and len(problems) == 1
    assert problems[0].startswith("applications[0] (support): fax application support (id 1002) cannot be deleted")
    assert "+13125550100" in problems[0]
    assert "set unassign_unlisted_phone_numbers=true" in problems[0]
    # The engine names its own option only; the role maps its variable in its README.
    assert "fax_applications_" not in problems[0]


def test_numbers_on_a_deleted_application_are_unassigned_when_the_item_or_the_task_says_so():
    numbers = [number("+13125550100", SUPPORT["id"], "support")]
    for items, unassign_unlisted in (
        ([application(0, SUPPORT, action="delete", unassign_phone_numbers=True)], False),
        ([application(0, SUPPORT, action="delete")], True),
    ):
        entries, problems = planned(items, numbers, unassign_unlisted)
        assert problems == []
        assert by_number(entries)["+13125550100"].payload == {"connection_id": ""}


def test_a_number_listed_elsewhere_lets_a_deleted_application_go():
    items = [application(0, SUPPORT, action="delete"), application(1, BILLING, numbers=["+13125550100"])]
    entries, problems = planned(items, [number("+13125550100", SUPPORT["id"], "support")])
    assert problems == []
    assert by_number(entries)["+13125550100"].payload == {"connection_id": BILLING["id"]}
