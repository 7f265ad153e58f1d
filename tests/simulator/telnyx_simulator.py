"""A local stand-in for the Telnyx fax applications API (/v2/fax_applications).

Standard library only, so tests, demos and CI can start it anywhere without installing
anything. Where the real API's behaviour is unknown, it takes the stricter reading, so that a
client bug shows up here rather than in a real account. README.md beside this file lists those
choices and the /_simulator/* control endpoints that tests use to seed data and inject faults.

    python3 tests/simulator/telnyx_simulator.py --host 127.0.0.1 --port 0 --api-key KEY
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime
import functools
import hmac
import json
import math
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_PREFIX = "/v2"
COLLECTION_PATH = "/v2/fax_applications"
ITEM_PATH = re.compile(r"/v2/fax_applications/([^/]+)")
CONTROL_PREFIX = "/_simulator/"

ANCHORSITES = (
    "Latency",
    "Chicago, IL",
    "Ashburn, VA",
    "San Jose, CA",
    "Sydney, Australia",
    "Amsterdam, Netherlands",
    "London, UK",
    "Toronto, Canada",
    "Vancouver, Canada",
    "Frankfurt, Germany",
)
RECEIVE_SETTINGS = ("only_my_connections", "from_anyone")
REQUIRED_FIELDS = ("application_name", "webhook_event_url")
READ_ONLY_FIELDS = ("id", "record_type", "created_at", "updated_at")
# The order Telnyx documents; fax_email_recipient is write-only and so never among them.
PUBLIC_FIELDS = (
    "id",
    "record_type",
    "application_name",
    "active",
    "anchorsite_override",
    "webhook_event_url",
    "webhook_event_failover_url",
    "webhook_timeout_secs",
    "inbound",
    "outbound",
    "tags",
    "created_at",
    "updated_at",
)
NESTED_DEFAULTS = {
    "inbound": {
        "channel_limit": None,
        "sip_subdomain": None,
        "sip_subdomain_receive_settings": "from_anyone",
    },
    "outbound": {"channel_limit": None, "outbound_voice_profile_id": None},
}
BLANK_APPLICATION = {
    "active": True,
    "anchorsite_override": "Latency",
    "webhook_event_failover_url": "",
    "webhook_timeout_secs": None,
    "tags": [],
    "fax_email_recipient": None,
    **NESTED_DEFAULTS,
}

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 250
MIN_NAME_FILTER_LENGTH = 3
NAME_FILTER = "filter[application_name][contains]"
PROFILE_FILTERS = ("filter[outbound_voice_profile_id]", "filter[outbound.outbound_voice_profile_id]")
LIST_PARAMETERS = ("page[number]", "page[size]", NAME_FILTER, *PROFILE_FILTERS, "sort")
# connection_name is the older documents' name for the application_name sort.
SORT_KEYS = {
    "created_at": "created_at",
    "application_name": "application_name",
    "connection_name": "application_name",
    "active": "active",
}

ERROR_KINDS = {
    400: ("10015", "Bad Request"),
    401: ("10009", "Authentication failed"),
    404: ("404", "Not Found"),
    405: ("405", "Method Not Allowed"),
    422: ("422", "Unprocessable Entity"),
    429: ("10011", "Too many requests"),
}
SERVER_ERROR_KIND = ("10007", "Unexpected error")
DOCUMENTED_ERROR_URL = "https://developers.telnyx.com/docs/overview/errors/{code}"
RATE_LIMIT_PER_WINDOW = 100

FAULT_METHODS = ("GET", "POST", "PATCH", "DELETE")
MAX_FAULT_DELAY_SECS = 120
MAX_SEED_COUNT = 99_999  # names are numbered with five digits
SEED_WEBHOOK_URL = "https://example.com/telnyx-simulator/webhooks"

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
STRICT_INTEGER = re.compile(r"[0-9]+", re.ASCII)


# --- errors and replies ---------------------------------------------------------------------


def error_entry(status, detail, *, pointer="/", parameter=None):
    if status in ERROR_KINDS:
        code, title = ERROR_KINDS[status]
    elif status >= 500:
        code, title = SERVER_ERROR_KIND
    else:
        code, title = str(status), HTTPStatus(status).phrase
    entry = {
        "code": code,
        "title": title,
        "detail": detail,
        "source": {"parameter": parameter} if parameter is not None else {"pointer": pointer},
    }
    if code.startswith("100"):
        entry["meta"] = {"url": DOCUMENTED_ERROR_URL.format(code=code)}
    return entry


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    payload: dict
    headers: dict = dataclasses.field(default_factory=dict)


class ApiError(Exception):
    def __init__(self, status, errors, headers=None):
        super().__init__(status)
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    @classmethod
    def single(cls, status, detail, **source):
        return cls(status, [error_entry(status, detail, **source)])

    @classmethod
    def from_problems(cls, status, problems):
        return cls(status, [error_entry(status, detail, pointer=pointer) for pointer, detail in problems])

    def reply(self):
        return Reply(self.status, {"errors": self.errors}, self.headers)


# --- validation -----------------------------------------------------------------------------


def _is_int(value):
    # JSON true/false arrive as bool, which Python counts as int; the API does not.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_http_url(value):
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def _rule(is_valid, requirement):
    return lambda value: None if is_valid(value) else requirement


def _quoted(values):
    return ", ".join(f'"{value}"' for value in values)


_channel_limit_rule = _rule(
    lambda value: value is None or (_is_int(value) and value >= 0), "must be an integer >= 0 or null"
)
FIELD_RULES = {
    "application_name": _rule(
        lambda value: isinstance(value, str) and value.strip() != "", "must be a non-empty string"
    ),
    "active": _rule(lambda value: isinstance(value, bool), "must be a boolean"),
    "anchorsite_override": _rule(lambda value: value in ANCHORSITES, f"must be one of {_quoted(ANCHORSITES)}"),
    "webhook_event_url": _rule(_is_http_url, "must be an http or https URL with a host"),
    "webhook_event_failover_url": _rule(
        lambda value: value in (None, "") or _is_http_url(value),
        "must be an http or https URL with a host, an empty string or null",
    ),
    "webhook_timeout_secs": _rule(
        lambda value: value is None or (_is_int(value) and 0 <= value <= 30),
        "must be an integer from 0 to 30 or null",
    ),
    "tags": _rule(
        lambda value: isinstance(value, list) and all(isinstance(tag, str) for tag in value),
        "must be a list of strings",
    ),
}
UPDATE_ONLY_RULES = {
    "fax_email_recipient": _rule(
        lambda value: value is None or (isinstance(value, str) and EMAIL_ADDRESS.fullmatch(value)),
        "must be an email address or null",
    ),
}
NESTED_RULES = {
    "inbound": {
        "channel_limit": _channel_limit_rule,
        # An empty subdomain is no subdomain: null says that, and "" would clash across apps.
        "sip_subdomain": _rule(
            lambda value: value is None or (isinstance(value, str) and value != ""),
            "must be a non-empty string or null",
        ),
        "sip_subdomain_receive_settings": _rule(
            lambda value: value in RECEIVE_SETTINGS, f"must be one of {_quoted(RECEIVE_SETTINGS)}"
        ),
    },
    "outbound": {
        "channel_limit": _channel_limit_rule,
        "outbound_voice_profile_id": _rule(
            lambda value: value is None or isinstance(value, str), "must be a string or null"
        ),
    },
}


def _pointer_token(key):
    return key.replace("~", "~0").replace("/", "~1")  # RFC 6901 escaping


def validate_application(body, *, updating):
    """Return (pointer, detail) for every problem in a create or update body."""
    problems = [(f"/{name}", f"{name} is required") for name in REQUIRED_FIELDS if name not in body]
    for key, value in body.items():
        pointer = f"/{_pointer_token(key)}"
        rule = FIELD_RULES.get(key) or (UPDATE_ONLY_RULES.get(key) if updating else None)
        if rule:
            requirement = rule(value)
            if requirement:
                problems.append((pointer, f"{key} {requirement}"))
        elif key in NESTED_RULES:
            problems.extend(_nested_problems(key, value, NESTED_RULES[key]))
        elif key in READ_ONLY_FIELDS:
            problems.append((pointer, f"{key} is read-only"))
        elif key in UPDATE_ONLY_RULES:
            problems.append((pointer, f"{key} can only be set by updating an application"))
        else:
            problems.append((pointer, f"{key} is not a known field"))
    return problems


def _nested_problems(name, value, rules):
    if not isinstance(value, dict):
        return [(f"/{name}", f"{name} must be an object")]
    problems = []
    for key, sub_value in value.items():
        pointer = f"/{name}/{_pointer_token(key)}"
        if key not in rules:
            problems.append((pointer, f"{name}.{key} is not a known field"))
        elif requirement := rules[key](sub_value):
            problems.append((pointer, f"{name}.{key} {requirement}"))
    return problems


# --- the store ------------------------------------------------------------------------------


def format_timestamp(epoch_ms):
    moment = EPOCH + datetime.timedelta(milliseconds=epoch_ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def parse_timestamp(text):
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return (moment.replace(tzinfo=datetime.UTC) - EPOCH) // datetime.timedelta(milliseconds=1)


def apply_fields(application, fields):
    """Return a copy of application with fields applied as PATCH does.

    A field that is present replaces the stored one; a nested object replaces the stored
    object whole, the sub-keys it leaves out going back to their defaults.
    """
    updated = copy.deepcopy(application)
    for key, value in copy.deepcopy(fields).items():
        updated[key] = {**NESTED_DEFAULTS[key], **value} if key in NESTED_DEFAULTS else value
    # Telnyx documents "" and null as meaning the same; answering "" whatever was sent keeps
    # clients honest about comparing the two as equal.
    if updated["webhook_event_failover_url"] is None:
        updated["webhook_event_failover_url"] = ""
    return updated


def public_view(application):
    # Stored applications are never changed in place (every write stores a new dict), so the
    # nested objects can be shared with the reply without copying.
    return {name: application[name] for name in PUBLIC_FIELDS}


class Store:
    """The fax applications, with one lock around every read and write."""

    def __init__(self, state_file=None):
        self._lock = threading.Lock()
        self._state_file = state_file
        self._applications = {}
        self._in_use = set()
        self._last_timestamp_ms = 0
        if state_file:
            self._load()
            self._save()  # fail at start-up, not on the first write, when the file is unwritable

    def _load(self):
        try:
            with open(self._state_file, encoding="utf-8") as state:
                saved = json.load(state)
        except FileNotFoundError:
            return
        self._applications = {app["id"]: app for app in saved["applications"]}
        self._in_use = set(saved["in_use"])
        self._last_timestamp_ms = max(
            (parse_timestamp(app["updated_at"]) for app in self._applications.values()), default=0
        )

    def _save(self):
        if not self._state_file:
            return
        state = {"applications": list(self._applications.values()), "in_use": sorted(self._in_use)}
        directory = os.path.dirname(os.path.abspath(self._state_file))
        handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".telnyx-simulator-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                json.dump(state, temp)
            os.replace(temp_path, self._state_file)  # readers see the old state or the new, never half
        except BaseException:
            os.unlink(temp_path)
            raise

    def _next_timestamp(self):
        # Strictly increasing across the store, so updated_at always moves forward and seeded
        # applications get distinct created_at values even within one millisecond.
        now_ms = time.time_ns() // 1_000_000
        self._last_timestamp_ms = max(now_ms, self._last_timestamp_ms + 1)
        return format_timestamp(self._last_timestamp_ms)

    def _new_id(self):
        while True:
            candidate = str(random.randrange(10**18, 10**19))
            if candidate not in self._applications:
                return candidate

    def _get(self, app_id):
        try:
            return self._applications[app_id]
        except KeyError:
            raise ApiError.single(404, f"Fax application {app_id} does not exist", pointer="/id") from None

    def _ensure_sip_subdomain_free(self, application):
        wanted = application["inbound"]["sip_subdomain"]
        if wanted is None:
            return
        for other in self._applications.values():
            taken = other["inbound"]["sip_subdomain"]
            if other["id"] != application["id"] and taken and taken.lower() == wanted.lower():
                raise ApiError.single(
                    422,
                    f'inbound.sip_subdomain "{wanted}" is already used by another application',
                    pointer="/inbound/sip_subdomain",
                )

    def _insert(self, fields):
        timestamp = self._next_timestamp()
        application = apply_fields(BLANK_APPLICATION, fields)
        application.update(id=self._new_id(), record_type="fax_application", created_at=timestamp, updated_at=timestamp)
        self._ensure_sip_subdomain_free(application)
        self._applications[application["id"]] = application
        return application

    def create(self, fields):
        with self._lock:
            application = self._insert(fields)
            self._save()
            return public_view(application)

    def seed(self, count, name_prefix, fields):
        with self._lock:
            ids = [
                self._insert({**fields, "application_name": f"{name_prefix}-{number:05d}"})["id"]
                for number in range(1, count + 1)
            ]
            self._save()
            return ids

    def get(self, app_id):
        with self._lock:
            return public_view(self._get(app_id))

    def update(self, app_id, fields):
        with self._lock:
            application = apply_fields(self._get(app_id), fields)
            self._ensure_sip_subdomain_free(application)
            application["updated_at"] = self._next_timestamp()
            self._applications[app_id] = application
            self._save()
            return public_view(application)

    def delete(self, app_id):
        with self._lock:
            application = self._get(app_id)
            if app_id in self._in_use:
                raise ApiError.single(
                    422,
                    f"Fax application {app_id} is in use by phone numbers; unassign the phone"
                    " numbers from it first, then delete it",
                    pointer="/id",
                )
            del self._applications[app_id]
            self._save()
            return public_view(application)

    def page(self, matches, sort_key, descending, page_number, page_size):
        """Return one page of the applications that matches accepts, and how many match."""
        with self._lock:
            found = [app for app in self._applications.values() if matches(app)]
            # The id breaks ties, so the order is total and pages never overlap or skip.
            found.sort(key=lambda app: (app[sort_key], app["id"]), reverse=descending)
            start = (page_number - 1) * page_size
            return [public_view(app) for app in found[start : start + page_size]], len(found)

    def set_in_use(self, app_id, in_use):
        with self._lock:
            self._get(app_id)
            if in_use:
                self._in_use.add(app_id)
            else:
                self._in_use.discard(app_id)
            self._save()

    def everything(self):
        """Every stored application, write-only fields included, oldest first."""
        with self._lock:
            return sorted(self._applications.values(), key=lambda app: (app["created_at"], app["id"]))

    def reset(self):
        with self._lock:
            self._applications.clear()
            self._in_use.clear()
            self._save()


# --- request log and faults -----------------------------------------------------------------


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def record_arrival(self, method, path, query):
        # Entries are added on arrival, so a delayed request keeps its place in the order.
        entry = {"method": method, "path": path, "query": query, "status": None}
        with self._lock:
            self._entries.append(entry)
        return entry

    def record_status(self, entry, status):
        with self._lock:
            entry["status"] = status

    def snapshot(self):
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self):
        with self._lock:
            self._entries.clear()


@dataclasses.dataclass
class Fault:
    status: int | None
    times: int  # how many more matching requests it applies to
    method: str | None
    retry_after: float | None
    delay: float | None

    def error(self):
        headers = {}
        detail = "The simulator was told to fail this request"
        if self.status == 429:
            detail = "Too many requests; slow down and retry later"
            headers = {
                "x-ratelimit-limit": str(RATE_LIMIT_PER_WINDOW),
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": str(max(1, math.ceil(self.retry_after or 0))),
            }
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return ApiError(self.status, [error_entry(self.status, detail)], headers)


def parse_fault(body):
    allowed = [field.name for field in dataclasses.fields(Fault)]
    problems = [(f"/{_pointer_token(key)}", f"{key} is not a fault setting") for key in body if key not in allowed]
    status, times, method = body.get("status"), body.get("times", 1), body.get("method")
    retry_after, delay = body.get("retry_after"), body.get("delay")
    if status is not None and not (_is_int(status) and (status == 429 or 500 <= status <= 599)):
        problems.append(("/status", "status must be 429 or a 5xx status"))
    if not (_is_int(times) and times >= 1):
        problems.append(("/times", "times must be an integer >= 1"))
    if method is not None and method not in FAULT_METHODS:
        problems.append(("/method", f"method must be one of {_quoted(FAULT_METHODS)}"))
    if retry_after is not None and not (_is_number(retry_after) and retry_after >= 0 and status is not None):
        problems.append(("/retry_after", "retry_after must be a number of seconds >= 0, given with a status"))
    if delay is not None and not (_is_number(delay) and 0 <= delay <= MAX_FAULT_DELAY_SECS):
        problems.append(("/delay", f"delay must be a number of seconds from 0 to {MAX_FAULT_DELAY_SECS}"))
    if status is None and delay is None:
        problems.append(("/", "a fault needs a status, a delay or both"))
    if problems:
        raise ApiError.from_problems(400, problems)
    return Fault(status, times, method, retry_after, delay)


class FaultQueue:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, fault):
        with self._lock:
            self._faults.append(fault)

    def take(self, method):
        """Use up one turn of the oldest fault that applies to method, and return it."""
        with self._lock:
            for fault in self._faults:
                if fault.method in (None, method):
                    fault.times -= 1
                    if not fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self):
        with self._lock:
            self._faults.clear()


# --- the HTTP-independent part of the server ------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str  # raw, as received
    headers: object  # http.client.HTTPMessage
    body: bytes


@dataclasses.dataclass(frozen=True)
class ListQuery:
    page_number: int
    page_size: int
    sort_key: str
    descending: bool
    name_contains: str | None
    profile_ids: tuple

    def matches(self, application):
        name = application["application_name"]
        if self.name_contains is not None and self.name_contains.casefold() not in name.casefold():
            return False
        profile_id = application["outbound"]["outbound_voice_profile_id"]
        return all(wanted == profile_id for wanted in self.profile_ids)


def parse_list_query(query):
    values, problems = {}, []
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if key in values:
            problems.append((key, f"{key} is given more than once"))
        elif key in LIST_PARAMETERS:
            values[key] = value
        elif key.startswith(("page[", "filter[")):
            # A misspelt filter would otherwise list everything, and a client could act on
            # the wrong application; other unknown parameters are ignored.
            problems.append((key, f"{key} is not a supported parameter"))

    def page_parameter(name, default, maximum=None):
        text = values.get(name, str(default))
        number = int(text) if STRICT_INTEGER.fullmatch(text) else 0
        if number >= 1 and (maximum is None or number <= maximum):
            return number
        limit = f"from 1 to {maximum}" if maximum else ">= 1"
        problems.append((name, f"{name} must be an integer {limit}"))
        return default

    page_number = page_parameter("page[number]", 1)
    page_size = page_parameter("page[size]", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    name_contains = values.get(NAME_FILTER)
    if name_contains is not None and len(name_contains) < MIN_NAME_FILTER_LENGTH:
        problems.append((NAME_FILTER, f"{NAME_FILTER} needs at least {MIN_NAME_FILTER_LENGTH} characters"))
    sort = values.get("sort", "-created_at")
    sort_key = SORT_KEYS.get(sort.removeprefix("-"))
    if sort_key is None:
        choices = _quoted(name for key in SORT_KEYS for name in (key, f"-{key}"))
        problems.append(("sort", f"sort must be one of {choices}"))
    if problems:
        raise ApiError(400, [error_entry(400, detail, parameter=name) for name, detail in problems])
    return ListQuery(
        page_number=page_number,
        page_size=page_size,
        sort_key=sort_key,
        descending=sort.startswith("-"),
        name_contains=name_contains,
        profile_ids=tuple(values[name] for name in PROFILE_FILTERS if name in values),
    )


def parse_json_object(body):
    try:
        payload = json.loads(body)
    except ValueError as problem:  # also UnicodeDecodeError, for bytes that are not UTF-8
        raise ApiError.single(400, f"The request body is not valid JSON: {problem}") from None
    if not isinstance(payload, dict):
        raise ApiError.single(400, "The request body must be a JSON object")
    return payload


def _choose(handlers, method):
    if method not in handlers:
        allowed = ", ".join(handlers)
        error = ApiError.single(405, f"Method {method} is not allowed here; use {allowed}")
        error.headers["Allow"] = allowed
        raise error
    return handlers[method]


class Simulator:
    def __init__(self, store, api_keys):
        self.store = store
        self._api_keys = [key.encode() for key in api_keys]
        self.request_log = RequestLog()
        self.faults = FaultQueue()
        self._control_routes = {
            "/_simulator/requests": {"GET": self._list_requests},
            "/_simulator/reset": {"POST": self._reset},
            "/_simulator/faults": {"POST": self._add_fault},
            "/_simulator/seed": {"POST": self._seed},
            "/_simulator/in_use": {"POST": self._set_in_use},
            "/_simulator/applications": {"GET": self._list_everything},
        }

    def handle(self, request):
        if request.path.startswith(CONTROL_PREFIX):
            return self._answer(self._control, request)
        entry = self.request_log.record_arrival(request.method, request.path, request.query)
        reply = self._answer(self._api, request)
        self.request_log.record_status(entry, reply.status)
        return reply

    @staticmethod
    def _answer(handler, request):
        try:
            return handler(request)
        except ApiError as error:
            return error.reply()
        except Exception:
            traceback.print_exc()  # a simulator bug: say so even when quiet
            return ApiError.single(500, "The simulator failed on this request; see its stderr").reply()

    # --- the Telnyx API ---

    def _api(self, request):
        fault = self.faults.take(request.method)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status is not None:
                raise fault.error()
        self._authenticate(request.headers)
        if request.path == COLLECTION_PATH:
            handlers = {"GET": self._list, "POST": self._create}
        elif match := ITEM_PATH.fullmatch(request.path):
            app_id = match.group(1)
            handlers = {
                "GET": functools.partial(self._retrieve, app_id),
                "PATCH": functools.partial(self._update, app_id),
                "DELETE": functools.partial(self._delete, app_id),
            }
        else:
            raise ApiError.single(404, f"There is no resource at {request.path}")
        return _choose(handlers, request.method)(request)

    def _authenticate(self, headers):
        credentials = re.fullmatch(r"Bearer (.+)", headers.get("Authorization", ""), re.DOTALL)
        key = credentials.group(1).encode() if credentials else b""
        if not any(hmac.compare_digest(key, api_key) for api_key in self._api_keys):
            raise ApiError.single(401, "Could not understand the provided credentials.")

    @staticmethod
    def _application_body(request, *, updating):
        content_type = request.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise ApiError.single(400, "The request body must be sent as Content-Type: application/json")
        body = parse_json_object(request.body)
        problems = validate_application(body, updating=updating)
        if problems:
            raise ApiError.from_problems(422, problems)
        return body

    def _list(self, request):
        query = parse_list_query(request.query)
        page, total = self.store.page(
            query.matches, query.sort_key, query.descending, query.page_number, query.page_size
        )
        meta = {
            "page_number": query.page_number,
            "page_size": query.page_size,
            "total_pages": math.ceil(total / query.page_size),  # 0 when nothing matches
            "total_results": total,
        }
        return Reply(200, {"data": page, "meta": meta})

    def _create(self, request):
        return Reply(201, {"data": self.store.create(self._application_body(request, updating=False))})

    def _retrieve(self, app_id, request):
        return Reply(200, {"data": self.store.get(app_id)})

    def _update(self, app_id, request):
        self.store.get(app_id)  # an unknown id is a 404 whatever the body says
        return Reply(200, {"data": self.store.update(app_id, self._application_body(request, updating=True))})

    def _delete(self, app_id, request):
        return Reply(200, {"data": self.store.delete(app_id)})

    # --- control endpoints for tests and benchmarks ---

    def _control(self, request):
        handlers = self._control_routes.get(request.path)
        if handlers is None:
            raise ApiError.single(404, f"There is no simulator control endpoint at {request.path}")
        return _choose(handlers, request.method)(request)

    def _list_requests(self, request):
        return Reply(200, {"requests": self.request_log.snapshot()})

    def _reset(self, request):
        self.store.reset()
        self.request_log.clear()
        self.faults.clear()
        return Reply(200, {})

    def _add_fault(self, request):
        fault = parse_fault(parse_json_object(request.body))
        self.faults.add(fault)
        return Reply(201, {"fault": dataclasses.asdict(fault)})

    def _seed(self, request):
        body = parse_json_object(request.body)
        count, name_prefix = body.get("count"), body.get("name_prefix")
        fields = {key: value for key, value in body.items() if key not in ("count", "name_prefix")}
        problems = []
        if not (_is_int(count) and 1 <= count <= MAX_SEED_COUNT):
            problems.append(("/count", f"count must be an integer from 1 to {MAX_SEED_COUNT}"))
        if not (isinstance(name_prefix, str) and name_prefix):
            problems.append(("/name_prefix", "name_prefix must be a non-empty string"))
        if "application_name" in fields:
            problems.append(("/application_name", "application_name is made from name_prefix"))
        fields.setdefault("webhook_event_url", SEED_WEBHOOK_URL)
        problems += validate_application({**fields, "application_name": "seed"}, updating=False)
        inbound = fields.get("inbound")
        if isinstance(inbound, dict) and inbound.get("sip_subdomain") is not None:
            problems.append(("/inbound/sip_subdomain", "seeded applications cannot share a sip_subdomain"))
        if problems:
            raise ApiError.from_problems(400, problems)
        return Reply(201, {"ids": self.store.seed(count, name_prefix, fields)})

    def _set_in_use(self, request):
        body = parse_json_object(request.body)
        app_id, in_use = body.get("id"), body.get("in_use")
        problems = [
            (f"/{_pointer_token(key)}", f"{key} is not a setting") for key in body if key not in ("id", "in_use")
        ]
        if not isinstance(app_id, str):
            problems.append(("/id", "id must be an application id"))
        if not isinstance(in_use, bool):
            problems.append(("/in_use", "in_use must be a boolean"))
        if problems:
            raise ApiError.from_problems(400, problems)
        self.store.set_in_use(app_id, in_use)
        return Reply(200, {"id": app_id, "in_use": in_use})

    def _list_everything(self, request):
        return Reply(200, {"data": self.store.everything()})


# --- HTTP -----------------------------------------------------------------------------------


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so every reply carries Content-Length
    # Headers and body go out in separate writes; with Nagle's algorithm on, each keep-alive
    # reply would wait for the client's delayed ACK (tens of milliseconds).
    disable_nagle_algorithm = True

    def _serve(self):
        path, _separator, query = self.path.partition("?")
        try:
            body = self._read_body()
        except ValueError as problem:
            self.close_connection = True  # the rest of the stream cannot be trusted
            self._send(ApiError.single(400, str(problem)).reply())
            return
        self._send(self.server.simulator.handle(Request(self.command, path, query, self.headers, body)))

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def _read_body(self):
        if self.headers.get("Transfer-Encoding"):
            raise ValueError("Chunked request bodies are not supported; send Content-Length")
        length = self.headers.get("Content-Length", "0")
        if not STRICT_INTEGER.fullmatch(length):
            raise ValueError("Content-Length must be a non-negative integer")
        return self.rfile.read(int(length))

    def version_string(self):
        return "telnyx-simulator"

    def _send(self, reply):
        data = json.dumps(reply.payload).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code, message=None, explain=None):
        # The standard library's own errors (a bad request line, an unknown method) get the
        # Telnyx error format too.
        self.close_connection = True
        self._send(ApiError.single(code, message or HTTPStatus(code).phrase).reply())

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        if self.server.verbose:
            super().log_message(format, *args)


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    # Tests open dozens of connections at once; the default backlog of 5 would make some of
    # them wait a second for a SYN retry.
    request_queue_size = 128

    def __init__(self, address, simulator, *, verbose=False):
        super().__init__(address, RequestHandler)
        self.simulator = simulator
        self.verbose = verbose

    def handle_error(self, request, client_address):
        # Clients hanging up mid-conversation (a reset, a broken pipe) is routine, not a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--api-key", action="append", required=True, help="a key clients may use; repeat for more")
    parser.add_argument("--state-file", help="keep the applications in this JSON file across restarts")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        store = Store(args.state_file)
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise SystemExit(f"telnyx_simulator: cannot use state file {args.state_file}: {problem}") from None
    server = SimulatorServer((args.host, args.port), Simulator(store, args.api_key), verbose=args.verbose)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, which runs in this very thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://{args.host}:{server.server_address[1]}{API_PREFIX}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
