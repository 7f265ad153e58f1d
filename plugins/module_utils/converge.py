# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge a declared list of fax applications with one listing and one write per change.

Matching and comparing use the same code as fax_application (fax_applications.py):
only the way the current applications are found differs.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils.fax_applications import (
    FaxApplications,
    PlanError,
    desired_state,
    plan_absent,
    plan_present,
    validate,
)

OUTCOMES = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


class Item:
    """One declared application (or one purged one) and what happens to it."""

    def __init__(self, index, params, desired):
        self.index = index
        self.params = params
        self.desired = desired
        self.current = None
        self.plan = None
        self.application = None
        self.error = None

    @property
    def label(self):
        if self.index is None:
            return "purged application %s" % self.current.get("id")
        return "applications[%d] (%s)" % (self.index, self.params.get("application_name") or self.params.get("id"))

    def summary(self):
        application = self.application or self.plan.predicted or self.current or {}
        entry = dict(
            application_name=application.get("application_name") or self.params.get("application_name"),
            id=application.get("id") or self.params.get("id"),
            state=self.params.get("state", "present"),
            action="failed" if self.error else OUTCOMES[self.plan.action],
            changed_fields=sorted(self.plan.changed_fields) if self.plan.action == "update" else [],
        )
        if self.error:
            entry["error"] = self.error
        return entry


def declared_items(applications, given):
    """Items from the task's list, validated before any request; raises PlanError listing every problem."""
    items, problems, seen = [], [], {}
    for index, params in enumerate(applications):
        desired = desired_state(params, given[index] if index < len(given) else {})
        item = Item(index, params, desired)
        problems.extend("%s: %s" % (item.label, problem) for problem in validate(desired))
        identity = ("id", params["id"]) if params.get("id") else ("application_name", params.get("application_name"))
        if not identity[1]:
            problems.append("%s: give id or application_name" % item.label)
        elif identity in seen:
            problems.append("%s: declares the same %s as applications[%d]" % (item.label, identity[0], seen[identity]))
        else:
            seen[identity] = index
        items.append(item)
    if problems:
        raise PlanError("Nothing was sent to Telnyx: %s." % "; ".join(problems))
    return items


def with_marker(desired, current, marker_tag):
    """desired with the marker tag added; tags the task leaves out keep their current values."""
    marked = dict(desired)
    tags = desired["tags"] if "tags" in desired else (current or {}).get("tags") or []
    marked["tags"] = list(tags) + ([marker_tag] if marker_tag not in tags else [])
    return marked


def plan_all(items, existing, marker_tag=None, purge=False):
    """Match every item to the listing and plan it; returns the purge items too. Writes nothing."""
    by_id = dict((app.get("id"), app) for app in existing)
    by_name = {}
    for app in existing:
        by_name.setdefault(app.get("application_name"), []).append(app)

    problems, matched_ids = [], set()
    for item in items:
        params = item.params
        present = params.get("state", "present") == "present"
        if params.get("id"):
            item.current = by_id.get(params["id"])
            if item.current is None and present:
                problems.append(
                    "%s: no fax application has id %s (an unknown id is never created)" % (item.label, params["id"])
                )
                continue
        else:
            matches = by_name.get(params["application_name"], [])
            if len(matches) > 1:
                problems.append(
                    "%s: %d fax applications have this name (ids %s); give id"
                    % (item.label, len(matches), ", ".join(sorted(app.get("id") for app in matches)))
                )
                continue
            item.current = matches[0] if matches else None
        if item.current is not None:
            matched_ids.add(item.current.get("id"))
        try:
            if present:
                desired = with_marker(item.desired, item.current, marker_tag) if marker_tag else item.desired
                item.plan = plan_present(desired, item.current, params.get("update_fax_email_recipient") or "on_create")
            else:
                item.plan = plan_absent(item.desired, item.current)
        except PlanError as error:
            problems.append("%s: %s" % (item.label, error))
    if problems:
        raise PlanError("Nothing was changed: %s." % "; ".join(problems))

    purged = []
    if purge:
        for app in existing:
            if app.get("id") not in matched_ids and marker_tag in (app.get("tags") or []):
                item = Item(
                    None, dict(state="absent", id=app.get("id"), application_name=app.get("application_name")), {}
                )
                item.current = app
                item.plan = plan_absent({}, app)
                purged.append(item)
    return purged


def converge(client, applications, given, check_mode=False, marker_tag=None, purge=False, parallel_writes=1):
    """Plan and (unless check_mode) carry out every change; return the items in declaration order."""
    if purge and not marker_tag:
        raise PlanError("purge needs marker_tag, so that only applications this task manages can be deleted.")
    items = declared_items(applications, given)
    service = FaxApplications(client)
    existing = list(service.iterate())
    items.extend(plan_all(items, existing, marker_tag, purge))

    def write(item):
        try:
            item.application = service.apply(item.plan)
        except TelnyxError as error:
            item.error = str(error)

    writes = [] if check_mode else [item for item in items if item.plan.changed]
    for item in items:
        if check_mode or not item.plan.changed:
            item.application = item.plan.predicted
    if parallel_writes > 1 and len(writes) > 1:
        with ThreadPoolExecutor(max_workers=parallel_writes) as pool:
            list(pool.map(write, writes))
    else:
        for item in writes:
            write(item)
    return items


def report(items):
    """The module result: one entry per application, a summary count and the diffs."""
    entries = [item.summary() for item in items]
    summary = dict((outcome, 0) for outcome in list(OUTCOMES.values()) + ["failed"])
    for entry in entries:
        summary[entry["action"]] += 1
    summary["total"] = len(entries)
    diffs = []
    for item, entry in zip(items, entries):
        if item.plan.changed and not item.error:
            header = "fax application %s" % (entry["application_name"] or entry["id"])
            diffs.append(dict(item.plan.diff, before_header=header, after_header=header))
    return entries, summary, diffs
