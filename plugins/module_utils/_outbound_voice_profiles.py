# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outbound voice profiles, declared: what a fax application sends through and is billed by.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ansible_collections.telnyx.fax.plugins.module_utils._fields import NOT_REPORTED, Field
from ansible_collections.telnyx.fax.plugins.module_utils._resource import Dependents, ListFilter, Resource

# The officially assigned ISO 3166-1 alpha-2 codes (249): what whitelisted_destinations takes
# ("formatted in alpha2"). XX or a retired code such as AN would reach Telnyx and be refused.
COUNTRY_CODES = tuple(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
    HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
    NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)
SORTS = tuple(
    prefix + key
    for key in ("created_at", "name", "enabled", "service_plan", "traffic_type", "usage_payment_method")
    for prefix in ("", "-")
)


# Telnyx's description says HH:MM, but its schema says format: time, an RFC 3339 full-time
# (08:00:00Z), and the stricter reading is the one a request must meet: a time is sent as
# given, so one without seconds or without Z is refused before any request rather than by
# Telnyx after check mode said it would do. Whatever spelling Telnyx answers with, times
# compare by the time they mean (08:00 == 08:00:00Z == 08:00:00.00Z).
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?Z$"
TIME_OF_DAY_TEXT = "a UTC time of day as HH:MM:SSZ, such as 08:00:00Z"


def time_of_day(value):
    """08:00, 08:00:00 and 08:00:00.00Z are one time: HH:MM:SS."""
    if not isinstance(value, str):
        return value
    clock = value.rstrip("Z").split(".")[0]
    return clock if len(clock) == 8 else clock + ":00"


def amount(value):
    """A USD amount by its value: "100", "100.0" and "100.00" are one amount."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value


FIELDS = {
    "name": Field("str", min_length=3),
    "enabled": Field("bool", default=True),
    "billing_group_id": Field("str", nullable=True, uuid=True, pattern_text="a billing group id (a UUID)"),
    "concurrent_call_limit": Field("int", nullable=True, minimum=0),
    "daily_spend_limit": Field(
        "str",
        default=NOT_REPORTED,
        # Dollars and cents: Telnyx bills in cents, and refuses an amount with a third decimal.
        pattern=r"^[0-9]+(\.[0-9]{1,2})?\Z",
        pattern_text="an amount in USD with at most two decimals, such as 100.00",
        normalize=amount,
    ),
    "daily_spend_limit_enabled": Field("bool", default=False),
    "max_destination_rate": Field("float", default=NOT_REPORTED, minimum=0),
    "service_plan": Field("str", default="global", choices=("global",)),
    "traffic_type": Field("str", default="conversational", choices=("conversational",)),
    "usage_payment_method": Field("str", default="rate-deck", choices=("rate-deck",)),
    "whitelisted_destinations": Field(
        "list",
        default=["US", "CA"],
        as_set=True,
        pattern=r"^(?:%s)\Z" % "|".join(COUNTRY_CODES),
        pattern_text="an ISO 3166 alpha-2 country code in capitals, such as US",
    ),
    "call_recording": Field(
        "dict",
        suboptions={
            "call_recording_type": Field("str", default="none", choices=("all", "none", "by_caller_phone_number")),
            "call_recording_caller_phone_numbers": Field("list", default=[], as_set=True, phone=True),
            "call_recording_channels": Field("str", default="single", choices=("single", "dual")),
            "call_recording_format": Field("str", default="wav", choices=("wav", "mp3")),
        },
    ),
    "calling_window": Field(
        "dict",
        default=NOT_REPORTED,
        suboptions={
            "start_time": Field(
                "str",
                default=NOT_REPORTED,
                pattern=TIME_OF_DAY,
                pattern_text=TIME_OF_DAY_TEXT,
                normalize=time_of_day,
            ),
            "end_time": Field(
                "str",
                default=NOT_REPORTED,
                pattern=TIME_OF_DAY,
                pattern_text=TIME_OF_DAY_TEXT,
                normalize=time_of_day,
            ),
            "calls_per_cld": Field("int", default=NOT_REPORTED, minimum=0),
        },
    ),
    "tags": Field("list", default=[], as_set=True),
}


APPLICATIONS_USING = Dependents(
    plural="fax applications",
    path="/fax_applications",
    filter_parameter="filter[outbound_voice_profile_id]",
    label_field="application_name",
    relation="still use this profile",
    show_ids=True,
    advice="Point them at another profile (outbound.outbound_voice_profile_id) or delete them first.",
    pointer=("outbound", "outbound_voice_profile_id"),
)


OUTBOUND_VOICE_PROFILES = Resource(
    singular="outbound voice profile",
    plural="outbound voice profiles",
    path="/outbound_voice_profiles",
    result_key="outbound_voice_profile",
    list_key="outbound_voice_profiles",
    fields=FIELDS,
    name_field="name",
    name_filter="filter[name][contains]",
    # Telnyx states no minimum; 3 is assumed, as fax applications have, and a shorter name is
    # found by reading the whole listing instead.
    name_filter_min_length=3,
    required_on_create=("name",),
    required_on_update=("name",),
    info_module="telnyx.fax.outbound_voice_profile_info",
    dependents=APPLICATIONS_USING,
)

# The one list filter the API has, checked on the client side too.
LIST_FILTERS = {
    "name_contains": ListFilter(
        "filter[name][contains]",
        matches=lambda profile, text: text.lower() in (profile.get("name") or "").lower(),
        min_length=3,
    ),
}
