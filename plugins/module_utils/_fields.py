# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field model of the resource engine: what an option is, what a task gave, how values compare.

Every module of the collection compares, validates and predicts through these functions, so
one input can never mean two things in two modules. Nothing here knows a Telnyx resource.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from ansible.module_utils.common.validation import check_type_dict

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The E.164 and UUID rules, for every field, name and id that holds one. \Z, not $: $ also
# matches before a final newline, and "+13125550100\n" (a block scalar, a template's line end)
# would pass, reach Telnyx and be refused there.
E164_NUMBER = r"\+[1-9][0-9]{1,14}"
E164 = re.compile(r"^%s\Z" % E164_NUMBER)
E164_TEXT = "an E.164 number such as +13125550100"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
UUID_TEXT = "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6"
# What people write between the digit groups of a number: +1 312 555 0100, +1 (312) 555-0100.
PHONE_SEPARATORS = re.compile(r"[ ().\-]")
PLACEHOLDER_PREFIX = "(known after create: "
# The default of a field Telnyx leaves out of its answers until it is set.
NOT_REPORTED = object()


class PlanError(Exception):
    """A task that cannot be carried out as written; nothing has been written."""


def placeholder_id(singular, name):
    """The id check mode gives an object it would create, so later tasks can refer to it."""
    return "%s%s %s)" % (PLACEHOLDER_PREFIX, singular, name)


def placeholder_label(value):
    """What a placeholder id stands for, in words: "outbound voice profile billing-outbound"."""
    if is_placeholder(value) and value.endswith(")"):
        start = len(PLACEHOLDER_PREFIX)
        return value[start:-1]
    return value


def is_placeholder(value):
    return isinstance(value, str) and value.startswith(PLACEHOLDER_PREFIX)


def placeholder_problem(label, value, resource, check_mode):
    """Why the placeholder value cannot stand in label for an object of resource, or None.

    Check mode takes a placeholder of the right kind (an earlier check-mode task would create
    the object); a real run takes none, since no request can carry it.
    """
    if placeholder_name(value, resource.singular) is None:
        return "%s is %r, a placeholder check mode gives another kind of object; it must name %s" % (
            label,
            value,
            resource.a_singular,
        )
    if check_mode:
        return None
    return "%s is %r, the placeholder check mode gives %s it would create; a real run needs the real id" % (
        label,
        value,
        resource.a_singular,
    )


def placeholder_name(value, singular):
    """The name a placeholder id stands for, or None when value is not its resource's placeholder."""
    head = "%s%s " % (PLACEHOLDER_PREFIX, singular)
    if isinstance(value, str) and value.startswith(head) and value.endswith(")"):
        return value.split(head, 1)[1][:-1]
    return None


class Reference:
    """A field holding another resource's id, and the option that names that resource instead.

    mirror_field: a read-only field of the referring object that Telnyx keeps equal to the
    referenced object's name (a phone number's connection_name), predicted with the id.
    """

    def __init__(self, resource, name_option, mirror_field=None):
        self.resource = resource
        self.name_option = name_option
        self.mirror_field = mirror_field
        # The id field beside a naming option is named alike (connection_name, connection_id),
        # as Telnyx names them; a unit test holds every declaration to it.
        self.id_option = name_option.rsplit("_name", 1)[0] + "_id"


