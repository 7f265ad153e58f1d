"""pytest fixtures over harness.Simulator, shared by every test suite that needs the simulator.

One process serves the whole session (starting one per test would cost more than the tests);
each test gets it reset, so no test sees another's records, log or faults.
"""

import pytest
from harness import Simulator


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
