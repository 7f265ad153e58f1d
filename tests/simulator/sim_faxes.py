"""Faxes: /v2/faxes (send, list, retrieve, delete, cancel, refresh), their lifecycle, and its control endpoints.

A sent fax moves queued -> media.processed -> originated -> sending -> delivered, or to failed
by the documented rules (README.md, "Faxes"); a fax that arrives (POST
/_simulator/inbound_faxes, sim_inbound_faxes.py) moves receiving -> media.processing ->
received, or to failed. Their media links (sim_fax_media.py) are served here too. Each step
happens when the fax has spent its status's time on the fax clock: the pace (seconds per
status, 0 by default, so a fax runs to its end at once) and the clock (running with real
time, or paused and moved on by tests) are set through /_simulator/fax_clock. A state file
keeps both with the faxes, so that a fax in progress goes on after a restart from where it was.

Time moves two ways. Every fax request and clock control first applies whatever steps are
due, so what a client reads is never behind the clock. A scheduler thread applies the steps
that fall due while nobody asks, so that the webhooks of each step (sim_webhooks.py) go out
on time.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import threading
import time
import traceback
import urllib.parse

import sim_fax_media
import sim_inbound_faxes as inbound
import sim_webhooks
from sim_core import (
    ApiError,
    Fields,
    ListSpec,
    Reply,
    Resource,
    control_problems,
    enum_rule,
    field_problems,
    format_timestamp,
    is_http_url,
    is_int,
    is_number,
    json_body,
    list_reply,
    parse_json_object,
    parse_list_query,
    quoted,
    rule,
)

TABLE = "faxes"
APPLICATIONS = "fax_applications"
PHONE_NUMBERS = "phone_numbers"

# The account every simulated fax belongs to (webhook payloads carry it as user_id).
USER_ID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"

QUEUED, MEDIA_PROCESSED, ORIGINATED, SENDING = "queued", "media.processed", "originated", "sending"
DELIVERED, FAILED = "delivered", "failed"
RECEIVING, MEDIA_PROCESSING, RECEIVED = inbound.RECEIVING, inbound.MEDIA_PROCESSING, inbound.RECEIVED
OUTBOUND_IN_PROGRESS = (QUEUED, MEDIA_PROCESSED, ORIGINATED, SENDING)
IN_PROGRESS = (*OUTBOUND_IN_PROGRESS, RECEIVING, MEDIA_PROCESSING)
NEXT_STATUS = {
    QUEUED: MEDIA_PROCESSED,
    MEDIA_PROCESSED: ORIGINATED,
    ORIGINATED: SENDING,
    SENDING: DELIVERED,
    RECEIVING: MEDIA_PROCESSING,
    MEDIA_PROCESSING: RECEIVED,
}
EVENT_OF_STATUS = {
    QUEUED: "fax.queued",
    MEDIA_PROCESSED: "fax.media.processed",
    SENDING: "fax.sending.started",
    DELIVERED: "fax.delivered",
    FAILED: "fax.failed",
    RECEIVING: "fax.receiving.started",
    MEDIA_PROCESSING: "fax.media.processing.started",
    RECEIVED: "fax.received",
}  # originated has no webhook

QUALITIES = ("normal", "high", "very_high", "ultra_light", "ultra_dark")
PREVIEW_FORMATS = ("pdf", "tiff")
# The values the SDK lists for failure_reason; a failing number may name any of them.
FAILURE_REASONS = (
    "receiver_call_dropped",
    "sender_call_dropped",
    "sender_canceled",
    "carrier_lost",
    "service_unavailable",
    "fax_signaling_error",
    "receiver_communication_error",
    "sender_communication_error",
    "receiver_decline",
    "receiver_recovery_on_timer_expire",
    "receiver_no_response",
    "receiver_invalid_number_format",
    "receiver_no_answer",
    "receiver_incompatible_destination",
    "receiver_unallocated_number",
    "destination_unreachable",
    "user_busy",
    "invalid_ecm_response_from_receiver",
    "fax_initial_communication_timeout",
    "destination_not_in_service_plan",
    "account_disabled",
    "destination_invalid",
    "no_outbound_profile",
    "destination_not_in_countries_whitelist",
    "user_channel_limit_exceeded",
    "outbound_profile_channel_limit_exceeded",
    "connection_channel_limit_exceeded",
    "outbound_profile_daily_spend_limit_exceeded",
    "unverified_origination_number",
    "unverified_destination_not_allowed",
    "file_format_invalid",
    "file_download_failed",
    "file_size_limit_exceeded",
    "page_count_limit_exceeded",
    "media_processing_exception",
)
# The destinations that always fail, until a test registers others (README.md lists them).
BUILT_IN_FAILING_NUMBERS = {
    "+15555550101": ("user_busy", ORIGINATED),
    "+15555550102": ("receiver_no_answer", ORIGINATED),
    "+15555550103": ("receiver_call_dropped", SENDING),
}
# A media_url on a host under the reserved .invalid top-level domain cannot be downloaded.
UNREACHABLE_MEDIA_SUFFIX = ".invalid"
PREVIEW_URL = "https://media.telnyx-simulator.invalid/faxes/{id}/preview.{format}"
PAGE_COUNT = 1

E164 = re.compile(r"\+[1-9][0-9]{6,14}", re.ASCII)
SIP_URI = re.compile(r"sips?:[^@\s:;]+@[^@\s;]+(;[^\s]*)?", re.ASCII)
DISPLAY_NAME = re.compile(r"[A-Za-z0-9 \-_~!.+]{1,128}", re.ASCII)
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)", re.ASCII)

# --- the fax clock --------------------------------------------------------------------------

STEP_KEYS = (QUEUED, MEDIA_PROCESSED, ORIGINATED, SENDING, "cancel", RECEIVING, MEDIA_PROCESSING)
PACES = {
    "instant": dict.fromkeys(STEP_KEYS, 0),
    "realistic": {
        QUEUED: 2,
        MEDIA_PROCESSED: 3,
        ORIGINATED: 5,
        SENDING: 20,
        "cancel": 2,
        RECEIVING: 20,
        MEDIA_PROCESSING: 3,
    },
}
MAX_STEP_SECS = 3600
# Where the state file keeps the fax clock and its pace, beside the tables.
STATE_KEY = "fax_clock"
MAX_ADVANCE_SECS = 7 * 24 * 3600
# The scheduler looks again at least this often, whatever it was told.
MAX_SLEEP_SECS = 1.0
DEFAULT_WEBHOOK_TIMEOUT_SECS = 10


class FaxClock:
    """Simulated time, in Unix seconds: real time plus an offset, or stopped. Guarded by the store lock."""

    def __init__(self):
        self.paused = False
        self.offset = 0.0
        self.stopped_at = 0.0

    def now(self):
        return self.stopped_at if self.paused else time.time() + self.offset

    def pause(self, paused):
        if paused and not self.paused:
            self.stopped_at = self.now()
        elif self.paused and not paused:
            self.offset = self.stopped_at - time.time()
        self.paused = paused

    def advance(self, seconds):
        if self.paused:
            self.stopped_at += seconds
        else:
            self.offset += seconds

    def dump(self):
        """The clock for the state file: a running clock by its offset from real time (so it runs
        on while the simulator is down, as real time does), a paused one by where it stopped."""
        return {"paused": self.paused, "offset": self.offset, "stopped_at": self.stopped_at}

    @classmethod
    def load(cls, saved):
        paused, offset, stopped_at = saved["paused"], saved["offset"], saved["stopped_at"]
        if not (isinstance(paused, bool) and is_number(offset) and is_number(stopped_at)):
            raise ValueError(f"the fax clock is not a clock: {saved!r}")
        clock = cls()
        clock.paused, clock.offset, clock.stopped_at = paused, float(offset), float(stopped_at)
        return clock


def unix_to_timestamp(seconds):
    return format_timestamp(round(seconds * 1000))


# --- validation -----------------------------------------------------------------------------


def is_base64(value):
    if not (isinstance(value, str) and value):
        return False
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def is_destination(value):
    return isinstance(value, str) and bool(E164.fullmatch(value) or SIP_URI.fullmatch(value))


E164_TEXT = "must be an E.164 number, such as +13125550100"
RESPONSE_ONLY = (
    "id",
    "record_type",
    "direction",
    "status",
    "stored_media_url",
    "preview_url",
    "failure_reason",
    "internal_failure_reason",
    "created_at",
    "updated_at",
)
CREATE_FIELDS = Fields(
    rules={
        "connection_id": rule(
            lambda value: isinstance(value, str) and value != "", "must be a fax application id (a non-empty string)"
        ),
        "from": rule(lambda value: isinstance(value, str) and E164.fullmatch(value), E164_TEXT),
        "to": rule(is_destination, "must be an E.164 number, such as +13125550100, or a SIP URI (sip:user@host)"),
        "media_url": rule(is_http_url, "must be an http or https URL with a host"),
        "media_name": rule(lambda value: isinstance(value, str) and value != "", "must be a non-empty string"),
        "quality": enum_rule(QUALITIES),
        "monochrome": rule(lambda value: isinstance(value, bool), "must be a boolean"),
        "black_threshold": rule(lambda value: is_int(value) and 1 <= value <= 100, "must be an integer from 1 to 100"),
        "store_media": rule(lambda value: isinstance(value, bool), "must be a boolean"),
        "store_preview": rule(lambda value: isinstance(value, bool), "must be a boolean"),
        "preview_format": enum_rule(PREVIEW_FORMATS),
        "t38_enabled": rule(lambda value: isinstance(value, bool), "must be a boolean"),
        "from_display_name": rule(
            lambda value: isinstance(value, str) and DISPLAY_NAME.fullmatch(value),
            "must be 1 to 128 characters: letters, digits, spaces and - _ ~ ! . +",
        ),
        "client_state": rule(is_base64, "must be a non-empty Base64 string"),
        "webhook_url": rule(is_http_url, "must be an http or https URL with a host"),
    },
    required=("connection_id", "from", "to"),
    refused={
        **dict.fromkeys(RESPONSE_ONLY, "is set by Telnyx and cannot be sent"),
        "webhook_failover_url": "cannot be set per fax: the application's webhook_event_failover_url is used",
        "contents": "is the multipart upload, which the simulator does not support: send media_url or media_name",
    },
)


def media_problems(body):
    """Exactly one media source, and store_media only with media_url (open question 7)."""
    has_url, has_name = "media_url" in body, "media_name" in body
    if not has_url and not has_name:
        return [("/media_url", "media_url or media_name is required: give exactly one of them")]
    if has_url and has_name:
        return [("/media_name", "media_name cannot be given together with media_url: give exactly one of them")]
    if has_name and body.get("store_media") is True:
        return [("/store_media", "store_media cannot be combined with media_name")]
    return []


# --- listing --------------------------------------------------------------------------------


def parse_instant(text):
    if not INSTANT.fullmatch(text):
        return None
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def _instant_check(value):
    if parse_instant(value) is None:
        return "must be an RFC 3339 date-time with a time zone, such as 2026-01-31T12:00:00Z"
    return None


def _direction_check(value):
    return None if value in ("inbound", "outbound") else "must be inbound or outbound"


def _from_check(value):
    return None if E164.fullmatch(value) else f"{E164_TEXT} (send the + as %2B)"


def _to_check(value):
    return None if is_destination(value) else f"{E164_TEXT} (send the + as %2B), or a SIP URI"


CREATED_AT_TESTS = {
    "gt": lambda created, wanted: created > wanted,
    "gte": lambda created, wanted: created >= wanted,
    "lt": lambda created, wanted: created < wanted,
    "lte": lambda created, wanted: created <= wanted,
}
LIST_SPEC = ListSpec(
    filters={
        **{f"filter[created_at][{operator}]": _instant_check for operator in CREATED_AT_TESTS},
        "filter[direction][eq]": _direction_check,
        "filter[from][eq]": _from_check,
        "filter[to][eq]": _to_check,
    },
    sorts={},
    # Open question 11: newest first, as the other lists of the API; ties by id.
    default_sort=(lambda record: record["created_at"], True),
)


def matches(filters):
    tests = []
    for name, value in filters.items():
        field, operator = re.fullmatch(r"filter\[(\w+)\]\[(\w+)\]", name).groups()
        if field == "created_at":
            wanted = parse_instant(value)
            test = CREATED_AT_TESTS[operator]
            tests.append(lambda fax, test=test, wanted=wanted: test(parse_instant(fax["created_at"]), wanted))
        else:
            tests.append(lambda fax, field=field, value=value: fax[field] == value)
    return lambda fax: all(test(fax) for test in tests)


# --- records --------------------------------------------------------------------------------

PUBLIC_FIELDS = (
    "id",
    "record_type",
    "direction",
    "connection_id",
    "from",
    "to",
    "from_display_name",
    "media_url",
    "media_name",
    "quality",
    "store_media",
    "stored_media_url",
    "preview_url",
    "status",
    "failure_reason",
    "internal_failure_reason",
    "client_state",
    "webhook_url",
    "webhook_failover_url",
    # Not in the SDK's Fax, but announced for fax resources (README.md, "Inbound faxes").
    "page_count",
    "created_at",
    "updated_at",
)
# Why a fax failed, in more detail than failure_reason (internal_failure_reason).
INTERNAL_REASONS = {
    "file_download_failed": "media_url_host_cannot_be_resolved",
    "no_outbound_profile": "connection_has_no_outbound_voice_profile",
    "unverified_origination_number": "from_is_not_an_active_number_of_the_account",
    "sender_canceled": "canceled_by_request",
}


def public_view(fax, root):
    """The Fax object; a media link is worked out from the fax's token and where the server listens."""
    view = {name: fax[name] for name in PUBLIC_FIELDS}
    link = "media_url" if fax["direction"] == "inbound" else "stored_media_url"
    view[link] = sim_fax_media.link_url(root, fax) or view[link]
    return view


