"""The shared core of the Telnyx simulator: everything that is not one resource's own rules.

Standard library only. A resource lives in its own file (sim_<resource>.py): a subclass of
Resource that declares its store tables, the ids its records point at, its API routes and its
control endpoints. telnyx_simulator.py lists the resources, one line each; this module does
the rest:

- errors and replies in Telnyx's JSON:API format (ApiError, Reply, error_entry);
- field rules and body validation (rule, Fields, field_problems, json_body);
- list queries and pages (ListSpec, parse_list_query, list_reply);
- the store: one lock around every table, strictly increasing timestamps, ids, the references
  between tables (a reference to a missing record is a 422; deleting a referenced record is
  a 422 naming what uses it) and the state file (the tables, and what a resource keeps beside
  them that must outlive a restart, such as the fax clock);
- the request log, injected faults, authentication, routing, the control endpoints shared by
  every resource (requests, reset, faults) and the HTTP server;
- public routes: links outside the API that need no key (a fax's media, as a storage
  service's presigned links), answered with raw bytes (Reply.body) rather than JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime
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
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_PREFIX = "/v2"
CONTROL_PREFIX = "/_simulator/"
PUBLIC_PREFIX = "/media/"

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
# The most a request may be delayed for a stand-in network: enough for any real round trip.
MAX_LATENCY_SECS = 10

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 250

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# The state file's own keys; what resources add beside the tables (Store.add_state) has others.
STORE_KEYS = ("last_timestamp_ms", "tables")
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
    # Raw bytes to send instead of the JSON payload; headers then carry the Content-Type.
    body: bytes | None = None


def raw_reply(status, body, content_type, headers=None):
    return Reply(status, {}, {"Content-Type": content_type, **(headers or {})}, body)


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
        """One error per (pointer, detail) problem."""
        return cls(status, [error_entry(status, detail, pointer=pointer) for pointer, detail in problems])

    def reply(self):
        return Reply(self.status, {"errors": self.errors}, self.headers)


# --- field rules and bodies -----------------------------------------------------------------


def is_int(value):
    # JSON true/false arrive as bool, which Python counts as int; the API does not.
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_string_list(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_http_url(value):
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def rule(is_valid, requirement):
    """A field rule: None for a valid value, else what the value must be ("must be ...")."""
    return lambda value: None if is_valid(value) else requirement


def enum_rule(choices, *, nullable=False):
    text = f"must be one of {quoted(choices)}" + (" or null" if nullable else "")
    return rule(lambda value: (nullable and value is None) or value in choices, text)


def quoted(values):
    return ", ".join(f'"{value}"' for value in values)


def pointer_token(key):
    return key.replace("~", "~0").replace("/", "~1")  # RFC 6901 escaping


@dataclasses.dataclass(frozen=True)
class Fields:
    """What a create or update body may carry.

    rules: top-level field -> rule. nested: field -> {sub-field: rule}, for objects that may
    carry those keys only. required: fields that must be present. refused: fields a client
    might send but may not here -> why ("is read-only", ...). Anything else is unknown.
    """

    rules: dict
    nested: dict = dataclasses.field(default_factory=dict)
    required: tuple = ()
    refused: dict = dataclasses.field(default_factory=dict)


def field_problems(body, fields):
    """Return (pointer, detail) for every problem in a body, in the order of the body's keys."""
    problems = [(f"/{name}", f"{name} is required") for name in fields.required if name not in body]
    for key, value in body.items():
        pointer = f"/{pointer_token(key)}"
        if key in fields.rules:
            requirement = fields.rules[key](value)
            if requirement:
                problems.append((pointer, f"{key} {requirement}"))
        elif key in fields.nested:
            problems.extend(nested_problems(key, value, fields.nested[key]))
        elif key in fields.refused:
            problems.append((pointer, f"{key} {fields.refused[key]}"))
        else:
            problems.append((pointer, f"{key} is not a known field"))
    return problems


def nested_problems(name, value, rules):
    if not isinstance(value, dict):
        return [(f"/{name}", f"{name} must be an object")]
    problems = []
    for key, sub_value in value.items():
        pointer = f"/{name}/{pointer_token(key)}"
        if key not in rules:
            problems.append((pointer, f"{name}.{key} is not a known field"))
        elif requirement := rules[key](sub_value):
            problems.append((pointer, f"{name}.{key} {requirement}"))
    return problems


def parse_json_object(body):
    try:
        payload = json.loads(body)
    except ValueError as problem:  # also UnicodeDecodeError, for bytes that are not UTF-8
        raise ApiError.single(400, f"The request body is not valid JSON: {problem}") from None
    if not isinstance(payload, dict):
        raise ApiError.single(400, "The request body must be a JSON object")
    return payload


