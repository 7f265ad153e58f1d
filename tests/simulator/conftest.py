"""One simulator process for the whole session, reset before every test that uses it."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_client import ApiClient  # noqa: E402  (importable only once the line above has run)
from fixtures import simulator_fixtures  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402

simulator_process, sim = simulator_fixtures(name="sim")


@pytest.fixture
def api(sim):
    """A plain HTTP client of the simulator's API and control endpoints."""
    return ApiClient(sim.root_url, sim.api_key)


@pytest.fixture
def receiver():
    """A webhook receiver on a free loopback port, for the tests that check what faxes post."""
    with WebhookReceiver() as running:
        yield running
