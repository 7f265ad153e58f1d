# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faxes, declared: their fields, the Resource, and how fax_info narrows a listing.

Sending is an action, not a state (fax_task.py runs it); the fields still go through the
engine's validation and references, so a fax's options mean what the same options mean
elsewhere in the collection. fax_info is an info module like the others (runners.py).

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import Field, Reference
from ansible_collections.telnyx.fax.plugins.module_utils._resource import (
    UUID_ID,
    InertOption,
    ListFilter,
    Resource,
    TimeRangeFilter,
)

E164_OR_SIP = r"^(%s|sips?:[^@\s]+@[^@\s]+)\Z" % model.E164_NUMBER
FINAL_STATUSES = ("delivered", "failed")
IN_PROGRESS = ("queued", "media.processed", "originated", "sending")
# An inbound fax: receiving, media.processing, then received or failed.
INBOUND_STATUSES = ("initiated", "receiving", "media.processing", "received")
STATUSES = IN_PROGRESS + INBOUND_STATUSES + FINAL_STATUSES

FIELDS = {
    "connection_id": Field("str", reference=Reference(FAX_APPLICATIONS, name_option="connection_name")),
    "from": Field("str", phone=True),
    "to": Field("str", phone=True, pattern=E164_OR_SIP, pattern_text="%s, or a SIP URI" % model.E164_TEXT),
    "media_url": Field("str", url=True),
    "media_name": Field("str"),
    "quality": Field("str", choices=("normal", "high", "very_high", "ultra_light", "ultra_dark")),
    "monochrome": Field("bool"),
    "black_threshold": Field("int", minimum=1, maximum=100),
    "store_media": Field("bool"),
    "store_preview": Field("bool"),
    "preview_format": Field("str", choices=("pdf", "tiff")),
    "t38_enabled": Field("bool"),
    "from_display_name": Field(
        "str",
        pattern=r"^[A-Za-z0-9 \-_~!.+]{1,128}\Z",
        pattern_text="1 to 128 letters, digits, spaces and - _ ~ ! . +",
    ),
    "client_state": Field(
        "str",
        pattern=r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z",
        pattern_text="Base64 text, such as aGVsbG8=",
    ),
    "webhook_url": Field("str", url=True),
}

FAXES = Resource(
    singular="fax",
    plural="faxes",
    path="/faxes",
    result_key="fax",
    list_key="faxes",
    fields=FIELDS,
    name_field=None,
    id_format=UUID_ID,
    info_module="telnyx.fax.fax_info",
    inert_options=(InertOption("black_threshold", "monochrome", True, "Telnyx applies it only to monochrome faxes"),),
)


LIST_FILTERS = {
    "direction": ListFilter(
        "filter[direction][eq]",
        matches=lambda fax, value: fax.get("direction") == value,
        choices=("inbound", "outbound"),
    ),
    "from": ListFilter("filter[from][eq]", matches=lambda fax, value: fax.get("from") == value, field=FIELDS["from"]),
    "to": ListFilter("filter[to][eq]", matches=lambda fax, value: fax.get("to") == value, field=FIELDS["to"]),
    "created_at": TimeRangeFilter("filter[created_at]", "created_at"),
    # Telnyx's listing filters by none of these: they narrow the listing here (parameter None).
    "status": ListFilter(None, matches=lambda fax, value: fax.get("status") == value, choices=STATUSES),
    "connection_id": ListFilter(
        None,
        matches=lambda fax, application_id: fax.get("connection_id") == application_id,
        id_of=(FAX_APPLICATIONS, "connection_name"),
    ),
    "connection_name": ListFilter(
        None,
        matches=lambda fax, application_id: fax.get("connection_id") == application_id,
        reference=Reference(FAX_APPLICATIONS, name_option="connection_name"),
    ),
}
