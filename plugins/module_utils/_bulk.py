# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge a declared list of one resource once it is planned: purge, write, settle, report.

Which object each item means and what it needs are the planner's (planner.py), the same
rules a state module's one object follows. What is left for a list is what only a list has:
the objects a marker tag says the list owns, writes side by side, one re-read after all the
creates (each name's own when the account is too busy to be read whole), and a report per item.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._planner import OUTCOMES, Item, Listing, settle_create
from ansible_collections.telnyx.fax.plugins.module_utils._plans import plan_absent
from ansible_collections.telnyx.fax.plugins.module_utils._service import PartialCreate


def purge(resource, location, items, listing, marker_tag):
    """Items deleting every object in listing that carries marker_tag and no item matched."""
    matched = set(item.current.get("id") for item in items if item.current is not None)
    purged = []
    for obj in listing:
        if obj.get("id") not in matched and marker_tag in (obj.get("tags") or []):
            item = Item(resource, dict(state="absent", id=obj.get("id")), {}, location)
            item.purged = True
            item.current = obj
            item.plan = plan_absent(resource, {}, obj)
            purged.append(item)
    return purged


def changing(items, actions):
    """The items whose plan does one of actions."""
    return [item for item in items if item.plan.action in actions]


def write(service, items, parallel_writes=1, before_write=None):
    """Carry out every changed plan of items; a failure is recorded on its item, not raised.

    before_write(item) may raise PlanError to skip an item (a reference it needs failed).
    """

    def write_one(item):
        try:
            if before_write is not None:
                before_write(item)
            item.outcome = service.apply(item.plan)
        except PartialCreate as error:
            item.outcome = error.created
            item.error = str(error)
        except (TelnyxError, PlanError) as error:
            item.error = str(error)

    each(write_one, [item for item in items if item.plan.changed], parallel_writes)


def each(work, items, at_once):
    """work(item) for every item, at_once of them side by side."""
    if at_once > 1 and len(items) > 1:
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            list(pool.map(work, items))
    else:
        for item in items:
            work(item)


def settle(service, items, parallel_writes=1):
    """After a list's creates: read the names again, so that two runs of one declaration keep one object.

    One listing of the whole resource when it can be read; on a busy account whose listing keeps
    moving, each created name's own listing, which moves only when objects of that name come or
    go. A failure is recorded on the item it concerns; a name that cannot be read again leaves
    a note, since its create went through.
    """
    created = [item for item in items if item.plan.action == "create" and item.outcome and not item.error]
    if not created:
        return
    try:
        same_named = Listing(service.resource, service.list()).named
    except TelnyxError:
        same_named = service.named

    def settle_one(item):
        try:
            same = same_named(item.name)
        except TelnyxError as error:
            item.notes.append(
                "Created %s, but reading %s again to look for a copy another run created at the same time failed: "
                "%s. If another run did create one, the next run fails naming both ids; then delete the newer "
                "one with state=absent and its id."
                % (service.resource.describe(item.outcome), service.resource.plural, error)
            )
            return
        try:
            settle_create(service, item, lambda name: same)
        except (TelnyxError, PartialCreate) as error:
            item.error = str(error)

    each(settle_one, created, parallel_writes)


def report(items, header):
    """The entries, a summary count and the diffs of items, for a module result."""
    entries = [item.summary() for item in items]
    summary = dict((outcome, 0) for outcome in list(OUTCOMES.values()) + ["failed"])
    for entry in entries:
        summary[entry["action"]] += 1
    summary["total"] = len(entries)
    diffs = []
    for item, entry in zip(items, entries):
        if item.plan and item.plan.changed and not item.error:
            title = "%s %s" % (header, entry[item.resource.name_field] or entry["id"])
            diffs.append(dict(item.plan.diff, before_header=title, after_header=title))
    return entries, summary, diffs
