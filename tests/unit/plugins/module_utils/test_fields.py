# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine's field model on a made-up resource: presence, relaxing, validation, comparison."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._fields import Field, Reference
from ansible_collections.telnyx.fax.plugins.module_utils._resource import Resource


def other_resource():
    return Resource(
        singular="widget",
        plural="widgets",
        path="/widgets",
        result_key="widget",
        list_key="widgets",
        fields={"name": Field("str")},
        name_field="name",
    )


FIELDS = {
    "name": Field("str", min_length=3),
    "enabled": Field("bool", default=True),
    "size": Field("int", nullable=True, minimum=0, maximum=10),
    "color": Field("str", default="Red, dark", choices=("Red, dark", "Blue")),
    "hook": Field("str", url=True),
    "fallback": Field("str", default="", nullable=True, url=True, empty_is_null=True),
    "owner": Field("str", nullable=True, wire_null=""),
    "tags": Field("list", default=[], as_set=True),
    "codes": Field("list", as_set=True, pattern=r"^[A-Z]{2}$", pattern_text="two capitals"),
    "mail": Field("str", email=True, nullable=True, write_only=True),
    "window": Field(
        "dict",
        suboptions={
            "start": Field("str", normalize=lambda value: value[:5]),
            "limit": Field("int", nullable=True, minimum=0),
            "mode": Field("str", default="auto", choices=("auto", "manual")),
        },
    ),
    "widget_id": Field("str", nullable=True, reference=Reference(other_resource(), name_option="widget_name")),
}


class TestPresence:
    def test_records_given_keys_nested_and_per_list_item(self):
        raw = {"name": "a", "size": None, "window": {"limit": None}, "items": [{"x": 1}, {"y": None}]}
        raw["_ansible_check_mode"] = True
        assert model.presence(raw) == {
            "name": True,
            "size": True,
            "window": {"limit": True},
            "items": [{"x": True}, {"y": True}],
        }


class TestRelaxRaw:
    def test_empty_string_and_null_are_taken_out_but_stay_given(self):
        raw = {"size": "", "enabled": None, "tags": "", "window": {"limit": "", "mode": None}, "other": ""}
        given = model.presence(raw)
        assert model.relax_raw(raw, FIELDS) == []
        assert raw == {"window": {}, "other": ""}
        assert given["size"] is True and given["window"] == {"limit": True, "mode": True}

    def test_a_value_outside_the_choices_is_reported_with_each_choice_quoted(self):
        raw = {"color": "Green", "window": {"mode": "fast"}}
        problems = model.relax_raw(raw, FIELDS)
        assert problems == [
            'color must be one of "Red, dark", "Blue"; got "Green"',
            'window.mode must be one of "auto", "manual"; got "fast"',
        ]
        assert raw == {"window": {}}

    def test_naming_options_are_relaxed_too(self):
        raw = {"widget_name": ""}
        assert model.relax_raw(raw, FIELDS) == [] and raw == {}


class TestRequested:
    def test_options_left_out_are_not_managed(self):
        params = {"name": "abc", "enabled": None, "size": None, "window": None}
        assert model.requested(FIELDS, params, {"name": True}) == {"name": "abc"}

    def test_null_on_purpose_clears_a_nullable_field_and_is_ignored_elsewhere(self):
        params = {"size": None, "enabled": None, "tags": None, "fallback": None}
        given = {"size": True, "enabled": True, "tags": True, "fallback": True}
        assert model.requested(FIELDS, params, given) == {"size": None, "fallback": None}

    def test_nested_keeps_only_the_sub_options_given(self):
        params = {"window": {"start": None, "limit": None, "mode": "manual"}}
        given = {"window": {"limit": True, "mode": True}}
        assert model.requested(FIELDS, params, given) == {"window": {"limit": None, "mode": "manual"}}

    def test_a_naming_option_is_kept_for_resolution(self):
        params = {"widget_name": "blue-widget", "widget_id": None}
        assert model.requested(FIELDS, params, {"widget_name": True}) == {"widget_name": "blue-widget"}