def simulator_view(fax, root):
    """What /_simulator/faxes shows: the API's view, and the steps the fax went through."""
    return {**public_view(fax, root), "history": fax["sim_history"]}


def event_payload(fax, root):
    payload = {
        "fax_id": fax["id"],
        "connection_id": fax["connection_id"],
        "direction": fax["direction"],
        "from": fax["from"],
        "to": fax["to"],
        "user_id": USER_ID,
        "status": fax["status"],
    }
    if fax["direction"] == "inbound":
        payload.update(inbound.payload_details(fax, sim_fax_media.link_url(root, fax)))
    elif fax["media_name"] is not None:
        payload["media_name"] = fax["media_name"]
    else:
        payload["original_media_url"] = fax["media_url"]
    if fax["client_state"] is not None:
        payload["client_state"] = fax["client_state"]
    if fax["status"] == DELIVERED:
        payload.update(page_count=fax["sim_page_count"], call_duration_secs=fax["sim_call_duration_secs"])
    if fax["status"] == FAILED:
        payload.update(failure_reason=fax["failure_reason"], internal_failure_reason=fax["internal_failure_reason"])
    return payload


def media_cannot_be_downloaded(fax):
    if fax["media_url"] is None:
        return False
    host = urllib.parse.urlsplit(fax["media_url"]).hostname or ""
    return host.lower().rstrip(".").endswith(UNREACHABLE_MEDIA_SUFFIX)


