"""One simulator process for the whole session, reset before every test that uses it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures import simulator_fixtures  # noqa: E402  (importable only once the line above has run)

simulator_process, sim = simulator_fixtures(name="sim")
