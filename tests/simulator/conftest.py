"""One simulator process for the whole session, reset before every test that uses it."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Simulator  # noqa: E402  (importable only once the line above has run)


@pytest.fixture(scope="session")
def simulator_process():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def sim(simulator_process):
    simulator_process.reset()
    return simulator_process