# --- control bodies -------------------------------------------------------------------------


def parse_steps(value, current):
    """The step durations a fax_clock body's step_seconds gives, or a problem."""
    if isinstance(value, str):
        if value in PACES:
            return dict(PACES[value]), None
        return None, f"step_seconds must be a number, an object or one of {quoted(PACES)}"
    if is_number(value):
        value = dict.fromkeys(IN_PROGRESS, value)  # every status; the cancel step keeps its time
    if not isinstance(value, dict):
        return None, f"step_seconds must be a number, an object or one of {quoted(PACES)}"
    steps = dict(current)
    for key, seconds in value.items():
        if key not in STEP_KEYS:
            return None, f"step_seconds.{key} is not a step: use {quoted(STEP_KEYS)}"
        if not (is_number(seconds) and 0 <= seconds <= MAX_STEP_SECS):
            return None, f"step_seconds.{key} must be a number of seconds from 0 to {MAX_STEP_SECS}"
        steps[key] = seconds
    return steps, None


def parse_failing_number(body):
    problems = control_problems(body, ("to", "failure_reason", "after"))
    to, reason, after = body.get("to"), body.get("failure_reason"), body.get("after", ORIGINATED)
    if not is_destination(to):
        problems.append(("/to", "to must be an E.164 number or a SIP URI"))
    if reason not in FAILURE_REASONS:
        problems.append(("/failure_reason", "failure_reason must be one of the failure reasons Telnyx documents"))
    if after not in OUTBOUND_IN_PROGRESS:
        problems.append(("/after", f"after must be one of {quoted(OUTBOUND_IN_PROGRESS)}"))
    if problems:
        raise ApiError.from_problems(400, problems)
    return to, (reason, after)


