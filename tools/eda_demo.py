#!/usr/bin/env python3
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make demo-events: faxes that arrive, handled by ansible-rulebook and the event source telnyx.fax.webhook.

    .venv/bin/python tools/eda_demo.py [--inbox DIR]

Against a fresh local simulator (tests/simulator/harness.py), with the installed collection:

1. a fax application whose webhook_event_url is a local listener, and a number on it;
2. ansible-rulebook runs the collection's rulebook telnyx.fax.inbound_faxes, its listener
   checking signatures with the simulator's public key;
3. a fax arrives at the number: the simulator signs and sends its webhooks, the rulebook runs
   telnyx.fax.download_fax on fax.received, and the PDF lands in the inbox;
4. a forged fax.received (signed with another key) and an old one replayed (the real delivery,
   its timestamp ten minutes old, as a captured webhook would be) are refused with 401; the real
   delivery sent again as it was is answered 200 and not queued twice.

tests/e2e/test_rulebook.py drives the same functions. ansible-rulebook needs Java 17 and finds
ansible-galaxy and ansible-playbook on PATH: the venv running this comes first on it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "simulator"))

import webhook_signing  # noqa: E402  (from tests/simulator, on the path from the line above)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from harness import Simulator  # noqa: E402

BIN = Path(sys.executable).parent
COLLECTIONS = ROOT / ".collections"
RECEIVING_NUMBER = "+13125550142"
SENDER = "+15125550177"
LISTENING = "telnyx.fax.webhook listening on "
DOWNLOAD_PLAY = "PLAY [Download a received fax]"
REPORT_PLAY = "PLAY [Report a failed fax]"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rulebook_variables(sim, port, inbox, failure_log):
    """The environment the rulebook and its playbooks read: key, URLs, the rulebook's variables."""
    return dict(
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        TELNYX_API_KEY=sim.api_key,
        TELNYX_BASE_URL=sim.base_url,
        TELNYX_PUBLIC_KEY=sim.webhook_public_key(),
        telnyx_webhook_host="127.0.0.1",
        telnyx_webhook_port=str(port),
        fax_inbox_dir=str(inbox),
        fax_failure_log=str(failure_log),
    )


def rulebook_environment(sim, port, inbox, failure_log):
    """What ansible-rulebook needs here: the venv first on PATH, the installed collection, the variables."""
    return dict(
        os.environ,
        PATH="%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")),
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="False",
        **rulebook_variables(sim, port, inbox, failure_log),
    )


def in_container(image, workdir, variables):
    """podman run of a decision environment image: the host's network (the simulator and the
    listener are on its loopback), workdir at the same path, the variables passed by name. As
    root: podman maps the image's uid 1000 to the host's, which cannot write workdir."""
    command = ["podman", "run", "--rm", "--network=host", "--user=0", "--pull=never"]
    command += ["--volume=%s:%s" % (workdir, workdir)]
    for name in variables:
        command += ["--env", name]
    return command + [image]


class Rulebook:
    """ansible-rulebook -r telnyx.fax.inbound_faxes as a subprocess, its output kept (and echoed).

    With image, the one inside that decision environment image (podman), with its collection."""

    def __init__(self, sim, workdir, echo=False, image=None):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d/telnyx" % self.port
        self.inbox = Path(workdir) / "faxes"
        self.failure_log = Path(workdir) / "failed-faxes.log"
        self.echo = echo
        self.lines = []
        self.inventory = Path(workdir) / "inventory.yml"
        # The playbooks run with the venv's Python, which has requests (or the image's).
        self.inventory.write_text(
            "all:\n  hosts:\n    localhost:\n      ansible_connection: local\n"
            "      ansible_python_interpreter: %s\n" % ("/usr/bin/python3" if image else sys.executable)
        )
        environment = rulebook_environment(sim, self.port, self.inbox, self.failure_log)
        variables = "telnyx_webhook_host,telnyx_webhook_port,fax_inbox_dir,fax_failure_log"
        command = ["-r", "telnyx.fax.inbound_faxes", "-i", str(self.inventory), "--env-vars", variables, "-v"]
        if image:
            passed = rulebook_variables(sim, self.port, self.inbox, self.failure_log)
            command = in_container(image, Path(workdir).resolve(), passed) + ["ansible-rulebook"] + command
        else:
            command = [str(BIN / "ansible-rulebook")] + command
        self.process = subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if self.echo:
                print("  | " + line.rstrip("\n"), flush=True)

    @property
    def output(self):
        return "\n".join(self.lines)

    def wait_for(self, what, timeout=60.0, count=1):
        """Wait until `what` (text, or a function of the output) holds; AssertionError with the output if not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if what(self.output) if callable(what) else self.output.count(what) >= count:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError("ansible-rulebook: no %r after %.0f s; its output:\n%s" % (what, timeout, self.output))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)
        return self.output


def prepare_account(sim, webhook_url):
    """An application sending its webhooks to webhook_url, with RECEIVING_NUMBER on it; its id."""
    (application_id,) = sim.seed_applications(1, "eda-demo", webhook_event_url=webhook_url)
    sim.seed_phone_numbers([RECEIVING_NUMBER], connection_id=application_id)
    return application_id


def delivery_of(sim, event_type, fax_id=None, timeout=30):
    """The simulator's first delivered webhook of event_type (for fax_id, if given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for delivery in sim.webhook_deliveries(wait=1):
            if delivery["event_type"] == event_type and delivery["delivered"]:
                if fax_id is None or delivery["subject_id"] == fax_id:
                    return delivery
        time.sleep(0.2)
    raise AssertionError("the simulator delivered no %s webhook within %d s" % (event_type, timeout))


