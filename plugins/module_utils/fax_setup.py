# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A declared fax setup in one run: outbound voice profiles, then the applications that use them.

Everything is read first (one listing per resource), everything is planned, and only then is
anything written, in the order that keeps every reference valid: profiles are created and
updated before the applications that name them, and deleted after them. A profile the run
creates is known by a placeholder id until its create answers; check mode shows the
placeholder, a real run sends the real id.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import bulk, planner
from ansible_collections.telnyx.fax.plugins.module_utils import fields as model
from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils.fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils.fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils.module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils.outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils.phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils.planner import Account, References
from ansible_collections.telnyx.fax.plugins.module_utils.plans import plan_present
from ansible_collections.telnyx.fax.plugins.module_utils.runners import state_argument_spec
from ansible_collections.telnyx.fax.plugins.module_utils.service import Service


class Setup:
    """One run of the bulk module: its declared lists, what Telnyx holds, and the plans."""

    def __init__(
        self,
        client,
        check_mode=False,
        warn=None,
        marker_tag=None,
        purge=False,
        parallel_writes=1,
        unassign_unlisted_phone_numbers=False,
    ):
        if purge and not marker_tag:
            raise PlanError("purge needs marker_tag, so that only objects this task manages can be deleted.")
        self.client = client
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.marker_tag = marker_tag
        self.purge = purge
        self.parallel_writes = parallel_writes
        self.unassign_unlisted_phone_numbers = unassign_unlisted_phone_numbers
        self.profiles = None  # None: the task declares no profiles, and none is ever changed
        self.applications = []
        self.phone_numbers = None  # None: no number was in scope, and none was read
        self.account = Account(client)
        self.references = None
        # placeholder id -> real id, filled in as creates answer
        self.created_ids = {}

    def declare(self, applications, application_shapes, profiles=None, profile_shapes=None):
        """Take the task's lists; every problem in any item fails the run before any request."""
        self.applications, problems = planner.declare(
            FAX_APPLICATIONS, applications, application_shapes, self.check_mode, "applications", self.warn
        )
        if profiles is not None:
            self.profiles, profile_problems = planner.declare(
                OUTBOUND_VOICE_PROFILES,
                profiles,
                profile_shapes or [],
                self.check_mode,
                "outbound_voice_profiles",
                self.warn,
            )
            problems = profile_problems + problems
        for item in self.applications:
            item.params["phone_numbers"] = PHONE_NUMBERS.normalize_names(item.params.get("phone_numbers"))
            if not item.present and item.params.get("phone_numbers"):
                problems.append("%s: phone_numbers cannot be assigned to an application the run deletes" % item.label)
            for index, number in enumerate(item.params.get("phone_numbers") or []):
                problem = PHONE_NUMBERS.name_problem(number)
                if problem:
                    problems.append("%s: phone_numbers[%d]: %s" % (item.label, index, problem))
        if problems:
            raise PlanError(planner.message(planner.NOTHING_SENT, problems))

    # --- read and plan ------------------------------------------------------------------------

    def plan(self):
        """Read the account once and plan every item; raise PlanError before any write."""
        self._read()
        # A name an application gives is first one of the profiles this run declares.
        self.references = References(self.account, self.check_mode, self.warn, declared=self.profiles or [])
        for step in (
            self._identify,
            self._plan_profiles_and_resolve_names,
            lambda: planner.plan(self.applications, self.account.view(FAX_APPLICATIONS), self.marker_tag),
            self._purge,
            self._profiles_still_in_use,
            self._plan_phone_numbers,
            self._check_references,
        ):
            problems = step()
            if problems:
                raise PlanError(planner.message(planner.NOTHING_CHANGED, problems))

    def _read(self):
        """One listing per resource the declaration concerns, read before anything is decided."""
        named_profiles = [
            reference
            for item in self.applications
            for reference in model.references_in(FAX_APPLICATIONS.fields, item.wanted)
        ]
        if self.profiles is not None or named_profiles:
            self.account.read_whole(OUTBOUND_VOICE_PROFILES)
        self.account.read_whole(FAX_APPLICATIONS)

    def _identify(self):
        profiles = self.profiles or []
        return planner.identify(profiles, self.account.view(OUTBOUND_VOICE_PROFILES)) + planner.identify(
            self.applications, self.account.view(FAX_APPLICATIONS)
        )

    def _plan_profiles_and_resolve_names(self):
        """Profiles first: an application may name one this run creates, or (refused) deletes."""
        problems = planner.plan(self.profiles or [], self.account.view(OUTBOUND_VOICE_PROFILES), self.marker_tag)
        for item in self.applications:
            problems.extend(self.references.resolve(item))
        return problems

    def _purge(self):
        if not self.purge:
            return []
        self.applications.extend(
            bulk.purge(
                FAX_APPLICATIONS,
                "applications",
                self.applications,
                self.account.view(FAX_APPLICATIONS).objects,
                self.marker_tag,
            )
        )
        if self.profiles is not None:
            self.profiles.extend(
                bulk.purge(
                    OUTBOUND_VOICE_PROFILES,
                    "outbound_voice_profiles",
                    self.profiles,
                    self.account.view(OUTBOUND_VOICE_PROFILES).objects,
                    self.marker_tag,
                )
            )
        return []

    def _profiles_still_in_use(self):
        """A profile this run deletes must not stay named by an application it keeps."""
        planned = dict((item.current.get("id"), item) for item in self.applications if item.current is not None)
        problems = []
        for item in planner.deletes(self.profiles or []):
            problem = planner.release_or_refuse(item, planner.still_pointing(item, self.account, planned), False)
            if problem:
                problems.append(problem)
        return problems

    def _check_references(self):
        """Check mode: the ids the declaration gives for other objects must name some."""
        if not self.check_mode:
            return []
        return [
            problem
            for item in (self.profiles or []) + self.applications
            if item.plan.changed and not item.purged
            for problem in self.references.check(item)
        ]

    def _plan_phone_numbers(self):
        """Plan every number the declaration concerns, from one listing; return the problems.

        A number listed under a declared application is assigned to it (moved if need be). A
        number on an application the run deletes, or on a declared application that lists its
        numbers but not this one, is unassigned only when the task says so; on an application
        the run deletes, it is otherwise a problem, since Telnyx would refuse the delete.
        """
        listing_apps = [
            item for item in self.applications if item.present and item.params.get("phone_numbers") is not None
        ]
        deleted = planner.deletes(self.applications)
        if not listing_apps and not deleted:
            return []
        numbers = self.account.read_whole(PHONE_NUMBERS).objects
        listed_under, problems = self._listed_under(listing_apps, numbers)
        in_scope = set(item.current.get("id") for item in listing_apps if item.current is not None)
        self.phone_numbers = []
        for number in numbers:
            owner = listed_under.get(number.get("phone_number"))
            if owner is not None:
                self._assign(number, owner)
            elif number.get("connection_id") in in_scope and self.unassign_unlisted_phone_numbers:
                self._assign(number, None)
        return problems + self._numbers_on_deleted_applications(deleted)

    @staticmethod
    def _listed_under(listing_apps, numbers):
        """{number: the item that lists it}, and the problems: a number listed twice or not the account's."""
        held = set(number.get("phone_number") for number in numbers)
        problems, listed_under = [], {}
        for item in listing_apps:
            for number in item.params["phone_numbers"]:
                if number in listed_under and listed_under[number] is not item:
                    problems.append(
                        "%s: phone number %s is listed under %s too" % (item.label, number, listed_under[number].label)
                    )
                elif number not in held:
                    problems.append(
                        "%s: this account has no phone number %s (the collection never buys one)" % (item.label, number)
                    )
                listed_under[number] = item
        return listed_under, problems

    def _assign(self, number, owner):
        """Plan number onto owner's application (None: onto none), named as it is after the run."""
        target = None
        if owner is not None:
            target = owner.current.get("id") if owner.current else FAX_APPLICATIONS.placeholder(owner.name)
            self.references.names[target] = owner.name
        entry = planner.Item(
            PHONE_NUMBERS, dict(phone_number=number.get("phone_number")), {"connection_id": target}, "phone_numbers"
        )
        entry.current = number
        entry.plan = plan_present(PHONE_NUMBERS, entry.wanted, number)
        self.references.predict_mirrors(entry)
        self.phone_numbers.append(entry)

    def _numbers_on_deleted_applications(self, deleted):
        planned = dict((entry.current.get("id"), entry) for entry in self.phone_numbers)
        problems = []
        for item in deleted:
            still = planner.still_pointing(item, self.account, planned)
            if self.unassign_unlisted_phone_numbers or item.params.get("unassign_phone_numbers"):
                for number in still:
                    self._assign(number, None)
            elif still:
                problems.append(planner.release_or_refuse(item, still, False, self._more_number_advice(item)))
        return problems

    @staticmethod
    def _more_number_advice(item):
        # A purged application has no item of its own to give unassign_phone_numbers to.
        lead = " A purged application takes no unassign_phone_numbers: " if item.purged else " Or "
        return (
            "%slist them under a declared application, or set unassign_unlisted_phone_numbers=true (the role's "
            "fax_applications_unassign_unlisted_phone_numbers)" % lead
        )

    # --- write --------------------------------------------------------------------------------

    def apply(self):
        """Write in dependency order: profiles, applications, numbers, then deletes in reverse."""
        if self.check_mode:
            return
        profiles = self.profiles or []
        profile_service = Service(OUTBOUND_VOICE_PROFILES, self.client)
        application_service = Service(FAX_APPLICATIONS, self.client)
        upserts, deletes = ("create", "update"), ("delete",)

        self._upsert(profile_service, profiles)
        self._upsert(application_service, self.applications, self._fill_in_created_ids)
        bulk.write(
            Service(PHONE_NUMBERS, self.client),
            bulk.changing(self.phone_numbers or [], upserts),
            self.parallel_writes,
            self._fill_in_created_ids,
        )
        bulk.write(application_service, bulk.changing(self.applications, deletes), self.parallel_writes)
        bulk.write(profile_service, bulk.changing(profiles, deletes), self.parallel_writes)

    def _upsert(self, service, items, before_write=None):
        """Create and update items, settle what two runs at once created, and remember the new ids.

        Settling comes before anything points at a new object: a copy this run deletes was never
        named by another of its writes.
        """
        creating = bulk.changing(items, ("create",))
        bulk.write(service, bulk.changing(items, ("create", "update")), self.parallel_writes, before_write)
        bulk.settle(service, creating)
        for item in creating:
            if item.outcome and item.outcome.get("id"):
                self.created_ids[service.resource.placeholder(item.name)] = item.outcome["id"]

    def _fill_in_created_ids(self, item):
        """Replace placeholders in an item's request with the ids their creates returned."""
        missing = []

        def real(value, required):
            if isinstance(value, dict):
                return dict((key, real(sub, required)) for key, sub in value.items())
            if isinstance(value, list):
                return [real(sub, required) for sub in value]
            if model.is_placeholder(value):
                if value in self.created_ids:
                    return self.created_ids[value]
                if required:
                    missing.append(value)
            return value

        item.plan.payload = real(item.plan.payload, required=True)
        if item.plan.target is not None:
            # What a concurrent run's duplicate is re-planned from (planner.settle_create).
            item.plan.target = real(item.plan.target, required=False)
        if missing:
            raise PlanError(
                "not written: it needs %s, which could not be created in this run" % ", ".join(sorted(missing))
            )
        item.plan.after = real(item.plan.after, required=False)

    # --- report -------------------------------------------------------------------------------

    def result(self):
        entries, summary, diffs = bulk.report(self.applications, "fax application")
        result = dict(applications=entries, summary=summary)
        changed = summary["created"] + summary["updated"] + summary["deleted"] > 0
        failed = [entry for entry in entries if entry["action"] == "failed"]
        if self.profiles is not None:
            profile_entries, profile_summary, profile_diffs = bulk.report(self.profiles, "outbound voice profile")
            result.update(outbound_voice_profiles=profile_entries, outbound_voice_profile_summary=profile_summary)
            changed = (
                changed or profile_summary["created"] + profile_summary["updated"] + profile_summary["deleted"] > 0
            )
            failed += [entry for entry in profile_entries if entry["action"] == "failed"]
            diffs = profile_diffs + diffs
        if self.phone_numbers is not None:
            number_entries, number_summary, number_diffs = bulk.report(self.phone_numbers, "phone number")
            for entry, item in zip(number_entries, self.phone_numbers):
                # Where the number goes, by name too: what a report line says.
                entry["connection_id"] = (item.outcome or item.plan.predicted).get("connection_id")
                entry["connection_name"] = (item.outcome or item.plan.predicted).get("connection_name")
            result.update(phone_numbers=number_entries, phone_number_summary=number_summary)
            changed = changed or number_summary["updated"] > 0
            failed += [entry for entry in number_entries if entry["action"] == "failed"]
            diffs = diffs + number_diffs
        result["changed"] = changed
        return result, diffs, failed


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
        parallel_writes=dict(type="int", default=1),
    )


