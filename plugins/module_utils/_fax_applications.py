# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fax applications, declared: the first resource of the engine.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils._api import join_path
from ansible_collections.telnyx.fax.plugins.module_utils._fields import Field, Reference
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._resource import Dependents, InertOption, ListFilter, Resource

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
# A subdomain of sip.telnyx.com: one DNS label (RFC 1123), so no spaces, dots or symbols.
SIP_SUBDOMAIN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z"
SORTS = ("created_at", "-created_at", "application_name", "-application_name", "active", "-active")

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
            "sip_subdomain": Field(
                "str",
                nullable=True,
                pattern=SIP_SUBDOMAIN,
                pattern_text="a DNS label: 1 to 63 letters, digits and hyphens, not starting or ending "
                "with a hyphen, such as billing-fax",
            ),
            "sip_subdomain_receive_settings": Field("str", default="from_anyone", choices=RECEIVE_SETTINGS),
        },
    ),
    "outbound": Field(
        "dict",
        suboptions={
            "channel_limit": Field("int", nullable=True, minimum=0),
            "outbound_voice_profile_id": Field(
                "str",
                nullable=True,
                reference=Reference(OUTBOUND_VOICE_PROFILES, name_option="outbound_voice_profile_name"),
            ),
        },
    ),
    "tags": Field("list", default=[], as_set=True),
    # Write-only: Telnyx never returns it, and only an update takes it.
    "fax_email_recipient": Field("str", nullable=True, email=True, write_only=True, create_via_update=True),
}


def unassign(client, number):
    # Telnyx types a request's connection_id as a string that cannot be null: "" unassigns.
    client.patch(join_path("/phone_numbers", number["id"]), {"connection_id": ""})


ASSIGNED_NUMBERS = Dependents(
    plural="phone numbers",
    path="/phone_numbers",
    filter_parameter="filter[connection_id]",
    label_field="phone_number",
    relation="are still assigned to it",
    advice=(
        "Assign them to another application or unassign them first (telnyx.fax.phone_number), or give "
        "unassign_phone_numbers=true to unassign them as part of the delete."
    ),
    release_option="unassign_phone_numbers",
    release=unassign,
    pointer=("connection_id",),
)


FAX_APPLICATIONS = Resource(
    singular="fax application",
    plural="fax applications",
    path="/fax_applications",
    result_key="fax_application",
    list_key="fax_applications",
    fields=FIELDS,
    name_field="application_name",
    name_filter="filter[application_name][contains]",
    name_filter_min_length=3,
    # PATCH is refused without these two, whatever else it changes.
    required_on_create=("application_name", "webhook_event_url"),
    required_on_update=("application_name", "webhook_event_url"),
    info_module="telnyx.fax.fax_application_info",
    dependents=ASSIGNED_NUMBERS,
    inert_options=(
        InertOption(
            ASSIGNED_NUMBERS.release_option,
            "state",
            "absent",
            "it unassigns an application's phone numbers as part of deleting the application",
        ),
    ),
)

LIST_FILTERS = {
    "name_contains": ListFilter(
        "filter[application_name][contains]",
        matches=lambda app, text: text.lower() in (app.get("application_name") or "").lower(),
        min_length=3,
    ),
    "outbound_voice_profile_id": ListFilter(
        "filter[outbound_voice_profile_id]",
        matches=lambda app, profile_id: OUTBOUND_VOICE_PROFILES.dependents.points_at(app) == profile_id,
        id_of=(OUTBOUND_VOICE_PROFILES, False),
    ),
}
