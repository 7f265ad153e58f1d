# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, pagination, retries and errors.

Nothing else in the collection opens a connection to Telnyx.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
import traceback

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised on hosts without requests
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION
from ansible.module_utils.basic import env_fallback

COLLECTION_VERSION = "0.1.0"
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
PAGE_SIZE = 250

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

DUPLICATE_HINT = (
    "Telnyx has no idempotency key for creating applications, so the request was not "
    "repeated and the application may have been created anyway. Look for a duplicate "
    "(telnyx.fax.fax_application_info with application_name) before running again."
)


def connection_argument_spec():
    """Options every module of the collection takes to reach Telnyx."""
    return dict(
        api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["TELNYX_API_KEY"])),
        base_url=dict(type="str", default=DEFAULT_BASE_URL, fallback=(env_fallback, ["TELNYX_BASE_URL"])),
        timeout=dict(type="float", default=30.0, fallback=(env_fallback, ["TELNYX_TIMEOUT"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["TELNYX_VALIDATE_CERTS"])),
        max_retries=dict(type="int", default=3, fallback=(env_fallback, ["TELNYX_MAX_RETRIES"])),
    )


class TelnyxError(Exception):
    """A failure to talk to Telnyx. ``failure`` is what modules return for ``register``."""

    def __init__(self, message, method=None, path=None, status=None, errors=None):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.errors = errors or []

    @property
    def not_found(self):
        return self.status == 404

    @property
    def failure(self):
        return dict(method=self.method, path=self.path, status=self.status, errors=self.errors)


def describe_errors(errors):
    """Telnyx's error list as one line: ``field: detail (/pointer)`` per entry."""
    parts = []
    for error in errors:
        if not isinstance(error, dict):
            parts.append(str(error))
            continue
        text = error.get("detail") or error.get("title") or "error code %s" % error.get("code")
        source = error.get("source") if isinstance(error.get("source"), dict) else {}
        pointer = source.get("pointer")
        parameter = source.get("parameter")
        if pointer:
            field = pointer.strip("/").replace("/", ".")
            if field and not text.startswith(field):
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


