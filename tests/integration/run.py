# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration targets against fresh simulators, at -vvvv, and prove the key never shows.

Usage: python3 tests/integration/run.py [--python PYTHON ...] [--jobs N] [TARGET ...]

TARGET: default every target whose aliases do not say ``hidden``. PYTHON: the interpreter of a
venv with ansible-core (its ansible-playbook plays the targets and runs the modules, so it needs
requests); default the one running this script. Give --python once per ansible-core series.

Each target is a role under tests/integration/targets, laid out as ansible-test expects,
played on localhost. Every (series, target) pair is one job; --jobs workers (default: one per
series) take the jobs longest first from one queue, so two series share the machine's cores
until the last job ends, instead of one series idling while the other finishes. Each worker has
its own simulator and webhook receiver, and every target resets the simulator first, so a
target runs the same on any worker. The whole -vvvv output of every run is kept in
tests/output/integration/ansible-core-X.Y/ and searched for the key.

Targets see TELNYX_API_KEY, TELNYX_BASE_URL, TELNYX_SIMULATOR_URL (the /_simulator/ control
endpoints) and TELNYX_WEBHOOK_RECEIVER_URL, the root of a webhook receiver
(tests/simulator/webhook_receiver.py: GET /events, POST /answers, POST /reset) that runs
beside the simulator, for the targets that check the webhooks a fax sends.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = HERE / "targets"
OUTPUT_ROOT = HERE.parent / "output" / "integration"
# How long each job took last time, to start the longest first; a fresh clone guesses from
# the number of tasks.
TIMINGS = OUTPUT_ROOT / "timings.json"
# A script, not a pytest suite, so pytest.ini's pythonpath does not reach it.
sys.path.insert(0, str(HERE.parent / "simulator"))

from harness import Simulator, WebhookReceiver  # noqa: E402  (found through the path set just above)


def visible_targets():
    names = []
    for target in sorted(TARGETS.iterdir()):
        aliases = (target / "aliases").read_text() if (target / "aliases").exists() else ""
        if "hidden" not in aliases.split():
            names.append(target.name)
    return names


class Series:
    """One ansible-core installation: its python, ansible-playbook, version and output directory."""

    def __init__(self, python):
        self.python = str(Path(python).absolute())
        self.version = subprocess.check_output(
            [self.python, "-c", "from ansible.release import __version__; print(__version__)"], text=True
        ).strip()
        self.output = OUTPUT_ROOT / ("ansible-core-%s" % ".".join(self.version.split(".")[:2]))

    def timing_key(self, target):
        """How TIMINGS names a job of this series."""
        return "%s %s" % (self.version, target)


def estimated_seconds(series, name, timings):
    key = series.timing_key(name)
    if key in timings:
        return timings[key]
    tasks = sum(path.read_text().count("- name:") for path in (TARGETS / name / "tasks").glob("*.yml"))
    return tasks * 0.5


def run_target(series, name, simulator, receiver, api_key):
    """Play one target; return (passed, seconds, the line to print)."""
    series.output.mkdir(parents=True, exist_ok=True)
    log_path = series.output / ("%s.log" % name)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as playbook:
        playbook.write("- hosts: localhost\n  gather_facts: false\n  roles:\n    - %s\n" % name)
    env = dict(
        os.environ,
        TELNYX_API_KEY=api_key,
        TELNYX_BASE_URL=simulator.base_url,
        TELNYX_SIMULATOR_URL=simulator.root_url,
        TELNYX_WEBHOOK_RECEIVER_URL=receiver.url,
        ANSIBLE_ROLES_PATH=str(TARGETS),
        ANSIBLE_PYTHON_INTERPRETER=series.python,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        # The series' own tools first: ansible-playbook calls ansible-* helpers from PATH.
        PATH="%s%s%s" % (Path(series.python).parent, os.pathsep, os.environ.get("PATH", "")),
    )
    started = time.monotonic()
    try:
        with open(log_path, "w") as log:
            code = subprocess.call(
                [
                    str(Path(series.python).with_name("ansible-playbook")),
                    "-i",
                    "localhost,",
                    "-c",
                    "local",
                    "-vvvv",
                    playbook.name,
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    finally:
        os.unlink(playbook.name)
    seconds = time.monotonic() - started
    output = log_path.read_text()
    recap = [line for line in output.splitlines() if line.startswith("localhost ")]
    leaked = api_key in output
    passed = code == 0 and not leaked
    lines = [
        "%s %-28s %s  %5.1f s  %s%s"
        % (
            series.version,
            name,
            "ok  " if passed else "FAIL",
            seconds,
            recap[-1].split(":", 1)[-1].strip() if recap else "no recap",
            "  API KEY FOUND IN OUTPUT" if leaked else "",
        )
    ]
    if code != 0:
        lines.append("  see %s" % log_path)
        failed_lines = [line for line in output.splitlines() if line.startswith(("fatal:", "failed:"))]
        lines.extend("  " + line[:400] for line in failed_lines[:5])
    return passed, seconds, "\n".join(lines)


def worker(jobs, results, api_key, print_lock):
    # A webhook receiver beside each simulator: targets point webhook URLs at it and read what came.
    with Simulator(api_key=api_key) as simulator, WebhookReceiver() as receiver:
        while True:
            try:
                series, name = jobs.get_nowait()
            except queue.Empty:
                return
            passed, seconds, report = run_target(series, name, simulator, receiver, api_key)
            with print_lock:
                print(report, flush=True)
                results.append((series, name, passed, seconds))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="a venv's python with ansible-core (repeatable)")
    parser.add_argument("--jobs", type=int, help="targets played at once (default: one per --python)")
    parser.add_argument("targets", nargs="*")
    options = parser.parse_args(argv)
    all_series = [Series(python) for python in (options.python or [sys.executable])]
    names = options.targets or visible_targets()
    unknown = [name for name in names if not (TARGETS / name / "tasks").is_dir()]
    if unknown:
        parser.error("no such target: %s (they are in %s)" % (", ".join(unknown), TARGETS))

    timings = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    pairs = sorted(
        ((series, name) for series in all_series for name in names),
        key=lambda pair: -estimated_seconds(pair[0], pair[1], timings),
    )
    jobs = queue.Queue()
    for pair in pairs:
        jobs.put(pair)
    api_key = "KEY_itest_%s" % secrets.token_hex(12)
    results, print_lock = [], threading.Lock()
    workers = [
        threading.Thread(target=worker, args=(jobs, results, api_key, print_lock))
        for _worker in range(max(1, min(options.jobs or len(all_series), len(pairs))))
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()

    timings.update((series.timing_key(name), round(seconds, 1)) for series, name, _passed, seconds in results)
    OUTPUT_ROOT.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(timings, indent=1, sort_keys=True))
    failed = 0
    for series in all_series:
        mine = [passed for each, _name, passed, _seconds in results if each is series]
        # A worker that died (the simulator did not start) leaves its jobs unplayed: they fail.
        missing = len(names) - len(mine)
        failed += mine.count(False) + missing
        print(
            "ansible-core %s: %d passed, %d failed%s"
            % (series.version, mine.count(True), mine.count(False), ", %d not played" % missing if missing else "")
        )
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
