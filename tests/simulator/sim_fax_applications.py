"""Fax applications: /v2/fax_applications, and the control endpoints that seed and show them."""

from __future__ import annotations

import re

from sim_core import (
    ApiError,
    CrudResource,
    Fields,
    ListSpec,
    Reference,
    both_directions,
    field_key,
    is_http_url,
    is_int,
    is_string_list,
    min_length,
    quoted,
    rule,
)

TABLE = "fax_applications"

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
READ_ONLY_FIELDS = ("id", "record_type", "created_at", "updated_at")
# The order Telnyx documents; fax_email_recipient is write-only and so never among them.
PUBLIC_FIELDS = (
    "id",
    "record_type",
    "application_name",
    "active",
    "anchorsite_override",
    "webhook_event_url",
    "webhook_event_failover_url",
    "webhook_timeout_secs",
    "inbound",
    "outbound",
    "tags",
    "created_at",
    "updated_at",
)
NESTED_DEFAULTS = {
    "inbound": {
        "channel_limit": None,
        "sip_subdomain": None,
        "sip_subdomain_receive_settings": "from_anyone",
    },
    "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
}
BLANK_APPLICATION = {
    "active": True,
    "anchorsite_override": "Latency",
    "webhook_event_failover_url": "",
    "webhook_timeout_secs": None,
    "tags": [],
    "fax_email_recipient": None,
    **NESTED_DEFAULTS,
}

SEED_WEBHOOK_URL = "https://example.com/telnyx-simulator/webhooks"
EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# --- validation -----------------------------------------------------------------------------

_channel_limit_rule = rule(
    lambda value: value is None or (is_int(value) and value >= 0), "must be an integer >= 0 or null"
)
FIELD_RULES = {
    "application_name": rule(
        lambda value: isinstance(value, str) and value.strip() != "", "must be a non-empty string"
    ),
    "active": rule(lambda value: isinstance(value, bool), "must be a boolean"),
    "anchorsite_override": rule(lambda value: value in ANCHORSITES, f"must be one of {quoted(ANCHORSITES)}"),
    "webhook_event_url": rule(is_http_url, "must be an http or https URL with a host"),
    "webhook_event_failover_url": rule(
        lambda value: value in (None, "") or is_http_url(value),
        "must be an http or https URL with a host, an empty string or null",
    ),
    "webhook_timeout_secs": rule(
        lambda value: value is None or (is_int(value) and 0 <= value <= 30),
        "must be an integer from 0 to 30 or null",
    ),
    "tags": rule(is_string_list, "must be a list of strings"),
}
FAX_EMAIL_RECIPIENT_RULE = rule(
    lambda value: value is None or (isinstance(value, str) and EMAIL_ADDRESS.fullmatch(value)),
    "must be an email address or null",
)
SIP_SUBDOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)
NESTED_RULES = {
    "inbound": {
        "channel_limit": _channel_limit_rule,
        # An empty subdomain is no subdomain: null says that, and "" would clash across apps.
        # A subdomain of sip.telnyx.com: one DNS label (RFC 1123), so no spaces, dots or symbols.
        "sip_subdomain": rule(
            lambda value: value is None or (isinstance(value, str) and SIP_SUBDOMAIN.fullmatch(value)),
            "must be null or a DNS label: 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen",
        ),
        "sip_subdomain_receive_settings": rule(
            lambda value: value in RECEIVE_SETTINGS, f"must be one of {quoted(RECEIVE_SETTINGS)}"
        ),
    },
    "outbound": {
        "channel_limit": _channel_limit_rule,
        "outbound_voice_profile_id": rule(
            lambda value: value is None or isinstance(value, str), "must be a string or null"
        ),
    },
}
REQUIRED_FIELDS = ("application_name", "webhook_event_url")
READ_ONLY = dict.fromkeys(READ_ONLY_FIELDS, "is read-only")
CREATE_FIELDS = Fields(
    rules=FIELD_RULES,
    nested=NESTED_RULES,
    required=REQUIRED_FIELDS,
    refused={**READ_ONLY, "fax_email_recipient": "can only be set by updating an application"},
)
# The spec requires application_name and webhook_event_url on PATCH too.
UPDATE_FIELDS = Fields(
    rules={**FIELD_RULES, "fax_email_recipient": FAX_EMAIL_RECIPIENT_RULE},
    nested=NESTED_RULES,
    required=REQUIRED_FIELDS,
    refused=READ_ONLY,
)

