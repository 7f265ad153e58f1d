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
"""

from __future__ import annotations

import importlib.machinery
import sys
import types
from pathlib import Path

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
