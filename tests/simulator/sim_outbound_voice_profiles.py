"""Outbound voice profiles: /v2/outbound_voice_profiles, and the control endpoints that seed and show them.

A fax application points at a profile with outbound.outbound_voice_profile_id (a Reference
declared in sim_fax_applications.py): the profile's connections_count counts those
applications, and a profile they still use cannot be deleted.
"""

from __future__ import annotations

import re

from sim_core import (
    CrudResource,
    Fields,
    ListSpec,
    both_directions,
    enum_rule,
    field_key,
    is_int,
    is_number,
    is_string_list,
    min_length,
    rule,
)

TABLE = "outbound_voice_profiles"

# Each enum has a single current value; older specs had more (see README.md).
SERVICE_PLANS = ("global",)
TRAFFIC_TYPES = ("conversational",)
USAGE_PAYMENT_METHODS = ("rate-deck",)
RECORDING_TYPES = ("all", "none", "by_caller_phone_number")
RECORDING_CHANNELS = ("single", "dual")
RECORDING_FORMATS = ("wav", "mp3")

MIN_NAME_LENGTH = 3
MIN_NAME_FILTER_LENGTH = 3
NAME_FILTER = "filter[name][contains]"

# The officially assigned ISO 3166-1 alpha-2 codes: Telnyx's "formatted in alpha2" is read as
# these and no others (not XX, not the retired AN), the stricter reading.
ASSIGNED_COUNTRIES = frozenset(
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
E164 = re.compile(r"\+[1-9][0-9]{1,14}")
# Dollars and cents: a third decimal is refused (the stricter reading of "100.00").
DECIMAL = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# RFC 3339 full-time in UTC, the request schema's format: time (see README.md).
UTC_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?Z")

SERVER_FIELDS = ("id", "record_type", "connections_count", "created_at", "updated_at")
# The order of the response; fields without a default appear once they are set.
PUBLIC_FIELDS = (
    "id",
    "record_type",
    "name",
    "connections_count",
    "enabled",
    "tags",
    "service_plan",
    "traffic_type",
    "usage_payment_method",
    "whitelisted_destinations",
    "concurrent_call_limit",
    "max_destination_rate",
    "daily_spend_limit",
    "daily_spend_limit_enabled",
    "call_recording",
    "calling_window",
    "billing_group_id",
    "created_at",
    "updated_at",
)
# call_recording is always answered whole; calling_window only once set, with the keys set.
NESTED_DEFAULTS = {
    "call_recording": {
        "call_recording_type": "none",
        "call_recording_caller_phone_numbers": [],
        "call_recording_channels": "single",
        "call_recording_format": "wav",
    },
    "calling_window": {},
}
BLANK_PROFILE = {
    "enabled": True,
    "tags": [],
    "service_plan": "global",
    "traffic_type": "conversational",
    "usage_payment_method": "rate-deck",
    "whitelisted_destinations": ["US", "CA"],
    "concurrent_call_limit": None,
    "daily_spend_limit_enabled": False,
    "billing_group_id": None,
    "call_recording": NESTED_DEFAULTS["call_recording"],
}

# --- validation -----------------------------------------------------------------------------

FIELD_RULES = {
    "name": rule(
        lambda value: isinstance(value, str) and len(value) >= MIN_NAME_LENGTH and value.strip() != "",
        f"must be a string of at least {MIN_NAME_LENGTH} characters, not only spaces",
    ),
    "enabled": rule(lambda value: isinstance(value, bool), "must be a boolean"),
    "tags": rule(is_string_list, "must be a list of strings"),
    "service_plan": enum_rule(SERVICE_PLANS),
    "traffic_type": enum_rule(TRAFFIC_TYPES),
    "usage_payment_method": enum_rule(USAGE_PAYMENT_METHODS),
    "whitelisted_destinations": rule(
        lambda value: is_string_list(value) and all(code in ASSIGNED_COUNTRIES for code in value),
        "must be a list of assigned ISO 3166-1 alpha-2 country codes in capitals, such as US",
    ),
    "concurrent_call_limit": rule(
        lambda value: value is None or (is_int(value) and value >= 0), "must be an integer >= 0 or null"
    ),
    "max_destination_rate": rule(lambda value: is_number(value) and value >= 0, "must be a number >= 0"),
    "daily_spend_limit": rule(
        lambda value: isinstance(value, str) and DECIMAL.fullmatch(value),
        'must be a decimal amount of US dollars with at most two decimals as a string, such as "100.00"',
    ),
    "daily_spend_limit_enabled": rule(lambda value: isinstance(value, bool), "must be a boolean"),
    "billing_group_id": rule(
        lambda value: value is None or (isinstance(value, str) and UUID.fullmatch(value)), "must be a UUID or null"
    ),
}
NESTED_RULES = {
    "call_recording": {
        "call_recording_type": enum_rule(RECORDING_TYPES),
        "call_recording_caller_phone_numbers": rule(
            lambda value: is_string_list(value) and all(E164.fullmatch(number) for number in value),
            "must be a list of E.164 phone numbers, such as +13125550100",
        ),
        "call_recording_channels": enum_rule(RECORDING_CHANNELS),
        "call_recording_format": enum_rule(RECORDING_FORMATS),
    },
    "calling_window": {
        "start_time": rule(
            lambda value: isinstance(value, str) and UTC_TIME.fullmatch(value),
            'must be a UTC time of day as HH:MM:SSZ, such as "08:00:00Z"',
        ),
        "end_time": rule(
            lambda value: isinstance(value, str) and UTC_TIME.fullmatch(value),
            'must be a UTC time of day as HH:MM:SSZ, such as "18:00:00Z"',
        ),
        "calls_per_cld": rule(lambda value: is_int(value) and value >= 0, "must be an integer >= 0"),
    },
}
# name is required on PATCH as on POST (the SDK and the spec both say so).
FIELDS = Fields(
    rules=FIELD_RULES,
    nested=NESTED_RULES,
    required=("name",),
    refused=dict.fromkeys(SERVER_FIELDS, "is read-only"),
)

# --- listing --------------------------------------------------------------------------------

LIST_SPEC = ListSpec(
    filters={NAME_FILTER: min_length(MIN_NAME_FILTER_LENGTH)},
    sorts=both_directions(
        {
            "enabled": field_key("enabled"),
            "created_at": field_key("created_at"),
            "name": field_key("name"),
            "service_plan": field_key("service_plan"),
            "traffic_type": field_key("traffic_type"),
            "usage_payment_method": field_key("usage_payment_method"),
        }
    ),
    default_sort=(field_key("created_at"), True),
)


def matches(filters):
    name_contains = filters.get(NAME_FILTER)
    if name_contains is None:
        return lambda profile: True
    wanted = name_contains.casefold()
    return lambda profile: wanted in profile["name"].casefold()


# --- records --------------------------------------------------------------------------------


class OutboundVoiceProfiles(CrudResource):
    """Create, list, read, update, delete and seed come from CrudResource; these are the rules."""

    table = TABLE
    noun = "Outbound voice profile"
    record_type = "outbound_voice_profile"
    name_field = "name"
    blank = BLANK_PROFILE
    nested_defaults = NESTED_DEFAULTS
    create_fields = FIELDS  # name is required on PATCH as on POST
    update_fields = FIELDS
    list_spec = LIST_SPEC
    create_status = 200  # not 201: as documented
    control_aliases = {"seed_profiles": f"{TABLE}/seed"}  # the name before 0.3.0
    # Deleting one is a 422 while fax applications use it (their Reference, in sim_fax_applications.py).

    def view(self, record):
        """The record as the API answers it (with the lock held: it counts the connections)."""
        users = self.store.referrers(TABLE, record["id"])
        counted = {**record, "connections_count": sum(len(records) for _reference, records in users)}
        if counted.get("billing_group_id"):
            # A uuid column answers in lower case whatever case was sent, so a client comparing
            # ids as text would see a change that is none.
            counted["billing_group_id"] = counted["billing_group_id"].lower()
        return {name: counted[name] for name in PUBLIC_FIELDS if name in counted}

    def matches(self, filters):
        return matches(filters)

    def normalise(self, record):
        if record.get("calling_window") == {}:
            del record["calling_window"]  # an empty window sets nothing
        return record
