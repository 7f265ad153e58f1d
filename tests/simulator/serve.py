"""Run a command against a fresh Telnyx simulator, then stop the simulator.

    python3 tests/simulator/serve.py [--api-key KEY] [--state-file FILE] [--latency S] [--webhook-receiver]
        -- COMMAND ARGS...

COMMAND sees TELNYX_BASE_URL (the API, .../v2), TELNYX_API_KEY and TELNYX_SIMULATOR_URL (the
root of the /_simulator/ control endpoints). With --webhook-receiver, a webhook receiver
(webhook_receiver.py) runs too, and COMMAND sees its root as TELNYX_WEBHOOK_RECEIVER_URL
(http://127.0.0.1:PORT; webhooks go to any path under it but /events, /answers and /reset).
serve.py exits with COMMAND's exit code.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys

from harness import DEFAULT_API_KEY, Simulator
from webhook_receiver import WebhookReceiver


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--state-file", help="keep every record, and the fax clock, in this file across runs")
    parser.add_argument("--verbose", action="store_true", help="let the simulator log every request")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="delay every API request by this many seconds, as a network would"
    )
    parser.add_argument(
        "--webhook-receiver",
        action="store_true",
        help="run a webhook receiver too, and give COMMAND its URL as TELNYX_WEBHOOK_RECEIVER_URL",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("give the command to run after --")
    return args


def _exit_on_signal(signum, frame):
    # Unwinding (rather than dying) lets subprocess kill COMMAND and the with block stop the
    # simulator, so nothing is left running.
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with contextlib.ExitStack() as running:
        simulator = running.enter_context(
            Simulator(args.api_key, state_file=args.state_file, verbose=args.verbose, latency=args.latency)
        )
        environment = dict(
            os.environ,
            TELNYX_BASE_URL=simulator.base_url,
            TELNYX_API_KEY=simulator.api_key,
            TELNYX_SIMULATOR_URL=simulator.root_url,
        )
        if args.webhook_receiver:
            receiver = running.enter_context(WebhookReceiver(verbose=args.verbose))
            environment["TELNYX_WEBHOOK_RECEIVER_URL"] = receiver.url
        try:
            return subprocess.call(args.command, env=environment)
        except KeyboardInterrupt:
            return 128 + signal.SIGINT
        except FileNotFoundError:
            print(f"serve.py: command not found: {args.command[0]}", file=sys.stderr)
            return 127


if __name__ == "__main__":
    raise SystemExit(main())
