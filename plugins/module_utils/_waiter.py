# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for an object to reach a state: read it again and again until it does, or time runs out.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError


class ReadFailed(Exception):
    """A read while waiting that Telnyx answered with an error: last is the object as last read."""

    def __init__(self, last, error):
        super().__init__(error.message)
        self.last = last
        self.error = error


def wait_until(done, read, last, timeout, interval, sleep, clock, unanswered=None):
    """Read last again until done(it) or timeout seconds pass; return it as last read.

    The last read comes at the deadline itself (a timeout shorter than interval still waits
    and reads once); the caller tells a timeout by done() being false. A read that gets no
    answer at all (the API restarting, a network blip) is only a read: the wait goes on, and
    unanswered(last, error, count) hears of it. A read that Telnyx answers with an error raises
    ReadFailed.
    """
    deadline = clock() + timeout
    count = 0
    while not done(last):
        remaining = deadline - clock()
        if remaining <= 0:
            return last
        sleep(min(interval, remaining))
        try:
            last = read(last) or last
        except TelnyxError as error:
            if not error.transport:
                raise ReadFailed(last, error) from error
            count += 1
            if unanswered is not None:
                unanswered(last, error, count)
    return last
