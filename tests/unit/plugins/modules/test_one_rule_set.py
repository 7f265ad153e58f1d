# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One rule set: each case goes through a state module and through fax_application_bulk.

A case is an account and one object declared two ways: the single module's options, and
the same options as the one item of a bulk list. Both runs must reach the same decision
(fail, change or not), send the same writes (none, for the failures), give the same warnings,
and say the same thing: the bulk message is the single one behind the item's label (and, at
most, advice about the bulk module's own options after it). Each case runs in check mode and
for real, each run on an account made the same way (ids aside).
"""

from __future__ import annotations

import re

import pytest

from ansible_collections.telnyx.fax.plugins.modules import fax_application as application_module
from ansible_collections.telnyx.fax.plugins.modules import fax_application_bulk as bulk_module
from ansible_collections.telnyx.fax.plugins.modules import outbound_voice_profile as profile_module
from ansible_collections.telnyx.fax.plugins.modules import phone_number as number_module

WEBHOOK = "https://hooks.example.com/fax"
NUMBER = "+13125550100"
APP_PLACEHOLDER = "(known after create: fax application billing-fax)"
PROFILE_PLACEHOLDER = "(known after create: outbound voice profile fax-outbound)"
UNKNOWN_ID = "1000000000000000009"


def _account(simulator):
    """Two profiles (one in use), an application with a number, and two applications sharing a name."""
    (profile_id, spare_id) = simulator.seed_profiles(2, "voice")
    (app_id,) = simulator.seed(1, "billing", outbound={"outbound_voice_profile_id": profile_id})
    twins = simulator.seed(1, "twin") + simulator.seed(1, "twin")
    simulator.seed_phone_numbers([NUMBER], connection_id=app_id)
    return dict(profile=profile_id, spare=spare_id, app=app_id, twins=twins)


# name: (the single module, its options; bulk list option) -- ids come from _account.
CASES = {
    "an unknown profile id": (
        application_module,
        lambda ids: dict(id=ids["app"], outbound=dict(outbound_voice_profile_id=UNKNOWN_ID)),
    ),
    "a placeholder of the wrong kind as a profile id": (
        application_module,
        lambda ids: dict(id=ids["app"], outbound=dict(outbound_voice_profile_id=APP_PLACEHOLDER)),
    ),
    "a placeholder of the wrong kind as an application id": (
        application_module,
        lambda ids: dict(id=PROFILE_PLACEHOLDER, active=False),
    ),
    "an application's placeholder as its id": (
        application_module,
        lambda ids: dict(id=APP_PLACEHOLDER, active=False),
    ),
    "an unknown id": (application_module, lambda ids: dict(id=UNKNOWN_ID, active=False)),
    "a name two applications share": (application_module, lambda ids: dict(application_name="twin-00001")),
    "an id and a name that disagree, to delete": (
        application_module,
        lambda ids: dict(id=ids["app"], application_name="twin-00001", state="absent"),
    ),
    "a rename onto a taken name": (
        application_module,
        lambda ids: dict(id=ids["app"], application_name="twin-00001"),
    ),
    "a profile name nobody has": (
        application_module,
        lambda ids: dict(id=ids["app"], outbound=dict(outbound_voice_profile_name="nobody")),
    ),
    "a profile name that exists": (
        application_module,
        lambda ids: dict(id=ids["app"], outbound=dict(outbound_voice_profile_name="voice-00002")),
    ),
    "an application that still has numbers": (
        application_module,
        lambda ids: dict(application_name="billing-00001", state="absent"),
    ),
    "an application whose numbers go with it": (
        application_module,
        lambda ids: dict(application_name="billing-00001", state="absent", unassign_phone_numbers=True),
    ),
    "a profile an application still uses": (profile_module, lambda ids: dict(name="voice-00001", state="absent")),
    "a profile nobody uses": (profile_module, lambda ids: dict(name="voice-00002", state="absent")),
    "a profile id that names none": (profile_module, lambda ids: dict(id=UNKNOWN_ID, enabled=False)),
    "a profile renamed onto another's name": (profile_module, lambda ids: dict(id=ids["spare"], name="voice-00001")),
}

BULK_OPTION = {application_module: "applications", profile_module: "outbound_voice_profiles"}
MESSAGE_PREFIX = re.compile(r"^(Nothing was changed|Nothing was sent to Telnyx): ")
# How the bulk module names the item a problem is about: before any write, or after a write failed.
ITEM_LABEL = re.compile(
    r"^((applications|outbound_voice_profiles)\[0\] \([^)]*\)+|1 of 1 [a-z ]+ could not be converged: [^:]+): "
)


def bulk_args(module, options):
    args = {BULK_OPTION[module]: [options]}
    args.setdefault("applications", [])
    return args


def decision(result, simulator, mark):
    """What a run decided, in the words common to both modules."""
    text = MESSAGE_PREFIX.sub("", result.get("msg") or "")
    return dict(
        failed=bool(result.get("failed")),
        changed=bool(result.get("changed")),
        message=ITEM_LABEL.sub("", text),
        warnings=[warning for warning in result.get("warnings", []) if "deprecat" not in warning],
        writes=[call for call in simulator.calls(mark) if not call.startswith("GET ")],
    )


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "real"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_single_module_and_the_bulk_module_decide_alike(simulator, run_module, case, check_mode):
    module, options_of = CASES[case]
    decisions = []
    for run_as in ("single", "bulk"):
        simulator.reset()
        options = options_of(_account(simulator))
        mark = len(simulator.requests_log())
        args = options if run_as == "single" else bulk_args(module, options)
        main = module.main if run_as == "single" else bulk_module.main
        decisions.append(decision(run_module(main, args, check_mode=check_mode), simulator, mark))
    single, bulk = (_without_ids(found) for found in decisions)
    # The bulk module may add advice about its own options (unassign_unlisted_phone_numbers)
    # after the sentence both give.
    assert bulk.pop("message").startswith(single.pop("message").rstrip(".")), case
    assert single == bulk, case


def _without_ids(found):
    return dict(
        (key, re.sub(r"\b[0-9]{15,}\b", "<id>", value) if isinstance(value, str) else _ids_out_of(value))
        for key, value in found.items()
    )


def _ids_out_of(value):
    if isinstance(value, list):
        return [re.sub(r"\b[0-9]{15,}\b", "<id>", item) if isinstance(item, str) else item for item in value]
    return value


EXPECTED = {
    # What the single module says (and so, by the test above, the bulk one), in check mode.
    "an unknown profile id": "outbound.outbound_voice_profile_id %s names no outbound voice profile" % UNKNOWN_ID,
    "a placeholder of the wrong kind as a profile id": "it must name an outbound voice profile",
    "a placeholder of the wrong kind as an application id": "a placeholder check mode gives another kind of object",
    "an unknown id": "No fax application has id %s" % UNKNOWN_ID,
    "a name two applications share": "2 fax applications are named 'twin-00001'",
    "an id and a name that disagree, to delete": "not fax application 'twin-00001'",
    "a rename onto a taken name": "would give two fax applications one name",
    "an application that still has numbers": "Phone numbers are still assigned to it: %s" % NUMBER,
    "a profile an application still uses": "Fax applications still use this profile: billing-00001",
    "a profile id that names none": "No outbound voice profile has id %s" % UNKNOWN_ID,
    "a profile renamed onto another's name": "would give two outbound voice profiles one name",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_refusal_says_why_and_writes_nothing(simulator, run_module, case):
    module, options_of = CASES[case]
    options = options_of(_account(simulator))
    mark = len(simulator.requests_log())
    result = run_module(module.main, options, check_mode=True)
    assert result.get("failed"), case
    assert EXPECTED[case] in result["msg"]
    assert ".." not in result["msg"]
    assert [call for call in simulator.calls(mark) if not call.startswith("GET ")] == []


def test_the_accepted_cases_change_something(simulator, run_module):
    """The table holds both kinds of decision: these pass in check mode and report a change."""
    for case in ("an application's placeholder as its id", "a profile name that exists", "a profile nobody uses"):
        simulator.reset()
        module, options_of = CASES[case]
        result = run_module(module.main, options_of(_account(simulator)), check_mode=True)
        assert not result.get("failed"), (case, result.get("msg"))
        assert result["changed"] is True, case


def test_a_profiles_placeholder_as_a_numbers_connection_id_is_refused_in_check_mode(simulator, run_module):
    """Numbers have no bulk list of their own; the same planner refuses the wrong kind for them too."""
    _account(simulator)
    mark = len(simulator.requests_log())
    result = run_module(
        number_module.main, dict(phone_number=NUMBER, connection_id=PROFILE_PLACEHOLDER), check_mode=True
    )
    assert result.get("failed")
    assert result["msg"].startswith("Nothing was sent to Telnyx: connection_id is %r" % PROFILE_PLACEHOLDER)
    assert "it must name a fax application" in result["msg"]
    assert simulator.calls(mark) == []
