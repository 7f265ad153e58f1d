# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faxes, declared, and the fax module's run: send one (and wait for it), or cancel one.

Sending is an action, not a state: it is never compared with anything, and a send that got
no answer is never repeated, since a second fax costs money and reaches a person. The fields
still go through the engine's validation and references, so a fax's options mean what the
same options mean elsewhere in the collection.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import datetime
import re
import time

from ansible_collections.telnyx.fax.plugins.module_utils import fields as model
from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError, join_path
from ansible_collections.telnyx.fax.plugins.module_utils.fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils.fields import Field, PlanError, Reference
from ansible_collections.telnyx.fax.plugins.module_utils.module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils.outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils.phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils.planner import NOTHING_SENT, Account, References, message
from ansible_collections.telnyx.fax.plugins.module_utils.resource import UUID_ID, InertOption, ListFilter, Resource
from ansible_collections.telnyx.fax.plugins.module_utils.service import Service

E164_OR_SIP = r"^(%s|sips?:[^@\s]+@[^@\s]+)\Z" % model.E164_NUMBER
FINAL_STATUSES = ("delivered", "failed")
IN_PROGRESS = ("queued", "media.processed", "originated", "sending")

# What each failure_reason Telnyx documents means, for a message a person can act on.
FAILURE_REASONS = {
    "receiver_call_dropped": "the receiving side dropped the call",
    "sender_call_dropped": "the call dropped on the sending side",
    "sender_canceled": "the fax was canceled before it was delivered",
    "carrier_lost": "the carrier connection was lost during the transmission",
    "service_unavailable": "the fax service was unavailable",
    "fax_signaling_error": "the fax machines could not agree on how to talk (signaling error)",
    "receiver_communication_error": "the receiving fax machine had a communication error",
    "sender_communication_error": "the sending side had a communication error",
    "receiver_decline": "the receiver declined the call",
    "receiver_recovery_on_timer_expire": "the receiver stopped answering during the transmission",
    "receiver_no_response": "the receiver did not respond",
    "receiver_invalid_number_format": "the destination number is not in a valid format",
    "receiver_no_answer": "nobody answered at the destination",
    "receiver_incompatible_destination": "the destination is not a fax machine, or not a compatible one",
    "receiver_unallocated_number": "the destination number is not in service",
    "destination_unreachable": "the destination could not be reached",
    "user_busy": "the destination line was busy",
    "invalid_ecm_response_from_receiver": "the receiver answered error correction (ECM) wrongly",
    "fax_initial_communication_timeout": "the receiving fax machine never answered the fax handshake",
    "destination_not_in_service_plan": "the destination is outside the outbound voice profile's service plan",
    "account_disabled": "the Telnyx account is disabled",
    "destination_invalid": "the destination is not valid",
    "no_outbound_profile": "the fax application has no outbound voice profile "
    "(set its outbound.outbound_voice_profile_id or outbound_voice_profile_name)",
    "destination_not_in_countries_whitelist": "the destination country is not in the outbound voice "
    "profile's whitelisted_destinations",
    "user_channel_limit_exceeded": "the account's channel limit was reached",
    "outbound_profile_channel_limit_exceeded": "the outbound voice profile's channel limit was reached",
    "connection_channel_limit_exceeded": "the fax application's outbound channel limit was reached",
    "outbound_profile_daily_spend_limit_exceeded": "the outbound voice profile's daily spend limit was reached",
    "unverified_origination_number": "the from number is neither a number of the account nor a verified number",
    "unverified_destination_not_allowed": "the account may send only to verified destinations",
    "file_format_invalid": "the media is not in a format Telnyx can fax",
    "file_download_failed": "Telnyx could not download the media_url",
    "file_size_limit_exceeded": "the media is larger than 50 MB",
    "page_count_limit_exceeded": "the media has more than 350 pages",
    "media_processing_exception": "Telnyx could not process the media",
}


def failure_in_words(fax):
    reason = fax.get("failure_reason") or "unknown"
    words = FAILURE_REASONS.get(reason, "Telnyx gave no explanation for this reason")
    detail = fax.get("internal_failure_reason")
    return "%s (%s%s)" % (words, reason, "; %s" % detail if detail else "")