def _is_connect_failure(exc):
    """True when the request certainly never left this host."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc)
        return "NewConnectionError" in text or "NameResolutionError" in text
    return False


def _is_refused(exc):
    text = repr(exc)
    return "Connection refused" in text or "NameResolutionError" in text or "Name or service not known" in text


class TelnyxClient:
    """Talks JSON to the Telnyx v2 API through one keep-alive session."""

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
        self.deadline_seconds = timeout * (self.max_retries + 1)
        self.validate_certs = validate_certs
        self.retries = []
        # Parallel writers each keep their own keep-alive session, but share one
        # pause: when Telnyx throttles one of them, all of them back off.
        self._local = threading.local()
        self._pause_lock = threading.Lock()
        self._paused_until = 0.0

    @property
    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.verify = self.validate_certs
            session.headers.update(
                {
                    "Authorization": "Bearer %s" % self._api_key,
                    "Accept": "application/json",
                    "User-Agent": "telnyx.fax/%s (ansible-core/%s; requests/%s)"
                    % (COLLECTION_VERSION, ANSIBLE_CORE_VERSION, requests.__version__),
                }
            )
            self._local.session = session
        return session

    def redact(self, text):
        if self._api_key and text:
            return text.replace(self._api_key, "********")
        return text

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, payload):
        return self.request("POST", path, payload=payload)

    def patch(self, path, payload):
        return self.request("PATCH", path, payload=payload)

    def delete(self, path):
        return self.request("DELETE", path)

    def paginate(self, path, params=None):
        """Yield every item of a listing, one page of PAGE_SIZE at a time, lazily."""
        page_number = 1
        while True:
            query = dict(params or {})
            query.update({"page[number]": page_number, "page[size]": PAGE_SIZE})
            body = self.get(path, params=query)
            items = body.get("data") or []
            yield from items
            meta = body.get("meta") or {}
            total_pages = meta.get("total_pages")
            current = meta.get("page_number", page_number)
            if not items:
                return
            if total_pages is None:
                # No meta: a short page is the only sign of the end.
                if len(items) < PAGE_SIZE:
                    return
            elif current >= total_pages:
                return
            page_number = current + 1

    def request(self, method, path, params=None, payload=None):
        """Send one API call, retrying what is safe to retry; return the decoded body."""
        url = self.base_url + path
        started = self._clock()
        attempt = 0
        while True:
            self._wait_out_shared_pause()
            try:
                response = self._session.request(method, url, params=params, json=payload, timeout=self.timeout)
            except requests.exceptions.RequestException as exc:
                reason = self._transport_reason(exc)
                retryable = self._may_retry_transport(method, exc)
                if retryable and self._wait_before_retry(method, path, attempt, started, reason, None):
                    attempt += 1
                    continue
                raise self._transport_error(method, path, exc, reason, attempt) from None

            if response.status_code < 400:
                return self._decode(method, path, response)

            retryable = response.status_code in (POST_RETRYABLE_STATUSES if method == "POST" else RETRYABLE_STATUSES)
            reason = _status_text(response)
            if retryable:
                wait = _retry_after_seconds(response.headers, self._clock())
                if self._wait_before_retry(method, path, attempt, started, reason, wait):
                    attempt += 1
                    continue
            raise self._http_error(method, path, response, attempt)

    def _wait_out_shared_pause(self):
        with self._pause_lock:
            remaining = self._paused_until - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _may_retry_transport(self, method, exc):
        if _is_refused(exc):
            # Nothing listening (or no such host) is a wrong base_url far more often
            # than a blip: failing at once tells the user sooner.
            return False
        if method == "POST":
            return _is_connect_failure(exc)
        return True

    def _wait_before_retry(self, method, path, attempt, started, reason, server_wait):
        if attempt >= self.max_retries:
            return False
        if server_wait is None:
            wait = min(BACKOFF_BASE * (2**attempt), BACKOFF_CAP) * random.uniform(0.5, 1.0)
        else:
            wait = server_wait
        if self._clock() - started + wait > self.deadline_seconds:
            return False
        self.retries.append(dict(method=method, path=path, reason=reason, waited=round(wait, 3)))
        if server_wait is not None:
            # The next pass of the request loop waits this out, with every other thread.
            with self._pause_lock:
                self._paused_until = max(self._paused_until, self._clock() + wait)
        elif wait > 0:
            self._sleep(wait)
        return True

    def _decode(self, method, path, response):
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise TelnyxError(
                "%s %s answered %s with a body that is not JSON (%s); check base_url."
                % (method, path, response.status_code, response.headers.get("Content-Type", "no content type")),
                method=method,
                path=path,
                status=response.status_code,
            ) from None
        return body if isinstance(body, dict) else {"data": body}

    def _http_error(self, method, path, response, attempt):
        status = response.status_code
        headline = "%s %s failed with %s" % (method, path, _status_text(response))
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
        message = "%s: %s" % (headline, detail)
        if status == 401:
            message += (
                ". The API key from %s was refused: check that it is a current key of "
                "your Telnyx account (Mission Control Portal > API Keys)." % self.key_source
            )
        elif status == 403:
            message += ". The API key from %s is not allowed to do this." % self.key_source
        if attempt:
            message += " (after %d retr%s)" % (attempt, "y" if attempt == 1 else "ies")
        if method == "POST" and status >= 500:
            message += ". " + DUPLICATE_HINT
        return TelnyxError(
            self.redact(message),
            method=method,
            path=path,
            status=status,
            errors=json.loads(self.redact(json.dumps(errors))),
        )

    def _transport_reason(self, exc):
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return "no answer within %s seconds" % self.timeout
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "could not connect within %s seconds" % self.timeout
        if _is_refused(exc):
            return "connection refused or host not found"
        return "connection failed (%s)" % type(exc).__name__

    def _transport_error(self, method, path, exc, reason, attempt):
        message = "%s %s to %s failed: %s" % (method, path, self.base_url, reason)
        if attempt:
            message += " (after %d retr%s)" % (attempt, "y" if attempt == 1 else "ies")
        if _is_refused(exc):
            message += ". Check base_url (or TELNYX_BASE_URL) and that the service is reachable from this host"
        if method == "POST" and not _is_connect_failure(exc):
            message += ". " + DUPLICATE_HINT
        return TelnyxError(self.redact(message), method=method, path=path)