class Field:
    """One option of an API object: its type, what null means, how its values compare.

    kind: the Ansible option type (str, int, float, bool, list, dict).
    default: the value Telnyx gives the field on create when the task does not (check mode
      predicts the new object with it); NOT_REPORTED when Telnyx leaves the key out.
    nullable: null given on purpose clears the field; on other fields null means "left out".
    empty_is_null: "" and null are one value for Telnyx; they compare equal.
    wire_null: what is sent for null, when Telnyx wants something else ("" for a string that
      cannot be null in a request but reads back as null).
    as_set: a list whose order and repeats do not matter.
    write_only: Telnyx never returns it, so it can only be sent, never compared.
    create_via_update: the create call does not take it; it follows in an update.
    pattern, pattern_text: a regular expression a value must match, and how to say it.
    normalize: a function giving the comparable form of a value (a time "08:00" == "08:00:00").
    reference: the field holds the id of another resource, which a task may name instead.
    phone: the value (or each element) is an E.164 number; written with separators
      ("+1 312 555 0100") it means the number without them (written_phone_number).
    uuid: the value is a UUID, which Telnyx compares without regard to case.
    """

    def __init__(
        self,
        kind,
        default=None,
        nullable=False,
        choices=None,
        minimum=None,
        maximum=None,
        min_length=None,
        url=False,
        email=False,
        pattern=None,
        pattern_text=None,
        empty_is_null=False,
        wire_null=None,
        as_set=False,
        elements="str",
        write_only=False,
        create_via_update=False,
        normalize=None,
        reference=None,
        suboptions=None,
        phone=False,
        uuid=False,
    ):
        self.kind = kind
        self.default = default
        self.nullable = nullable
        self.choices = tuple(choices) if choices else None
        self.minimum = minimum
        self.maximum = maximum
        self.min_length = min_length
        self.url = url
        self.email = email
        self.phone = phone
        self.uuid = uuid
        self.pattern = re.compile(pattern) if pattern else (E164 if phone else UUID if uuid else None)
        self.pattern_text = pattern_text or (E164_TEXT if phone else UUID_TEXT if uuid else None)
        self.empty_is_null = empty_is_null
        self.wire_null = wire_null
        self.as_set = as_set
        self.elements = elements
        self.write_only = write_only
        self.create_via_update = create_via_update
        self.normalize = normalize
        self.reference = reference
        self.suboptions = suboptions

    def comparable(self, value):
        """The value as the API means it, for comparison only."""
        if self.empty_is_null and value == "":
            return None
        if self.normalize is not None and value is not None:
            value = self.normalize(value)
        if self.uuid and isinstance(value, str):
            value = value.lower()
        if self.as_set:
            return sorted(set(value or []))
        return value

    def written(self, value):
        """The value a task gave, as it means it: a number without separators, a set's repeats once."""
        if self.phone:
            value = (
                [written_phone_number(item) for item in value]
                if isinstance(value, list)
                else written_phone_number(value)
            )
        if self.as_set and isinstance(value, list):
            value = once_each(value)
        return value


def once_each(items):
    """items without repeats, in the order first given: tags are a set, and a set holds each once."""
    kept = []
    for item in items:
        if item not in kept:
            kept.append(item)
    return kept


def written_phone_number(value):
    """A number written with separators, as E.164: "+1 (312) 555-0100" is "+13125550100".

    Only a value that starts with + is rewritten, and only when what is left is E.164: "(0)",
    the trunk prefix some write after the country code (+44 (0)20 ...), is not dialled from
    abroad, so such a value stays as written and is refused rather than turned into another
    number. Without the + the country code is unknown; validation suggests the E.164 form.
    """
    if not isinstance(value, str) or not value.startswith("+") or "(0)" in value:
        return value
    compact = PHONE_SEPARATORS.sub("", value)
    return compact if E164.fullmatch(compact) else value


def e164_suggestion(value):
    """How to write a number given without its +, or "" when value is no such number.

    Without the + the country code is unknown, so the E.164 form is spelled out only where the
    digits say it: 00 (the international prefix) in front, or the 1 of a North American number.
    """
    compact = PHONE_SEPARATORS.sub("", value)
    if value.startswith("+") or not compact.isdigit():
        return ""
    if compact.startswith("00") and E164.fullmatch("+" + compact[2:]):
        return ": 00 is the international prefix; in E.164 the number is %r" % ("+" + compact[2:])
    if len(compact) == 11 and compact.startswith("1"):
        return ": give it with + in front, %r" % ("+" + compact)
    if len(compact) == 10:
        return ": give it with + and its country code in front (%r for a North American number)" % ("+1" + compact)
    return ": give it with + and its country code in front" if E164.fullmatch("+" + compact) else ""


