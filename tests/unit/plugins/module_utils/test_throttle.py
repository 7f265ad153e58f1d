# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The throttle: how many requests a client has in flight, lowered by Telnyx's signs, raised slowly."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.telnyx.fax.plugins.module_utils._throttle import Throttle


def holding(throttle, count):
    stack = contextlib.ExitStack()
    for _round in range(count):
        stack.enter_context(throttle.slot())
    return stack


def test_a_429_halves_what_is_in_flight_and_calm_answers_raise_it_one_at_a_time():
    throttle = Throttle(8)
    with holding(throttle, 8):
        throttle.throttled()
    assert throttle.limit == 4
    for _round in range(4):
        throttle.answered({})
    assert throttle.limit == 5
    for _round in range(5 + 6 + 7 + 8):
        throttle.answered({})
    assert throttle.limit == 8  # never past the ceiling


def test_a_429_with_few_in_flight_halves_those_not_the_limit():
    throttle = Throttle(16)
    with holding(throttle, 2):
        throttle.throttled()
    assert throttle.limit == 1


def test_a_low_x_ratelimit_remaining_lowers_the_limit_before_any_429():
    throttle = Throttle(8)
    throttle.answered({"x-ratelimit-remaining": "100"})
    assert throttle.limit == 8
    throttle.answered({"x-ratelimit-remaining": "6"})
    assert throttle.limit == 3
    throttle.answered({"x-ratelimit-remaining": "0"})
    assert throttle.limit == throttle.lowest == 1
    throttle.answered({"x-ratelimit-remaining": "not a number"})  # says nothing: a calm answer
    assert throttle.limit == 2


def test_no_more_than_the_limit_are_ever_in_flight():
    throttle = Throttle(8)
    with holding(throttle, 4):
        throttle.throttled()  # 2
    lock, in_flight, most = threading.Lock(), [0], [0]

    def work(_item):
        with throttle.slot():
            with lock:
                in_flight[0] += 1
                most[0] = max(most[0], in_flight[0])
            threading.Event().wait(0.01)
            with lock:
                in_flight[0] -= 1

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(24)))
    assert most[0] == 2


def test_a_client_throttles_itself_on_a_429(simulator, make_client):
    client = make_client()
    simulator.fault(429, retry_after=1)
    client.get("/fax_applications")
    # One in flight when it came: half of it, at least one; the calm answer after it, one more.
    assert (client.throttle.lowest, client.throttle.limit) == (1, 2)
