# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Telnyx resource as a declaration: what the engine needs to know of each resource.

A resource (fax applications, outbound voice profiles, phone numbers) is a Resource: its
path, its fields, the field that names an object and the server filter that finds it. The
engine's rules (planner.py) are the same for every resource; what differs is declared here:
the id format, what keeps an object from being deleted (Dependents), how an info module
narrows a listing (ListFilter), and options that do nothing as given (InertOption).

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._api import join_path

DECIMAL_ID = (re.compile(r"^[0-9]{1,30}$"), "a decimal string such as 1293384261075731499")
UUID_ID = (model.UUID, model.UUID_TEXT)


class InertOption:
    """An option that does nothing unless another option has one value, declared for a warning.

    option: the option a task may give to no effect (unassign_phone_numbers).
    unless, value: the option and the value that make it act (state, "absent").
    why: what the option does, for the warning.
    """

    def __init__(self, option, unless, value, why):
        self.option = option
        self.unless = unless
        self.value = value
        self.why = why

    def warning(self, params):
        """The warning for params, or None when the option is left out, off, or acts."""
        if params.get(self.option) in (None, False) or params.get(self.unless) == self.value:
            return None
        shown = str(self.value).lower() if isinstance(self.value, bool) else self.value
        return "%s does nothing unless %s=%s: %s" % (self.option, self.unless, shown, self.why)


class Dependents:
    """Objects of another resource that point at an object of this one, and keep it from going.

    Telnyx refuses to delete a fax application that phone numbers are assigned to; a profile
    that applications use is treated the same way, so that none is left pointing at nothing.
    Declared here by path and field rather than by Resource, so that two declarations can name
    each other.

    plural, path: the other resource ("phone numbers", "/phone_numbers").
    filter_parameter: the list parameter that finds the objects pointing at one id.
    label_field: how each is named in messages ("phone_number"); show_ids adds each one's id.
    relation: how a message says they hold on ("are still assigned to it").
    advice: what the user can do, for the message.
    release_option: the module option that lets the task detach them first (None: never), and
      release(client, obj): detach one.
    pointer: the path to the id in each of them (("outbound", "outbound_voice_profile_id")).
    """

    def __init__(
        self,
        plural,
        path,
        filter_parameter,
        label_field,
        relation,
        advice,
        release_option=None,
        release=None,
        show_ids=False,
        pointer=(),
    ):
        self.plural = plural
        self.relation = relation
        # Names can repeat (applications), numbers cannot: ids are shown where names repeat.
        self.show_ids = show_ids
        self.path = path
        self.filter_parameter = filter_parameter
        self.label_field = label_field
        self.advice = advice
        self.release_option = release_option
        self.release = release
        self.pointer = tuple(pointer)

    def points_at(self, obj):
        """The id obj points at, read from a listing or a plan's prediction."""
        value = obj
        for key in self.pointer:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def of(self, client, object_id):
        return client.list_all(self.path, {self.filter_parameter: object_id})

    def labels(self, objects):
        if self.show_ids:
            return sorted("%s (id %s)" % (obj.get(self.label_field), obj.get("id")) for obj in objects)
        return sorted(str(obj.get(self.label_field) or obj.get("id")) for obj in objects)

    def message(self, objects):
        return "%s %s: %s. %s" % (self.plural.capitalize(), self.relation, ", ".join(self.labels(objects)), self.advice)


