# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan of one object: what it needs to be as the task says, with its request bodies and diff.

plan_present(), plan_absent() and plan_pending() decide from the wanted fields and the object
as Telnyx holds it; the planner (planner.py) decides which object that is. Only what the task
gives is compared and sent.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError


class Plan:
    """What one object needs: the action, the request bodies, the diff and the outcome."""

    def __init__(
        self,
        action,
        object_id=None,
        payload=None,
        follow_up=None,
        before=None,
        after=None,
        predicted=None,
        changed_fields=None,
    ):
        self.action = action
        self.object_id = object_id
        self.payload = payload
        self.follow_up = follow_up
        self.before = before or {}
        self.after = after or {}
        self.predicted = predicted or {}
        self.changed_fields = changed_fields or []
        # Objects of another resource to detach before a delete (Dependents.release).
        self.release = []
        # What a present plan was made from, to plan again against another object: a concurrent
        # run's older copy of a create (planner.settle_create).
        self.target = None

    @property
    def changed(self):
        return self.action != "none"

    @property
    def diff(self):
        return dict(before=self.before, after=self.after)


def plan_present(resource, wanted, current, send_write_only=False):
    """Plan ``state: present``; current is None when the object does not exist yet."""
    fields = resource.fields
    write_only = dict((name, wanted[name]) for name, field in fields.items() if field.write_only and name in wanted)
    if current is None:
        missing = [name for name in resource.required_on_create if wanted.get(name) is None]
        if missing:
            raise PlanError(
                "Creating %s needs %s; the task does not give %s."
                % (resource.a_singular, " and ".join(resource.required_on_create), " or ".join(missing))
            )
        create_fields = dict((name, value) for name, value in wanted.items() if not fields[name].create_via_update)
        follow_up = dict(
            (name, value) for name, value in wanted.items() if fields[name].create_via_update and value is not None
        )
        after = model.managed_view(fields, wanted, wanted)
        after.update(write_only)
        predicted = resource.created_object(wanted)
        predicted["id"] = resource.placeholder(wanted.get(resource.name_field))
        return Plan(
            "create",
            payload=model.wire(fields, create_fields),
            follow_up=follow_up or None,
            after=after,
            predicted=predicted,
            changed_fields=sorted(wanted),
        )

    changed = model.differences(fields, wanted, current)
    if send_write_only:
        changed.extend(sorted(write_only))
    if not changed:
        return Plan("none", object_id=current.get("id"), predicted=current)
    predicted = model.merged(fields, current, wanted)
    before = model.managed_view(fields, current, wanted)
    after = model.managed_view(fields, predicted, wanted)
    if send_write_only:
        after.update(write_only)
    return Plan(
        "update",
        object_id=current.get("id"),
        payload=update_payload(resource, wanted, current, changed),
        before=before,
        after=after,
        predicted=predicted,
        changed_fields=changed,
    )


def plan_absent(resource, wanted, current):
    """Plan ``state: absent``: the diff names what goes, and nothing comes after."""
    if current is None:
        return Plan("none")
    before = dict(id=current.get("id"))
    if resource.name_field:
        before[resource.name_field] = current.get(resource.name_field)
    before.update(model.managed_view(resource.fields, current, wanted))
    return Plan("delete", object_id=current.get("id"), before=before, after={}, predicted=current)


def plan_pending(resource, wanted, placeholder, state):
    """Plan for an object an earlier check-mode task would create: it exists only as a placeholder."""
    if state == "absent":
        return Plan("delete", object_id=placeholder, before=dict(id=placeholder), predicted=dict(id=placeholder))
    predicted = model.merged(resource.fields, {}, wanted)
    predicted["id"] = placeholder
    return Plan(
        "update",
        object_id=placeholder,
        after=model.managed_view(resource.fields, predicted, wanted),
        predicted=predicted,
        changed_fields=sorted(wanted),
    )


def update_payload(resource, wanted, current, changed):
    """One update body: the fields the API requires on every update, plus what changed.

    Nested objects go whole (current merged with wanted) because the API may replace them
    whole: a sub-key the task left out keeps its current value.
    """
    fields = resource.fields
    merged = model.merged(fields, current, dict((name, wanted[name]) for name in changed if name in wanted))
    payload = dict((name, merged.get(name)) for name in resource.required_on_update)
    for name in changed:
        field = fields[name]
        if field.write_only:
            payload[name] = wanted[name]
        elif field.suboptions:
            # Only the sub-keys Telnyx knows: it may leave some out until they are set.
            payload[name] = dict((key, value) for key, value in merged[name].items() if key in field.suboptions)
        else:
            payload[name] = merged[name]
    return model.wire(fields, payload)