FIELDS = {
    "connection_id": Field("str", reference=Reference(FAX_APPLICATIONS, name_option="connection_name")),
    "from": Field("str", phone=True),
    "to": Field("str", phone=True, pattern=E164_OR_SIP, pattern_text="%s, or a SIP URI" % model.E164_TEXT),
    "media_url": Field("str", url=True),
    "media_name": Field("str"),
    "quality": Field("str", choices=("normal", "high", "very_high", "ultra_light", "ultra_dark")),
    "monochrome": Field("bool"),
    "black_threshold": Field("int", minimum=1, maximum=100),
    "store_media": Field("bool"),
    "store_preview": Field("bool"),
    "preview_format": Field("str", choices=("pdf", "tiff")),
    "t38_enabled": Field("bool"),
    "from_display_name": Field(
        "str",
        pattern=r"^[A-Za-z0-9 \-_~!.+]{1,128}\Z",
        pattern_text="1 to 128 letters, digits, spaces and - _ ~ ! . +",
    ),
    "client_state": Field(
        "str",
        pattern=r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z",
        pattern_text="Base64 text, such as aGVsbG8=",
    ),
    "webhook_url": Field("str", url=True),
}

FAXES = Resource(
    singular="fax",
    plural="faxes",
    path="/faxes",
    result_key="fax",
    list_key="faxes",
    fields=FIELDS,
    name_field=None,
    id_format=UUID_ID,
    info_module="telnyx.fax.fax_info",
    inert_options=(InertOption("black_threshold", "monochrome", True, "Telnyx applies it only to monochrome faxes"),),
)


def _instant(value):
    """An ISO 8601 time as an aware datetime, or None."""
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


CREATED_AT_TESTS = {
    "gt": lambda created, bound: created > bound,
    "gte": lambda created, bound: created >= bound,
    "lt": lambda created, bound: created < bound,
    "lte": lambda created, bound: created <= bound,
}