class TestReferences:
    def test_resolve_replaces_the_name_by_the_id(self):
        wanted = {"name": "abc", "widget_name": "blue-widget"}
        calls = []

        def resolve(reference, name):
            calls.append((reference.name_option, name))
            return "42"

        assert model.resolve_references(FIELDS, wanted, resolve) == {"name": "abc", "widget_id": "42"}
        assert calls == [("widget_name", "blue-widget")]

    def test_null_name_clears_the_id_without_a_lookup(self):
        def fail(reference, name):
            raise AssertionError("no lookup expected")

        assert model.resolve_references(FIELDS, {"widget_name": None}, fail) == {"widget_id": None}

    def test_both_id_and_name_is_a_problem(self):
        problems = model.validate(FIELDS, {"widget_id": "1", "widget_name": "w"})
        assert problems == ["give widget_id or widget_name, not both"]

    def test_placeholders_pass_only_in_check_mode(self):
        placeholder = model.placeholder_id("widget", "blue")
        assert model.validate(FIELDS, {"widget_id": placeholder}, check_mode=True) == []
        problems = model.validate(FIELDS, {"widget_id": placeholder})
        assert len(problems) == 1 and "the placeholder check mode gives a widget it would create" in problems[0]

    def test_an_id_field_refuses_what_is_not_an_id(self):
        problems = model.validate(FIELDS, {"widget_id": "blue-widget"})
        assert problems == [
            "widget_id: 'blue-widget' is not a widget id (a decimal string such as 1293384261075731499); "
            "it looks like a name: give it as widget_name instead"
        ]


class TestValidate:
    @pytest.mark.parametrize(
        "values, problem",
        [
            ({"size": 11}, "size must be between 0 and 10, got 11"),
            ({"size": True}, "size must be a number, not a boolean"),
            ({"name": "ab"}, "name must be at least 3 characters long, got 'ab'"),
            ({"name": "   "}, "name must not be empty"),
            ({"hook": "hooks.example.com/x"}, "hook must be an http:// or https:// URL with a host, got"),
            ({"hook": "http://[::1"}, "hook must be an http:// or https:// URL with a host, got 'http://[::1'"),
            ({"hook": "https://h.example.com/a b"}, "and no spaces (encode a space as %20)"),
            ({"hook": "https://h.example.com:99999/"}, "got 'https://h.example.com:99999/'"),
            ({"tags": ["a", ""]}, "tags[1] must not be empty"),
            ({"codes": ["US", "ca"]}, "codes[1] must be two capitals, got 'ca'"),
            # A line break a block scalar leaves is refused, never sent or taken for part of a name.
            ({"codes": ["US\n"]}, "codes[0] must not start or end with a space or a line break, got 'US\\n'"),
            ({"widget_id": "123\n"}, "widget_id must not start or end with a space or a line break"),
            ({"name": "abc "}, "name must not start or end with a space or a line break, got 'abc '"),
            ({"mail": "nobody"}, "mail must be an email address, got 'nobody'"),
            ({"window": {"limit": -1}}, "window.limit must be 0 or more, got -1"),
        ],
    )
    def test_refuses_what_the_api_would_refuse(self, values, problem):
        problems = model.validate(FIELDS, values)
        assert len(problems) == 1 and problem in problems[0]

    def test_accepts_valid_values_and_clearing_nulls(self):
        values = {
            "name": "abc",
            "size": 10,
            "hook": "http://h/x",
            "fallback": "",
            "owner": None,
            "tags": [],
            "codes": ["US"],
            "mail": None,
            "window": {"limit": 0, "start": "08:00"},
        }
        assert model.validate(FIELDS, values) == []


