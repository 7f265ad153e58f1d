# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Connection options shared by every telnyx.fax module, and the library they need."""

    DOCUMENTATION = r"""
requirements:
  - requests >= 2.25.0
options:
  api_key:
    description:
      - The Telnyx API key (V2) that authenticates every request, as shown in the Mission Control
        Portal under API Keys. Keys of real accounts start with C(KEY).
      - If not set, the value of the E(TELNYX_API_KEY) environment variable is used. When neither
        is set, the task fails before sending any request. An O(api_key) given as V("") or V(null)
        counts as set, so it hides E(TELNYX_API_KEY); the message says so.
      - The key is never shown in task output, at any verbosity. For ad-hoc commands, use
        E(TELNYX_API_KEY) rather than C(-a api_key=...), because ansible-core 2.19 and later
        echo a failed ad-hoc command's arguments.
    type: str
  base_url:
    description:
      - The base URL of the Telnyx API v2, with or without a trailing slash.
      - If not set, the value of the E(TELNYX_BASE_URL) environment variable is used.
      - Point it at the collection's local simulator to run playbooks without a Telnyx account.
    type: str
    default: https://api.telnyx.com/v2
  timeout:
    description:
      - Seconds to wait for each HTTP request to connect and to answer.
      - If not set, the value of the E(TELNYX_TIMEOUT) environment variable is used; a value that is
        not a number fails the task before any request, naming the variable.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(base_url). Only turn this off for a test
        endpoint you trust.
      - If not set, the value of the E(TELNYX_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  max_retries:
    description:
      - How many times a request is repeated after a rate limit (429), a server error (408, 500,
        502, 503, 504), a connection that could not be opened (refused, a host name that did not
        resolve, no connection within O(timeout)), a dropped connection or a read timeout. Waits
        follow C(Retry-After) or C(x-ratelimit-reset) when Telnyx sends them, else exponential
        backoff with jitter, and never add up to more than O(timeout) times the number of attempts.
      - Backoff waits are 0.5, 1, 2, 4 and then 8 seconds each, less up to half of it at random, so
        the default of 3 retries waits 1.75 to 3.5 seconds in all for an API restart or a network
        blip to end; 5 retries wait 7.75 to 15.5 seconds.
      - A request that creates something (a POST, for an application, a profile or a fax) is
        repeated only when it certainly did not reach Telnyx (a 429, or a connection that could not
        be opened, because it was refused, the host name did not resolve or the connect timed out),
        because Telnyx has no idempotency key and a second POST could create a duplicate, or send a
        second fax.
      - Every retry is reported as a warning in the task result that says which attempt followed
        (C(attempt 2 of 4)).
      - If not set, the value of the E(TELNYX_MAX_RETRIES) environment variable is used; a value
        that is not a whole number fails the task before any request, naming the variable.
    type: int
    default: 3
"""
