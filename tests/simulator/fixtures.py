"""pytest fixtures over harness.Simulator and WebhookReceiver, shared by every suite that needs them.

One process serves the whole session (starting one per test would cost more than the tests);
each test gets it reset, so no test sees another's records, log or faults.
"""

import pytest
from harness import Simulator
from webhook_receiver import WebhookReceiver


def simulator_fixtures(name="simulator", **options):
    """Return the session fixture and the per-test fixture (called ``name``) for a conftest."""

    @pytest.fixture(scope="session")
    def simulator_process():
        with Simulator(**options) as simulator:
            yield simulator

    @pytest.fixture(name=name)
    def reset_simulator(simulator_process):
        simulator_process.reset()
        return simulator_process

    return simulator_process, reset_simulator


def receiver_fixture(name="receiver"):
    """Return a fixture (called name) for a conftest: a webhook receiver on a free loopback port."""

    @pytest.fixture(name=name)
    def webhook_receiver():
        with WebhookReceiver() as running:
            yield running

    return webhook_receiver
