# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fax applications as a declaration: their rules and plans, without any HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _plans as plans
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS, FIELDS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._runners import state_argument_spec


def plan_present(wanted, current, send_write_only=False):
    return plans.plan_present(FAX_APPLICATIONS, wanted, current, send_write_only)


def plan_absent(wanted, current):
    return plans.plan_absent(FAX_APPLICATIONS, wanted, current)


def existing(**overrides):
    app = FAX_APPLICATIONS.created_object(
        {"application_name": "billing-fax", "webhook_event_url": "https://hooks.example.com/a"}
    )
    app.update(id="1293384261075731499", created_at="2026-01-01T00:00:00.000Z", updated_at="2026-01-01T00:00:00.000Z")
    for key, value in overrides.items():
        app[key] = value
    return app


class TestDesiredState:
    def test_options_left_out_are_not_managed(self):
        params = {"application_name": "a", "active": None, "webhook_timeout_secs": None, "inbound": None}
        assert model.requested(FIELDS, params, {"application_name": True}) == {"application_name": "a"}

    def test_null_given_on_purpose_clears_a_nullable_field(self):
        params = {"webhook_timeout_secs": None, "webhook_event_failover_url": None}
        given = {"webhook_timeout_secs": True, "webhook_event_failover_url": True}
        assert model.requested(FIELDS, params, given) == {
            "webhook_timeout_secs": None,
            "webhook_event_failover_url": None,
        }

    def test_null_on_a_field_that_cannot_be_null_is_left_out(self):
        assert model.requested(FIELDS, {"active": None, "tags": None}, {"active": True, "tags": True}) == {}

    def test_nested_keeps_only_the_sub_options_given(self):
        params = {
            "inbound": {"channel_limit": None, "sip_subdomain": None, "sip_subdomain_receive_settings": "from_anyone"}
        }
        given = {"inbound": {"channel_limit": True, "sip_subdomain_receive_settings": True}}
        assert model.requested(FIELDS, params, given) == {
            "inbound": {"channel_limit": None, "sip_subdomain_receive_settings": "from_anyone"}
        }


class TestValidate:
    @pytest.mark.parametrize(
        "desired, fragment",
        [
            ({"webhook_timeout_secs": 31}, "webhook_timeout_secs must be between 0 and 30, got 31"),
            ({"webhook_timeout_secs": -1}, "webhook_timeout_secs must be between 0 and 30, got -1"),
            ({"webhook_timeout_secs": True}, "webhook_timeout_secs must be a number, not a boolean"),
            ({"webhook_event_url": "hooks.example.com/x"}, "webhook_event_url must be an http:// or https:// URL"),
            (
                {"webhook_event_url": "ftp://hooks.example.com/x"},
                "webhook_event_url must be an http:// or https:// URL",
            ),
            ({"webhook_event_failover_url": "https://"}, "webhook_event_failover_url must be an http"),
            ({"inbound": {"channel_limit": -2}}, "inbound.channel_limit must be 0 or more, got -2"),
            ({"fax_email_recipient": "not-an-address"}, "fax_email_recipient must be an email address"),
            ({"application_name": "  "}, "application_name must not be empty"),
        ],
    )
    def test_refuses_what_the_api_would_refuse(self, desired, fragment):
        problems = model.validate(FIELDS, desired)
        assert len(problems) == 1
        assert fragment in problems[0]

    def test_accepts_valid_values_and_clearing_nulls(self):
        desired = {
            "webhook_timeout_secs": 30,
            "webhook_event_failover_url": "",
            "webhook_event_url": "http://h/x",
            "inbound": {"channel_limit": 0, "sip_subdomain": None},
            "fax_email_recipient": None,
        }
        assert model.validate(FIELDS, desired) == []


class TestDifferences:
    def test_equal_values_are_no_change(self):
        assert model.differences(FIELDS, {"application_name": "billing-fax", "active": True}, existing()) == []

    def test_nested_compares_only_the_keys_given(self):
        current = existing(
            inbound={"channel_limit": 4, "sip_subdomain": "bf", "sip_subdomain_receive_settings": "from_anyone"}
        )
        assert model.differences(FIELDS, {"inbound": {"channel_limit": 4}}, current) == []
        assert model.differences(FIELDS, {"inbound": {"channel_limit": 5}}, current) == ["inbound"]

    def test_tags_compare_as_a_set(self):
        current = existing(tags=["b", "a"])
        assert model.differences(FIELDS, {"tags": ["a", "b", "a"]}, current) == []
        assert model.differences(FIELDS, {"tags": ["a"]}, current) == ["tags"]
        assert model.differences(FIELDS, {"tags": []}, current) == ["tags"]

    def test_empty_and_null_failover_url_are_one_value(self):
        assert (
            model.differences(FIELDS, {"webhook_event_failover_url": None}, existing(webhook_event_failover_url=""))
            == []
        )
        assert (
            model.differences(FIELDS, {"webhook_event_failover_url": ""}, existing(webhook_event_failover_url=None))
            == []
        )
        assert model.differences(
            FIELDS, {"webhook_event_failover_url": None}, existing(webhook_event_failover_url="https://b.example.com")
        ) == ["webhook_event_failover_url"]

    def test_null_is_a_value_where_the_field_can_be_null(self):
        assert model.differences(FIELDS, {"webhook_timeout_secs": None}, existing(webhook_timeout_secs=20)) == [
            "webhook_timeout_secs"
        ]

    def test_write_only_is_never_compared(self):
        assert model.differences(FIELDS, {"fax_email_recipient": "a@example.com"}, existing()) == []

    def test_a_field_missing_from_the_answer_compares_as_null(self):
        current = existing()
        del current["outbound"]
        assert model.differences(FIELDS, {"outbound": {"channel_limit": None}}, current) == []
        assert model.differences(FIELDS, {"outbound": {"channel_limit": 3}}, current) == ["outbound"]


