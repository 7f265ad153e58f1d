"""Phone numbers: /v2/phone_numbers (list, retrieve, PATCH), and the control endpoints that seed and show them.

Numbers cannot be bought here: /_simulator/phone_numbers/seed puts them in the account. A
number is assigned to a fax application by PATCHing its connection_id; that Reference (below)
makes a missing application a 422 and keeps an application with numbers from being deleted.
"""

from __future__ import annotations

import re

from sim_core import (
    NUMERIC_ID,
    CrudResource,
    Fields,
    ListSpec,
    Reference,
    control_problems,
    enum_rule,
    field_problems,
    is_string_list,
    min_length,
    rule,
)

TABLE = "phone_numbers"
APPLICATIONS = "fax_applications"

STATUSES = (
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "port-failed",
    "active",
    "deleted",
    "emergency-only",
    "ported-out",
    "port-out-pending",
    "requirement-info-pending",
    "requirement-info-under-review",
    "requirement-info-exception",
    "provision-pending",
)
# filter[status] takes a subset of the statuses a number can have.
FILTER_STATUSES = (
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
# The last three are legacy values Telnyx still answers for older numbers.
NUMBER_TYPES = (
    "local",
    "toll_free",
    "mobile",
    "national",
    "shared_cost",
    "landline",
    "tollfree",
    "shortcode",
    "longcode",
)
FILTER_NUMBER_TYPES = ("local", "national", "toll_free", "mobile", "shared_cost")
SOURCES = {"purchased": "number_order", "ported": "port_request"}

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
# Enough of the world to make plausible test numbers; a seed may name any other country.
COUNTRY_BY_PREFIX = {
    "1": "US",
    "7": "RU",
    "27": "ZA",
    "31": "NL",
    "32": "BE",
    "33": "FR",
    "34": "ES",
    "39": "IT",
    "41": "CH",
    "43": "AT",
    "44": "GB",
    "45": "DK",
    "46": "SE",
    "47": "NO",
    "48": "PL",
    "49": "DE",
    "52": "MX",
    "55": "BR",
    "61": "AU",
    "64": "NZ",
    "65": "SG",
    "81": "JP",
    "91": "IN",
    "351": "PT",
    "353": "IE",
    "358": "FI",
    "852": "HK",
    "972": "IL",
}
CANADIAN_AREA_CODES = frozenset(
    "204 226 236 249 250 263 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519"
    " 548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905".split()
)
TOLL_FREE_AREA_CODES = frozenset("800 833 844 855 866 877 888".split())

# The response, in the order Telnyx documents it. connection_name is worked out when read.
PUBLIC_FIELDS = (
    "id",
    "record_type",
    "phone_number",
    "status",
    "tags",
    "external_pin",
    "connection_id",
    "connection_name",
    "customer_reference",
    "messaging_profile_id",
    "messaging_profile_name",
    "messaging_campaign_id",
    "billing_group_id",
    "emergency_enabled",
    "emergency_address_id",
    "emergency_status",
    "call_forwarding_enabled",
    "cnam_listing_enabled",
    "caller_id_name_enabled",
    "call_recording_enabled",
    "t38_fax_gateway_enabled",
    "phone_number_type",
    "inbound_call_screening",
    "source_type",
    "purchased_at",
    "activated_at",
    "created_at",
    "updated_at",
    "hd_voice_enabled",
    "deletion_lock_enabled",
    "country_iso_alpha2",
)
BLANK_NUMBER = {
    "record_type": "phone_number",
    "status": "active",
    "tags": [],
    "external_pin": None,
    "connection_id": None,
    "customer_reference": None,
    "messaging_profile_id": None,
    "messaging_profile_name": None,
    "messaging_campaign_id": None,
    "billing_group_id": None,
    "emergency_enabled": False,
    "emergency_address_id": None,
    "emergency_status": "disabled",
    "call_forwarding_enabled": True,
    "cnam_listing_enabled": False,
    "caller_id_name_enabled": False,
    "call_recording_enabled": False,
    "t38_fax_gateway_enabled": False,
    "inbound_call_screening": "disabled",
    "source_type": "number_order",
    "hd_voice_enabled": False,
    "deletion_lock_enabled": False,
}

# --- PATCH ----------------------------------------------------------------------------------

WRITABLE = ("connection_id", "tags", "customer_reference")
# Real PATCH fields this simulator does not model: refused, so a client cannot believe it set them.
UNSUPPORTED = ("address_id", "billing_group_id", "external_pin", "hd_voice_enabled")
UPDATE_FIELDS = Fields(
    rules={
        # The request schema types connection_id as a non-nullable string: "" unassigns.
        "connection_id": rule(
            lambda value: isinstance(value, str),
            'must be a string: a fax application id, or "" to leave the number without one (null is refused)',
        ),
        "tags": rule(is_string_list, "must be a list of strings"),
        "customer_reference": rule(lambda value: isinstance(value, str), "must be a string"),
    },
    refused={
        **{name: "is read-only" for name in PUBLIC_FIELDS if name not in WRITABLE + UNSUPPORTED},
        **dict.fromkeys(UNSUPPORTED, "is not supported by the simulator"),
    },
)

# --- listing --------------------------------------------------------------------------------

MIN_NUMBER_FILTER_DIGITS = 3
MIN_CONNECTION_NAME_FILTER_LENGTH = 3
CONNECTION_NAME_FILTER = "filter[voice.connection_name][{}]"
CONNECTION_NAME_TESTS = {
    "eq": lambda name, wanted: name == wanted,
    "contains": lambda name, wanted: wanted in name,
    "starts_with": lambda name, wanted: name.startswith(wanted),
    "ends_with": lambda name, wanted: name.endswith(wanted),
}


def _number_filter_check(value):
    digits = sum(char in "0123456789" for char in value)
    return None if digits >= MIN_NUMBER_FILTER_DIGITS else f"needs at least {MIN_NUMBER_FILTER_DIGITS} digits"


def _choice_check(choices):
    return lambda value: None if value in choices else f"must be one of {', '.join(choices)}"


def _countries_check(value):
    if all(COUNTRY_CODE.fullmatch(code) for code in value.split(",")):
        return None
    return "must be ISO 3166-1 alpha-2 codes in capitals, separated by commas"


def _sort_text(value):
    return (value is None, value or "")  # nulls last, whichever way


def _record_matches(record, name, value, connection_name):
    """Whether one filter accepts the record; connection_name is worked out by the caller."""
    if name == "filter[phone_number]":
        # Digits only: any other character finds nothing, as documented.
        return value.isdigit() and value in record["phone_number"].removeprefix("+")
    if name in ("filter[connection_id]", "filter[status]", "filter[customer_reference]"):
        return record[name[len("filter[") : -1]] == value
    if name == "filter[tag]":
        return value in record["tags"]
    if name == "filter[without_tags]":
        return value != "true" or not record["tags"]  # other values are ignored, as documented
    if name == "filter[country_iso_alpha2]":
        return record["country_iso_alpha2"] in value.split(",")
    if name == "filter[number_type][eq]":
        return record["phone_number_type"] == value
    if name == "filter[source]":
        return record["source_type"] == SOURCES[value]
    if name in ("filter[billing_group_id]", "filter[emergency_address_id]"):
        stored = record[name[len("filter[") : -1]]
        return stored is None if value == "null" else stored == value
    operator = name.rsplit("[", 1)[1].removesuffix("]")
    return connection_name is not None and CONNECTION_NAME_TESTS[operator](connection_name, value)


# --- seeding --------------------------------------------------------------------------------

SEED_FIELDS = ("status", "phone_number_type", "tags", "customer_reference", "connection_id", "country_iso_alpha2")
SEED_RULES = {
    "status": enum_rule(STATUSES),
    "phone_number_type": enum_rule(NUMBER_TYPES),
    "tags": rule(is_string_list, "must be a list of strings"),
    "customer_reference": rule(lambda value: value is None or isinstance(value, str), "must be a string or null"),
    "connection_id": rule(lambda value: value is None or isinstance(value, str), "must be an application id or null"),
    "country_iso_alpha2": rule(
        lambda value: isinstance(value, str) and COUNTRY_CODE.fullmatch(value), "must be two capital letters"
    ),
}
MAX_SEED_NUMBERS = 10_000


def country_of(phone_number):
    digits = phone_number[1:]
    if digits.startswith("1"):
        return "CA" if digits[1:4] in CANADIAN_AREA_CODES else "US"
    for length in (3, 2, 1):
        if digits[:length] in COUNTRY_BY_PREFIX:
            return COUNTRY_BY_PREFIX[digits[:length]]
    return None


def type_of(phone_number):
    return "toll_free" if phone_number.startswith("+1") and phone_number[2:5] in TOLL_FREE_AREA_CODES else "local"


class PhoneNumbers(CrudResource):
    """List, read, update and seed come from CrudResource; numbers are not created or deleted here."""

    table = TABLE
    noun = "Phone number"
    record_type = "phone_number"
    blank = BLANK_NUMBER
    update_fields = UPDATE_FIELDS
    can_create = False  # Telnyx sells numbers elsewhere: POST and DELETE answer 405
    can_delete = False
    references = (Reference(TABLE, ("connection_id",), APPLICATIONS, label="phone_number"),)
    control_aliases = {"seed_phone_numbers": f"{TABLE}/seed"}  # the name before 0.3.0

    def __init__(self, simulator):
        super().__init__(simulator)
        self.list_spec = ListSpec(
            filters={
                "filter[phone_number]": _number_filter_check,
                "filter[connection_id]": lambda value: None,
                "filter[tag]": lambda value: None,
                "filter[status]": _choice_check(FILTER_STATUSES),
                "filter[customer_reference]": lambda value: None,
                "filter[without_tags]": lambda value: None,
                "filter[country_iso_alpha2]": _countries_check,
                "filter[number_type][eq]": _choice_check(FILTER_NUMBER_TYPES),
                "filter[source]": _choice_check(tuple(SOURCES)),
                "filter[billing_group_id]": lambda value: None,
                "filter[emergency_address_id]": lambda value: None,
                CONNECTION_NAME_FILTER.format("eq"): lambda value: None,
                **{
                    CONNECTION_NAME_FILTER.format(operator): min_length(MIN_CONNECTION_NAME_FILTER_LENGTH)
                    for operator in ("contains", "starts_with", "ends_with")
                },
            },
            # Ascending only: the spec lists no - variants. Every number is pay-per-minute here,
            # so that sort leaves the order to the ids.
            sorts={
                "purchased_at": (lambda record: record["purchased_at"], False),
                "phone_number": (lambda record: record["phone_number"], False),
                "connection_name": (lambda record: _sort_text(self.connection_name(record)), False),
                "usage_payment_method": (lambda record: "pay-per-minute", False),
            },
            default_sort=(lambda record: record["created_at"], True),
        )

    # --- reading (with the lock held) ---

    def connection_name(self, record):
        application = self.store.table(APPLICATIONS).get(record["connection_id"])
        return application["application_name"] if application else None

    def view(self, record):
        named = {**record, "connection_name": self.connection_name(record)}
        return {name: named[name] for name in PUBLIC_FIELDS}

    def matches(self, filters):
        def accept(record):
            name = self.connection_name(record) if any("connection_name" in key for key in filters) else None
            return all(_record_matches(record, key, value, name) for key, value in filters.items())

        return accept

    # --- records ---

    def normalise(self, record):
        if record["connection_id"] == "":
            record["connection_id"] = None  # PATCHing "" unassigns the number
        return record

    def new_record(self, fields, record_id=None):
        record = super().new_record(fields, record_id)
        phone_number = record["phone_number"]
        record.setdefault("phone_number_type", type_of(phone_number))
        record.setdefault("country_iso_alpha2", country_of(phone_number))
        record["purchased_at"] = record["created_at"]
        record["activated_at"] = record["created_at"] if record["status"] == "active" else None
        return record

    # --- seeding: {"phone_numbers": [...], ...fields} rather than a count and a name prefix ---

    def seed_entries(self, body):
        numbers = body.get("phone_numbers")
        common = {key: value for key, value in body.items() if key != "phone_numbers"}
        problems = control_problems(common, SEED_FIELDS)
        problems += field_problems({key: common[key] for key in SEED_FIELDS if key in common}, Fields(SEED_RULES))
        if not (isinstance(numbers, list) and 1 <= len(numbers) <= MAX_SEED_NUMBERS):
            problems.append(("/phone_numbers", f"phone_numbers must be a list of 1 to {MAX_SEED_NUMBERS} numbers"))
            numbers = []
        entries = []
        for index, entry in enumerate(numbers):
            entry_problems, record_id, fields = _seed_entry(entry, common)
            problems += [(f"/phone_numbers/{index}{pointer}", detail) for pointer, detail in entry_problems]
            entries.append((record_id, fields))
        return entries, problems

    def seed_conflicts(self, entries):
        """Numbers and ids already taken, and connection_ids naming no application."""
        problems = []
        taken = {record["phone_number"] for record in self.store.table(TABLE).values()}
        ids = set()
        for index, (record_id, fields) in enumerate(entries):
            if fields["phone_number"] in taken:
                problems.append((f"/phone_numbers/{index}/phone_number", f"{fields['phone_number']} is already seeded"))
            taken.add(fields["phone_number"])
            if record_id is not None and (record_id in ids or self.store.is_id_taken(record_id)):
                problems.append((f"/phone_numbers/{index}/id", f"id {record_id} is already used"))
            ids.add(record_id)
            problems += [
                (f"/phone_numbers/{index}{pointer}", detail)
                for pointer, detail in self.store.reference_problems(
                    TABLE, {"connection_id": fields.get("connection_id")}
                )
            ]
        return problems


def _seed_entry(entry, common):
    """(problems with pointers inside the entry, its id or None, its fields with common ones under them)."""
    if isinstance(entry, str):
        entry = {"phone_number": entry}
    if not isinstance(entry, dict):
        return [("", 'each phone number must be "+E164" or an object with phone_number')], None, {}
    problems = control_problems(entry, ("phone_number", "id", *SEED_FIELDS))
    phone_number = entry.get("phone_number")
    if not (isinstance(phone_number, str) and E164.fullmatch(phone_number)):
        problems.append(("/phone_number", "phone_number must be an E.164 number, such as +13125550100"))
    if "id" in entry and not (isinstance(entry["id"], str) and NUMERIC_ID.fullmatch(entry["id"])):
        problems.append(("/id", "id must be a 19-digit string"))
    own = {key: entry[key] for key in SEED_FIELDS if key in entry}
    fields = {**common, **own}
    problems += field_problems(own, Fields(SEED_RULES))
    if not problems and "country_iso_alpha2" not in fields and country_of(phone_number) is None:
        problems.append(("/country_iso_alpha2", f"the country of {phone_number} is not known: give it"))
    return problems, entry.get("id"), {**fields, "phone_number": phone_number}
