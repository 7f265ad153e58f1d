# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_application_bulk's entry: its options, the run, its report and its messages.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils._bulk_run import DEFAULT_PARALLEL_WRITES, NOT_WRITTEN, BulkRun
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._runners import state_argument_spec


def bulk_argument_spec():
    application_options = state_argument_spec(FAX_APPLICATIONS)
    application_options["phone_numbers"] = dict(type="list", elements="str")
    return dict(
        applications=dict(type="list", elements="dict", required=True, options=application_options),
        outbound_voice_profiles=dict(
            type="list", elements="dict", options=state_argument_spec(OUTBOUND_VOICE_PROFILES)
        ),
        marker_tag=dict(type="str"),
        purge=dict(type="bool", default=False),
        unassign_unlisted_phone_numbers=dict(type="bool", default=False),
        parallel_writes=dict(type="int", default=DEFAULT_PARALLEL_WRITES),
    )


def run_bulk_module():
    """telnyx.fax.fax_application_bulk: converge the declared lists, report, and exit."""
    module = TelnyxModule(
        argument_spec=bulk_argument_spec(),
        resources={"applications": FAX_APPLICATIONS, "outbound_voice_profiles": OUTBOUND_VOICE_PROFILES},
        required_if=[("purge", True, ("marker_tag",))],
        supports_check_mode=True,
    )
    params = module.params
    if not 1 <= params["parallel_writes"] <= 16:
        module.fail_json(
            msg="parallel_writes must be between 1 and 16, got %d; nothing was sent to Telnyx."
            % params["parallel_writes"]
        )

    run = converge(module)
    for item in (run.profiles or []) + run.applications:
        for note in item.notes:
            module.warn(note)
    result, diffs, failed = run.result()
    result["report"] = report_lines(result, module.check_mode)
    if module._diff:
        result["diff"] = diffs
    if failed:
        module.fail_json(msg=failure_message(result, failed), **result)
    module.exit_json(**result)


def converge(module):
    """Declare, plan and write the module's lists; the BulkRun, or the task fails."""
    params = module.params

    def shapes(option):
        given = module.given.get(option)
        return given if isinstance(given, list) else []

    try:
        run = BulkRun(
            module.client,
            check_mode=module.check_mode,
            warn=module.warn,
            marker_tag=params["marker_tag"],
            purge=params["purge"],
            parallel_writes=params["parallel_writes"],
            unassign_unlisted_phone_numbers=params["unassign_unlisted_phone_numbers"],
        )
        run.declare(
            params["applications"],
            shapes("applications"),
            params["outbound_voice_profiles"],
            shapes("outbound_voice_profiles"),
        )
        run.plan()
        run.apply()
    except PlanError as error:
        module.fail_json(msg=str(error))
    except TelnyxError as error:
        module.fail_from(error)
    return run


# How many failures a message tells one by one; the result has every one.
FAILURES_TOLD = 10

# (what, result key, summary key, name key) for each kind of object a run may touch.
REPORTED_KINDS = (
    ("application", "applications", "application_summary", "application_name"),
    ("outbound voice profile", "outbound_voice_profiles", "outbound_voice_profile_summary", "name"),
    ("phone number", "phone_numbers", "phone_number_summary", "phone_number"),
)


def report_lines(result, check_mode):
    """The run in words: a count per kind it touched, then a line per object that changed (or would)."""
    verbs = dict(created="created", updated="updated", deleted="deleted", failed="failed")
    if check_mode:
        verbs.update(created="would create", updated="would update", deleted="would delete")
    lines = []
    for what, key, summary_key, name_key in REPORTED_KINDS:
        if summary_key not in result:
            continue
        summary = result[summary_key]
        # Numbers are never created or deleted here, only assigned, moved or unassigned.
        actions = ("updated",) if what == "phone number" else ("created", "updated", "deleted")
        counts = ["%s %d" % (verbs[action], summary[action]) for action in actions]
        counts += ["unchanged %d" % summary["unchanged"], "failed %d" % summary["failed"]]
        lines.append("%ss: %s (total %d)" % (what, ", ".join(counts), summary["total"]))
        lines.extend(
            "%s %s" % (verbs[entry["action"]], object_in_words(what, entry, name_key))
            for entry in result.get(key, [])
            if entry["action"] != "unchanged"
        )
    return lines


def object_in_words(what, entry, name_key):
    """One changed object of a report line: what, which, and what changed or went wrong."""
    if what == "phone number" and entry["action"] != "failed":
        where = entry.get("connection_name") or entry.get("connection_id")
        return "phone number %s: %s" % (entry["phone_number"], "assigned to %s" % where if where else "unassigned")
    words = "%s %s" % (what, entry.get(name_key))
    if entry.get("id") and not str(entry["id"]).startswith("("):
        words += " (id %s)" % entry["id"]
    if entry.get("changed_fields"):
        words += ": " + ", ".join(entry["changed_fields"])
    if entry.get("error"):
        words += ": " + entry["error"]
    return words


def failure_message(result, failed):
    """What could not be converged, counted per kind, with each failure's own message."""
    # Counted per kind ("1 of 5 applications"): one count over applications, profiles and
    # numbers together would not say what the numbers count.
    counts = []
    for what, key, _summary_key, _name_key in REPORTED_KINDS:
        entries = result.get(key, [])
        failures = len([entry for entry in entries if entry["action"] == "failed"])
        if failures:
            counts.append("%d of %d %ss" % (failures, len(entries), what))
    # The causes first: a failed profile create leaves every application that names it "not
    # written", and hundreds of those lines buried the one that said why.
    ordered = sorted(failed, key=lambda entry: entry["error"].startswith(NOT_WRITTEN))
    told = [
        "%s: %s" % (entry.get("application_name") or entry.get("name") or entry.get("phone_number"), entry["error"])
        for entry in ordered[:FAILURES_TOLD]
    ]
    if len(ordered) > FAILURES_TOLD:
        told.append(
            "and %d more, each with its error in the result's applications, outbound_voice_profiles or phone_numbers"
            % (len(ordered) - FAILURES_TOLD)
        )
    return "%s could not be converged: %s" % (" and ".join(counts), "; ".join(told))