class TestComparison:
    def test_nested_dicts_compare_only_the_keys_given(self):
        current = {"window": {"start": "08:00", "limit": 4, "mode": "auto"}}
        assert model.differences(FIELDS, {"window": {"limit": 4}}, current) == []
        assert model.differences(FIELDS, {"window": {"limit": 5}}, current) == ["window"]

    def test_sets_ignore_order_and_repeats_but_not_removals(self):
        current = {"tags": ["b", "a"]}
        assert model.differences(FIELDS, {"tags": ["a", "b", "a"]}, current) == []
        assert model.differences(FIELDS, {"tags": ["a"]}, current) == ["tags"]
        assert model.differences(FIELDS, {"tags": []}, current) == ["tags"]

    def test_empty_string_and_null_are_one_value_where_declared(self):
        assert model.differences(FIELDS, {"fallback": None}, {"fallback": ""}) == []
        assert model.differences(FIELDS, {"fallback": ""}, {"fallback": None}) == []
        assert model.differences(FIELDS, {"fallback": None}, {"fallback": "https://b.example.com"}) == ["fallback"]

    def test_null_is_a_value_where_the_field_can_be_null(self):
        assert model.differences(FIELDS, {"size": None}, {"size": 3}) == ["size"]

    def test_normalize_compares_the_meaning(self):
        assert model.differences(FIELDS, {"window": {"start": "08:00"}}, {"window": {"start": "08:00:00"}}) == []

    def test_write_only_is_never_compared(self):
        assert model.differences(FIELDS, {"mail": "a@example.com"}, {}) == []

    def test_a_field_missing_from_the_answer_compares_as_null(self):
        assert model.differences(FIELDS, {"window": {"limit": None}}, {}) == []
        assert model.differences(FIELDS, {"window": {"limit": 3}}, {}) == ["window"]


class TestPrediction:
    def test_merged_keeps_the_sub_keys_left_out_and_the_current_spelling(self):
        current = {"window": {"start": "08:00:00", "limit": 4, "mode": "manual"}, "fallback": "", "size": 1}
        after = model.merged(FIELDS, current, {"window": {"limit": 6, "start": "08:00"}, "fallback": None, "size": 2})
        assert after == {"window": {"start": "08:00:00", "limit": 6, "mode": "manual"}, "fallback": "", "size": 2}

    def test_defaults_are_the_blank_object_without_write_only_fields(self):
        blank = model.defaults(FIELDS)
        assert blank["enabled"] is True and blank["color"] == "Red, dark" and blank["fallback"] == ""
        assert blank["window"] == {"start": None, "limit": None, "mode": "auto"}
        assert "mail" not in blank

    def test_managed_view_shows_only_what_the_task_manages(self):
        obj = {"name": "abc", "size": 3, "window": {"start": "08:00", "limit": 4, "mode": "auto"}, "mail": "x"}
        view = model.managed_view(FIELDS, obj, {"window": {"limit": 1}, "mail": "y", "size": None})
        assert view == {"window": {"limit": 4}, "size": 3}

    def test_wire_spells_null_as_the_api_wants_it(self):
        assert model.wire(FIELDS, {"owner": None, "size": None, "window": {"limit": None}}) == {
            "owner": "",
            "size": None,
            "window": {"limit": None},
        }