class Faxes(Resource):
    tables = {TABLE: "Fax"}

    def __init__(self, simulator):
        super().__init__(simulator)
        # Test settings, kept outside the tables; the store lock guards them. The clock and the
        # pace are in the state file too (the faxes' step times are on that clock); the failing
        # numbers are not.
        self.clock = FaxClock()
        self.steps = dict(PACES["instant"])
        self.failing_numbers = dict(BUILT_IN_FAILING_NUMBERS)
        self.store.add_state(STATE_KEY, self._dump_clock, self._load_clock)
        self._wake = threading.Event()
        threading.Thread(target=self._run_scheduler, name="fax-clock", daemon=True).start()

    def api_routes(self):
        return {
            r"/v2/faxes": {"GET": self.list, "POST": self.create},
            r"/v2/faxes/([^/]+)": {"GET": self.retrieve, "DELETE": self.delete},
            r"/v2/faxes/([^/]+)/actions/cancel": {"POST": self.cancel},
            r"/v2/faxes/([^/]+)/actions/refresh": {"POST": self.refresh},
        }

    def public_routes(self):
        return {sim_fax_media.LINK_PATH: {"GET": self.media}}

    def control_routes(self):
        return {
            "inbound_faxes": {"POST": self.receive},
            "fax_clock": {"GET": self.clock_state, "POST": self.set_clock},
            "failing_numbers": {"GET": self.list_failing_numbers, "POST": self.add_failing_number},
            "faxes": {"GET": self.everything},
        }

    def reset(self):
        with self.store.writing():  # the state file then has the clock a reset goes back to
            self.clock = FaxClock()
            self.steps = dict(PACES["instant"])
            self.failing_numbers = dict(BUILT_IN_FAILING_NUMBERS)
        self._wake.set()

    # --- the state file (with the store lock held) ---

    def _dump_clock(self):
        return {**self.clock.dump(), "step_seconds": dict(self.steps)}

    def _load_clock(self, saved):
        if not isinstance(saved, dict):
            raise ValueError(f"the fax clock is not a clock: {saved!r}")
        steps, problem = parse_steps(saved["step_seconds"], PACES["instant"])
        if problem:
            raise ValueError(f"the fax clock's {problem}")
        self.clock = FaxClock.load(saved)
        self.steps = steps
        self._wake.set()

    @property
    def webhooks(self):
        return next((each for each in self.simulator.resources if isinstance(each, sim_webhooks.Webhooks)), None)

    # --- the lifecycle (with the store lock held) ---

    def _due_at(self, fax):
        """The clock time at which the fax leaves its status."""
        if fax["sim_cancel_at"] is not None:
            return fax["sim_cancel_at"]
        return fax["sim_entered_at"] + self.steps[fax["status"]]

    def _in_progress(self):
        return [fax for fax in self.store.table(TABLE).values() if fax["status"] in IN_PROGRESS]

    def _anything_due(self):
        if self.clock.paused:
            return False
        now = self.clock.now()
        return any(self._due_at(fax) <= now for fax in self._in_progress())

    def _apply_due_steps(self):
        """Move every fax through each step that is due by the clock, in the order they fell due."""
        now = self.clock.now()
        while True:
            due = [(self._due_at(fax), fax["created_at"], fax["id"]) for fax in self._in_progress()]
            due = [entry for entry in due if entry[0] <= now]
            if not due:
                return
            at, _created_at, fax_id = min(due)
            self._step(self.store.get(TABLE, fax_id), at)

    def _catch_up(self):
        """Apply the due steps, unless the clock is paused (then only advancing it moves faxes)."""
        with self.store.reading():
            if not self._anything_due():
                return
        with self.store.writing():
            if not self.clock.paused:
                self._apply_due_steps()

    def _step(self, fax, at):
        """Move one fax from its status to the next one, at clock time at."""
        status = fax["status"]
        failure = self._failure_leaving(fax)
        if failure:
            return self._enter(fax, FAILED, at, failure_reason=failure)
        changes = {}
        if status == QUEUED:
            if fax["store_media"]:
                changes.update(sim_fax_media.new_link(at), sim_media_pages=PAGE_COUNT)
            if fax["sim_store_preview"]:
                changes["preview_url"] = PREVIEW_URL.format(id=fax["id"], format=fax["sim_preview_format"])
        if status in (SENDING, RECEIVING):
            pages = PAGE_COUNT if status == SENDING else fax["sim_inbound_pages"]
            changes.update(sim_page_count=pages, page_count=pages)
            calling = at - fax["sim_originated_at"] if fax["sim_originated_at"] is not None else 0
            changes["sim_call_duration_secs"] = max(1, round(calling))
        if status == MEDIA_PROCESSED:
            changes["sim_originated_at"] = at
        if status == MEDIA_PROCESSING:
            changes.update(sim_fax_media.new_link(at), sim_media_pages=fax["sim_page_count"])
        return self._enter(fax, NEXT_STATUS[status], at, **changes)

    def _failure_leaving(self, fax):
        """The failure_reason with which the fax fails as it leaves its status, or None."""
        status = fax["status"]
        if fax["sim_cancel_at"] is not None:
            return "sender_canceled"
        if fax["direction"] == "inbound":
            return inbound.failure_leaving(fax)
        if status == QUEUED and media_cannot_be_downloaded(fax):
            return "file_download_failed"
        if status == MEDIA_PROCESSED:
            # Checked as the fax is about to be dialled, against the account as it is then.
            application = self.store.table(APPLICATIONS).get(fax["connection_id"])
            if application is None or not application["outbound"]["outbound_voice_profile_id"]:
                return "no_outbound_profile"
            if not self._is_active_number(fax["from"]):
                return "unverified_origination_number"
        reason, after = self.failing_numbers.get(fax["to"], (None, None))
        return reason if after == status else None

    def _is_active_number(self, phone_number):
        return any(
            number["phone_number"] == phone_number and number["status"] == "active"
            for number in self.store.table(PHONE_NUMBERS).values()
        )

    def _enter(self, fax, status, at, **changes):
        timestamp = self.store.next_timestamp()
        record = {
            **fax,
            **changes,
            "status": status,
            "updated_at": timestamp,
            "sim_entered_at": at,
            "sim_history": [*fax["sim_history"], {"status": status, "at": timestamp}],
        }
        if status == FAILED:
            reason = changes["failure_reason"]
            record["internal_failure_reason"] = INTERNAL_REASONS.get(reason, f"simulated_{reason}")
            record["sim_cancel_at"] = None
        self.store.put(TABLE, record)
        self._emit(record)
        return record

    def _emit(self, fax):
        event_type = EVENT_OF_STATUS.get(fax["status"])
        webhooks = self.webhooks
        if event_type is None or webhooks is None:
            return
        occurred_at = fax["updated_at"][:-1] + "000Z"  # microseconds, as Telnyx writes occurred_at
        targets = (fax["webhook_url"], fax["webhook_failover_url"])
        payload = event_payload(fax, self.simulator.public_root)
        webhooks.send(fax["id"], event_type, payload, occurred_at, targets, fax["sim_webhook_timeout_secs"])

    # --- the scheduler thread ---

    def _seconds_to_next_step(self):
        with self.store.reading():
            if self.clock.paused:
                return None
            due = [self._due_at(fax) for fax in self._in_progress()]
            if not due:
                return None
            return min(MAX_SLEEP_SECS, max(0.0, min(due) - self.clock.now()))

    def _run_scheduler(self):
        # The first look waits for the simulator to finish registering this resource's table;
        # then it catches up faxes a state file brought back, with nobody asking.
        sleep = MAX_SLEEP_SECS
        while True:
            try:
                self._wake.wait(sleep)
                self._wake.clear()
                self._catch_up()
                sleep = self._seconds_to_next_step()
            except Exception:  # a bug must not stop the clock for good; say so, even when quiet
                traceback.print_exc()
                time.sleep(MAX_SLEEP_SECS)

    # --- the API ---

    def list(self, request):
        if any(key == "sort" for key, _value in urllib.parse.parse_qsl(request.query, keep_blank_values=True)):
            raise ApiError.single(
                400, "GET /v2/faxes takes no sort parameter: faxes are listed newest first", parameter="sort"
            )
        query = parse_list_query(request.query, LIST_SPEC)
        self._catch_up()
        return list_reply(self.store, TABLE, query, matches(query.filters), self._view)

    def _view(self, fax):
        return public_view(fax, self.simulator.public_root)

    def retrieve(self, request, fax_id):
        self._catch_up()
        with self.store.reading():
            return Reply(200, {"data": self._view(self.store.get(TABLE, fax_id))})

    def create(self, request):
        body = json_body(request)
        problems = field_problems(body, CREATE_FIELDS) + media_problems(body)
        if problems:
            raise ApiError.from_problems(422, problems)
        with self.store.writing():
            application = self.store.table(APPLICATIONS).get(body["connection_id"])
            if application is None:
                raise ApiError.single(
                    422, f"connection_id {body['connection_id']} names no fax application", pointer="/connection_id"
                )
            fax = self._insert(body, application)
            self._emit(fax)
            if not self.clock.paused:
                self._apply_due_steps()
        self._wake.set()
        return Reply(202, {"data": self._view(fax)})

    def _insert(self, body, application):
        timestamp = self.store.next_timestamp()
        own_webhook_url = body.get("webhook_url")
        timeout = application["webhook_timeout_secs"]
        fax = {
            "id": self.store.new_uuid(),
            "record_type": "fax",
            "direction": "outbound",
            "connection_id": body["connection_id"],
            "from": body["from"],
            "to": body["to"],
            "from_display_name": body.get("from_display_name", body["from"]),
            "media_url": body.get("media_url"),
            "media_name": body.get("media_name"),
            "quality": body.get("quality", "high"),
            "store_media": body.get("store_media", False),
            "stored_media_url": None,
            "preview_url": None,
            "status": QUEUED,
            "failure_reason": None,
            "internal_failure_reason": None,
            "client_state": body.get("client_state"),
            # Where its webhooks go is settled when it is sent (README.md, "Webhooks").
            "webhook_url": own_webhook_url or application["webhook_event_url"],
            "webhook_failover_url": "" if own_webhook_url else application["webhook_event_failover_url"] or "",
            "created_at": timestamp,
            "updated_at": timestamp,
            # What the API does not show: the other send options, and the simulation's own state.
            "sim_monochrome": body.get("monochrome", False),
            "sim_black_threshold": body.get("black_threshold", 95),
            "sim_store_preview": body.get("store_preview", False),
            "sim_preview_format": body.get("preview_format", "tiff"),
            "sim_t38_enabled": body.get("t38_enabled", True),
            "sim_webhook_timeout_secs": max(1, DEFAULT_WEBHOOK_TIMEOUT_SECS if timeout is None else timeout),
            "sim_entered_at": self.clock.now(),
            "sim_cancel_at": None,
            "sim_originated_at": None,
            "sim_page_count": None,
            "sim_call_duration_secs": None,
            "sim_history": [{"status": QUEUED, "at": timestamp}],
            "page_count": None,
        }
        return self.store.put(TABLE, fax)

    def delete(self, request, fax_id):
        self._catch_up()
        with self.store.writing():
            fax = self.store.get(TABLE, fax_id)
            if fax["status"] in IN_PROGRESS:
                # An inbound fax cannot be canceled: only waiting helps.
                first = (
                    "wait until it is received or failed"
                    if fax.get("direction") == "inbound"
                    else "cancel it and wait until it has failed, or wait until it ends"
                )
                raise ApiError.single(
                    422,
                    f"Fax {fax_id} is still in progress ({fax['status']}); {first}, then delete it",
                    pointer="/id",
                )
            self.store.remove(TABLE, fax_id)
        return Reply(204, {})

    def cancel(self, request, fax_id):
        self._catch_up()
        with self.store.reading():
            self.store.get(TABLE, fax_id)  # an unknown id is a 404 whatever the body says
        if request.body:
            json_body(request, Fields(rules={}))  # no parameters: {} at most
        with self.store.writing():
            fax = self.store.get(TABLE, fax_id)
            if fax["direction"] == "inbound":
                raise ApiError.single(
                    422, f"Fax {fax_id} is inbound; only a fax sent from the account can be cancelled", pointer="/id"
                )
            if fax["status"] not in OUTBOUND_IN_PROGRESS:
                raise ApiError.single(
                    422,
                    f"Fax {fax_id} is {fax['status']}; only a fax that is queued, media.processed, originated or"
                    " sending can be cancelled",
                    pointer="/id",
                )
            if fax["sim_cancel_at"] is None:
                self.store.put(TABLE, {**fax, "sim_cancel_at": self.clock.now() + self.steps["cancel"]})
            if not self.clock.paused:
                self._apply_due_steps()
        self._wake.set()
        return Reply(202, {"data": {"result": "ok"}})

    def refresh(self, request, fax_id):
        """A new media_url for a received fax: a new token, valid LINK_SECS; the old one stops working."""
        self._catch_up()
        with self.store.reading():
            self.store.get(TABLE, fax_id)
        if request.body:
            json_body(request, Fields(rules={}))
        with self.store.writing():
            fax = self.store.get(TABLE, fax_id)
            if fax["direction"] != "inbound":
                raise ApiError.single(
                    422,
                    f"Fax {fax_id} is outbound; only a received fax's media_url can be refreshed (a stored_media_url"
                    f" expires {sim_fax_media.LINK_SECS} s after it is stored)",
                    pointer="/id",
                )
            if fax["status"] != RECEIVED:
                raise ApiError.single(
                    422,
                    f"Fax {fax_id} is {fax['status']}; only a received fax has a media_url to refresh",
                    pointer="/id",
                )
            link = sim_fax_media.new_link(self.clock.now())
            self.store.put(TABLE, {**fax, **link, "updated_at": self.store.next_timestamp()})
        return Reply(200, {"data": {"result": "ok"}})

    def media(self, request, fax_id):
        """GET on a media link: no key, as a storage service's presigned link."""
        self._catch_up()
        with self.store.reading():
            fax = self.store.table(TABLE).get(fax_id)
            return sim_fax_media.serve(fax, request.query, request.headers, self.clock.now())

    # --- control endpoints ---

    def receive(self, request):
        """POST /_simulator/inbound_faxes: a fax arrives at a number of the account."""
        arrival = inbound.parse_body(parse_json_object(request.body), E164, FAILURE_REASONS)
        with self.store.writing():
            application = inbound.receiving_number(
                self.store.table(PHONE_NUMBERS).values(), self.store.table(APPLICATIONS), arrival[1]
            )
            timeout = application["webhook_timeout_secs"]
            fax = inbound.new_record(
                arrival,
                application,
                fax_id=self.store.new_uuid(),
                timestamp=self.store.next_timestamp(),
                clock_now=self.clock.now(),
                timeout=max(1, DEFAULT_WEBHOOK_TIMEOUT_SECS if timeout is None else timeout),
            )
            self.store.put(TABLE, fax)
            self._emit(fax)
            if not self.clock.paused:
                self._apply_due_steps()
            shown = self._view(self.store.get(TABLE, fax["id"]))
        self._wake.set()
        return Reply(201, {"data": shown})

    def _clock_reply(self):
        with self.store.reading():
            return Reply(
                200,
                {
                    "paused": self.clock.paused,
                    "now": unix_to_timestamp(self.clock.now()),
                    "step_seconds": dict(self.steps),
                },
            )

    def clock_state(self, request):
        return self._clock_reply()

    def set_clock(self, request):
        body = parse_json_object(request.body)
        problems = control_problems(body, ("step_seconds", "paused", "advance"))
        steps = None
        if "step_seconds" in body:
            steps, problem = parse_steps(body["step_seconds"], self.steps)
            if problem:
                problems.append(("/step_seconds", problem))
        if "paused" in body and not isinstance(body["paused"], bool):
            problems.append(("/paused", "paused must be a boolean"))
        advance = body.get("advance", 0)
        if not (is_number(advance) and 0 <= advance <= MAX_ADVANCE_SECS):
            problems.append(("/advance", f"advance must be a number of seconds from 0 to {MAX_ADVANCE_SECS}"))
        if problems:
            raise ApiError.from_problems(400, problems)
        with self.store.writing():
            if steps is not None:
                self.steps = steps
            if "paused" in body:
                self.clock.pause(body["paused"])
            self.clock.advance(advance)
            # Moving the clock, even by 0 s, applies every step due by then, paused or not.
            self._apply_due_steps()
        self._wake.set()
        return self._clock_reply()

    def list_failing_numbers(self, request):
        with self.store.reading():
            return Reply(200, {"data": self._failing_view()})

    def _failing_view(self):
        return [
            {
                "to": to,
                "failure_reason": reason,
                "after": after,
                "built_in": BUILT_IN_FAILING_NUMBERS.get(to) == (reason, after),
            }
            for to, (reason, after) in self.failing_numbers.items()
        ]

    def add_failing_number(self, request):
        to, failing = parse_failing_number(parse_json_object(request.body))
        with self.store.reading():
            self.failing_numbers[to] = failing
            return Reply(201, {"data": self._failing_view()})

    def everything(self, request):
        """Every fax, oldest first, with the steps it went through."""
        self._catch_up()
        with self.store.reading():
            root = self.simulator.public_root
            return Reply(200, {"data": [simulator_view(fax, root) for fax in self.store.everything(TABLE)]})
