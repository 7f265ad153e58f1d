# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""bulk_run.BulkRun's planning: profiles, applications and numbers planned from given listings, no HTTP.

The run is given no client: every listing is read into its Account beforehand, so a request
would fail the test.
"""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils._bulk_run import BulkRun
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS

HOOK = "https://example.com/fax"
PROFILE = {"id": "2001", "name": "fax-out", "enabled": True, "tags": []}


def app(object_id, name, profile_id=None, tags=()):
    return {
        "id": object_id,
        "application_name": name,
        "webhook_event_url": HOOK,
        "outbound": {"outbound_voice_profile_id": profile_id, "channel_limit": None},
        "tags": list(tags),
    }


def run_with(apps=(), profiles=None, numbers=None, **options):
    """A BulkRun whose account holds these listings already."""
    run = BulkRun(None, **options)
    run.account.read_whole(FAX_APPLICATIONS, list(apps))
    if profiles is not None:
        run.account.read_whole(OUTBOUND_VOICE_PROFILES, list(profiles))
    if numbers is not None:
        run.account.read_whole(PHONE_NUMBERS, list(numbers))
    return run


def planned(run, applications, profiles=None):
    run.declare(applications, applications, profiles, profiles)
    run.plan()
    return run


def actions(items):
    return [(item.name, item.plan.action) for item in items]


def test_an_application_naming_a_profile_the_run_creates_gets_its_placeholder():
    run = planned(
        run_with(profiles=[]),
        [dict(application_name="billing", webhook_event_url=HOOK, outbound=dict(outbound_voice_profile_name="new"))],
        [dict(name="new")],
    )
    assert actions(run.profiles) == [("new", "create")]
    assert actions(run.applications) == [("billing", "create")]
    placeholder = OUTBOUND_VOICE_PROFILES.placeholder("new")
    assert run.applications[0].plan.payload["outbound"]["outbound_voice_profile_id"] == placeholder
    assert run.phone_numbers is None


def test_an_unchanged_declaration_plans_nothing_and_reads_no_numbers():
    run = planned(
        run_with([app("1001", "billing", PROFILE["id"])], [PROFILE]),
        [
            dict(
                application_name="billing", webhook_event_url=HOOK, outbound=dict(outbound_voice_profile_name="fax-out")
            )
        ],
    )
    assert actions(run.applications) == [("billing", "none")]
    assert run.phone_numbers is None


def test_an_application_may_not_name_a_profile_the_run_deletes():
    run = run_with([], [PROFILE])
    with pytest.raises(PlanError) as raised:
        planned(
            run,
            [
                dict(
                    application_name="billing",
                    webhook_event_url=HOOK,
                    outbound=dict(outbound_voice_profile_name="fax-out"),
                )
            ],
            [dict(name="fax-out", state="absent")],
        )
    message = str(raised.value)
    assert message.startswith("Nothing was changed: ")
    assert "this run deletes" in message


def test_a_profile_the_run_deletes_must_not_stay_in_use():
    declared = [dict(name="fax-out", state="absent")]
    with pytest.raises(PlanError) as raised:
        planned(run_with([app("1001", "billing", PROFILE["id"])], [PROFILE]), [], declared)
    assert "cannot be deleted" in str(raised.value) and "billing (id 1001)" in str(raised.value)
    # Deleting the application in the same run lets the profile go.
    # (An application the run deletes has its numbers read: it has none.)
    run = planned(
        run_with([app("1001", "billing", PROFILE["id"])], [PROFILE], numbers=[]),
        [dict(application_name="billing", state="absent")],
        declared,
    )
    assert actions(run.profiles) == [("fax-out", "delete")]
    assert actions(run.applications) == [("billing", "delete")]


def test_purge_deletes_only_undeclared_objects_with_the_marker_tag():
    apps = [app("1001", "billing", tags=["managed"]), app("1002", "old", tags=["managed"]), app("1003", "other")]
    run = planned(
        run_with(apps, numbers=[], marker_tag="managed", purge=True),
        [dict(application_name="billing", webhook_event_url=HOOK)],
    )
    assert actions(run.applications) == [("billing", "none"), ("old", "delete")]
    assert run.applications[1].purged


def test_purge_needs_a_marker_tag():
    with pytest.raises(PlanError, match="purge needs marker_tag"):
        BulkRun(None, purge=True)


def test_numbers_are_planned_with_the_applications():
    numbers = [{"id": "3001", "phone_number": "+13125550100", "connection_id": None, "connection_name": None}]
    run = planned(
        run_with([app("1001", "billing")], numbers=numbers),
        [dict(application_name="billing", webhook_event_url=HOOK, phone_numbers=["+1 312 555 0100"])],
    )
    assert [(entry.current["phone_number"], entry.plan.payload) for entry in run.phone_numbers] == [
        ("+13125550100", {"connection_id": "1001"})
    ]


def test_every_input_problem_fails_before_any_request():
    with pytest.raises(PlanError) as raised:
        planned(run_with(), [dict(application_name="gone", state="absent", phone_numbers=["+13125550100"])])
    assert str(raised.value) == (
        "Nothing was sent to Telnyx: applications[0] (gone): phone_numbers cannot be assigned to an application "
        "the run deletes."
    )
