# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests import this checkout as ``ansible_collections.telnyx.fax``.

The repository root is the collection root, but it is not laid out as
``ansible_collections/telnyx/fax``, so nothing on sys.path finds it under that name. Rather than
testing an installed copy (stale until the next ``make install``), this maps the package names
onto the checkout before any test module is imported:

    ansible_collections.telnyx.fax  ->  the directory holding galaxy.yml

Below that, ``plugins/``, ``plugins/module_utils/`` ... are plain namespace packages. A copy
already imported from elsewhere (say with PYTHONPATH=.collections) is dropped first, and the
fax package's search path holds the checkout alone, so no stale file can shadow or fill in for
one of the checkout's. pytest.ini (pythonpath) is where every suite finds tests/simulator.

The unit tests' shared fixtures are defined here, once: simulator (one process per session,
reset before each test), sleeps and make_client (a TelnyxClient on it whose waits are recorded,
not spent); tests/unit/plugins/modules/conftest.py adds run_module.
"""

from __future__ import annotations

import importlib.machinery
import sys
import time
import types
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
PACKAGE = "ansible_collections.telnyx.fax"


def _package(name, path):
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = list(path)
    module = types.ModuleType(name)
    module.__spec__ = spec
    module.__path__ = spec.submodule_search_locations
    module.__package__ = name
    return module


def map_checkout():
    for name in list(sys.modules):
        if name == "ansible_collections.telnyx" or name.startswith("ansible_collections.telnyx."):
            del sys.modules[name]
    root = sys.modules.get("ansible_collections")
    if root is None:
        root = sys.modules["ansible_collections"] = _package("ansible_collections", [])
    namespace = sys.modules["ansible_collections.telnyx"] = _package("ansible_collections.telnyx", [])
    collection = sys.modules[PACKAGE] = _package(PACKAGE, [str(CHECKOUT)])
    root.telnyx = namespace
    namespace.fax = collection


map_checkout()

# One simulator process serves every unit test that talks HTTP, reset before each of them.
from fixtures import simulator_fixtures  # noqa: E402  (tests/simulator, on the path through pytest.ini)

simulator_process, simulator = simulator_fixtures()

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxClient  # noqa: E402  (mapped above)


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