def post(url, body, headers):
    """POST a webhook; the status it was answered with."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={**headers, "Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def as_sent(delivery):
    """The body and headers of a delivery, byte for byte as the simulator sent them."""
    return json.dumps(delivery["body"]).encode(), dict(delivery["headers"])


def forged_headers(body):
    """Telnyx's headers, but signed with a key that is not the account's."""
    timestamp = str(int(time.time()))
    signature = Ed25519PrivateKey.generate().sign(timestamp.encode() + b"|" + body)
    return {
        webhook_signing.TIMESTAMP_HEADER: timestamp,
        webhook_signing.SIGNATURE_HEADER: base64.b64encode(signature).decode(),
    }


def old_headers(body, age=600):
    """The simulator's real signature of body, made age seconds ago: a captured webhook replayed later."""
    return webhook_signing.signature_headers(body, timestamp=time.time() - age)


def refusals(rulebook, body):
    """Send the forged, the old and the repeated webhook; (what, status) of each."""
    sent_body, sent_headers = body
    return [
        ("a forged fax.received (signed with another key)", post(rulebook.url, sent_body, forged_headers(sent_body))),
        (
            "the fax.received replayed with a 10-minute-old timestamp",
            post(rulebook.url, sent_body, old_headers(sent_body)),
        ),
        ("the fax.received sent again exactly as delivered", post(rulebook.url, sent_body, sent_headers)),
    ]


def run_demo(sim, workdir, echo=True):
    """The demo's steps; (rulebook output, the PDF's path, the answers to the three webhooks)."""
    rulebook = Rulebook(sim, workdir, echo=echo)
    try:
        prepare_account(sim, rulebook.url)
        rulebook.wait_for(LISTENING)
        fax = sim.inbound_fax(SENDER, RECEIVING_NUMBER, pages=2)
        pdf = rulebook.inbox / ("%s.pdf" % fax["id"])
        rulebook.wait_for("PLAY RECAP")
        answers = refusals(rulebook, as_sent(delivery_of(sim, "fax.received", fax["id"])))
        rulebook.wait_for("came again")
    finally:
        output = rulebook.stop()
    return output, pdf, answers


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--inbox", type=Path, help="a directory to keep the demo's files in (default: a temporary one)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="eda-demo-") as scratch, Simulator() as sim:
        # Absolute: the playbooks the rulebook runs start in a temporary directory of their own.
        workdir = (args.inbox or Path(scratch)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        print("demo-events: ansible-rulebook -r telnyx.fax.inbound_faxes against a local simulator", flush=True)
        output, pdf, answers = run_demo(sim, workdir)
        print("\ndemo-events: what happened")
        landed = pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        print("  1. a fax arrived: %s %s" % (pdf, "landed (%d bytes)" % pdf.stat().st_size if landed else "is MISSING"))
        for number, (what, status) in enumerate(answers, start=2):
            print("  %d. %s: answered %d" % (number, what, status))
        queued_once = output.count(DOWNLOAD_PLAY) == 1
        print(
            "  the rulebook downloaded the fax %s"
            % ("once" if queued_once else "%d times" % output.count(DOWNLOAD_PLAY))
        )
        passed = landed and [status for _what, status in answers] == [401, 401, 200] and queued_once
        print("demo-events: %s in %.1f s" % ("done" if passed else "FAILED", time.monotonic() - started))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