def name_options(fields):
    """{option: (id field name, Reference)} for every option that names a referenced resource."""
    return dict(
        (field.reference.name_option, (name, field.reference)) for name, field in fields.items() if field.reference
    )


def argument_spec(fields):
    """Module options for the fields, named as the API names them, plus the naming options."""
    spec = {}
    for name, field in fields.items():
        option = dict(type=field.kind)
        if field.choices:
            option["choices"] = list(field.choices)
        if field.kind == "list":
            option["elements"] = field.elements
        if field.suboptions:
            option["options"] = argument_spec(field.suboptions)
        spec[name] = option
        if field.reference:
            spec[field.reference.name_option] = dict(type="str")
    return spec


# --- what the task gave ---------------------------------------------------------------------


def presence(raw):
    """The shape of what a task gave: {option: True, {sub-option: ...} or [per-item shape]}.

    After AnsibleModule's validation an option left out and one set to null both read None;
    the raw parameters are the only place they differ.
    """
    return dict((key, _shape(value)) for key, value in raw.items() if not key.startswith("_ansible_"))


def _shape(value):
    if isinstance(value, dict):
        return presence(value)
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [presence(item) for item in value]
    return True


def dicts_from_strings(raw, fields):
    """Nested options given as text become the dicts AnsibleModule would make of them.

    An ad-hoc ``-a 'inbound={"channel_limit": 5}'`` or ``inbound=channel_limit=5`` gives the
    module a string, which AnsibleModule turns into a dict only after presence() has looked:
    read as a string, the option would count as given without any sub-option, and be ignored.
    """
    for key, field in fields.items():
        value = raw.get(key)
        if field.suboptions and isinstance(value, str) and value.strip():
            try:
                raw[key] = check_type_dict(value)
            except TypeError:
                continue  # AnsibleModule reports it, with the option's name
        if field.suboptions and isinstance(raw.get(key), dict):
            dicts_from_strings(raw[key], field.suboptions)


def relax_raw(raw, fields, label=""):
    """Make raw field values mean the same on every ansible-core; return choice problems.

    ``"{{ x | default(None) }}"`` renders as None on ansible-core 2.19 and later but as "" on
    2.18, so "" counts as null for every field. Null values are then taken out of the raw
    parameters (AnsibleModule would run type and choice checks on them, and refuse null as
    a choice); presence() has already recorded that the task gave them. A value outside its
    choices is taken out too and reported here, quoted one by one, since Telnyx's choices
    contain commas ("Chicago, IL").
    """
    problems = []
    references = name_options(fields)
    for key in list(raw):
        field = fields.get(key)
        if field is None and key not in references:
            continue
        value = raw[key]
        if value is None or value == "":
            del raw[key]
            continue
        if field is None:
            continue
        if field.suboptions and isinstance(value, dict):
            problems.extend(relax_raw(value, field.suboptions, label + key + "."))
        elif field.choices and isinstance(value, str) and value not in field.choices:
            problems.append(
                "%s%s must be one of %s; got %s"
                % (label, key, ", ".join('"%s"' % choice for choice in field.choices), '"%s"' % value)
            )
            del raw[key]
    return problems


def requested(fields, params, given):
    """What the task manages: the options it gave, with null kept only where it clears a field.

    On a field that cannot be null, null is the same as leaving the option out, so
    ``default(None)`` in a template never turns into an API error. A naming option
    (``outbound_voice_profile_name``) is kept as given, for resolve_references().
    """
    wanted = {}
    references = name_options(fields)
    for name in list(fields) + list(references):
        if name not in given:
            continue
        value = params.get(name)
        field = fields.get(name)
        if field is None:
            id_field = fields[references[name][0]]
            if value is not None or id_field.nullable:
                wanted[name] = value
        elif field.suboptions:
            if isinstance(value, dict) and isinstance(given[name], dict):
                nested = requested(field.suboptions, value, given[name])
                if nested:
                    wanted[name] = nested
        elif value is not None or field.nullable:
            wanted[name] = field.written(copy.deepcopy(value))
    return wanted


