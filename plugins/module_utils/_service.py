# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One resource's calls over the shared client: get, list, create, update, delete, apply a plan.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import copy

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError


class Service:
    """One resource's calls, over the shared client."""

    def __init__(self, resource, client):
        self.resource = resource
        self.client = client

    def get(self, object_id):
        """The object with this id, or None when Telnyx does not know it."""
        try:
            return self.client.get(self.resource.item_path(object_id)).get("data")
        except TelnyxError as error:
            if error.not_found:
                return None
            raise

    def list(self, params=None):
        return self.client.list_all(self.resource.path, params)

    def name_query(self, name):
        """The list parameters that narrow a listing to name, or {} when the filter cannot."""
        resource = self.resource
        value = resource.name_filter_value(name) if resource.name_filter else None
        if value and len(value) >= resource.name_filter_min_length:
            return {resource.name_filter: value}
        return {}

    def named(self, name, params=None):
        """Every object whose name is exactly ``name`` (case-sensitive)."""
        query = dict(params or {})
        query.update(self.name_query(name))
        return [obj for obj in self.list(query) if obj.get(self.resource.name_field) == name]

    def create(self, payload):
        try:
            return self.client.post(self.resource.path, payload).get("data") or {}
        except TelnyxError as error:
            if error.may_have_been_applied:
                raise error.with_message(error.message.rstrip(".") + "." + self.resource.create_hint()) from None
            raise

    def update(self, object_id, payload):
        return self.client.patch(self.resource.item_path(object_id), payload).get("data") or {}

    def delete(self, object_id, fallback):
        """Delete; an object someone else deleted meanwhile counts as deleted (fallback is returned)."""
        try:
            return self.client.delete(self.resource.item_path(object_id)).get("data") or fallback
        except TelnyxError as error:
            if error.not_found:
                return fallback
            if error.status == 422 and self.resource.dependents:
                hint = self._dependents_hint(object_id)
                if hint:
                    raise error.with_message("%s. %s" % (error.message, hint)) from None
            raise

    def _dependents_hint(self, object_id):
        """What keeps the object from being deleted, read after Telnyx refused; None if unknown."""
        try:
            found = self.resource.dependents.of(self.client, object_id)
        except TelnyxError:
            # The refusal itself is the answer; failing to explain it must not hide it.
            return None
        return self.resource.dependents.message(found) if found else None

    def apply(self, plan):
        """Carry out a plan; return the object as the API returned it.

        A create whose follow-up update fails raises PartialCreate: the object exists.
        """
        if plan.action == "create":
            created = self.create(plan.payload)
            if not plan.follow_up:
                return created
            follow_up = dict((name, created.get(name)) for name in self.resource.required_on_update)
            follow_up.update(model.wire(self.resource.fields, plan.follow_up))
            try:
                return self.update(created.get("id"), follow_up) or created
            except TelnyxError as error:
                raise PartialCreate(self.resource, created, sorted(plan.follow_up), error) from error
        if plan.action == "update":
            return self.update(plan.object_id, plan.payload)
        if plan.action == "delete":
            for dependent in plan.release:
                self.resource.dependents.release(self.client, dependent)
            return self.delete(plan.object_id, plan.predicted)
        return plan.predicted


class PartialCreate(Exception):
    """A create that succeeded, followed by an update that did not: the object exists."""

    def __init__(self, resource, created, field_names, error):
        super().__init__(
            "Created %s, but setting %s afterwards failed: %s. The %s exists now; run the task again with "
            "%s to set %s."
            % (
                resource.describe(created),
                ", ".join(field_names),
                error.message,
                resource.singular,
                ", ".join("update_%s=always" % name for name in field_names),
                " and ".join(field_names),
            )
        )
        self.created = copy.deepcopy(created)
        self.error = error
