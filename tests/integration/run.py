# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration targets against a fresh simulator, at -vvvv, and prove the key never shows.

Usage: python3 tests/integration/run.py [TARGET ...]   (default: every target whose aliases do not say ``hidden``)

Each target is a role under tests/integration/targets, laid out as ansible-test expects,
played on localhost with the Python that runs this script (it has requests). The whole
-vvvv output of every run is kept in tests/output/integration/ansible-core-X.Y/ and searched
for the key. Each run has its own simulator and output directory, so the runs on two
ansible-core versions can go at once (make integration does).

Targets see TELNYX_API_KEY, TELNYX_BASE_URL, TELNYX_SIMULATOR_URL (the /_simulator/ control
endpoints) and TELNYX_WEBHOOK_RECEIVER_URL, the root of a webhook receiver
(tests/simulator/webhook_receiver.py: GET /events, POST /answers, POST /reset) that runs
beside the simulator, for the targets that check the webhooks a fax sends.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

HERE = Path(__file__).resolve().parent
TARGETS = HERE / "targets"
# One directory per ansible-core series, so that runs on two versions can go at once.
OUTPUT = HERE.parent / "output" / "integration" / ("ansible-core-%s" % ".".join(ANSIBLE_CORE_VERSION.split(".")[:2]))
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


def run_target(name, simulator, receiver, api_key):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log_path = OUTPUT / ("%s.log" % name)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as playbook:
        playbook.write("- hosts: localhost\n  gather_facts: false\n  roles:\n    - %s\n" % name)
    env = dict(
        os.environ,
        TELNYX_API_KEY=api_key,
        TELNYX_BASE_URL=simulator.base_url,
        TELNYX_SIMULATOR_URL=simulator.root_url,
        TELNYX_WEBHOOK_RECEIVER_URL=receiver.url,
        ANSIBLE_ROLES_PATH=str(TARGETS),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )
    started = time.monotonic()
    try:
        with open(log_path, "w") as log:
            code = subprocess.call(
                [
                    str(Path(sys.executable).with_name("ansible-playbook")),
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
    print(
        "%s %-28s %s  %5.1f s  %s%s"
        % (
            ANSIBLE_CORE_VERSION,
            name,
            "ok  " if code == 0 and not leaked else "FAIL",
            seconds,
            recap[-1].split(":", 1)[-1].strip() if recap else "no recap",
            "  API KEY FOUND IN OUTPUT" if leaked else "",
        )
    )
    if code != 0:
        print("  see %s" % log_path)
        failed_lines = [line for line in output.splitlines() if line.startswith(("fatal:", "failed:"))]
        for line in failed_lines[:5]:
            print("  " + line[:400])
    return code == 0 and not leaked


def main(argv):
    names = argv or visible_targets()
    api_key = "KEY_itest_%s" % secrets.token_hex(12)
    # A webhook receiver beside the simulator: targets point webhook URLs at it and read what came.
    with Simulator(api_key=api_key) as simulator, WebhookReceiver() as receiver:
        results = [run_target(name, simulator, receiver, api_key) for name in names]
    passed = sum(results)
    print("ansible-core %s: %d passed, %d failed" % (ANSIBLE_CORE_VERSION, passed, len(results) - passed))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