def resolve_references(fields, wanted, resolve):
    """wanted with every naming option replaced by the id it names.

    resolve(reference, name) returns the id (or check mode's placeholder) or raises PlanError.
    """
    resolved = {}
    references = name_options(fields)
    for name, value in wanted.items():
        if name in references:
            id_name, reference = references[name]
            resolved[id_name] = None if value is None else resolve(reference, value)
        elif fields[name].suboptions and isinstance(value, dict):
            resolved[name] = resolve_references(fields[name].suboptions, value, resolve)
        else:
            resolved[name] = value
    return resolved


def references_in(fields, wanted, prefix=""):
    """[(label, Reference, name)] for every naming option a task gave, nested ones included."""
    found = []
    references = name_options(fields)
    for name, value in wanted.items():
        if name in references and value is not None:
            found.append((prefix + name, references[name][1], value))
        elif name in fields and fields[name].suboptions and isinstance(value, dict):
            found.extend(references_in(fields[name].suboptions, value, prefix + name + "."))
    return found


# --- validation -----------------------------------------------------------------------------


def validate(fields, values, prefix="", check_mode=False):
    """Problems Telnyx would refuse, found before any request is sent."""
    problems = []
    references = name_options(fields)
    for name, value in values.items():
        label = prefix + name
        if name in references:
            id_name = references[name][0]
            if id_name in values:
                problems.append("give %s%s or %s, not both" % (prefix, id_name, label))
            elif isinstance(value, str):
                problems.extend(_blank_or_padded(label, value))
            continue
        field = fields[name]
        if field.suboptions:
            if isinstance(value, dict):
                problems.extend(validate(field.suboptions, value, label + ".", check_mode))
            continue
        if value is None:
            continue
        problems.extend(_value_problems(field, label, value, check_mode))
    return problems


def _value_problems(field, label, value, check_mode):
    if field.kind in ("int", "float") and isinstance(value, bool):
        return ["%s must be a number, not a boolean" % label]
    if field.kind == "list":
        problems = []
        for index, item in enumerate(value):
            item_label = "%s[%d]" % (label, index)
            if item is None or item == "":
                problems.append("%s must not be empty" % item_label)
            elif isinstance(item, str):
                problems.extend(_text_problems(field, item_label, item, check_mode))
        return problems
    if field.kind in ("int", "float"):
        return _bound_problems(field, label, value)
    if field.kind == "str":
        return _text_problems(field, label, value, check_mode)
    return []


def _bound_problems(field, label, value):
    if field.minimum is not None and value < field.minimum or field.maximum is not None and value > field.maximum:
        if field.maximum is None:
            return ["%s must be %s or more, got %s" % (label, field.minimum, value)]
        if field.minimum is None:
            return ["%s must be %s or less, got %s" % (label, field.maximum, value)]
        return ["%s must be between %s and %s, got %s" % (label, field.minimum, field.maximum, value)]
    return []


def _text_problems(field, label, value, check_mode):
    if field.empty_is_null and value == "":
        return []
    if field.reference and is_placeholder(value):
        problem = placeholder_problem(label, value, field.reference.resource, check_mode)
        return [problem] if problem else []
    padding = _blank_or_padded(label, value)
    if padding:
        return padding
    if field.min_length is not None and len(value) < field.min_length:
        return ["%s must be at least %d characters long, got %r" % (label, field.min_length, value)]
    if field.url:
        return _url_problems(label, value)
    if field.email and not EMAIL_PATTERN.fullmatch(value):
        return ["%s must be an email address, got %r" % (label, value)]
    if field.pattern and not field.pattern.fullmatch(value):
        return [
            "%s must be %s, got %r%s"
            % (label, field.pattern_text, value, e164_suggestion(value) if field.phone else "")
        ]
    if field.reference:
        problem = field.reference.resource.id_problem(value, field.reference.name_option)
        if problem:
            return ["%s: %s" % (label, problem)]
    return []


