"""The simulator's tests' fixtures, each defined here once.

One simulator process for the whole session, reset before every test that uses it (sim); api,
a plain HTTP client of it; client, the official SDK on it; receiver, a webhook receiver; and
account / webhook_account, an account that can send faxes (the latter's webhooks go to receiver);
stepping, a paused fax clock that moves one status per call.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_client import ApiClient, strict_client  # noqa: E402  (importable only once the line above has run)
from fax_helpers import make_account  # noqa: E402
from fixtures import receiver_fixture, simulator_fixtures  # noqa: E402

simulator_process, sim = simulator_fixtures(name="sim")
receiver = receiver_fixture()


@pytest.fixture
def api(sim):
    """A plain HTTP client of the simulator's API and control endpoints."""
    return ApiClient(sim.root_url, sim.api_key)


@pytest.fixture
def client(sim):
    """The official telnyx SDK against the simulator, validating every response strictly."""
    return strict_client(sim, timeout=10)


@pytest.fixture
def account(sim, api):
    """A fax application with an outbound voice profile and a number of the account on it."""
    return make_account(sim, api)


@pytest.fixture
def webhook_account(sim, api, receiver):
    """The same account, its application's webhooks going to receiver's /hooks."""
    return make_account(sim, api, webhook_event_url=f"{receiver.url}/hooks")


@pytest.fixture
def stepping(sim):
    """A paused clock on which each status lasts 1 s: stepping(n) moves it n seconds on, a fax n steps."""
    sim.fax_clock(step_seconds=1, paused=True)
    return lambda seconds=1: sim.fax_clock(advance=seconds)
