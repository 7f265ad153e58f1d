# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bulk run (fax_application_bulk): outbound voice profiles, then the applications that use them.

Everything is read first (one listing per resource), everything is planned, and only then is
anything written, in the order that keeps every reference valid: profiles are created and
updated before the applications that name them, and deleted after them. A profile the run
creates is known by a placeholder id until its create answers; check mode shows the
placeholder, a real run sends the real id. Which numbers go where is bulk_numbers.py's; the
list mechanics (purge, write, settle, report) are bulk.py's.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _bulk as bulk
from ansible_collections.telnyx.fax.plugins.module_utils import _bulk_numbers as bulk_numbers
from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils._planner import Account, References
from ansible_collections.telnyx.fax.plugins.module_utils._service import Service

# Writes in flight at once unless the task says otherwise: a round trip to Telnyx is most of
# what a write costs, and the client's throttle lowers it when Telnyx asks to slow down.
DEFAULT_PARALLEL_WRITES = 16
# How the error of a write skipped for another's failed create starts.
NOT_WRITTEN = "not written: it needs"


class BulkRun:
    """One run of the bulk module (fax_application_bulk): its declared lists, what Telnyx holds, and the plans."""

    def __init__(
        self,
        client,
        check_mode=False,
        warn=None,
        marker_tag=None,
        purge=False,
        parallel_writes=DEFAULT_PARALLEL_WRITES,
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
            self._plan_numbers,
            self._check_references,
        ):
            problems = step()
            if problems:
                raise PlanError(planner.message(planner.NOTHING_CHANGED, problems))

    def _read(self):
        """One listing per resource the declaration concerns, read before anything is decided.

        A resource the account already holds whole is not read again (a test gives the listings).
        """
        named_profiles = [
            reference
            for item in self.applications
            for reference in model.references_in(FAX_APPLICATIONS.fields, item.wanted)
        ]
        if self.profiles is not None or named_profiles:
            self._read_whole(OUTBOUND_VOICE_PROFILES)
        self._read_whole(FAX_APPLICATIONS)

    def _read_whole(self, resource):
        if not self.account.has_listing(resource):
            self.account.read_whole(resource)

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

    def _plan_numbers(self):
        """Plan every number the declaration concerns, from one listing (bulk_numbers.py)."""
        if not bulk_numbers.concerned(self.applications):
            return []
        self._read_whole(PHONE_NUMBERS)
        self.phone_numbers, problems = bulk_numbers.plan_numbers(
            self.applications, self.account, self.references, self.unassign_unlisted_phone_numbers
        )
        return problems

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
        bulk.settle(service, creating, self.parallel_writes)
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
            needed = ", ".join(sorted(model.placeholder_label(value) for value in missing))
            raise PlanError("%s %s, which this run could not create (see its own error)" % (NOT_WRITTEN, needed))
        item.plan.after = real(item.plan.after, required=False)

    # --- report -------------------------------------------------------------------------------

    def result(self):
        entries, summary, diffs = bulk.report(self.applications, "fax application")
        # summary: application_summary's old name, deprecated; removed in a release after 1.0.
        result = dict(applications=entries, application_summary=summary, summary=summary)
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
