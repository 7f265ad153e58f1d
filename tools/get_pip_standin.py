# telnyx.fax get-pip stand-in (marker: TELNYX_FAX_GET_PIP_STANDIN v1)
#
# ansible-test bootstraps pip into every virtual environment it creates (one
# per sanity test, one for --venv) by running a cached copy of get-pip.py from
# ~/.ansible/test/cache/get_pip_<X_Y>.py, downloading it first from
# ci-files.testing.ansible.com when the cache is empty.  That host is not
# reachable from our machines, so tools/ensure_get_pip.py copies this file
# under those names instead.  It does what get-pip.py does, with what the
# interpreter already ships:
#
#   1. ensurepip.bootstrap(upgrade=True) puts the pip bundled with Python into
#      the (empty, --without-pip) virtual environment;
#   2. ensurepip deletes every PIP_* variable and sets PIP_CONFIG_FILE to
#      /dev/null, which would hide this machine's pip configuration (package
#      index, certificate, constraints); we put the environment back as it
#      was before the call, so PIP_CONFIG_FILE is gone again (unless the user
#      had set it) and PIP_CERT & co. are back;
#   3. "python -m pip install <the arguments we were given>", less the
#      get-pip-only options --no-setuptools and --no-wheel, which brings pip to
#      the exact version ansible-test asked for (e.g. pip==25.2) from PyPI.
#
# ansible-test runs this file with runpy as __main__ inside its quiet_pip.py
# wrapper, so sys.argv[1:] are the arguments meant for get-pip.py.
import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    saved_environ = dict(os.environ)

    ensurepip.bootstrap(upgrade=True)

    os.environ.clear()
    os.environ.update(saved_environ)
    os.environ.pop("ENSUREPIP_OPTIONS", None)
    if saved_environ.get("PIP_CONFIG_FILE") is None:
        os.environ.pop("PIP_CONFIG_FILE", None)

    if not args:
        return 0
    return subprocess.call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    sys.exit(main())