def json_body(request, fields=None):
    """The request's JSON object body: 400 unless sent as JSON, 422 for every field problem."""
    content_type = request.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError.single(400, "The request body must be sent as Content-Type: application/json")
    body = parse_json_object(request.body)
    if fields is not None:
        problems = field_problems(body, fields)
        if problems:
            raise ApiError.from_problems(422, problems)
    return body


# --- list queries and pages -----------------------------------------------------------------


def field_key(name):
    return lambda record: record[name]


def both_directions(keys):
    """Sort values for each key function, ascending as named and descending with a - prefix."""
    sorts = {}
    for name, key in keys.items():
        sorts[name] = (key, False)
        sorts[f"-{name}"] = (key, True)
    return sorts


def min_length(length):
    """A filter check: the value needs at least length characters."""
    return lambda value: None if len(value) >= length else f"needs at least {length} characters"


def any_value(value):
    return None


@dataclasses.dataclass(frozen=True)
class ListSpec:
    """What a list endpoint accepts.

    filters: filter parameter -> check(value) returning None or what is wrong ("needs ...").
    sorts: sort value -> (key(record), descending). default_sort: (key, descending) when the
    query has no sort. Ties are always broken by id, in the sort's direction.
    """

    filters: dict
    sorts: dict
    default_sort: tuple
    default_page_size: int = DEFAULT_PAGE_SIZE
    max_page_size: int = MAX_PAGE_SIZE


@dataclasses.dataclass(frozen=True)
class ListQuery:
    page_number: int
    page_size: int
    sort_key: object  # key(record)
    descending: bool
    filters: dict  # the filter parameters given, by their full name


def parse_list_query(query, spec):
    values, problems = {}, []
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if key in values:
            problems.append((key, f"{key} is given more than once"))
        elif key in ("page[number]", "page[size]", "sort") or key in spec.filters:
            values[key] = value
        elif key.startswith(("page[", "filter[")):
            # A misspelt filter would otherwise list everything, and a client could act on
            # the wrong record; other unknown parameters are ignored.
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
    page_size = page_parameter("page[size]", spec.default_page_size, spec.max_page_size)
    filters = {name: value for name, value in values.items() if name in spec.filters}
    for name, value in filters.items():
        requirement = spec.filters[name](value)
        if requirement:
            problems.append((name, f"{name} {requirement}"))
    sort_key, descending = spec.default_sort
    if "sort" in values:
        if values["sort"] in spec.sorts:
            sort_key, descending = spec.sorts[values["sort"]]
        else:
            problems.append(("sort", f"sort must be one of {quoted(spec.sorts)}"))
    if problems:
        raise ApiError(400, [error_entry(400, detail, parameter=name) for name, detail in problems])
    return ListQuery(page_number, page_size, sort_key, descending, filters)


def list_reply(store, table, query, matches, view):
    """A 200 with one page of the table's records that matches(record) accepts, and meta."""
    page, total = store.page(table, matches, query.sort_key, query.descending, query.page_number, query.page_size, view)
    meta = {
        "page_number": query.page_number,
        "page_size": query.page_size,
        "total_pages": math.ceil(total / query.page_size),  # 0 when nothing matches
        "total_results": total,
    }
    return Reply(200, {"data": page, "meta": meta})


# --- the store ------------------------------------------------------------------------------


