# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, Telnyx's envelope and errors, retries, paging.

It knows no resource: paths, fields and what a failure means for a resource live in the
resource declarations. Nothing else in the collection opens a connection to Telnyx.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import math
import random
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised on hosts without requests
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.telnyx.fax.plugins.module_utils._throttle import Throttle

COLLECTION_VERSION = "0.4.0"
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
PAGE_SIZE = 250
# A listing that moves while it is read is read again this many times in all, then refused.
LISTING_READS = 3
# Pages after the first (which says how many there are) are read this many at a time: a round
# trip to Telnyx is most of what a page costs, and reads side by side overlap their round trips.
PAGES_AT_ONCE = 8
# The most requests one client has in flight at once, whatever its callers ask (the throttle's ceiling).
MAX_IN_FLIGHT = 16

# Statuses that say "not now" rather than "no". 409 is left out on purpose: the
# official SDK retries it, but for these endpoints it would mean a conflict that
# a second identical request cannot fix.
RETRYABLE_STATUSES = frozenset((408, 429, 500, 502, 503, 504))
# Telnyx has no idempotency key: a POST may only be repeated when the first one
# certainly did not reach the application logic.
POST_RETRYABLE_STATUSES = frozenset((429,))

# Telnyx's own reason phrases: servers and Python versions disagree on some (422).
REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class _PagesRead:
    """The pages of one listing read so far, and whether they still agree with each other."""

    def __init__(self):
        self.items = []
        self._ids = set()
        self._total = None
        self._pages = 0

    def add(self, body):
        """Take the next page (in page order); False when it shows the listing moved."""
        meta = body.get("meta") or {}
        total = meta.get("total_results")
        if self._pages == 0:
            self._total = total
        elif total != self._total:
            return False
        self._pages += 1
        for item in body.get("data") or []:
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is not None:
                if item_id in self._ids:
                    return False
                self._ids.add(item_id)
            self.items.append(item)
        return True

    def complete(self):
        """Whether the items add up to the count page 1 gave (when it gave one)."""
        return not _is_count(self._total) or len(self.items) == self._total


class TelnyxError(Exception):
    """A failure to talk to Telnyx. ``failure`` is what modules return for ``register``.

    ``message`` never ends with a full stop, so whoever adds a sentence (". Look for it ...")
    adds exactly one.

    ``may_have_been_applied`` is true when a write was sent and no answer says whether
    Telnyx carried it out (a 5xx, a read timeout, a dropped connection).

    ``transport`` is true when no HTTP answer came back at all (refused, name lookup, timeout,
    dropped connection): asking again later may get one, which a wait loop relies on.
    """

    def __init__(
        self, message, method=None, path=None, status=None, errors=None, may_have_been_applied=False, transport=False
    ):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.errors = errors or []
        self.may_have_been_applied = may_have_been_applied
        self.transport = transport

    @property
    def not_found(self):
        return self.status == 404

    @property
    def failure(self):
        return dict(method=self.method, path=self.path, status=self.status, errors=self.errors)

    def with_message(self, message):
        """The same failure, told differently (a resource adds what it means)."""
        return TelnyxError(
            message,
            method=self.method,
            path=self.path,
            status=self.status,
            errors=self.errors,
            may_have_been_applied=self.may_have_been_applied,
            transport=self.transport,
        )


def join_path(*segments):
    """A request path from a collection path and ids, each id percent-encoded whole.

    Ids are validated before they get here; encoding anyway means no value can ever add a
    path segment, a query string or a fragment to a request.
    """
    head, rest = segments[0], segments[1:]
    return "/".join([head] + [quote(str(segment), safe="") for segment in rest])


def base_url_problem(base_url):
    """Why base_url cannot be used, or None; checked before any request."""
    try:
        parts = urlsplit(base_url)
        host = parts.hostname
        if parts.port is not None and not 0 < parts.port < 65536:
            raise ValueError("port out of range")
    except ValueError as error:
        return "base_url %r is not a valid URL (%s)" % (base_url, error)
    if any(character.isspace() for character in base_url):
        return "base_url must not contain spaces or line breaks; got %r" % base_url
    if parts.scheme not in ("http", "https") or not host:
        return "base_url must be an http:// or https:// URL with a host, such as %s; got %r" % (
            DEFAULT_BASE_URL,
            base_url,
        )
    if parts.query or parts.fragment:
        return "base_url must not have a query string or a fragment; got %r" % base_url
    return None


