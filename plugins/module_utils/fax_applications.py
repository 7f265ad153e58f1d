# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fax applications as a declaration, and the one comparison and planning code.

fax_application, its bulk counterpart and the role all decide "what must change"
here, so the same input can never mean two different things.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlparse

from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError

PATH = "/fax_applications"

ANCHORSITES = (
    "Latency",
    "Chicago, IL",
    "Ashburn, VA",
    "San Jose, CA",
    "Sydney, Australia",
    "Amsterdam, Netherlands",
    "London, UK",
    "Toronto, Canada",
    "Vancouver, Canada",
    "Frankfurt, Germany",
)
RECEIVE_SETTINGS = ("only_my_connections", "from_anyone")
SORT_KEYS = ("created_at", "-created_at", "application_name", "-application_name", "active", "-active")

# PATCH is refused without these two, whatever else it changes.
REQUIRED_ON_WRITE = ("application_name", "webhook_event_url")
NAME_FILTER_MIN_LENGTH = 3
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Field:
    """One option of the API object: its type, what null means, how values compare."""

    def __init__(
        self,
        kind,
        default=None,
        nullable=False,
        choices=None,
        minimum=None,
        maximum=None,
        url=False,
        email=False,
        empty_is_null=False,
        as_set=False,
        write_only=False,
        suboptions=None,
    ):
        self.kind = kind
        self.default = default
        self.nullable = nullable
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.url = url
        self.email = email
        self.empty_is_null = empty_is_null
        self.as_set = as_set
        self.write_only = write_only
        self.suboptions = suboptions

    def argument_spec(self):
        spec = dict(type=self.kind)
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.kind == "list":
            spec["elements"] = "str"
        if self.suboptions:
            spec["options"] = dict((name, field.argument_spec()) for name, field in self.suboptions.items())
        return spec

    def normalize(self, value):
        """The value as the API means it, for comparison only."""
        if self.empty_is_null and value == "":
            return None
        if self.as_set:
            return sorted(set(value or []))
        return value


# The contract's fields with the defaults Telnyx fills in on create.
FIELDS = {
    "application_name": Field("str"),
    "active": Field("bool", default=True),
    "anchorsite_override": Field("str", default="Latency", choices=ANCHORSITES),
    "webhook_event_url": Field("str", url=True),
    "webhook_event_failover_url": Field("str", default="", nullable=True, url=True, empty_is_null=True),
    "webhook_timeout_secs": Field("int", nullable=True, minimum=0, maximum=30),
    "inbound": Field(
        "dict",
        suboptions={
            "channel_limit": Field("int", nullable=True, minimum=0),
            "sip_subdomain": Field("str", nullable=True),
            "sip_subdomain_receive_settings": Field("str", default="from_anyone", choices=RECEIVE_SETTINGS),
        },
    ),
    "outbound": Field(
        "dict",
        suboptions={
            "channel_limit": Field("int", nullable=True, minimum=0),
            "outbound_voice_profile_id": Field("str", nullable=True),
        },
    ),
    "tags": Field("list", default=[], as_set=True),
    "fax_email_recipient": Field("str", nullable=True, email=True, write_only=True),
}
WRITE_ONLY = tuple(name for name, field in FIELDS.items() if field.write_only)


def argument_spec():
    """The module options for the fields, named exactly as the API names them."""
    return dict((name, field.argument_spec()) for name, field in FIELDS.items())


class PlanError(Exception):
    """A task that cannot be carried out as written; nothing has been written."""


def desired_state(params, given, fields=None):
    """What the task manages: the options it gave, with null kept only where it clears a field.

    On a field that cannot be null, null is the same as leaving the option out, so
    ``default(None)`` in a template does not turn into an API error.
    """
    fields = FIELDS if fields is None else fields
    desired = {}
    for name, field in fields.items():
        if name not in given:
            continue
        value = params.get(name)
        if field.suboptions:
            if not isinstance(value, dict) or not isinstance(given[name], dict):
                continue
            nested = desired_state(value, given[name], field.suboptions)
            if nested:
                desired[name] = nested
        elif value is not None or field.nullable:
            desired[name] = copy.deepcopy(value)
    return desired