def run_bulk_module():
    """telnyx.fax.fax_application_bulk: converge the declared lists, report, and exit."""
    module = TelnyxModule(
        argument_spec=bulk_argument_spec(),
        resource_fields={
            "applications": FAX_APPLICATIONS.fields,
            "outbound_voice_profiles": OUTBOUND_VOICE_PROFILES.fields,
        },
        required_if=[("purge", True, ("marker_tag",))],
        supports_check_mode=True,
    )
    params = module.params
    if not 1 <= params["parallel_writes"] <= 16:
        module.fail_json(
            msg="parallel_writes must be between 1 and 16, got %d; nothing was sent to Telnyx."
            % params["parallel_writes"]
        )

    def shapes(option):
        given = module.given.get(option)
        return given if isinstance(given, list) else []

    try:
        setup = Setup(
            module.client,
            check_mode=module.check_mode,
            warn=module.warn,
            marker_tag=params["marker_tag"],
            purge=params["purge"],
            parallel_writes=params["parallel_writes"],
            unassign_unlisted_phone_numbers=params["unassign_unlisted_phone_numbers"],
        )
        setup.declare(
            params["applications"],
            shapes("applications"),
            params["outbound_voice_profiles"],
            shapes("outbound_voice_profiles"),
        )
        setup.plan()
        setup.apply()
    except PlanError as error:
        module.fail_json(msg=str(error))
    except TelnyxError as error:
        module.fail_from(error)

    for item in (setup.profiles or []) + setup.applications:
        for note in item.notes:
            module.warn(note)
    result, diffs, failed = setup.result()
    if module._diff:
        result["diff"] = diffs
    if failed:
        module.fail_json(msg=failure_message(result, failed), **result)
    module.exit_json(**result)


def failure_message(result, failed):
    """What could not be converged, counted per kind, with each failure's own message."""
    # Counted per kind ("1 of 5 applications"): one count over applications, profiles and
    # numbers together would not say what the numbers count.
    counts = []
    for key, kind in (
        ("applications", "applications"),
        ("outbound_voice_profiles", "outbound voice profiles"),
        ("phone_numbers", "phone numbers"),
    ):
        entries = result.get(key, [])
        failures = len([entry for entry in entries if entry["action"] == "failed"])
        if failures:
            counts.append("%d of %d %s" % (failures, len(entries), kind))
    return "%s could not be converged: %s" % (
        " and ".join(counts),
        "; ".join(
            "%s: %s" % (entry.get("application_name") or entry.get("name") or entry.get("phone_number"), entry["error"])
            for entry in failed
        ),
    )