class TestPlanPresent:
    def test_create_needs_name_and_webhook_url(self):
        with pytest.raises(PlanError, match="needs application_name and webhook_event_url.*webhook_event_url"):
            plan_present({"application_name": "x"}, None)

    def test_create_predicts_the_defaults_and_diffs_from_empty(self):
        desired = {"application_name": "x", "webhook_event_url": "https://h/x", "inbound": {"channel_limit": 2}}
        plan = plan_present(desired, None)
        assert plan.action == "create"
        assert plan.payload == desired
        assert plan.follow_up is None
        assert plan.predicted["id"] == "(known after create: fax application x)"
        assert plan.predicted["inbound"] == {
            "channel_limit": 2,
            "sip_subdomain": None,
            "sip_subdomain_receive_settings": "from_anyone",
        }
        assert plan.predicted["anchorsite_override"] == "Latency"
        assert plan.diff == {"before": {}, "after": desired}

    def test_create_sends_write_only_in_a_follow_up(self):
        desired = {"application_name": "x", "webhook_event_url": "https://h/x", "fax_email_recipient": "a@example.com"}
        plan = plan_present(desired, None)
        assert "fax_email_recipient" not in plan.payload
        assert plan.follow_up == {"fax_email_recipient": "a@example.com"}
        assert "fax_email_recipient" not in plan.predicted

    def test_unchanged_is_no_action(self):
        plan = plan_present({"application_name": "billing-fax", "fax_email_recipient": "a@example.com"}, existing())
        assert plan.action == "none"
        assert not plan.changed

    def test_update_sends_required_fields_and_whole_nested_objects(self):
        current = existing(
            inbound={"channel_limit": 4, "sip_subdomain": "bf", "sip_subdomain_receive_settings": "from_anyone"},
            webhook_timeout_secs=10,
        )
        plan = plan_present(
            {"inbound": {"sip_subdomain_receive_settings": "only_my_connections"}, "webhook_timeout_secs": 10}, current
        )
        assert plan.action == "update"
        assert plan.payload == {
            "application_name": "billing-fax",
            "webhook_event_url": "https://hooks.example.com/a",
            "inbound": {
                "channel_limit": 4,
                "sip_subdomain": "bf",
                "sip_subdomain_receive_settings": "only_my_connections",
            },
        }
        assert plan.diff == {
            "before": {"inbound": {"sip_subdomain_receive_settings": "from_anyone"}, "webhook_timeout_secs": 10},
            "after": {"inbound": {"sip_subdomain_receive_settings": "only_my_connections"}, "webhook_timeout_secs": 10},
        }

    def test_rename_sends_the_new_name(self):
        plan = plan_present({"application_name": "new-name"}, existing())
        assert plan.payload == {"application_name": "new-name", "webhook_event_url": "https://hooks.example.com/a"}

    def test_write_only_always_is_sent_and_changes(self):
        plan = plan_present({"fax_email_recipient": "b@example.com"}, existing(), send_write_only=True)
        assert plan.action == "update"
        assert plan.payload["fax_email_recipient"] == "b@example.com"
        assert plan.diff["after"] == {"fax_email_recipient": "b@example.com"}


class TestPlanAbsent:
    def test_gone_is_no_action(self):
        assert plan_absent({"application_name": "x"}, None).action == "none"

    def test_delete_diffs_to_empty(self):
        plan = plan_absent({"application_name": "billing-fax"}, existing())
        assert plan.action == "delete"
        assert plan.diff == {"before": {"id": "1293384261075731499", "application_name": "billing-fax"}, "after": {}}


def test_argument_spec_uses_the_api_field_names():
    spec = state_argument_spec(FAX_APPLICATIONS)
    assert set(spec) == {
        "id",
        "state",
        "update_fax_email_recipient",
        "unassign_phone_numbers",
        "application_name",
        "active",
        "anchorsite_override",
        "webhook_event_url",
        "webhook_event_failover_url",
        "webhook_timeout_secs",
        "inbound",
        "outbound",
        "tags",
        "fax_email_recipient",
    }
    assert set(spec["inbound"]["options"]) == {"channel_limit", "sip_subdomain", "sip_subdomain_receive_settings"}
    assert set(spec["outbound"]["options"]) == {
        "channel_limit",
        "outbound_voice_profile_id",
        "outbound_voice_profile_name",
    }