def describe_errors(errors):
    """Telnyx's error list as one line: ``field: detail (/pointer)`` per entry."""
    parts = []
    for error in errors:
        if not isinstance(error, dict):
            parts.append(str(error))
            continue
        text = error.get("detail") or error.get("title") or "error code %s" % error.get("code")
        # Telnyx ends some details with a full stop; the pointer or the next entry follows here.
        text = str(text).strip().rstrip(".") or str(text)
        source = error.get("source") if isinstance(error.get("source"), dict) else {}
        pointer = source.get("pointer")
        parameter = source.get("parameter")
        field = pointer.strip("/").replace("/", ".") if pointer else ""
        if field:
            if not text.startswith(field):
                text = "%s: %s" % (field, text)
            text = "%s (%s)" % (text, pointer)
        elif parameter:
            text = "%s (%s)" % (text, parameter)
        parts.append(text)
    return "; ".join(parts)


def _retry_after_seconds(headers, now):
    """Seconds the server asked us to wait, or None when it did not say."""
    retry_after = headers.get("Retry-After")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                moment = email.utils.parsedate_to_datetime(retry_after)
            except (TypeError, ValueError):
                moment = None
            if moment is not None:
                return max(0.0, moment.timestamp() - now)
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            value = float(reset)
        except ValueError:
            return None
        # Telnyx documents seconds until the window resets; some gateways send an
        # epoch timestamp instead. Anything that large can only be the latter.
        if value > 1e9:
            value -= now
        return max(0.0, value)
    return None


def _status_text(response):
    return ("%s %s" % (response.status_code, REASONS.get(response.status_code, response.reason or ""))).strip()


# How a failed name lookup reads in urllib3 1.26 (a NewConnectionError), per platform.
NAME_LOOKUP_FAILURES = (
    "NameResolutionError",
    "Name or service not known",
    "Temporary failure in name resolution",
    "nodename nor servname provided",
    "No address associated with hostname",
)


