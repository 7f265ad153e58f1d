# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fax module's run: send one fax (and wait for it), cancel one, or delete one.

Sending is an action, not a state: it is never compared with anything, and a send that got
no answer is never repeated, since a second fax costs money and reaches a person.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import time

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _waiter as waiter
from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError, join_path
from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._fax_failures import failure_in_words
from ansible_collections.telnyx.fax.plugins.module_utils._faxes import FAXES, FIELDS, FINAL_STATUSES
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils._planner import NOTHING_SENT, Account, References, message
from ansible_collections.telnyx.fax.plugins.module_utils._plans import plan_absent
from ansible_collections.telnyx.fax.plugins.module_utils._service import Service

# What a diff shows of a fax that goes, besides its id: enough to tell which fax it was.
DELETE_DIFF_FIELDS = ("direction", "status", "from", "to", "created_at")


def fax_argument_spec():
    spec = model.argument_spec(FIELDS)
    spec.update(
        id=dict(type="str"),
        state=dict(type="str", choices=["sent", "canceled", "absent"], default="sent"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
        wait_interval=dict(type="float", default=5.0),
    )
    return spec


def run_fax_module(sleep=time.sleep, clock=time.monotonic):
    module = TelnyxModule(
        argument_spec=fax_argument_spec(),
        resources={None: FAXES},
        blank_is_unset=("id",),
        mutually_exclusive=[("media_url", "media_name"), ("connection_id", "connection_name")],
        required_if=[("state", "canceled", ("id",)), ("state", "absent", ("id",))],
        supports_check_mode=True,
    )
    FaxTask(module, sleep, clock).run()


class FaxTask:
    """One run of telnyx.fax.fax."""

    def __init__(self, module, sleep, clock):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.sleep = sleep
        self.clock = clock
        # Status reads of the wait that got no answer, for the message at the timeout.
        self.unanswered = 0

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **result)

    def run(self):
        params = self.params
        problems = self._input_problems()
        if problems:
            self.fail(message(NOTHING_SENT, problems))
        try:
            if params["state"] == "canceled":
                self.cancel()
            elif params["state"] == "absent":
                self.delete()
            else:
                self.send()
        except PlanError as error:
            self.fail(str(error))
        except TelnyxError as error:
            self.module.fail_from(error)

    def _input_problems(self):
        params = self.params
        problems = []
        if not 0 < params["wait_timeout"] <= 86400:
            problems.append("wait_timeout must be from 1 to 86400 seconds, got %s" % params["wait_timeout"])
        if not params["wait_interval"] >= 0.2:
            problems.append("wait_interval must be 0.2 seconds or more, got %s" % params["wait_interval"])
        if params["id"] is not None and FAXES.id_problem(params["id"]):
            problems.append("id: %s" % FAXES.id_problem(params["id"]))
        if params["state"] in ("canceled", "absent"):
            self._warn_unused(params["state"])
            return problems
        if params["id"] is not None:
            problems.append(
                "id names a fax to cancel (state=canceled) or delete (state=absent); a fax to send has no id yet"
            )
        self.wanted = model.requested(FIELDS, params, self.module.given)
        problems.extend(model.validate(FIELDS, self.wanted, check_mode=self.module.check_mode))
        list(map(self.module.warn, FAXES.inert_warnings(params)))
        for required in (("connection_id", "connection_name"), ("from",), ("to",), ("media_url", "media_name")):
            if not any(self.wanted.get(name) for name in required):
                problems.append("sending a fax needs %s" % " or ".join(required))
        if self.wanted.get("media_name") and self.wanted.get("store_media"):
            problems.append("store_media cannot be combined with media_name (Telnyx stores only media it downloads)")
        return problems

    def _warn_unused(self, state):
        unused = [name for name in FIELDS if name in self.module.given and self.params.get(name) is not None]
        if state == "absent":
            unused += [name for name in ("wait", "wait_timeout", "wait_interval") if name in self.module.given]
        if unused:
            self.module.warn(
                "%s %s nothing with state=%s: it acts on the fax with id alone."
                % (", ".join(sorted(unused)), "does" if len(unused) == 1 else "do", state)
            )

    # --- send -------------------------------------------------------------------------------

    def send(self):
        module = self.module
        service = Service(FAXES, self.client)
        wanted = model.resolve_references(FIELDS, self.wanted, self._resolve)
        self._check_the_sender(wanted)
        payload = model.wire(FIELDS, dict((name, value) for name, value in wanted.items() if value is not None))
        if module.check_mode:
            predicted = dict(payload, id=FAXES.placeholder("to %s" % wanted["to"]), direction="outbound")
            module.exit_json(changed=True, fax=predicted)
        try:
            fax = self.client.post(FAXES.path, payload).get("data") or {}
        except TelnyxError as error:
            if error.may_have_been_applied:
                raise error.with_message(
                    "%s. The fax may have been sent anyway, and it is not sent again: a second fax costs money "
                    "and reaches a person. Look for it with telnyx.fax.fax_info (to=%s, direction=outbound) before "
                    "sending again." % (error.message.rstrip("."), wanted["to"])
                ) from None
            raise
        if self.params["wait"]:
            fax = self._wait(service, fax)
        module.exit_json(changed=True, fax=fax)

    def _resolve(self, reference, name):
        # The same rules as every link by name, so check mode accepts an application an earlier
        # check-mode task would create.
        references = References(Account(self.client), self.module.check_mode, self.module.warn)
        return references.id_of(reference, name)

    def _check_the_sender(self, wanted):
        """The application exists and can send; the from number belongs to the account.

        Telnyx would accept the send and then fail the fax; checking first says why at once,
        and is what lets check mode say whether the fax could go.
        """
        application_id = wanted["connection_id"]
        if model.is_placeholder(application_id):
            self.module.warn("The fax application is only planned (check mode), so it could not be checked.")
            return
        application = Service(FAX_APPLICATIONS, self.client).get(application_id)
        if application is None:
            raise PlanError("No fax application has id %s; nothing was sent." % application_id)
        profile_id = OUTBOUND_VOICE_PROFILES.dependents.points_at(application)
        if not profile_id:
            raise PlanError(
                "%s has no outbound voice profile, so Telnyx would fail the fax with no_outbound_profile. Set its "
                "outbound.outbound_voice_profile_id (or outbound_voice_profile_name) first; nothing was sent."
                % FAX_APPLICATIONS.describe(application)
            )
        profile = Service(OUTBOUND_VOICE_PROFILES, self.client).get(profile_id)
        if profile is None:
            raise PlanError(
                "%s names outbound voice profile %s, which does not exist; nothing was sent."
                % (FAX_APPLICATIONS.describe(application), profile_id)
            )
        if profile.get("enabled") is False:
            raise PlanError(
                "%s is disabled, so it blocks the faxes of %s; enable it first. Nothing was sent."
                % (OUTBOUND_VOICE_PROFILES.describe(profile), FAX_APPLICATIONS.describe(application))
            )
        numbers = Service(PHONE_NUMBERS, self.client).named(wanted["from"])
        if not [number for number in numbers if number.get("status") == "active"]:
            # A verified number that is not the account's may be a valid sender: say, do not refuse.
            self.module.warn(
                "from %s is not an active phone number of this account. Unless it is a verified number, Telnyx "
                "fails the fax with unverified_origination_number." % wanted["from"]
            )

    # --- wait and cancel ----------------------------------------------------------------------

    def _wait(self, service, fax):
        """Poll the fax until it is delivered or failed; fail the task on failed or at the timeout.

        A read that Telnyx answers with an error still reports the change and the fax, so the
        user knows what happened to it.
        """
        try:
            fax = waiter.wait_until(
                lambda last: last.get("status") in FINAL_STATUSES,
                lambda last: service.get(last.get("id")),
                fax,
                self.params["wait_timeout"],
                self.params["wait_interval"],
                self.sleep,
                self.clock,
                self._warn_unanswered,
            )
        except waiter.ReadFailed as failure:
            self._fail_reading_while_waiting(failure.last, failure.error)
        if fax.get("status") not in FINAL_STATUSES:
            self._fail_still_pending(fax)
        if fax.get("status") == "failed" and self.params["state"] == "sent":
            self.fail(
                "Fax %s to %s failed: %s." % (fax.get("id"), fax.get("to"), failure_in_words(fax)),
                changed=True,
                fax=fax,
            )
        return fax

    def _warn_unanswered(self, fax, error, count):
        # Numbered: ansible-core 2.19+ would show identical warnings once.
        self.unanswered = count
        self.module.warn(
            "Reading fax %s while waiting got no answer (%s); %d read%s without an answer so far. The wait "
            "goes on until wait_timeout." % (fax.get("id"), error.message, count, "" if count == 1 else "s")
        )

    def _fail_still_pending(self, fax):
        if self.params["state"] == "sent":
            what = (
                "It was sent and may still be delivered: look again with telnyx.fax.fax_info id=%s, or "
                "cancel it with state=canceled." % fax.get("id")
            )
        else:
            what = (
                "The cancel was accepted but has not taken effect yet: look again with telnyx.fax.fax_info id=%s."
                % (fax.get("id"))
            )
        status = "still %s" % fax.get("status")
        if self.unanswered:
            status = "%s as last read (%d status read%s got no answer)" % (
                status,
                self.unanswered,
                "" if self.unanswered == 1 else "s",
            )
        self.fail(
            "Fax %s to %s is %s after %s seconds (wait_timeout). %s"
            % (fax.get("id"), fax.get("to"), status, self.params["wait_timeout"], what),
            changed=True,
            fax=fax,
        )

    def _fail_reading_while_waiting(self, fax, error):
        if self.params["state"] == "sent":
            what = "Fax %s to %s was sent" % (fax.get("id"), fax.get("to"))
            advice = "; do not send it again blindly"
        else:
            what = "The cancel of fax %s to %s was accepted" % (fax.get("id"), fax.get("to"))
            advice = ""
        self.fail(
            "%s, but reading its status while waiting failed: %s. Look at it with telnyx.fax.fax_info "
            "id=%s%s." % (what, error.message.rstrip("."), fax.get("id"), advice),
            changed=True,
            fax=fax,
            failure=error.failure,
        )

    def _exit_if_final(self, fax):
        if fax.get("status") in FINAL_STATUSES:
            if fax.get("status") == "delivered":
                self.module.warn("Fax %s was already delivered; there is nothing to cancel." % fax.get("id"))
            self.module.exit_json(changed=False, fax=fax)

    def cancel(self):
        module = self.module
        service = Service(FAXES, self.client)
        fax = service.get(self.params["id"])
        if fax is None:
            raise PlanError("No fax has id %s in this account." % self.params["id"])
        self._exit_if_final(fax)
        if fax.get("direction") == "inbound":
            raise PlanError("Fax %s is an inbound fax; only outbound faxes can be canceled." % fax.get("id"))
        if module.check_mode:
            module.exit_json(changed=True, fax=fax)
        try:
            self.client.post(join_path(FAXES.path, fax.get("id"), "actions", "cancel"))
        except TelnyxError as error:
            # A 422 is also what a fax that ended between the read and the cancel gets: then
            # there was nothing left to cancel, as if the read had come a moment later.
            if error.status == 422:
                self._exit_if_final(service.get(fax.get("id")) or fax)
            raise
        try:
            fax = service.get(fax.get("id")) or fax
        except TelnyxError as error:
            if not self.params["wait"]:
                module.warn("The cancel was accepted, but reading the fax afterwards failed: %s" % error.message)
        if self.params["wait"]:
            fax = self._wait(service, fax)
        module.exit_json(changed=True, fax=fax)

    # --- delete -------------------------------------------------------------------------------

    def delete(self):
        """Delete the fax with id: it and its media are gone from Telnyx; a fax already gone is no change.

        Check mode reads the fax (a read is safe) and sends nothing else.
        """
        module = self.module
        service = Service(FAXES, self.client)
        current = service.get(self.params["id"])
        plan = plan_absent(FAXES, {}, current)
        if current is not None:
            plan.before.update((name, current.get(name)) for name in DELETE_DIFF_FIELDS)
        result = dict(changed=plan.changed, fax=current)
        if module._diff:
            result["diff"] = plan.diff
        advice = in_progress_advice(current) if current else None
        if advice and module.check_mode:
            module.warn("Telnyx may refuse to delete it while it is in progress: %s" % advice)
        if plan.changed and not module.check_mode:
            try:
                service.delete(current.get("id"), current)
            except TelnyxError as error:
                if not advice or error.status != 422:
                    raise
                raise error.with_message("%s. %s" % (error.message, advice)) from None
        module.exit_json(**result)


def in_progress_advice(fax):
    """What to do first about a fax still in progress, which Telnyx may not delete; None when done."""
    status = fax.get("status")
    if status in FINAL_STATUSES + ("received",):
        return None
    if fax.get("direction") == "inbound":
        return (
            "fax %s is still arriving (%s): wait until it is received or failed (telnyx.fax.fax_info), then "
            "delete it" % (fax.get("id"), status)
        )
    return "fax %s is still being sent (%s): cancel it (state: canceled, wait: true), then delete it" % (
        fax.get("id"),
        status,
    )