def _blank_or_padded(label, value):
    """The rule for every text a task gives, names included: not empty, no space at either end."""
    if not value.strip():
        return ["%s must not be empty" % label]
    if value != value.strip():
        # "billing-fax\n" from a block scalar would make a second application beside billing-fax.
        return ["%s must not start or end with a space or a line break, got %r" % (label, value)]
    return []


def _url_problems(label, value):
    wanted = "%s must be an http:// or https:// URL with a host" % label
    if any(character.isspace() for character in value):
        return ["%s and no spaces (encode a space as %%20), got %r" % (wanted, value)]
    try:
        parts = urlsplit(value)
        host = parts.hostname
        port = parts.port
    except ValueError as error:
        return ["%s, got %r (%s)" % (wanted, value, error)]
    if parts.scheme not in ("http", "https") or not host:
        return ["%s, got %r" % (wanted, value)]
    if port is not None and not 0 < port < 65536:
        return ["%s and a port from 1 to 65535, got %r" % (wanted, value)]
    return []


# --- comparison -----------------------------------------------------------------------------


def equal(field, wanted, current):
    """Whether current already is what wanted asks; nested objects compare the keys given."""
    if field.suboptions:
        current = current if isinstance(current, dict) else {}
        return all(equal(field.suboptions[key], value, current.get(key)) for key, value in wanted.items())
    return field.comparable(wanted) == field.comparable(current)


def differences(fields, wanted, current):
    """Names of the fields whose wanted value differs from the current one.

    Write-only fields are left out: the API never shows them, so there is nothing
    to compare against.
    """
    return [
        name
        for name, value in wanted.items()
        if not fields[name].write_only and not equal(fields[name], value, current.get(name))
    ]


def managed_view(fields, obj, wanted):
    """The part of an object a task manages: what a diff shows."""
    view = {}
    for name, value in wanted.items():
        field = fields[name]
        if field.write_only:
            continue
        current = obj.get(name)
        if field.suboptions:
            view[name] = managed_view(field.suboptions, current if isinstance(current, dict) else {}, value)
        else:
            view[name] = copy.deepcopy(current)
    return view


def merged(fields, base, wanted):
    """base with wanted laid over it, as Telnyx will hold it after the write.

    Nested objects keep the sub-keys wanted leaves out. A value that already equals the
    current one keeps the current spelling ("" stays "" when null is asked), so a prediction
    never differs from what Telnyx returns by spelling alone.
    """
    result = copy.deepcopy(base)
    for name, value in wanted.items():
        field = fields[name]
        if field.write_only:
            continue
        if field.suboptions:
            current = base.get(name) if isinstance(base.get(name), dict) else {}
            nested = defaults(field.suboptions)
            nested.update(current)
            result[name] = merged(field.suboptions, nested, value)
        elif not (name in base and equal(field, value, base[name])):
            result[name] = copy.deepcopy(value)
    return result


def defaults(fields):
    """The object Telnyx creates when a create gives none of these fields."""
    blank = {}
    for name, field in fields.items():
        if field.write_only or field.default is NOT_REPORTED:
            continue
        blank[name] = defaults(field.suboptions) if field.suboptions else copy.deepcopy(field.default)
    return blank


def wire(fields, values):
    """values as they are sent: write-only and API-side spellings of null applied."""
    sent = {}
    for name, value in values.items():
        field = fields[name]
        if field.suboptions and isinstance(value, dict):
            sent[name] = wire(field.suboptions, value)
        elif value is None and field.wire_null is not None:
            sent[name] = field.wire_null
        elif field.as_set and isinstance(value, list):
            sent[name] = once_each(value)
        else:
            sent[name] = copy.deepcopy(value)
    return sent