def validate(desired, fields=None, prefix=""):
    """Problems the API would refuse, found before any request is sent."""
    fields = FIELDS if fields is None else fields
    problems = []
    for name, value in desired.items():
        field = fields[name]
        label = prefix + name
        if field.suboptions:
            problems.extend(validate(value, field.suboptions, label + "."))
            continue
        if value is None:
            continue
        if field.kind == "int" and isinstance(value, bool):
            problems.append("%s must be a whole number, not a boolean" % label)
            continue
        if field.minimum is not None and value < field.minimum:
            if field.maximum is not None:
                problems.append("%s must be between %s and %s, got %s" % (label, field.minimum, field.maximum, value))
            else:
                problems.append("%s must be %s or more, got %s" % (label, field.minimum, value))
        elif field.maximum is not None and value > field.maximum:
            problems.append("%s must be between %s and %s, got %s" % (label, field.minimum, field.maximum, value))
        if field.url and not (field.empty_is_null and value == ""):
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                problems.append("%s must be an http:// or https:// URL with a host, got %r" % (label, value))
        if field.email and not EMAIL_PATTERN.match(value):
            problems.append("%s must be an email address, got %r" % (label, value))
        if name == "application_name" and not value.strip():
            problems.append("application_name must not be empty")
    return problems


def _equal(field, wanted, current):
    if field.suboptions:
        current = current if isinstance(current, dict) else {}
        return all(_equal(field.suboptions[key], value, current.get(key)) for key, value in wanted.items())
    return field.normalize(wanted) == field.normalize(current)


def differences(desired, current, fields=None):
    """Names of the fields whose desired value differs from the current one.

    Write-only fields are left out: the API never shows them, so there is nothing
    to compare against.
    """
    fields = FIELDS if fields is None else fields
    return [
        name
        for name, wanted in desired.items()
        if not fields[name].write_only and not _equal(fields[name], wanted, current.get(name))
    ]


def managed_view(obj, desired, fields=None):
    """The part of an application the task manages: what a diff should show."""
    fields = FIELDS if fields is None else fields
    view = {}
    for name, wanted in desired.items():
        field = fields[name]
        if field.write_only:
            continue
        value = obj.get(name)
        if field.suboptions:
            value = value if isinstance(value, dict) else {}
            view[name] = managed_view(value, wanted, field.suboptions)
        else:
            view[name] = copy.deepcopy(value)
    return view


def _merged(base, desired):
    """base with desired laid over it; nested objects keep the sub-keys desired leaves out."""
    merged = copy.deepcopy(base)
    for name, value in desired.items():
        if FIELDS[name].write_only:
            continue
        if FIELDS[name].suboptions:
            nested = dict(
                (key, (base.get(name) or {}).get(key, sub.default)) for key, sub in FIELDS[name].suboptions.items()
            )
            nested.update(value)
            merged[name] = nested
        else:
            merged[name] = copy.deepcopy(value)
    return merged


def predict_created(desired):
    """The application Telnyx would create from desired, without the server-set fields."""
    defaults = {"record_type": "fax_application"}
    for name, field in FIELDS.items():
        if field.write_only or name in REQUIRED_ON_WRITE:
            continue
        if field.suboptions:
            defaults[name] = dict((key, copy.deepcopy(sub.default)) for key, sub in field.suboptions.items())
        else:
            defaults[name] = copy.deepcopy(field.default)
    return _merged(defaults, desired)


def create_payload(desired):
    # The create call does not take write-only fields; they follow in a PATCH.
    return dict((name, copy.deepcopy(value)) for name, value in desired.items() if not FIELDS[name].write_only)


def update_payload(desired, current, changed):
    """One PATCH body: the two fields PATCH requires, plus what changed.

    Nested objects go whole (current merged with desired) because the API may
    replace them whole: a sub-key the task left out keeps its current value.
    """
    merged = _merged(current, dict((name, desired[name]) for name in changed if name in desired))
    payload = dict((name, merged.get(name)) for name in REQUIRED_ON_WRITE)
    for name in changed:
        if FIELDS[name].write_only:
            payload[name] = desired[name]
        elif FIELDS[name].suboptions:
            payload[name] = dict((key, merged[name].get(key)) for key in FIELDS[name].suboptions)
        else:
            payload[name] = merged[name]
    return payload


class Plan:
    """What one application needs: the action, the request bodies, the diff and the outcome."""

    def __init__(
        self,
        action,
        app_id=None,
        payload=None,
        follow_up=None,
        before=None,
        after=None,
        predicted=None,
        changed_fields=None,
    ):
        self.action = action
        self.app_id = app_id
        self.payload = payload
        self.follow_up = follow_up
        self.before = before or {}
        self.after = after or {}
        self.predicted = predicted or {}
        self.changed_fields = changed_fields or []

    @property
    def changed(self):
        return self.action != "none"

    @property
    def diff(self):
        return dict(before=self.before, after=self.after)


