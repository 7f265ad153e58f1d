# telnyx.fax get-pip stand-in (marker: TELNYX_FAX_GET_PIP_STANDIN v2)
#
# ansible-test bootstraps pip into every virtual environment it creates (one
# per sanity test, one for --venv) by running a cached copy of get-pip.py from
# ~/.ansible/test/cache/get_pip_<X_Y>.py, downloading it first from
# ci-files.testing.ansible.com when the cache is empty.  That host is not
# reachable from our machines, so tools/ensure_get_pip.py copies this file
# under those names instead.  It does what get-pip.py does, with what the
# interpreter already ships:
#
#   1. it finds the pip wheel bundled with Python (ensurepip/_bundled) and,
#      as get-pip.py does with the pip it embeds, runs pip from that wheel to
#      "pip install <the arguments we were given>", less the get-pip-only
#      options --no-setuptools and --no-wheel.  That installs the exact pip
#      ansible-test asked for (e.g. pip==25.2) in one step, with this
#      machine's pip configuration (package index, certificate).
#   2. Without a bundled wheel (some distributions strip it), it falls back to
#      ensurepip.bootstrap() and then "python -m pip install <arguments>".
#      ensurepip deletes every PIP_* variable and sets PIP_CONFIG_FILE to
#      /dev/null, which would hide the pip configuration, so the environment
#      is put back as it was before that second install.
#
# One install instead of two saves about 3 seconds per venv, and ansible-test
# makes about ten per ansible-core version on a fresh machine.
#
# ansible-test runs this file with runpy as __main__ inside its quiet_pip.py
# wrapper, so sys.argv[1:] are the arguments meant for get-pip.py.
import ensurepip
import glob
import os
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")
RUN_PIP_FROM_WHEEL = (
    "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'pip'; "
    "runpy.run_module('pip', run_name='__main__', alter_sys=True)"
)


def bundled_pip_wheel():
    wheels = glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "pip-*.whl"))
    return sorted(wheels)[-1] if wheels else None


def bootstrap_with_ensurepip(args):
    saved_environ = dict(os.environ)
    ensurepip.bootstrap(upgrade=True)
    os.environ.clear()
    os.environ.update(saved_environ)
    if not args:
        return 0
    return subprocess.call([sys.executable, "-m", "pip", "install"] + args)


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    wheel = bundled_pip_wheel()
    if wheel is None:
        return bootstrap_with_ensurepip(args)
    return subprocess.call([sys.executable, "-c", RUN_PIP_FROM_WHEEL, wheel, "install"] + (args or ["pip"]))


if __name__ == "__main__":
    sys.exit(main())
