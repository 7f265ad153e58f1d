# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Number assignment in a bulk run: which phone numbers go to which declared application.

A number listed under a declared application is assigned to it (moved if need be). A number
on an application the run deletes, or on a declared application that lists its numbers but
not this one, is unassigned only when the task says so; on an application the run deletes, it
is otherwise a problem, since Telnyx would refuse the delete. Planned from one listing of the
account's numbers, before anything is written.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils._plans import plan_present


def listing_applications(applications):
    """The applications present after the run that list their numbers."""
    return [item for item in applications if item.present and item.params.get("phone_numbers") is not None]


def concerned(applications):
    """Whether the run concerns any number: an application lists numbers, or is deleted."""
    return bool(listing_applications(applications) or planner.deletes(applications))


def plan_numbers(applications, account, references, unassign_unlisted=False):
    """The number items of a run and its problems, from the account's listing of numbers.

    account must hold the phone numbers read whole (Account.read_whole(PHONE_NUMBERS)).
    unassign_unlisted: the run's unassign_unlisted_phone_numbers.
    """
    listing_apps = listing_applications(applications)
    numbers = account.view(PHONE_NUMBERS).objects
    listed_under, problems = numbers_listed_under(listing_apps, numbers)
    in_scope = set(item.current.get("id") for item in listing_apps if item.current is not None)
    planned = []
    for number in numbers:
        owner = listed_under.get(number.get("phone_number"))
        if owner is not None:
            planned.append(assign(number, owner, references))
        elif number.get("connection_id") in in_scope and unassign_unlisted:
            planned.append(assign(number, None, references))
    problems += numbers_on_deleted_applications(applications, account, references, planned, unassign_unlisted)
    return planned, problems


def numbers_listed_under(listing_apps, numbers):
    """{number: the item that lists it}, and the problems: a number listed twice or not the account's."""
    held = set(number.get("phone_number") for number in numbers)
    problems, listed_under = [], {}
    for item in listing_apps:
        for number in item.params["phone_numbers"]:
            if number in listed_under and listed_under[number] is not item:
                problems.append(
                    "%s: phone number %s is listed under %s too" % (item.label, number, listed_under[number].label)
                )
            elif number not in held:
                problems.append(
                    "%s: this account has no phone number %s (the collection never buys one)" % (item.label, number)
                )
            listed_under[number] = item
    return listed_under, problems


def assign(number, owner, references):
    """The item planning number onto owner's application (None: onto none), named as after the run."""
    target = None
    if owner is not None:
        target = owner.current.get("id") if owner.current else FAX_APPLICATIONS.placeholder(owner.name)
        references.names[target] = owner.name
    entry = planner.Item(
        PHONE_NUMBERS, dict(phone_number=number.get("phone_number")), {"connection_id": target}, "phone_numbers"
    )
    entry.current = number
    entry.plan = plan_present(PHONE_NUMBERS, entry.wanted, number)
    references.predict_mirrors(entry)
    return entry


def numbers_on_deleted_applications(applications, account, references, planned, unassign_unlisted):
    """Unassign (into planned) or refuse the numbers still on applications the run deletes."""
    by_id = dict((entry.current.get("id"), entry) for entry in planned)
    problems = []
    for item in planner.deletes(applications):
        still = planner.still_pointing(item, account, by_id)
        if unassign_unlisted or item.params.get("unassign_phone_numbers"):
            planned.extend(assign(number, None, references) for number in still)
        elif still:
            problems.append(planner.release_or_refuse(item, still, False, more_advice(item)))
    return problems


def more_advice(item):
    """What else a refused delete can do about its numbers, in the module's own options."""
    # A purged application has no item of its own to give unassign_phone_numbers to.
    lead = " A purged application takes no unassign_phone_numbers: " if item.purged else " Or "
    return "%slist them under a declared application, or set unassign_unlisted_phone_numbers=true" % lead