def _never_left_this_host(exc):
    """True when the request certainly did not reach Telnyx: no connection was ever opened."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc)
        return "NewConnectionError" in text or any(failure in text for failure in NAME_LOOKUP_FAILURES)
    return False


def _configuration_problem(exc, base_url, validate_certs=True, api=True):
    """What in the configuration makes every attempt fail the same way, or None.

    These are not retried: the same request would fail the same way, and the answer is a
    change of base_url or validate_certs, not patience. With api=False, base_url is the host of
    a link outside the API, which no option of the task names.
    """
    if isinstance(exc, requests.exceptions.SSLError):
        advice = "If base_url is a plain-HTTP endpoint, write it with http://" if api else "The link is HTTPS"
        if validate_certs:
            advice += (
                "; if it uses a private certificate authority, install that CA on this host (or, for a test "
                "endpoint you trust, set validate_certs=false)"
            )
        return "the TLS handshake with %s failed (%s). %s" % (base_url, _short(exc), advice)
    if isinstance(exc, requests.exceptions.InvalidHeader):
        return "a request header was refused before sending (%s); check the API key for stray characters" % (
            _short(exc)
        )
    if isinstance(
        exc,
        (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL),
    ):
        if not api:
            return "the link at %s is not a URL requests can use (%s)" % (base_url, _short(exc))
        return "base_url %s is not a URL requests can use (%s); check base_url (or TELNYX_BASE_URL)" % (
            base_url,
            _short(exc),
        )
    return None


def _stream_into(response, sink):
    """Write a streamed body into sink chunk by chunk, so its size never has to fit in memory."""
    written = 0
    for chunk in response.iter_content(chunk_size=65536):
        sink.write(chunk)
        written += len(chunk)
    sink.flush()
    return written


def _user_agent():
    return "telnyx.fax/%s (ansible-core/%s; requests/%s)" % (
        COLLECTION_VERSION,
        ANSIBLE_CORE_VERSION,
        requests.__version__,
    )


def _short(exc):
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "..."


def _attempts_note(attempt):
    return " (after %d retr%s)" % (attempt, "y" if attempt == 1 else "ies") if attempt else ""


def _ceil_tenth(seconds):
    # Up, so a wait reads at least what Telnyx asked; the epsilon keeps 0.3 (0.3 * 10 is
    # 3.0000000000000004 in floats) from reading 0.4.
    return math.ceil(seconds * 10 - 1e-9) / 10


def _floor_tenth(seconds):
    # Rounded down, never up: the time left must read less than a wait it is too short for.
    return math.floor(seconds * 10) / 10


class TelnyxClient:
    """Talks JSON to the Telnyx v2 API through keep-alive sessions, each used by one thread at a time.

    requests.Session is not documented as thread-safe (its cookie jar and connection pool are
    shared state), so parallel readers and writers never share one: each request borrows an
    idle session from the client's pool, or opens a new one, and gives it back when answered.
    A lock around one shared session would make the parallel requests wait for each other; a
    session per thread would open new connections (a TLS handshake each) for every new pool of
    workers. The pool keeps as many sessions as were ever in use at once, no more.
    """

    def __init__(
        self,
        api_key,
        base_url=DEFAULT_BASE_URL,
        timeout=30.0,
        validate_certs=True,
        max_retries=3,
        key_source="the api_key option",
        sleep=time.sleep,
        clock=time.time,
    ):
        self._api_key = api_key
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.key_source = key_source
        self._sleep = sleep
        self._clock = clock
        # Retries must not stretch a task without limit: whatever the server asks,
        # one call never waits past what its attempts could take at full timeout.
        self.retry_budget_seconds = timeout * (self.max_retries + 1)
        self.validate_certs = validate_certs
        # One sentence per retried attempt, for the task's warnings.
        self.retry_notes = []
        # Parallel requests each borrow their own keep-alive session, but share one pause
        # and one throttle: when Telnyx throttles one of them, all of them back off, and
        # fewer of them come back at once.
        self._idle_sessions = []
        # Media links get a session of their own per thread, without the API key.
        self._local = threading.local()
        self._sessions_lock = threading.Lock()
        self._pause_lock = threading.Lock()
        self._paused_until = 0.0
        self.throttle = Throttle(MAX_IN_FLIGHT)

    @contextlib.contextmanager
    def _borrowed_session(self):
        with self._sessions_lock:
            session = self._idle_sessions.pop() if self._idle_sessions else None
        if session is None:
            session = self._new_session()
        try:
            yield session
        finally:
            with self._sessions_lock:
                self._idle_sessions.append(session)

    def _new_session(self):
        session = requests.Session()
        session.verify = self.validate_certs
        session.headers.update(
            {
                "Authorization": "Bearer %s" % self._api_key,
                "Accept": "application/json",
                "User-Agent": _user_agent(),
            }
        )
        return session

    @property
    def _link_session(self):
        # A session of its own, without the Authorization header: a media link is presigned,
        # and the API key must never reach its host.
        session = getattr(self._local, "link_session", None)
        if session is None:
            session = requests.Session()
            session.verify = self.validate_certs
            session.headers.update({"Accept": "*/*", "User-Agent": _user_agent()})
            self._local.link_session = session
        return session

    def redact(self, text):
        if self._api_key and text:
            return text.replace(self._api_key, "********")
        return text

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, payload=None):
        return self.request("POST", path, payload=payload)

    def patch(self, path, payload):
        return self.request("PATCH", path, payload=payload)

    def delete(self, path):
        return self.request("DELETE", path)

    def download(self, url, sink):
        """Stream the body of an absolute URL outside the API (a presigned link) into sink.

        The same retry rules as a GET to the API, with no Authorization header. sink (a file
        opened for binary writing) is emptied before each attempt, so a download cut short and
        retried leaves no bytes of the first one. The link's query string (its signature) is in
        no message. Returns the number of bytes written.
        """
        parts = urlsplit(url)
        host = "%s://%s" % (parts.scheme, parts.netloc.rpartition("@")[2])
        path = parts.path or "/"
        started = self._clock()
        attempt = 0
        while True:
            self._wait_out_shared_pause()
            sink.seek(0)
            sink.truncate()
            try:
                with self._link_session.get(url, stream=True, timeout=self.timeout) as response:
                    if response.status_code < 400:
                        return _stream_into(response, sink)
                    self._retry_after_error_status("GET", path, response, started, attempt, host)
            except requests.exceptions.RequestException as exc:
                self._retry_after_transport_failure("GET", path, exc, started, attempt, host)
            attempt += 1

    # --- listings -------------------------------------------------------------------------

    def list_all(self, path, params=None):
        """Every item of a listing, read page by page, from one consistent view of the account.

        Telnyx pages by offset: an item created or deleted between two page reads shifts
        every later page, so one item is skipped or another is listed twice. A change of
        ``meta.total_results``, an id seen twice or a count that does not add up means the
        account moved: the listing is read again, LISTING_READS times in all, and then
        refused. A listing that did not move costs no extra request.
        """
        for attempt in range(LISTING_READS):
            items = self._read_every_page(path, params)
            if items is not None:
                return items
            if attempt + 1 < LISTING_READS:
                self._sleep(self._backoff(attempt))
        raise TelnyxError(
            "The listing of %s changed while it was being read, %d times in a row: something created or "
            "deleted items meanwhile, and Telnyx pages by offset, so a moving listing skips or repeats "
            "items. No decision was made from it and nothing was written; run the task again when the "
            "account is quieter" % (path, LISTING_READS),
            method="GET",
            path=path,
        )

    def _read_every_page(self, path, params):
        """The whole listing, or None when it moved while it was read.

        Page 1 says how many pages there are; the others are then read PAGES_AT_ONCE at a
        time, and checked in page order as page 1 was: the same count on every page, no id
        twice, and the items adding up to the count. A page read after the account moved
        says so by its count, whichever order the pages arrived in.
        """
        listing = _PagesRead()
        body = self._page(path, params, 1)
        if not listing.add(body):
            return None
        meta, page = body.get("meta") or {}, body.get("data") or []
        if page and not self._last_page(meta, page, 1):
            total_pages = meta.get("total_pages")
            if _is_count(total_pages) and meta.get("page_number", 1) == 1:
                later = self._pages_at_once(path, params, range(2, total_pages + 1), listing)
            else:
                later = self._pages_in_turn(path, params, meta.get("page_number", 1) + 1, listing)
            if not later:
                return None
        return listing.items if listing.complete() else None

    def _page(self, path, params, page_number):
        query = dict(params or {})
        query.update({"page[number]": page_number, "page[size]": PAGE_SIZE})
        return self.get(path, params=query)

    def _pages_at_once(self, path, params, page_numbers, listing):
        """Read page_numbers side by side into listing; False as soon as one shows the listing moved."""
        with ThreadPoolExecutor(max_workers=min(PAGES_AT_ONCE, len(page_numbers))) as pool:
            futures = [pool.submit(self._page, path, params, number) for number in page_numbers]
            try:
                for future in futures:
                    if not listing.add(future.result()):
                        return False
            finally:
                # Pages not yet asked for are not asked for once the answer is known.
                for future in futures:
                    future.cancel()
        return True

    def _pages_in_turn(self, path, params, page_number, listing):
        """Without a page count (no meta), read on until a short or empty page; False if it moved."""
        while True:
            body = self._page(path, params, page_number)
            if not listing.add(body):
                return False
            meta, page = body.get("meta") or {}, body.get("data") or []
            if not page or self._last_page(meta, page, page_number):
                return True
            page_number = meta.get("page_number", page_number) + 1

    @staticmethod
    def _last_page(meta, page, page_number):
        total_pages = meta.get("total_pages")
        if total_pages is None:
            # No meta: a short page is the only sign of the end.
            return len(page) < PAGE_SIZE
        return meta.get("page_number", page_number) >= total_pages

    # --- one request ----------------------------------------------------------------------

    def request(self, method, path, params=None, payload=None):
        """Send one API call, retrying what is safe to retry; return the decoded body."""
        url = self.base_url + path
        started = self._clock()
        attempt = 0
        while True:
            self._wait_out_shared_pause()
            try:
                response = self._send(method, url, params, payload)
            except requests.exceptions.RequestException as exc:
                self._retry_after_transport_failure(method, path, exc, started, attempt)
            else:
                if response.status_code < 400:
                    return self._decode(method, path, response)
                self._retry_after_error_status(method, path, response, started, attempt)
            attempt += 1

    def _send(self, method, url, params, payload):
        """One attempt, within the throttle's slots, on a session no other thread is using."""
        with self.throttle.slot(), self._borrowed_session() as session:
            response = session.request(method, url, params=params, json=payload, timeout=self.timeout)
        if response.status_code == 429:
            self.throttle.throttled()
        else:
            self.throttle.answered(response.headers)
        return response

    def _retry_after_transport_failure(self, method, path, exc, started, attempt, link_host=None):
        """Wait before the next attempt, or raise when none may or can follow.

        link_host: the host of a link outside the API (download), which base_url says nothing of.
        """
        problem = _configuration_problem(exc, link_host or self.base_url, self.validate_certs, link_host is None)
        if problem:
            raise TelnyxError(
                self.redact("%s %s failed: %s" % (method, path, problem)), method=method, path=path
            ) from None
        reason = self._transport_reason(exc, link_host)
        if self._may_repeat_after_transport_failure(method, exc) and attempt < self.max_retries:
            wait = self._backoff(attempt)
            if wait <= self._budget_left(started):
                self._note_retry("%s %s got %s" % (method, path, reason), wait, attempt)
                self._sleep(wait)
                return
        raise self._transport_error(method, path, exc, reason, attempt, link_host) from None

    def _retry_after_error_status(self, method, path, response, started, attempt, link_host=None):
        """Wait (and have every thread wait) before the next attempt, or raise the error."""
        retryable = POST_RETRYABLE_STATUSES if method == "POST" else RETRYABLE_STATUSES
        if response.status_code not in retryable or attempt >= self.max_retries:
            raise self._http_error(method, path, response, attempt, link_host=link_host)
        now = self._clock()
        server_wait = _retry_after_seconds(response.headers, now)
        wait = self._backoff(attempt) if server_wait is None else server_wait
        # One reading of the clock for the decision and for the message, so both tell the same.
        left = self._budget_left(started, now)
        if wait > left:
            refused_wait = None if server_wait is None else (server_wait, max(0.0, left))
            raise self._http_error(method, path, response, attempt, refused_wait=refused_wait, link_host=link_host)
        self._note_retry("Telnyx answered %s %s with %s" % (method, path, _status_text(response)), wait, attempt)
        if server_wait is None:
            self._sleep(wait)
        else:
            self._pause_everyone(wait)

    def _wait_out_shared_pause(self):
        with self._pause_lock:
            remaining = self._paused_until - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _pause_everyone(self, seconds):
        # The next pass of the request loop waits this out, with every other thread.
        with self._pause_lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    @staticmethod
    def _may_repeat_after_transport_failure(method, exc):
        if method == "POST":
            return _never_left_this_host(exc)
        return True

    @staticmethod
    def _backoff(attempt):
        return min(BACKOFF_BASE * (2**attempt), BACKOFF_CAP) * random.uniform(0.5, 1.0)

    def _budget_left(self, started, now=None):
        """Seconds of the retry budget this call has not used yet."""
        return self.retry_budget_seconds - ((self._clock() if now is None else now) - started)

    def _note_retry(self, what_happened, wait, attempt):
        # Which attempt comes next keeps notes apart: ansible-core 2.19+ shows identical warnings once.
        self.retry_notes.append(
            "%s; retried after %.1f s (attempt %d of %d)."
            % (self.redact(what_happened), wait, attempt + 2, self.max_retries + 1)
        )

    def _decode(self, method, path, response):
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise TelnyxError(
                "%s %s answered %s with a body that is not JSON (%s); check base_url"
                % (method, path, response.status_code, response.headers.get("Content-Type", "no content type")),
                method=method,
                path=path,
                status=response.status_code,
            ) from None
        return body if isinstance(body, dict) else {"data": body}

    def _http_error(self, method, path, response, attempt, refused_wait=None, link_host=None):
        status = response.status_code
        where = "" if link_host is None else " at %s" % link_host
        headline = "%s %s%s failed with %s" % (method, path, where, _status_text(response))
        errors = []
        try:
            body = response.json()
            errors = (body.get("errors") or []) if isinstance(body, dict) else []
        except ValueError:
            body = None
        if errors:
            detail = describe_errors(errors)
        elif body is not None:
            detail = json.dumps(body)[:300]
        else:
            snippet = " ".join(response.text.split())[:200]
            detail = "the response was not JSON (%s): %s" % (
                response.headers.get("Content-Type", "no content type"),
                snippet,
            )
        # Telnyx's details often end with a period; the sentences added below bring their own.
        message = "%s: %s%s" % (headline, detail.rstrip(". "), _attempts_note(attempt))
        if refused_wait is not None:
            asked, left = refused_wait
            # Rounded apart, so "more than" reads true even when the two are a few milliseconds apart.
            message += (
                ". Telnyx asked to wait %.1f seconds before trying again, more than the %.1f seconds left of "
                "this request's retry budget (timeout x (max_retries + 1) = %g seconds); raise timeout or "
                "max_retries to wait that long, or run the task again later"
                % (_ceil_tenth(asked), _floor_tenth(left), self.retry_budget_seconds)
            )
        if link_host is None:
            message += self._api_status_advice(status, detail)
        return TelnyxError(
            self.redact(message),
            method=method,
            path=path,
            status=status,
            errors=json.loads(self.redact(json.dumps(errors))),
            may_have_been_applied=method != "GET" and status >= 500,
        )

    def _api_status_advice(self, status, detail):
        """What an API answer says about base_url or the key; a link's host knows neither."""
        if status == 404 and not self.base_url.endswith("/v2") and "no resource" in detail.lower():
            return ". base_url usually ends with /v2 (%s/v2)" % self.base_url
        if status == 401:
            return (
                ". The API key from %s was refused: check that it is a current key of "
                "your Telnyx account (Mission Control Portal > API Keys)" % self.key_source
            )
        if status == 403:
            return ". The API key from %s is not allowed to do this" % self.key_source
        if status == 429:
            return (
                ". Telnyx's rate limit outlasted the retries: raise max_retries, or send fewer requests at once "
                "(parallel_writes, where the task has it), or run the task again later"
            )
        return ""

    def _transport_reason(self, exc, link_host=None):
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "no connection within %s seconds" % self.timeout
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return "no answer within %s seconds" % self.timeout
        if isinstance(exc, requests.exceptions.ProxyError):
            return "no connection through the proxy (%s)" % _short(exc)
        text = repr(exc)
        if any(failure in text for failure in NAME_LOOKUP_FAILURES):
            return "no address for the host %s (the name lookup failed)" % urlsplit(link_host or self.base_url).hostname
        if "Connection refused" in text:
            return "connection refused"
        if "NewConnectionError" in text:
            return "no connection could be opened (%s)" % _short(exc)
        return "a broken connection (it closed before an answer came)"

    def _transport_error(self, method, path, exc, reason, attempt, link_host=None):
        target = link_host or self.base_url
        message = "%s %s to %s failed: %s%s" % (method, path, target, reason, _attempts_note(attempt))
        unreached = _never_left_this_host(exc)
        if attempt < self.max_retries and self._may_repeat_after_transport_failure(method, exc):
            # Retries stopped before max_retries: the time they may take in all ran out.
            message += "; no time was left for more within timeout x (max_retries + 1) = %g seconds" % (
                self.retry_budget_seconds
            )
        if isinstance(exc, requests.exceptions.ProxyError):
            message += "; check the proxy settings of this host (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)"
        elif unreached and link_host:
            message += "; nothing answered at that address: check that this host may reach it"
        elif unreached:
            message += (
                "; nothing answered at that address: check base_url (or TELNYX_BASE_URL) and that the "
                "service is up and reachable from this host"
            )
        return TelnyxError(
            self.redact(message),
            method=method,
            path=path,
            may_have_been_applied=method != "GET" and not unreached,
            transport=True,
        )