class Resource:
    """A Telnyx resource, declared.

    singular, plural: how messages name it ("fax application").
    path: the collection path below the base URL ("/fax_applications").
    result_key, list_key: the keys modules return it under ("fax_application").
    fields: {option: Field}, named as the API names them.
    name_field: the field a task names an object by when it gives no id.
    name_filter: the list parameter that finds objects by name, its minimum length, and
      how a name becomes the filter's value (phone numbers are matched by digits).
    id_format: (compiled pattern, how to say it) for the object ids.
    required_on_create, required_on_update: fields the API refuses a create or an update
      without; an update sends their current values when the task does not change them.
    creatable, deletable: whether tasks may create or delete objects (phone numbers are
      bought and released elsewhere).
    idempotent_create: whether Telnyx can tell a repeated create from a new one.
    info_module: the module a user runs to look for a duplicate.
    dependents: the Dependents that keep an object from being deleted, if any.
    name_format: the Field a name is, when names have a format (phone numbers are E.164): its
      rules check a name, and its written form is the name a task means (normalize_name).
    inert_options: the InertOptions of the resource's modules, warned about by inert_warnings().
    """

    def __init__(
        self,
        singular,
        plural,
        path,
        result_key,
        list_key,
        fields,
        name_field,
        name_filter=None,
        name_filter_min_length=0,
        name_filter_value=None,
        id_format=DECIMAL_ID,
        required_on_create=(),
        required_on_update=(),
        creatable=True,
        deletable=True,
        idempotent_create=False,
        info_module=None,
        dependents=None,
        name_format=None,
        inert_options=(),
    ):
        self.singular = singular
        self.plural = plural
        self.path = path
        self.result_key = result_key
        self.list_key = list_key
        self.fields = fields
        self.name_field = name_field
        self.name_filter = name_filter
        self.name_filter_min_length = name_filter_min_length
        self.name_filter_value = name_filter_value or (lambda name: name)
        self.id_pattern, self.id_text = id_format
        self.required_on_create = tuple(required_on_create)
        self.required_on_update = tuple(required_on_update)
        self.creatable = creatable
        self.deletable = deletable
        self.idempotent_create = idempotent_create
        self.info_module = info_module
        self.dependents = dependents
        self.name_format = name_format
        self.inert_options = tuple(inert_options)

    @property
    def a_singular(self):
        """The singular with its article: "a fax application", "an outbound voice profile"."""
        return ("an " if self.singular[0] in "aeiou" else "a ") + self.singular

    def item_path(self, object_id):
        return join_path(self.path, object_id)

    def id_problem(self, value, name_option=None):
        """Why value cannot be an id of this resource, or None.

        name_option: the option that takes the name instead, when it is not the name field
        itself (connection_name beside connection_id); False when no option takes a name.
        """
        if self.id_pattern.fullmatch(str(value)):
            return None
        hint = ""
        looks_like_a_name = re.search(r"[A-Za-z]", str(value)) and "/" not in str(value) and "?" not in str(value)
        if name_option is not False and (name_option or self.name_field) and looks_like_a_name:
            hint = "; it looks like a name: give it as %s instead" % (name_option or self.name_field)
        return "%r is not %s id (%s)%s" % (value, self.a_singular, self.id_text, hint)

    def id_hint(self, name, id_option):
        """For a name nothing has: "; it looks like an id: ..." when it is shaped like one, else "".

        Only a hint: a name may be digits, so a name shaped like an id is still looked up.
        """
        if id_option and self.id_pattern.fullmatch(str(name)):
            return "; it looks like an id: give it as %s instead" % id_option
        return ""

    def name_problem(self, value):
        """Why value cannot be a name of this resource, or None."""
        if self.name_format is None:
            return None
        return "; ".join(model.validate({self.name_field: self.name_format}, {self.name_field: value})) or None

    def normalize_name(self, value):
        """The name a task means by value: "+1 312 555 0100" is the number +13125550100."""
        return value if self.name_format is None or value is None else self.name_format.written(value)

    def normalize_names(self, values):
        """normalize_name for each of a list of names; None (no list given) stays None."""
        return None if values is None else [self.normalize_name(value) for value in values]

    def inert_warnings(self, params):
        """What the task gives that does nothing as it stands: one text per InertOption that applies.

        Every module of the resource calls it on its options, and a bulk module on each item's.
        """
        return [text for text in (rule.warning(params) for rule in self.inert_options) if text]

    def describe(self, obj):
        name = obj.get(self.name_field) if self.name_field else None
        return (
            "%s %s (id %s)" % (self.singular, name, obj.get("id")) if name else "%s %s" % (self.singular, obj.get("id"))
        )

    def placeholder(self, name):
        return model.placeholder_id(self.singular, name)

    def created_object(self, wanted):
        """The object Telnyx would create from wanted, without the server-set fields."""
        return model.merged(self.fields, model.defaults(self.fields), wanted)

    def create_hint(self):
        """What to do after a create that may have reached Telnyx without an answer."""
        if self.idempotent_create:
            return ""
        return (
            " Telnyx has no idempotency key for creating %s, so the request was not repeated and the %s "
            "may have been created anyway. Look for a duplicate (%s with %s) before running again."
            % (self.plural, self.singular, self.info_module, self.name_field)
        )


