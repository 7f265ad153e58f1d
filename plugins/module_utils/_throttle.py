# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many requests one client may have in flight at once, as Telnyx's rate limit allows.

Parallel readers and writers share one Throttle (their client's). A 429, or an answer whose
``x-ratelimit-remaining`` says the window is nearly used up, halves how many may be in flight;
each run of answers without such a sign lets one more go again, up to the ceiling. So after a
429 the workers come back a few at a time instead of all at once, and a long run settles at
what the account's limit allows without being told it.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import contextlib
import threading

# A remaining count at or below this many requests per request in flight counts as low: the
# window would be used up within about two more rounds of the workers.
LOW_REMAINING_PER_WORKER = 2


def ratelimit_remaining(headers):
    """x-ratelimit-remaining as an int, or None when the answer does not say."""
    value = headers.get("x-ratelimit-remaining") if headers is not None else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Throttle:
    """A gate of ``limit`` slots (1 to ``ceiling``), lowered by rate-limit signals, raised slowly."""

    def __init__(self, ceiling=16):
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
        self.lowest = self.ceiling
        self._in_flight = 0
        self._calm_answers = 0
        self._condition = threading.Condition()

    @contextlib.contextmanager
    def slot(self):
        """Hold one of the slots while a request is in flight."""
        with self._condition:
            while self._in_flight >= self.limit:
                self._condition.wait()
            self._in_flight += 1
        try:
            yield
        finally:
            with self._condition:
                self._in_flight -= 1
                self._condition.notify_all()

    def throttled(self):
        """Telnyx answered 429: half as many in flight as there are now (at least one)."""
        with self._condition:
            self._lower(max(1, min(self.limit, self._in_flight) // 2))

    def answered(self, headers):
        """Any other answer: lower the limit if the window is nearly used up, else maybe raise it."""
        remaining = ratelimit_remaining(headers)
        with self._condition:
            if remaining is not None and remaining <= LOW_REMAINING_PER_WORKER * self.limit:
                self._lower(max(1, min(self.limit // 2, remaining // LOW_REMAINING_PER_WORKER)))
                return
            self._calm_answers += 1
            # Additive increase: one more slot per limit calm answers, about one round of every worker.
            if self._calm_answers >= self.limit and self.limit < self.ceiling:
                self.limit += 1
                self._calm_answers = 0
                self._condition.notify_all()

    def _lower(self, limit):
        self.limit = max(1, min(self.limit, limit))
        self.lowest = min(self.lowest, self.limit)
        self._calm_answers = 0