def plan_present(desired, current, update_write_only="on_create"):
    """Plan ``state: present`` for one application; current is None when it does not exist."""
    write_only = dict((name, desired[name]) for name in WRITE_ONLY if name in desired)
    if current is None:
        missing = [name for name in REQUIRED_ON_WRITE if desired.get(name) is None]
        if missing:
            raise PlanError(
                "Creating a fax application needs %s; the task does not give %s."
                % (" and ".join(REQUIRED_ON_WRITE), " or ".join(missing))
            )
        follow_up = dict((name, value) for name, value in write_only.items() if value is not None)
        after = managed_view(desired, desired)
        after.update(follow_up)
        return Plan(
            "create",
            payload=create_payload(desired),
            follow_up=follow_up or None,
            before={},
            after=after,
            predicted=predict_created(desired),
            changed_fields=sorted(desired),
        )

    changed = differences(desired, current)
    if update_write_only == "always":
        changed.extend(sorted(write_only))
    if not changed:
        return Plan("none", app_id=current.get("id"), predicted=current)
    predicted = _merged(current, desired)
    before = managed_view(current, desired)
    after = managed_view(predicted, desired)
    if update_write_only == "always":
        after.update(write_only)
    return Plan(
        "update",
        app_id=current.get("id"),
        payload=update_payload(desired, current, changed),
        before=before,
        after=after,
        predicted=predicted,
        changed_fields=changed,
    )


def plan_absent(desired, current):
    """Plan ``state: absent``: the diff names what goes, and nothing comes after."""
    if current is None:
        return Plan("none")
    before = dict(id=current.get("id"), application_name=current.get("application_name"))
    before.update(managed_view(current, desired))
    return Plan("delete", app_id=current.get("id"), before=before, after={}, predicted=current)


class FaxApplications:
    """The fax application calls, over the shared client."""

    def __init__(self, client):
        self.client = client

    def get(self, app_id):
        """The application with this id, or None when Telnyx does not know it."""
        try:
            return self.client.get("%s/%s" % (PATH, app_id)).get("data")
        except TelnyxError as error:
            if error.not_found:
                return None
            raise

    def iterate(self, name_contains=None, outbound_voice_profile_id=None, sort=None):
        params = {}
        if name_contains:
            params["filter[application_name][contains]"] = name_contains
        if outbound_voice_profile_id:
            params["filter[outbound_voice_profile_id]"] = outbound_voice_profile_id
        if sort:
            params["sort"] = sort
        return self.client.paginate(PATH, params)

    def named(self, name):
        """Every application whose name is exactly ``name`` (case-sensitive)."""
        # The server's filter needs 3 characters; a shorter name means reading them all.
        contains = name if len(name) >= NAME_FILTER_MIN_LENGTH else None
        return [app for app in self.iterate(name_contains=contains) if app.get("application_name") == name]

    def find(self, app_id=None, name=None):
        """The one application a task means, or None; several with one name is an error."""
        if app_id:
            return self.get(app_id)
        matches = self.named(name)
        if len(matches) > 1:
            raise PlanError(
                "%d fax applications are named %r (ids %s); give id to say which one to manage."
                % (len(matches), name, ", ".join(sorted(str(app.get("id")) for app in matches)))
            )
        return matches[0] if matches else None

    def apply(self, plan):
        """Carry out a plan; return the application as the API returned it."""
        if plan.action == "create":
            created = self.client.post(PATH, plan.payload).get("data") or {}
            if not plan.follow_up:
                return created
            follow_up = dict((name, created.get(name)) for name in REQUIRED_ON_WRITE)
            follow_up.update(plan.follow_up)
            try:
                return self.client.patch("%s/%s" % (PATH, created.get("id")), follow_up).get("data") or created
            except TelnyxError as error:
                raise TelnyxError(
                    "Created fax application %s, but setting %s failed: %s. Run the task again "
                    "with update_fax_email_recipient=always to retry."
                    % (created.get("id"), ", ".join(sorted(plan.follow_up)), error.message),
                    method=error.method,
                    path=error.path,
                    status=error.status,
                    errors=error.errors,
                ) from error
        if plan.action == "update":
            return self.client.patch("%s/%s" % (PATH, plan.app_id), plan.payload).get("data") or {}
        if plan.action == "delete":
            try:
                return self.client.delete("%s/%s" % (PATH, plan.app_id)).get("data") or plan.predicted
            except TelnyxError as error:
                # Deleted by someone else meanwhile: what the task wanted is true.
                if error.not_found:
                    return plan.predicted
                raise
        return plan.predicted
