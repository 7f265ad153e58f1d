#!/usr/bin/env python3
"""Run commands at once, each into its own log, and show each log whole when it ends.

Usage: together.py LOG_DIR NAME=COMMAND [NAME=COMMAND ...]

make test runs this way the make targets that use one core each and share nothing they write
(the Makefile's `together`): the venvs, the unit tests and sanity on the oldest and the newest
ansible-core, the `checks` and the `scenarios`. On a 2-core CI machine that keeps both cores
busy. Interleaved output of two pytest or ansible-test runs would be unreadable, so
each command writes to LOG_DIR/NAME.log, printed in one piece, with how long it took, as soon
as the command ends. The exit code is 1 if any command failed, after all have ended; the last
line names the ones that failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 2 or not all("=" in spec for spec in argv[1:]):
        sys.exit(__doc__)
    log_dir = argv[0]
    os.makedirs(log_dir, exist_ok=True)
    started = time.monotonic()
    running = {}
    for spec in argv[1:]:
        name, command = spec.split("=", 1)
        log = open(os.path.join(log_dir, "%s.log" % name), "w+")
        process = subprocess.Popen(command, shell=True, stdout=log, stderr=subprocess.STDOUT)
        running[process.pid] = (name, process, log)
    failed = []
    while running:
        pid, status = os.wait()
        if pid not in running:
            continue
        name, process, log = running.pop(pid)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        print("===== %s (%.0f s) =====" % (name, time.monotonic() - started), flush=True)
        sys.stdout.write(log.read())
        log.close()
        print("===== %s: %s =====" % (name, "ok" if process.returncode == 0 else "exit %d" % process.returncode))
        sys.stdout.flush()
        if process.returncode != 0:
            failed.append(name)
    if failed:
        print("failed: %s (logs in %s)" % (", ".join(failed), log_dir), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
