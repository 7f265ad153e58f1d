# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge a declared list of one resource: match, plan and purge from one listing, then write.

The steps are separate functions so that a run over several resources (profiles, then the
applications that use them) can read everything first, plan everything, and only then
write, in an order that keeps every reference valid. Comparison and planning are the
single-object functions of resource.py: a list item means exactly what the same options
mean to the resource's own module.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.fax.plugins.module_utils import fields as model
from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils.fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils.resource import PartialCreate, plan_absent, plan_present

OUTCOMES = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


class Item:
    """One declared object (or one purged one) and what happens to it."""

    def __init__(self, resource, location, index, params, wanted):
        self.resource = resource
        self.location = location
        self.index = index
        self.params = params
        self.wanted = wanted
        self.current = None
        self.plan = None
        self.outcome = None
        self.error = None
        self.purged = False

    @property
    def present(self):
        return (self.params.get("state") or "present") == "present"

    @property
    def identity(self):
        """("id", value) or (name field, value): what the item is matched by."""
        if self.params.get("id"):
            return ("id", self.params["id"])
        return (self.resource.name_field, self.params.get(self.resource.name_field))

    @property
    def label(self):
        if self.purged:
            return "purged %s" % self.resource.describe(self.current)
        return "%s[%d] (%s)" % (self.location, self.index, self.identity[1])

    def summary(self):
        obj = self.outcome or (self.plan.predicted if self.plan else None) or self.current or {}
        name_field = self.resource.name_field
        entry = {
            name_field: obj.get(name_field) or self.params.get(name_field),
            "id": obj.get("id") or self.params.get("id"),
            "state": "absent" if self.purged else (self.params.get("state") or "present"),
            "action": "failed" if self.error else OUTCOMES[self.plan.action if self.plan else "none"],
            "changed_fields": sorted(self.plan.changed_fields) if self.plan and self.plan.action == "update" else [],
        }
        if self.error:
            entry["error"] = self.error
        return entry


def declare(resource, location, items_params, items_given, check_mode=False):
    """Items from a task's list, and every problem found in them (nothing is sent yet)."""
    items, problems, seen = [], [], {}
    for index, params in enumerate(items_params):
        given = items_given[index] if index < len(items_given) and isinstance(items_given[index], dict) else {}
        item = Item(resource, location, index, params, model.requested(resource.fields, params, given))
        items.append(item)
        problems.extend("%s: %s" % (item.label, problem) for problem in item_problems(item, check_mode))
        kind, value = item.identity
        if not value:
            problems.append("%s: give id or %s" % (item.label, resource.name_field))
        elif (kind, value) in seen:
            problems.append("%s: declares the same %s as %s[%d]" % (item.label, kind, location, seen[(kind, value)]))
        else:
            seen[(kind, value)] = index
    return items, problems


def item_problems(item, check_mode):
    problems = model.validate(item.resource.fields, item.wanted, check_mode=check_mode)
    object_id = item.params.get("id")
    if object_id:
        problem = item.resource.id_problem(object_id)
        if problem:
            problems.append("id: %s" % problem)
    return problems


def match(items, listing):
    """Find each item's current object in listing; return the problems (nothing is written yet)."""
    if not items:
        return []
    resource = items[0].resource
    by_id = dict((obj.get("id"), obj) for obj in listing)
    by_name = {}
    for obj in listing:
        by_name.setdefault(obj.get(resource.name_field), []).append(obj)

    problems, claimed = [], {}
    for item in items:
        kind, value = item.identity
        if kind == "id":
            item.current = by_id.get(value)
            if item.current is None and item.present:
                problems.append(
                    "%s: no %s has id %s (an unknown id is never created)" % (item.label, resource.singular, value)
                )
        else:
            matches = by_name.get(value, [])
            if len(matches) > 1:
                problems.append(
                    "%s: %d %s have this name (ids %s); give id"
                    % (item.label, len(matches), resource.plural, ", ".join(sorted(obj.get("id") for obj in matches)))
                )
                continue
            item.current = matches[0] if matches else None
        if not item.present and names_another_object(item, kind):
            problems.append(
                "%s: id %s is %s, not %r; give the id alone or the name alone to delete"
                % (item.label, value, resource.describe(item.current), item.params.get(resource.name_field))
            )
        if item.current is not None:
            current_id = item.current.get("id")
            if current_id in claimed:
                problems.append(
                    "%s: is the same %s as %s (id %s), declared twice; each declares its own settings, so runs "
                    "would flip between them. Declare it once"
                    % (item.label, resource.singular, claimed[current_id].label, current_id)
                )
            else:
                claimed[current_id] = item
    return problems


