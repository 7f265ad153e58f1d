#!/usr/bin/env python3
"""Put the get-pip stand-in where ansible-test looks for its cached get-pip.py.

Usage: ensure_get_pip.py PYTHON [PYTHON ...]

Each PYTHON is the interpreter of a virtual environment with ansible-core
installed.  For each one we read, from that ansible-test's own source, which
pip version it bootstraps (ansible-core 2.18: 24.2, 2.21: 25.2), and make sure
~/.ansible/test/cache/get_pip_<X_Y>.py exists (ansible-test's naming).  A real
get-pip.py that someone cached there is left alone; an older copy of our
stand-in is refreshed.  See tools/get_pip_standin.py and DEVELOPERS.md for why.
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "get_pip_standin.py")
MARKER = "TELNYX_FAX_GET_PIP_STANDIN"
CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")

# ansible_test/_internal/python_requirements.py, get_venv_packages():
#     default_packages = dict(
#         pip='25.2',
#     )
PIP_VERSION_RE = re.compile(r"default_packages\s*=\s*dict\(\s*pip\s*=\s*['\"]([0-9][0-9.]*)['\"]")
# ansible_test/_util/target/setup/requirements.py, bootstrap():
CACHE_NAME_RE = re.compile(r"get_pip_%s\.py")


def ansible_test_dir(python):
    out = subprocess.check_output(
        [python, "-c", "import ansible_test, os; print(os.path.dirname(ansible_test.__file__))"], text=True
    )
    return out.strip()


def pip_version_for(python):
    root = ansible_test_dir(python)
    req_src = os.path.join(root, "_internal", "python_requirements.py")
    setup_src = os.path.join(root, "_util", "target", "setup", "requirements.py")
    with open(req_src, encoding="utf-8") as f:
        match = PIP_VERSION_RE.search(f.read())
    if not match:
        sys.exit(
            "ensure_get_pip: cannot find the pip version ansible-test bootstraps in %s; "
            "ansible-test changed, update tools/ensure_get_pip.py" % req_src
        )
    with open(setup_src, encoding="utf-8") as f:
        if not CACHE_NAME_RE.search(f.read()):
            sys.exit(
                "ensure_get_pip: %s no longer uses ~/.ansible/test/cache/get_pip_<X_Y>.py; "
                "update tools/ensure_get_pip.py" % setup_src
            )
    return match.group(1)


def main(pythons):
    if not pythons:
        sys.exit(__doc__)
    with open(STANDIN, encoding="utf-8") as f:
        standin = f.read()
    os.makedirs(CACHE_DIR, exist_ok=True)
    for python in pythons:
        version = pip_version_for(python)
        path = os.path.join(CACHE_DIR, "get_pip_%s.py" % version.replace(".", "_"))
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                current = f.read()
            if MARKER not in current:
                print("ensure_get_pip: %s: keeping the get-pip.py already cached there" % path)
                continue
            if current == standin:
                print("ensure_get_pip: %s: stand-in up to date (pip %s)" % (path, version))
                continue
        tmp = path + ".tmp%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(standin)
        os.replace(tmp, path)
        print("ensure_get_pip: %s: stand-in written (pip %s)" % (path, version))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