class TestWrittenInput:
    """What a task gives, taken as it means it (issue 19, item 4)."""

    @pytest.mark.parametrize(
        "written, meant",
        [
            ("+1 312 555 0100", "+13125550100"),
            ("+1 (312) 555-0100", "+13125550100"),
            ("+1.312.555.0100", "+13125550100"),
            ("+13125550100", "+13125550100"),
            # Left as written, for validation to refuse: no +, a trunk prefix, letters, padding.
            ("13125550100", "13125550100"),
            ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
            ("+1 312 FAX 0100", "+1 312 FAX 0100"),
            (" +13125550100", " +13125550100"),
            ("sip:fax@example.com", "sip:fax@example.com"),
        ],
    )
    def test_a_phone_field_takes_a_number_written_with_separators(self, written, meant):
        fields = {"to": Field("str", phone=True), "numbers": Field("list", phone=True)}
        wanted = model.requested(fields, {"to": written, "numbers": [written]}, {"to": True, "numbers": True})
        assert wanted == {"to": meant, "numbers": [meant]}

    def test_a_number_without_its_plus_is_refused_with_the_e164_form(self):
        problems = model.validate({"to": Field("str", phone=True)}, {"to": "1 312 555 0100"})
        assert problems == [
            "to must be an E.164 number such as +13125550100, got '1 312 555 0100': give it with + in front, "
            "'+13125550100'"
        ]

    def test_a_set_keeps_each_value_once_in_the_order_given(self):
        fields = {"tags": Field("list", as_set=True), "order": Field("list")}
        wanted = model.requested(fields, {"tags": ["b", "a", "b"], "order": ["b", "b"]}, {"tags": True, "order": True})
        assert wanted == {"tags": ["b", "a"], "order": ["b", "b"]}
        assert model.wire(fields, {"tags": ["x", "x", "y"], "order": ["x", "x"]}) == {
            "tags": ["x", "y"],
            "order": ["x", "x"],
        }

    def test_a_uuid_field_compares_without_regard_to_case(self):
        field = Field("str", uuid=True)
        assert model.equal(field, "6A09CDC3-8948-47F0-AA62-74AC943D6C58", "6a09cdc3-8948-47f0-aa62-74ac943d6c58")
        assert not model.equal(field, "6a09cdc3-8948-47f0-aa62-74ac943d6c58", "7a09cdc3-8948-47f0-aa62-74ac943d6c58")
        assert model.validate({"group": field}, {"group": "group-1"}) == [
            "group must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, got 'group-1'"
        ]

    def test_a_naming_option_is_refused_with_stray_whitespace(self):
        fields = {"widget_id": Field("str", reference=Reference(other_resource(), name_option="widget_name"))}
        assert model.validate(fields, {"widget_name": "big "}) == [
            "widget_name must not start or end with a space or a line break, got 'big '"
        ]
        assert model.validate(fields, {"widget_name": " "}) == ["widget_name must not be empty"]


class TestDeclaredRules:
    def test_every_reference_names_the_id_option_it_sits_on(self):
        from ansible_collections.telnyx.fax.plugins.module_utils import _fax_applications as fax_applications
        from ansible_collections.telnyx.fax.plugins.module_utils import _faxes as faxes
        from ansible_collections.telnyx.fax.plugins.module_utils import (
            _outbound_voice_profiles as outbound_voice_profiles,
        )
        from ansible_collections.telnyx.fax.plugins.module_utils import _phone_numbers as phone_numbers

        checked = 0
        for declaration in (fax_applications, faxes, outbound_voice_profiles, phone_numbers):
            pending = [declaration.FIELDS]
            while pending:
                fields = pending.pop()
                for name, (id_name, reference) in model.name_options(fields).items():
                    assert reference.id_option == id_name, name
                    checked += 1
                pending.extend(field.suboptions for field in fields.values() if field.suboptions)
        assert checked == 3  # connection_name twice, outbound_voice_profile_name once

    def test_the_country_codes_are_the_assigned_ones_the_simulator_knows(self):
        from sim_outbound_voice_profiles import ASSIGNED_COUNTRIES

        from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import COUNTRY_CODES

        assert len(COUNTRY_CODES) == len(set(COUNTRY_CODES)) == 249
        assert set(COUNTRY_CODES) == ASSIGNED_COUNTRIES
        assert {"US", "CA", "GB", "AX", "SS"} <= ASSIGNED_COUNTRIES and not {
            "XX",
            "AN",
            "UK",
            "EU",
        } & ASSIGNED_COUNTRIES

    def test_inert_options_warn_only_when_given_and_not_acting(self):
        from ansible_collections.telnyx.fax.plugins.module_utils._resource import InertOption

        resource = other_resource()
        resource.inert_options = (InertOption("shade", "paint", True, "only paint has a shade"),)
        assert resource.inert_warnings({"shade": 5, "paint": None}) == [
            "shade does nothing unless paint=true: only paint has a shade"
        ]
        assert resource.inert_warnings({"shade": 5, "paint": True}) == []
        assert resource.inert_warnings({"shade": None, "paint": False}) == []
        assert resource.inert_warnings({"shade": False}) == []
