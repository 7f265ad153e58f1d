# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real simulator process for the client tests: real HTTP, faults injected through its control API."""

from __future__ import annotations

import time

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxClient


class SleepRecorder:
    """Stands in for time.sleep so retry waits are checked, not spent; its clock moves with them."""

    def __init__(self):
        self.waits = []
        self.skipped = 0.0

    def __call__(self, seconds):
        self.waits.append(seconds)
        self.skipped += seconds

    def clock(self):
        return time.time() + self.skipped


@pytest.fixture
def sleeps():
    return SleepRecorder()


@pytest.fixture
def make_client(simulator, sleeps):
    def make(**overrides):
        options = dict(
            api_key=simulator.api_key,
            base_url=simulator.base_url,
            timeout=5,
            max_retries=3,
            sleep=sleeps,
            clock=sleeps.clock,
        )
        options.update(overrides)
        return TelnyxClient(**options)

    return make
