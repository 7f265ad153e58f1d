# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phone numbers, declared: the numbers an account has, and the fax application each one rings.

Numbers are bought, ported and released elsewhere; a task manages only a number the account
already has: its assignment (connection_id), its tags and its customer reference.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import Field, Reference
from ansible_collections.telnyx.fax.plugins.module_utils._resource import ListFilter, Resource

# The statuses filter[status] takes (a subset of those a number can have).
LISTED_STATUSES = (
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "active",
    "deleted",
    "port-failed",
    "emergency-only",
    "ported-out",
    "port-out-pending",
)
SORTS = ("purchased_at", "phone_number", "connection_name", "usage_payment_method")


def digits(number):
    """filter[phone_number] wants digits: Telnyx documents that any other character finds nothing."""
    return re.sub(r"[^0-9]", "", number)


FIELDS = {
    # A request's connection_id is a string that cannot be null, while a number without a
    # connection reads null: "" is sent to unassign, and "" and null compare as one value.
    "connection_id": Field(
        "str",
        nullable=True,
        empty_is_null=True,
        wire_null="",
        reference=Reference(FAX_APPLICATIONS, name_option="connection_name", mirror_field="connection_name"),
    ),
    "tags": Field("list", default=[], as_set=True),
    # Likewise a string in requests, nullable in answers.
    "customer_reference": Field("str", nullable=True, empty_is_null=True, wire_null=""),
}

PHONE_NUMBERS = Resource(
    singular="phone number",
    plural="phone numbers",
    path="/phone_numbers",
    result_key="phone_number",
    list_key="phone_numbers",
    fields=FIELDS,
    name_field="phone_number",
    name_filter="filter[phone_number]",
    name_filter_min_length=3,
    name_filter_value=digits,
    # A number is E.164 wherever a task gives one: the module's phone_number, the info module's
    # filter, the bulk module's phone_numbers (normalize_name, name_problem).
    name_format=Field("str", phone=True),
    creatable=False,
    deletable=False,
    info_module="telnyx.fax.phone_number_info",
)

LIST_FILTERS = {
    "connection_id": ListFilter(
        "filter[connection_id]",
        matches=lambda number, application_id: number.get("connection_id") == application_id,
        id_of=(FAX_APPLICATIONS, "connection_name"),
    ),
    "connection_name": ListFilter(
        "filter[connection_id]",
        matches=lambda number, application_id: number.get("connection_id") == application_id,
        reference=Reference(FAX_APPLICATIONS, name_option="connection_name"),
    ),
    "tag": ListFilter("filter[tag]", matches=lambda number, tag: tag in (number.get("tags") or [])),
    "status": ListFilter(
        "filter[status]", matches=lambda number, status: number.get("status") == status, choices=LISTED_STATUSES
    ),
    "customer_reference": ListFilter(
        "filter[customer_reference]",
        matches=lambda number, reference: number.get("customer_reference") == reference,
    ),
}