class ListFilter:
    """One way an info module narrows a listing.

    parameter: the list query parameter Telnyx filters with (None: client side only).
    matches(obj, value): whether an object passes, checked on every object whatever the
      server did, so a loose server-side match (a substring) can never widen the result.
    min_length: the shortest value the server accepts; shorter fails before any request.
    to_parameter(value): the value as the server wants it (phone numbers: digits only).
    reference: the option names an object of another resource, whose id is filtered on.
    id_of: (Resource, the option that takes its name instead, None for its name field, False for
      none) when the value is an id.
    field: the Field the value is, when it has a format (a phone number): its written form is
      what the task means, and its rules check the value before any request.
    """

    def __init__(
        self,
        parameter,
        matches,
        min_length=0,
        to_parameter=None,
        choices=None,
        reference=None,
        id_of=None,
        field=None,
    ):
        self.parameter = parameter
        self.matches = matches
        self.min_length = min_length
        self.to_parameter = to_parameter or (lambda value: value)
        self.choices = choices
        self.reference = reference
        # (Resource, name option or None): the value is an id of that resource, checked as one.
        self.id_of = id_of
        self.field = field

    def option_spec(self):
        """The info module's option for this filter."""
        spec = dict(type="str")
        if self.choices:
            spec["choices"] = list(self.choices)
        return spec

    def normalize(self, value):
        """The value the task means ("+1 312 555 0100" is +13125550100)."""
        return value if self.field is None or value is None else self.field.written(value)

    def problems(self, option, value):
        """Why value cannot be sent for this filter, before any request."""
        if self.field is None or value is None:
            return []
        return model.validate({option: self.field}, {option: value})

    def query(self, value):
        """The list parameters this filter sends for value."""
        return {self.parameter: self.to_parameter(value)} if self.parameter else {}

    def too_short(self, value):
        """Whether Telnyx would refuse value as too short for this filter."""
        if value is None or not self.min_length:
            return False
        return len(self.to_parameter(value)) < self.min_length


def instant(value):
    """An ISO 8601 time as an aware datetime, or None."""
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def rfc3339(moment):
    """An aware datetime as RFC 3339, the one form Telnyx's date-time filters read (2026-11-27T10:00:00Z)."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class TimeRangeFilter(ListFilter):
    """A range of times as one filter: an option with gt, gte, lt and lte bounds, each optional.

    parameter: the list parameter the bounds go under ("filter[created_at]" sends
      filter[created_at][gte]); key: the field of each object they bound ("created_at").
    Any ISO 8601 time with a zone is accepted, and sent in the form the API reads.
    """

    TESTS = {
        "gt": lambda moment, bound: moment > bound,
        "gte": lambda moment, bound: moment >= bound,
        "lt": lambda moment, bound: moment < bound,
        "lte": lambda moment, bound: moment <= bound,
    }

    def __init__(self, parameter, key):
        super().__init__(parameter, matches=self._within)
        self.key = key

    def option_spec(self):
        return dict(type="dict", options=dict((operator, dict(type="str")) for operator in self.TESTS))

    def normalize(self, value):
        # "" is no bound, as for every other option ("{{ x | default(None) }}" is "" on ansible-core
        # 2.18). No bounds still asks for objects that have the key.
        return dict((operator, bound) for operator, bound in (value or {}).items() if bound not in (None, ""))

    def problems(self, option, value):
        return [
            "%s.%s must be an ISO 8601 time with a time zone, such as 2026-11-27T00:00:00Z, got %r"
            % (option, operator, bound)
            for operator, bound in value.items()
            if instant(bound) is None or not re.search(r"(Z|[+-][0-9]{2}:?[0-9]{2})\Z", bound)
        ]

    def query(self, value):
        return dict(
            ("%s[%s]" % (self.parameter, operator), rfc3339(instant(bound))) for operator, bound in value.items()
        )

    def _within(self, obj, bounds):
        moment = instant(obj.get(self.key))
        return moment is not None and all(
            self.TESTS[operator](moment, instant(bound)) for operator, bound in bounds.items()
        )