def names_another_object(item, kind):
    """Whether an item given by id also gives a name that is not the object's."""
    named = item.params.get(item.resource.name_field)
    if kind != "id" or item.current is None or named is None:
        return False
    return item.current.get(item.resource.name_field) != named


def with_marker(wanted, current, marker_tag):
    """wanted with the marker tag added; tags the item leaves out keep their current values."""
    marked = dict(wanted)
    tags = wanted["tags"] if "tags" in wanted else (current or {}).get("tags") or []
    marked["tags"] = list(tags) + ([marker_tag] if marker_tag not in tags else [])
    return marked


def plan(items, listing, marker_tag=None):
    """Plan every matched item; return the problems. Renames onto a taken name are refused."""
    problems = []
    for item in items:
        try:
            if item.present:
                wanted = (
                    with_marker(item.wanted, item.current, marker_tag)
                    if marker_tag and "tags" in item.resource.fields
                    else item.wanted
                )
                send_write_only = any(
                    item.params.get("update_%s" % name) == "always"
                    for name, field in item.resource.fields.items()
                    if field.write_only
                )
                item.plan = plan_present(item.resource, wanted, item.current, send_write_only)
            else:
                item.plan = plan_absent(item.resource, item.wanted, item.current)
        except PlanError as error:
            problems.append("%s: %s" % (item.label, error))
    problems.extend(taken_names(items, listing))
    return problems


def taken_names(items, listing):
    """Problems for every item whose name, after this run, another object would share."""
    if not items:
        return []
    resource = items[0].resource
    name_field = resource.name_field
    leaving = set(
        item.current.get("id") for item in items if item.current and item.plan and item.plan.action == "delete"
    )
    renamed = dict(
        (item.current.get("id"), item.plan.predicted.get(name_field))
        for item in items
        if item.current and item.plan and item.plan.action == "update"
    )
    holders = {}
    for obj in listing:
        if obj.get("id") not in leaving:
            holders.setdefault(renamed.get(obj.get("id"), obj.get(name_field)), []).append(obj.get("id"))
    for item in items:
        if item.plan and item.plan.action == "create":
            holders.setdefault(item.wanted.get(name_field), []).append(None)
    problems = []
    for item in items:
        if item.plan and item.plan.action == "update" and name_field in item.plan.changed_fields:
            new_name = item.plan.predicted.get(name_field)
            others = [holder for holder in holders.get(new_name, []) if holder != item.current.get("id")]
            if others:
                problems.append(
                    "%s: renaming it to %r would give two %s that name (%s)"
                    % (
                        item.label,
                        new_name,
                        resource.plural,
                        ", ".join("id %s" % other if other else "one this run creates" for other in others),
                    )
                )
    return problems


def purge(resource, location, items, listing, marker_tag):
    """Items deleting every object in listing that carries marker_tag and no item matched."""
    matched = set(item.current.get("id") for item in items if item.current is not None)
    purged = []
    for obj in listing:
        if obj.get("id") not in matched and marker_tag in (obj.get("tags") or []):
            item = Item(resource, location, None, dict(state="absent", id=obj.get("id")), {})
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

    pending = [item for item in items if item.plan.changed]
    if parallel_writes > 1 and len(pending) > 1:
        with ThreadPoolExecutor(max_workers=parallel_writes) as pool:
            list(pool.map(write_one, pending))
    else:
        for item in pending:
            write_one(item)


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