def format_timestamp(epoch_ms):
    moment = EPOCH + datetime.timedelta(milliseconds=epoch_ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def dig(record, path):
    """The value at path (a tuple of keys) in a record, or None when any key is missing."""
    value = record
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@dataclasses.dataclass(frozen=True)
class Reference:
    """A field of one table's records that holds the id of a record of another table.

    Writing a record whose field names a missing record is a 422 at the field's pointer.
    Deleting a record that some record still names is a 422 listing them (by their label
    field), unless blocks_delete is false. A None or absent value refers to nothing.
    """

    table: str  # the table whose records hold the id, e.g. "phone_numbers"
    path: tuple  # where the id sits in such a record, e.g. ("connection_id",)
    target: str  # the table the id names, e.g. "fax_applications"
    label: str = "id"  # the field that names a referring record in messages
    blocks_delete: bool = True

    @property
    def pointer(self):
        return "/" + "/".join(pointer_token(key) for key in self.path)


class Store:
    """Every table of every resource, with one lock around every read and write.

    A table maps id -> record (a dict). Records are never changed in place: a write stores a
    new dict, so a reply may share a stored record's nested values without copying them.
    Resources read inside reading() and write inside writing(), which saves the state file
    when the block ends without an exception; so check everything before changing anything.
    A resource that keeps state outside the tables that must outlive a restart (the fax clock)
    registers it with add_state(); change it inside writing() too, so that it is saved.
    """

    def __init__(self, state_file=None):
        self.lock = threading.RLock()
        self._state_file = state_file
        self._tables = {}
        self._nouns = {}
        self._references = []
        self._states = {}
        self._last_timestamp_ms = 0

    # --- set-up ---

    def add_table(self, name, noun):
        """Register a table; noun names one record in messages ("Fax application")."""
        if name in self._nouns:
            raise ValueError(f"two resources declare the table {name}")
        self._nouns[name] = noun
        self._tables.setdefault(name, {})

    def add_reference(self, reference):
        self._references.append(reference)

    def add_state(self, name, dump, load):
        """Keep something beside the tables in the state file, under the key name.

        dump() returns it as JSON values (called with the lock held, whenever the file is
        written); load(saved) restores it from them at start-up, raising ValueError, KeyError or
        TypeError for what it cannot use. A state file without the key (one written before the
        key existed) leaves it as it starts.
        """
        if name in self._states or name in STORE_KEYS:
            raise ValueError(f"the state file already has a {name}")
        self._states[name] = (dump, load)

    def open(self):
        """Load the state file, if any, and write it back: an unwritable file fails here."""
        if self._state_file:
            with self.lock:  # a resource's thread (the fax scheduler) may already be looking
                self._load()
                self._save()

    def _load(self):
        try:
            with open(self._state_file, encoding="utf-8") as state:
                saved = json.load(state)
        except FileNotFoundError:
            return
        for name, records in saved["tables"].items():
            self._tables[name] = {record["id"]: record for record in records}
        self._last_timestamp_ms = int(saved["last_timestamp_ms"])
        for name, (_dump, load) in self._states.items():
            if name in saved:
                load(saved[name])

    def _save(self):
        if not self._state_file:
            return
        state = {
            "last_timestamp_ms": self._last_timestamp_ms,
            "tables": {name: list(table.values()) for name, table in self._tables.items()},
            **{name: dump() for name, (dump, _load) in self._states.items()},
        }
        directory = os.path.dirname(os.path.abspath(self._state_file))
        handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".telnyx-simulator-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                json.dump(state, temp)
            os.replace(temp_path, self._state_file)  # readers see the old state or the new, never half
        except BaseException:
            os.unlink(temp_path)
            raise

    # --- locking ---

    @contextlib.contextmanager
    def reading(self):
        with self.lock:
            yield self

    @contextlib.contextmanager
    def writing(self):
        with self.lock:
            yield self
            self._save()

    # --- clock and ids (call with the lock held) ---

    def next_timestamp_ms(self):
        # Strictly increasing across the store, so updated_at always moves forward and seeded
        # records get distinct created_at values even within one millisecond.
        now_ms = time.time_ns() // 1_000_000
        self._last_timestamp_ms = max(now_ms, self._last_timestamp_ms + 1)
        return self._last_timestamp_ms

    def next_timestamp(self):
        """The next timestamp as Telnyx writes them: 2018-02-02T22:25:27.521Z."""
        return format_timestamp(self.next_timestamp_ms())

    def is_id_taken(self, candidate):
        return any(candidate in table for table in self._tables.values())

    def new_id(self):
        """A random 19-digit id, unused in every table, so an id of one kind never finds another."""
        while True:
            candidate = str(random.randrange(10**18, 10**19))
            if not self.is_id_taken(candidate):
                return candidate

    def new_uuid(self):
        while True:
            candidate = str(uuid.uuid4())
            if not self.is_id_taken(candidate):
                return candidate

    # --- records (call with the lock held) ---

    def table(self, name):
        """The live table: read it freely, change it only through put() and remove()."""
        return self._tables[name]

    def noun(self, table):
        return self._nouns[table]

    def get(self, table, record_id):
        try:
            return self._tables[table][record_id]
        except KeyError:
            raise ApiError.single(404, f"{self._nouns[table]} {record_id} does not exist", pointer="/id") from None

    def reference_problems(self, table, record):
        """(pointer, detail) for every reference of the record that names a missing record."""
        problems = []
        for reference in self._references:
            wanted = dig(record, reference.path) if reference.table == table else None
            if wanted is not None and wanted not in self._tables[reference.target]:
                noun = self._nouns[reference.target].lower()
                field = ".".join(reference.path)
                problems.append((reference.pointer, f"{field} {wanted} names no {noun}"))
        return problems

    def check_references(self, table, record):
        """422 for every reference of the record that names a missing record."""
        problems = self.reference_problems(table, record)
        if problems:
            raise ApiError.from_problems(422, problems)

    def put(self, table, record):
        """Store a new or changed record, after checking its references."""
        self.check_references(table, record)
        self._tables[table][record["id"]] = record
        return record

    def referrers(self, table, record_id, *, blocking_only=False):
        """[(reference, [records that name the record])] for each reference into the table."""
        found = []
        for reference in self._references:
            if reference.target != table or (blocking_only and not reference.blocks_delete):
                continue
            users = [
                record for record in self._tables[reference.table].values() if dig(record, reference.path) == record_id
            ]
            if users:
                found.append((reference, users))
        return found

    def remove(self, table, record_id):
        """Delete a record (404 if unknown); 422 naming the records that still use it."""
        record = self.get(table, record_id)
        problems = []
        for reference, users in self.referrers(table, record_id, blocking_only=True):
            names = ", ".join(str(user[reference.label]) for user in users)
            kind = self._nouns[reference.table].lower()
            problems.append(
                (
                    "/id",
                    f"{self._nouns[table]} {record_id} is in use by {kind}s {names}; unassign the {kind}s"
                    " from it first, then delete it",
                )
            )
        if problems:
            raise ApiError.from_problems(422, problems)
        del self._tables[table][record_id]
        return record

    # --- whole tables (these take the lock themselves) ---

    def page(self, table, matches, sort_key, descending, page_number, page_size, view):
        """One page of view(record) for the records matches accepts, and how many match."""
        with self.lock:
            found = [record for record in self._tables[table].values() if matches(record)]
            # The id breaks ties, so the order is total and pages never overlap or skip.
            found.sort(key=lambda record: (sort_key(record), record["id"]), reverse=descending)
            start = (page_number - 1) * page_size
            return [view(record) for record in found[start : start + page_size]], len(found)

    def everything(self, table):
        """Every record of the table as stored, oldest first."""
        with self.lock:
            return sorted(self._tables[table].values(), key=lambda record: (record["created_at"], record["id"]))

    def reset(self):
        with self.writing():
            for table in self._tables.values():
                table.clear()


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
    problems = [(f"/{pointer_token(key)}", f"{key} is not a fault setting") for key in body if key not in allowed]
    status, times, method = body.get("status"), body.get("times", 1), body.get("method")
    retry_after, delay = body.get("retry_after"), body.get("delay")
    if status is not None and not (is_int(status) and (status == 429 or 500 <= status <= 599)):
        problems.append(("/status", "status must be 429 or a 5xx status"))
    if not (is_int(times) and times >= 1):
        problems.append(("/times", "times must be an integer >= 1"))
    if method is not None and method not in FAULT_METHODS:
        problems.append(("/method", f"method must be one of {quoted(FAULT_METHODS)}"))
    if retry_after is not None and not (is_number(retry_after) and retry_after >= 0 and status is not None):
        problems.append(("/retry_after", "retry_after must be a number of seconds >= 0, given with a status"))
    if delay is not None and not (is_number(delay) and 0 <= delay <= MAX_FAULT_DELAY_SECS):
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


HOOK_ACTION_METHODS = ("GET", "POST", "PATCH", "DELETE")


@dataclasses.dataclass
class Hook:
    """Requests to run, in order, just before the API processes a matching request.

    A request matches when its method and path are these and, for page, its page[number] (1
    when not given) is that one. The hook is used up after times matching requests. What each
    of its requests answered is kept, by status, in answers (one list per time it ran).
    """

    method: str
    path: str
    page: int | None
    times: int
    then: list  # [{"method", "path", "body"?}]: API paths (/v2/...) or control paths (/_simulator/...)
    answers: list = dataclasses.field(default_factory=list)

    def matches(self, request):
        if request.method != self.method or request.path != self.path:
            return False
        if self.page is None:
            return True
        pages = [value for key, value in urllib.parse.parse_qsl(request.query) if key == "page[number]"]
        return (pages[0] if pages else "1") == str(self.page)


def parse_hook(body):
    allowed = ("method", "path", "page", "times", "then")
    problems = [(f"/{pointer_token(key)}", f"{key} is not a hook setting") for key in body if key not in allowed]
    method, path, page, times, then = (body.get(key) for key in ("method", "path", "page", "times", "then"))
    times = 1 if times is None else times
    if method not in FAULT_METHODS:
        problems.append(("/method", f"method must be one of {quoted(FAULT_METHODS)}"))
    if not (isinstance(path, str) and path.startswith(API_PREFIX + "/")):
        problems.append(("/path", f"path must be an API path, such as {API_PREFIX}/fax_applications"))
    if page is not None and not (is_int(page) and page >= 1):
        problems.append(("/page", "page must be an integer >= 1"))
    if not (is_int(times) and times >= 1):
        problems.append(("/times", "times must be an integer >= 1"))
    if not (isinstance(then, list) and then):
        problems.append(("/then", "then must be a non-empty list of requests"))
        then = []
    for index, step in enumerate(then):
        if not (
            isinstance(step, dict)
            and set(step) <= {"method", "path", "body"}
            and step.get("method") in HOOK_ACTION_METHODS
            and isinstance(step.get("path"), str)
            and step["path"].startswith((API_PREFIX + "/", CONTROL_PREFIX))
        ):
            problems.append(
                (
                    f"/then/{index}",
                    f"each request is {{method, path, body?}}: method one of {quoted(HOOK_ACTION_METHODS)}, "
                    f"path under {API_PREFIX}/ or {CONTROL_PREFIX}",
                )
            )
    if problems:
        raise ApiError.from_problems(400, problems)
    return Hook(method, path, page, times, then)


class HookQueue:
    def __init__(self):
        self._lock = threading.Lock()
        self._pending = []
        self._fired = []

    def add(self, hook):
        with self._lock:
            self._pending.append(hook)

    def take(self, request):
        """Use up one turn of the oldest pending hook that matches the request, and return it."""
        with self._lock:
            for hook in self._pending:
                if hook.matches(request):
                    hook.times -= 1
                    if not hook.times:
                        self._pending.remove(hook)
                    if hook not in self._fired:
                        self._fired.append(hook)
                    return hook
        return None

    def snapshot(self):
        with self._lock:
            return {
                "pending": [dataclasses.asdict(hook) for hook in self._pending],
                "fired": [dataclasses.asdict(hook) for hook in self._fired],
            }

    def clear(self):
        with self._lock:
            self._pending.clear()
            self._fired.clear()


# --- resources and routing ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str  # raw, as received
    headers: object  # http.client.HTTPMessage
    body: bytes


class HookRequest(Request):
    """A request a hook sends from inside the simulator: it crosses no network, so no latency."""


class Resource:
    """One Telnyx API resource. Subclass it in sim_<resource>.py and list it in telnyx_simulator.py.

    tables: the store tables it owns -> the noun for one record ("Fax application").
    references: the Reference declarations of the ids its records hold.
    api_routes(): {path regex: {method: handler(request, *regex groups) -> Reply}}; a method
    not listed gets a 405 with Allow. control_routes(): {name: {method: handler(request)}},
    served at /_simulator/<name>: /_simulator/<table> (GET) shows every record and
    /_simulator/<table>/seed (POST) creates some; control_aliases: old names still answered, with
    a Deprecation header, until they are removed. public_routes(): like api_routes(), for paths
    under /media/ that need no key and are not logged (a fax's media links). reset(): forget
    anything kept outside the store (timers, ...); the store's tables are cleared by the core.
    """

    tables: dict = {}
    references: tuple = ()
    control_aliases: dict = {}  # an old control endpoint name -> the name it now has (deprecated)

    def __init__(self, simulator):
        self.simulator = simulator
        self.store = simulator.store

    def api_routes(self):
        return {}

    def control_routes(self):
        return {}

    def public_routes(self):
        return {}

    def reset(self):
        pass


class CrudResource(Resource):
    """A resource clients list, read and update (and mostly create and delete), and tests seed: the one base.

    Declare table, noun, record_type, name_field (what seeds number: p-00001 ...), blank (a new
    record's defaults), nested_defaults (objects a write replaces whole, missing keys back to
    their defaults), create_fields/update_fields (Fields), list_spec (ListSpec) and
    create_status; override view(record) (what the API shows), matches(filters), normalise(record)
    (after fields are applied), check(record) (422s beyond field rules, with the lock held),
    new_record(fields, record_id) (fields the record works out for itself), seed_defaults and
    seed_problems(fields). Routes: /v2/<table> (GET, POST) and /v2/<table>/{id} (GET, PATCH,
    DELETE), and the control endpoints /_simulator/<table> (GET, every record by stored_view)
    and /_simulator/<table>/seed (POST).

    A resource the API does not create or delete (phone numbers: Telnyx sells them elsewhere)
    sets can_create or can_delete to False: that method is then not routed, so it answers 405
    with Allow naming the others. A seed body other than {"count", "name_prefix", "ids"?,
    ...fields} comes from overriding seed_entries(body), and seed_conflicts(entries) says
    what the store refuses about them.
    """

    table = ""
    noun = ""
    record_type = ""
    name_field = "name"
    blank: dict = {}
    nested_defaults: dict = {}
    create_fields = None
    update_fields = None
    list_spec = None
    create_status = 201
    can_create = True  # POST /v2/<table>
    can_delete = True  # DELETE /v2/<table>/{id}
    seed_defaults: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.table:
            cls.tables = {cls.table: cls.noun}

    def api_routes(self):
        collection = {"GET": self.list}
        if self.can_create:
            collection["POST"] = self.create
        item = {"GET": self.retrieve, "PATCH": self.update}
        if self.can_delete:
            item["DELETE"] = self.delete
        return {f"{API_PREFIX}/{self.table}": collection, f"{API_PREFIX}/{self.table}/([^/]+)": item}

    def control_routes(self):
        return {f"{self.table}/seed": {"POST": self.seed}, self.table: {"GET": self.everything}}

    # --- what a resource may override ---

    def view(self, record):
        return record

    def stored_view(self, record):
        return self.view(record)

    def matches(self, filters):
        return lambda record: True

    def normalise(self, record):
        return record

    def check(self, record):
        pass

    def seed_problems(self, fields):
        return []

    def seed_entries(self, body):
        """([(id or None, fields)] for each record to seed, and the problems) from a seed body.

        This one reads {"count", "name_prefix", "ids"?, ...fields}: count records named
        name_prefix-00001 on, each with the fields (over seed_defaults).
        """
        seed, problems = parse_seed(body, self.name_field)
        fields = {**self.seed_defaults, **seed.fields}
        problems += field_problems({**fields, self.name_field: "seed"}, self.create_fields)
        problems += self.seed_problems(fields)
        if problems:
            return [], problems
        ids = seed.ids or [None] * seed.count
        return [
            (record_id, {**fields, self.name_field: name}) for record_id, name in zip(ids, seed.names, strict=True)
        ], []

    def seed_conflicts(self, entries):
        """(pointer, detail) for what the store refuses in seed_entries' entries (with the lock held)."""
        # Every entry has the same fields, so the first tells for all.
        problems = self.store.reference_problems(self.table, self.apply_fields(self.blank, entries[0][1]))
        if problems:
            return problems
        taken = [
            record_id for record_id, _fields in entries if record_id is not None and self.store.is_id_taken(record_id)
        ]
        return [("/ids", f"ids {', '.join(taken)} are already used")] if taken else []

    # --- records ---

    def apply_fields(self, record, fields):
        """A copy of record with fields applied as PATCH does: a nested object replaces the stored one whole."""
        updated = copy.deepcopy(record)
        for key, value in copy.deepcopy(fields).items():
            updated[key] = {**self.nested_defaults[key], **value} if key in self.nested_defaults else value
        return self.normalise(updated)

    def new_record(self, fields, record_id=None):
        """A new record (with the lock held): blank with fields applied, an id and timestamps."""
        timestamp = self.store.next_timestamp()
        record = self.apply_fields(self.blank, fields)
        record.update(
            id=record_id or self.store.new_id(),
            record_type=self.record_type,
            created_at=timestamp,
            updated_at=timestamp,
        )
        return record

    def _insert(self, fields, record_id=None):
        record = self.new_record(fields, record_id)
        self.check(record)
        return self.store.put(self.table, record)

    # --- the API ---

    def list(self, request):
        query = parse_list_query(request.query, self.list_spec)
        return list_reply(self.store, self.table, query, self.matches(query.filters), self.view)

    def create(self, request):
        fields = json_body(request, self.create_fields)
        with self.store.writing():
            return Reply(self.create_status, {"data": self.view(self._insert(fields))})

    def retrieve(self, request, record_id):
        with self.store.reading():
            return Reply(200, {"data": self.view(self.store.get(self.table, record_id))})

    def update(self, request, record_id):
        with self.store.reading():
            self.store.get(self.table, record_id)  # an unknown id is a 404 whatever the body says
        fields = json_body(request, self.update_fields)
        with self.store.writing():
            record = self.apply_fields(self.store.get(self.table, record_id), fields)
            self.check(record)
            record["updated_at"] = self.store.next_timestamp()
            return Reply(200, {"data": self.view(self.store.put(self.table, record))})

    def delete(self, request, record_id):
        with self.store.writing():
            view = self.view(self.store.get(self.table, record_id))
            self.store.remove(self.table, record_id)  # 422 while others name it (their Reference)
            return Reply(200, {"data": view})

    # --- control endpoints ---

    def seed(self, request):
        entries, problems = self.seed_entries(parse_json_object(request.body))
        if problems:
            raise ApiError.from_problems(400, problems)
        with self.store.writing():
            # Checked before anything is stored: a seed is applied whole or not at all.
            problems = self.seed_conflicts(entries)
            if problems:
                raise ApiError.from_problems(400, problems)
            ids = [self._insert(fields, record_id)["id"] for record_id, fields in entries]
        return Reply(201, {"ids": ids})

    def everything(self, request):
        """Every stored record by stored_view, oldest first, without paging."""
        with self.store.reading():
            return Reply(200, {"data": [self.stored_view(record) for record in self.store.everything(self.table)]})


def choose_handler(handlers, method):
    if method not in handlers:
        allowed = ", ".join(handlers)
        error = ApiError.single(405, f"Method {method} is not allowed here; use {allowed}")
        error.headers["Allow"] = allowed
        raise error
    return handlers[method]


def parse_latency(body):
    problems = control_problems(body, ("seconds",))
    seconds = body.get("seconds")
    if not (is_number(seconds) and 0 <= seconds <= MAX_LATENCY_SECS):
        problems.append(("/seconds", f"seconds must be a number from 0 to {MAX_LATENCY_SECS}"))
    if problems:
        raise ApiError.from_problems(400, problems)
    return float(seconds)


class Simulator:
    def __init__(self, store, api_keys, resources=(), latency=0.0):
        self.store = store
        # Every API request waits this long before it is processed, each in its own thread, so
        # that concurrent requests wait side by side, as round trips on a network do.
        self.start_latency = self.latency = latency
        self._api_keys = [key.encode() for key in api_keys]
        self.request_log = RequestLog()
        self.faults = FaultQueue()
        self.hooks = HookQueue()
        self.resources = []
        self._aliases = {}
        self._api_routes = []
        self._public_routes = []
        # Where the server listens (http://HOST:PORT), for the absolute links it hands out;
        # main() sets it once the port is known.
        self.public_root = "http://127.0.0.1"
        self._control_routes = {
            "requests": {"GET": self._list_requests},
            "reset": {"POST": self._reset},
            "faults": {"POST": self._add_fault},
            "hooks": {"GET": self._list_hooks, "POST": self._add_hook},
            "latency": {"GET": self._show_latency, "POST": self._set_latency},
        }
        for resource_class in resources:
            self.register(resource_class)

    def register(self, resource_class):
        resource = resource_class(self)
        for table, noun in resource.tables.items():
            self.store.add_table(table, noun)
        for reference in resource.references:
            self.store.add_reference(reference)
        for pattern, handlers in resource.api_routes().items():
            self._api_routes.append((re.compile(pattern), handlers))
        for pattern, handlers in resource.public_routes().items():
            self._public_routes.append((re.compile(pattern), handlers))
        for name, handlers in resource.control_routes().items():
            if name in self._control_routes:
                raise ValueError(f"two control endpoints are called {name}")
            self._control_routes[name] = handlers
        self._aliases.update(resource.control_aliases)
        self.resources.append(resource)
        return resource

    def handle(self, request):
        if request.path.startswith(CONTROL_PREFIX):
            return self._answer(self._control, request)
        if request.path.startswith(PUBLIC_PREFIX):
            return self._answer(self._public, request)
        entry = self.request_log.record_arrival(request.method, request.path, request.query)
        if self.latency and not isinstance(request, HookRequest):
            time.sleep(self.latency)
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
        if (hook := self.hooks.take(request)) is not None:
            self._run_hook(hook)
        for pattern, handlers in self._api_routes:
            if match := pattern.fullmatch(request.path):
                return choose_handler(handlers, request.method)(request, *match.groups())
        raise ApiError.single(404, f"There is no resource at {request.path}")

    def _public(self, request):
        """A link outside the API: no key, no faults, no hooks, not in the request log."""
        for pattern, handlers in self._public_routes:
            if match := pattern.fullmatch(request.path):
                return choose_handler(handlers, request.method)(request, *match.groups())
        return raw_reply(404, b"There is nothing at this address\n", "text/plain")

    def _authenticate(self, headers):
        credentials = re.fullmatch(r"Bearer (.+)", headers.get("Authorization", ""), re.DOTALL)
        key = credentials.group(1).encode() if credentials else b""
        if not any(hmac.compare_digest(key, api_key) for api_key in self._api_keys):
            raise ApiError.single(401, "Could not understand the provided credentials.")

    # --- control endpoints for tests and benchmarks ---

    def _control(self, request):
        name = request.path[len(CONTROL_PREFIX) :]
        handlers = self._control_routes.get(self._aliases.get(name, name))
        if handlers is None:
            raise ApiError.single(404, f"There is no simulator control endpoint at {request.path}")
        reply = choose_handler(handlers, request.method)(request)
        if name in self._aliases:
            # Deprecated names answer as before, and say so (RFC 9745) and where to go instead.
            headers = {
                "Deprecation": "true",
                "Link": f'<{CONTROL_PREFIX}{self._aliases[name]}>; rel="successor-version"',
            }
            reply = dataclasses.replace(reply, headers={**reply.headers, **headers})
        return reply

    def _list_requests(self, request):
        return Reply(200, {"requests": self.request_log.snapshot()})

    def _reset(self, request):
        self.store.reset()
        for resource in self.resources:
            resource.reset()
        self.request_log.clear()
        self.faults.clear()
        self.hooks.clear()
        self.latency = self.start_latency
        return Reply(200, {})

    def _show_latency(self, request):
        return Reply(200, {"seconds": self.latency})

    def _set_latency(self, request):
        self.latency = parse_latency(parse_json_object(request.body))
        return Reply(200, {"seconds": self.latency})

    def _add_hook(self, request):
        hook = parse_hook(parse_json_object(request.body))
        self.hooks.add(hook)
        return Reply(201, {"hook": dataclasses.asdict(hook)})

    def _list_hooks(self, request):
        return Reply(200, self.hooks.snapshot())

    def _run_hook(self, hook):
        """Send the hook's requests as another client would, each answered before the next."""
        answers = []
        headers = {"Authorization": "Bearer " + self._api_keys[0].decode(), "Content-Type": "application/json"}
        for step in hook.then:
            path, _separator, query = step["path"].partition("?")
            body = json.dumps(step["body"]).encode() if "body" in step else b""
            answers.append(self.handle(HookRequest(step["method"], path, query, headers, body)).status)
        hook.answers.append(answers)

    def _add_fault(self, request):
        fault = parse_fault(parse_json_object(request.body))
        self.faults.add(fault)
        return Reply(201, {"fault": dataclasses.asdict(fault)})


def control_problems(body, allowed):
    """(pointer, detail) for each key of a control body that is not among allowed."""
    return [(f"/{pointer_token(key)}", f"{key} is not a setting here") for key in body if key not in allowed]


MAX_SEED_COUNT = 99_999  # names are numbered with five digits


NUMERIC_ID = re.compile(r"[1-9][0-9]{18}")


@dataclasses.dataclass(frozen=True)
class Seed:
    count: int
    name_prefix: str
    ids: list | None  # the ids to give the records, or None for random ones
    fields: dict  # everything else: applied to every record

    @property
    def names(self):
        return [f"{self.name_prefix}-{number:05d}" for number in range(1, self.count + 1)]


def parse_seed(body, name_field):
    """Split a seed body {"count", "name_prefix", "ids"?, ...fields} into a Seed, and the problems.

    Seeded records are named name_prefix-00001 on, so the body may not set name_field. ids, if
    given, are count distinct 19-digit strings: fixtures that span several playbooks can then
    name a seeded record in their variables. Whether they are free is for the store to say.
    """
    count, name_prefix, ids = body.get("count"), body.get("name_prefix"), body.get("ids")
    fields = {key: value for key, value in body.items() if key not in ("count", "name_prefix", "ids")}
    problems = []
    if not (is_int(count) and 1 <= count <= MAX_SEED_COUNT):
        problems.append(("/count", f"count must be an integer from 1 to {MAX_SEED_COUNT}"))
    if not (isinstance(name_prefix, str) and name_prefix):
        problems.append(("/name_prefix", "name_prefix must be a non-empty string"))
    if name_field in fields:
        problems.append((f"/{name_field}", f"{name_field} is made from name_prefix"))
    if ids is not None and not (
        isinstance(ids, list)
        and len(ids) == count
        and len(set(ids)) == len(ids)
        and all(isinstance(each, str) and NUMERIC_ID.fullmatch(each) for each in ids)
    ):
        problems.append(("/ids", "ids must be a list of count distinct 19-digit strings"))
    return Seed(count, name_prefix, ids, fields), problems


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

    def __getattr__(self, name):
        # http.server answers 501 for a method it has no do_<METHOD> for; Telnyx answers
        # 405. Every method (TRACE, CONNECT, BREW, ...) is served here, and routing answers
        # a 405 with Allow on a known path (after authentication, as for any request).
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

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
        # A 204 has no body, so neither Content-Type nor Content-Length (RFC 9110 8.6).
        if reply.status == HTTPStatus.NO_CONTENT:
            data = b""
        elif reply.body is not None:
            data = reply.body
        else:
            data = json.dumps(reply.payload).encode()
        self.send_response(reply.status)
        if reply.status != HTTPStatus.NO_CONTENT:
            if reply.body is None:
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


def parse_args(argv=None, description=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--api-key", action="append", required=True, help="a key clients may use; repeat for more")
    parser.add_argument("--state-file", help="keep every record, and the fax clock, in this JSON file across restarts")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help=f"delay every API request by this many seconds (0 to {MAX_LATENCY_SECS}), as a network would",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.latency <= MAX_LATENCY_SECS:
        parser.error(f"--latency must be from 0 to {MAX_LATENCY_SECS} seconds")
    return args


def main(resources, argv=None, description=None):
    args = parse_args(argv, description)
    store = Store(args.state_file)
    simulator = Simulator(store, args.api_key, resources, latency=args.latency)
    try:
        store.open()
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise SystemExit(f"telnyx_simulator: cannot use state file {args.state_file}: {problem}") from None
    server = SimulatorServer((args.host, args.port), simulator, verbose=args.verbose)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, which runs in this very thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Links the simulator hands out name where it listens; on every address, the loopback one.
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(args.host, args.host)
    host = f"[{host}]" if ":" in host else host
    simulator.public_root = f"http://{host}:{server.server_address[1]}"
    print(f"listening on {simulator.public_root}{API_PREFIX}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    return 0