def rfc3339(moment):
    """An aware datetime as RFC 3339, the one form Telnyx's date-time filters read (2026-11-27T10:00:00Z)."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def created_in(fax, bounds):
    created = _instant(fax.get("created_at"))
    return created is not None and all(
        CREATED_AT_TESTS[operator](created, _instant(bound)) for operator, bound in bounds.items() if bound is not None
    )


LIST_FILTERS = {
    "direction": ListFilter(
        "filter[direction][eq]",
        matches=lambda fax, value: fax.get("direction") == value,
        choices=("inbound", "outbound"),
    ),
    "from": ListFilter("filter[from][eq]", matches=lambda fax, value: fax.get("from") == value),
    "to": ListFilter("filter[to][eq]", matches=lambda fax, value: fax.get("to") == value),
}


# --- the fax module ---------------------------------------------------------------------------


def fax_argument_spec():
    spec = model.argument_spec(FIELDS)
    spec.update(
        id=dict(type="str"),
        state=dict(type="str", choices=["sent", "canceled"], default="sent"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
        wait_interval=dict(type="float", default=5.0),
    )
    return spec


def run_fax_module(sleep=time.sleep, clock=time.monotonic):
    module = TelnyxModule(
        argument_spec=fax_argument_spec(),
        resource_fields={None: FIELDS},
        blank_is_unset=("id",),
        mutually_exclusive=[("media_url", "media_name"), ("connection_id", "connection_name")],
        required_if=[("state", "canceled", ("id",))],
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
        if params["state"] == "canceled":
            return problems
        if params["id"] is not None:
            problems.append("id names a fax to cancel (state=canceled); a fax to send has no id yet")
        self.wanted = model.requested(FIELDS, params, self.module.given)
        problems.extend(model.validate(FIELDS, self.wanted, check_mode=self.module.check_mode))
        list(map(self.module.warn, FAXES.inert_warnings(params)))
        for required in (("connection_id", "connection_name"), ("from",), ("to",), ("media_url", "media_name")):
            if not any(self.wanted.get(name) for name in required):
                problems.append("sending a fax needs %s" % " or ".join(required))
        if self.wanted.get("media_name") and self.wanted.get("store_media"):
            problems.append("store_media cannot be combined with media_name (Telnyx stores only media it downloads)")
        return problems

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

        The last read comes at the deadline itself (a wait_timeout shorter than wait_interval
        still waits and reads once). A read that gets no answer at all (the API restarting, a
        network blip) is only a read: the wait goes on, since a GET changes nothing and the fax
        was sent. A read that Telnyx answers with an error still reports the change and the fax,
        so the user knows what happened to it.
        """
        deadline = self.clock() + self.params["wait_timeout"]
        unanswered = 0
        while fax.get("status") not in FINAL_STATUSES:
            remaining = deadline - self.clock()
            if remaining <= 0:
                self._fail_still_pending(fax)
            self.sleep(min(self.params["wait_interval"], remaining))
            try:
                fax = service.get(fax.get("id")) or fax
            except TelnyxError as error:
                if not error.transport:
                    self._fail_reading_while_waiting(fax, error)
                unanswered += 1
                # Numbered: ansible-core 2.19+ would show identical warnings once.
                self.module.warn(
                    "Reading fax %s while waiting got no answer (%s); read %d without one, the wait goes on "
                    "until wait_timeout." % (fax.get("id"), error.message, unanswered)
                )
        if fax.get("status") == "failed" and self.params["state"] == "sent":
            self.fail(
                "Fax %s to %s failed: %s." % (fax.get("id"), fax.get("to"), failure_in_words(fax)),
                changed=True,
                fax=fax,
            )
        return fax

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
        self.fail(
            "Fax %s to %s is still %s after %s seconds (wait_timeout). %s"
            % (fax.get("id"), fax.get("to"), fax.get("status"), self.params["wait_timeout"], what),
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


# --- fax_info ---------------------------------------------------------------------------------


def run_fax_info_module():
    spec = dict(
        id=dict(type="str"),
        direction=dict(type="str", choices=["inbound", "outbound"]),
        created_at=dict(
            type="dict",
            options=dict(gt=dict(type="str"), gte=dict(type="str"), lt=dict(type="str"), lte=dict(type="str")),
        ),
    )
    spec["from"] = dict(type="str")
    spec["to"] = dict(type="str")
    module = TelnyxModule(
        argument_spec=spec, blank_is_unset=("id", "direction", "from", "to"), supports_check_mode=True
    )
    params = module.params
    # "" is no bound, as for every other option ("{{ x | default(None) }}" is "" on ansible-core 2.18).
    bounds = dict((key, value) for key, value in (params["created_at"] or {}).items() if value not in (None, ""))
    problems = []
    if params["id"] is not None and FAXES.id_problem(params["id"]):
        problems.append("id: %s" % FAXES.id_problem(params["id"]))
    for name in ("from", "to"):
        params[name] = FIELDS[name].written(params[name])
        problems.extend(model.validate(FIELDS, {name: params[name]}))
    for operator, bound in bounds.items():
        if _instant(bound) is None or not re.search(r"(Z|[+-][0-9]{2}:?[0-9]{2})\Z", bound):
            problems.append(
                "created_at.%s must be an ISO 8601 time with a time zone, such as 2026-11-27T00:00:00Z, got %r"
                % (operator, bound)
            )
    if problems:
        module.fail_json(msg=message(NOTHING_SENT, problems))
    service = Service(FAXES, module.client)
    try:
        if params["id"]:
            found = service.get(params["id"])
            candidates = [found] if found else []
        else:
            query = dict(
                (LIST_FILTERS[name].parameter, params[name]) for name in LIST_FILTERS if params[name] is not None
            )
            # Any ISO 8601 time with a zone is accepted, and sent in the form the API reads.
            query.update(
                ("filter[created_at][%s]" % operator, rfc3339(_instant(bound))) for operator, bound in bounds.items()
            )
            candidates = service.list(query)
    except TelnyxError as error:
        module.fail_from(error)
    given = dict((name, params[name]) for name in LIST_FILTERS if params[name] is not None)

    def passes(fax):
        return created_in(fax, bounds) and all(LIST_FILTERS[name].matches(fax, value) for name, value in given.items())

    faxes = [fax for fax in candidates if passes(fax)]
    module.exit_json(changed=False, faxes=faxes)