# --- listing --------------------------------------------------------------------------------

NAME_FILTER = "filter[application_name][contains]"
PROFILE_FILTERS = ("filter[outbound_voice_profile_id]", "filter[outbound.outbound_voice_profile_id]")
MIN_NAME_FILTER_LENGTH = 3
LIST_SPEC = ListSpec(
    filters={
        NAME_FILTER: min_length(MIN_NAME_FILTER_LENGTH),
        **dict.fromkeys(PROFILE_FILTERS, lambda value: None),
    },
    # connection_name is the older documents' name for the application_name sort.
    sorts=both_directions(
        {
            "created_at": field_key("created_at"),
            "application_name": field_key("application_name"),
            "connection_name": field_key("application_name"),
            "active": field_key("active"),
        }
    ),
    default_sort=(field_key("created_at"), True),
)


def matches(filters):
    name_contains = filters.get(NAME_FILTER)
    profile_ids = [filters[name] for name in PROFILE_FILTERS if name in filters]

    def accept(application):
        name = application["application_name"]
        if name_contains is not None and name_contains.casefold() not in name.casefold():
            return False
        profile_id = application["outbound"]["outbound_voice_profile_id"]
        return all(wanted == profile_id for wanted in profile_ids)

    return accept


# --- records --------------------------------------------------------------------------------


def public_view(application):
    # Stored records are never changed in place, so nested objects can be shared.
    return {name: application[name] for name in PUBLIC_FIELDS}


class FaxApplications(CrudResource):
    """Create, list, read, update, delete and seed come from CrudResource; these are the rules."""

    table = TABLE
    noun = "Fax application"
    record_type = "fax_application"
    name_field = "application_name"
    blank = BLANK_APPLICATION
    nested_defaults = NESTED_DEFAULTS
    create_fields = CREATE_FIELDS
    update_fields = UPDATE_FIELDS
    list_spec = LIST_SPEC
    seed_defaults = {"webhook_event_url": SEED_WEBHOOK_URL}
    references = (Reference(TABLE, ("outbound", "outbound_voice_profile_id"), "outbound_voice_profiles"),)
    # The names before 0.3.0; users' CI calls them (README.md, "Control endpoints").
    control_aliases = {"seed": f"{TABLE}/seed", "applications": TABLE}
    # Deleting one is a 422 while phone numbers are assigned to it (their Reference, in sim_phone_numbers.py).

    def view(self, record):
        return public_view(record)

    def stored_view(self, record):
        return record  # write-only fields (fax_email_recipient) included

    def matches(self, filters):
        return matches(filters)

    def normalise(self, record):
        # Telnyx documents "" and null as meaning the same; answering "" whatever was sent keeps
        # clients honest about comparing the two as equal.
        if record["webhook_event_failover_url"] is None:
            record["webhook_event_failover_url"] = ""
        return record

    def check(self, record):
        wanted = record["inbound"]["sip_subdomain"]
        if wanted is None:
            return
        for other in self.store.table(TABLE).values():
            taken = other["inbound"]["sip_subdomain"]
            if other["id"] != record["id"] and taken and taken.lower() == wanted.lower():
                raise ApiError.single(
                    422,
                    f'inbound.sip_subdomain "{wanted}" is already used by another record',
                    pointer="/inbound/sip_subdomain",
                )

    def seed_problems(self, fields):
        inbound = fields.get("inbound")
        if isinstance(inbound, dict) and inbound.get("sip_subdomain") is not None:
            return [("/inbound/sip_subdomain", "seeded applications cannot share a sip_subdomain")]
        return []
