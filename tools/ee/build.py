#!/usr/bin/env python3
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build an execution or decision environment users copy (extensions/ee, extensions/eda) offline, as make ee does.

    python3 tools/ee/build.py --definition extensions/ee/execution-environment.yml \\
        --tarball .build/telnyx-fax-X.Y.Z.tar.gz --image localhost/telnyx-fax-ee:test --output DIR \\
        [--base-packages python3,python3-pip,...]

1. podman must work: if it does not, this says what is missing and stops;
2. the base image the definition names is reused when podman has it; the documented local one
   (localhost/...) is otherwise made from Debian packages (--base-packages) with mmdebstrap and
   `podman import`;
3. pip on this machine downloads every package the build installs (the definition's
   ansible-core, ansible-runner, init and Python dependencies, the collection's requirements.txt
   as its meta/execution-environment.yml names it, ansible-builder's own bindep, pyyaml and
   packaging), for the base image's Python and platform, into DIR/wheels;
4. DIR/execution-environment.yml is the definition with one change: the collection comes from
   the tarball (a build file) instead of Galaxy;
5. ansible-builder builds it with --network=none, pip inside reading DIR/wheels only through a
   pip.conf mounted for the build: nothing of it stays in the image but two empty mount points.

Prints how long each part took. Every build runs ansible-builder; podman's layer cache keeps
the layers whose inputs did not change (the base stage's pip install, mostly).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE_PACKAGES = "python3,python3-pip,python3-venv,ca-certificates"
# What ansible-builder's builder stage pip-installs whatever the definition says.
BUILDER_PACKAGES = ["bindep", "pyyaml", "packaging"]
# ansible-builder's default init (options.container_init) when the definition names none.
DEFAULT_INIT = "dumb-init==1.2.5"


def step(name, started):
    print("tools/ee/build.py: %s took %.1f s" % (name, time.monotonic() - started), flush=True)


def fail(message):
    sys.exit("tools/ee/build.py: %s" % message)


def podman(*args, **kwargs):
    return subprocess.run(["podman", *args], check=False, capture_output=True, text=True, **kwargs)


def check_podman():
    if shutil.which("podman") is None:
        fail(
            "podman is not installed: install it (Debian: apt-get install podman runc); .ci/prepare-host does it on CI"
        )
    info = podman("info", "--format", "{{.Host.OCIRuntime.Name}}")
    if info.returncode != 0:
        fail("`podman info` fails, so podman cannot run containers here:\n%s" % info.stderr.strip())


def ensure_base_image(name, packages, mirror, security_mirror):
    started = time.monotonic()
    if podman("image", "exists", name).returncode == 0:
        print("tools/ee/build.py: base image %s is there, reused" % name)
        return
    if not name.startswith("localhost/"):
        fail("podman has no base image %s: pull it (podman pull %s) and run make ee again" % (name, name))
    if shutil.which("mmdebstrap") is None:
        fail("no base image %s and no mmdebstrap to make it: install mmdebstrap (Debian package)" % name)
    suite = name.rsplit(":", 1)[-1]
    print("tools/ee/build.py: making base image %s (Debian %s from %s)" % (name, suite, mirror), flush=True)
    # The security archive too, so that the image starts with the suite's fixed packages.
    sources = ["deb %s %s main" % (mirror, suite), "deb %s %s-security main" % (security_mirror, suite)]
    debootstrap = subprocess.Popen(
        [
            "mmdebstrap",
            "--quiet",
            "--variant=minbase",
            "--include=" + packages,
            "--format=tar",
            suite,
            "-",
            *sources,
        ],
        stdout=subprocess.PIPE,
    )
    imported = subprocess.run(
        ["podman", "import", "--quiet", "--change", 'CMD ["/bin/bash"]', "-", name],
        stdin=debootstrap.stdout,
        check=False,
    )
    debootstrap.stdout.close()
    if debootstrap.wait() != 0 or imported.returncode != 0:
        fail(
            "making the base image %s failed (mmdebstrap exit %s, podman import exit %s)"
            % (name, debootstrap.returncode, imported.returncode)
        )
    step("the base image", started)


def base_platform(name):
    """pip's --python-version, --abi and --platform values for the base image's Python."""
    probe = podman(
        "run", "--rm", "--network=none", "--pull=never", name, "python3", "-c",
        "import platform, sys; print(sys.version_info[0], sys.version_info[1], platform.machine(),"
        " platform.libc_ver()[1].split('.')[1])",
    )  # fmt: skip
    if probe.returncode != 0:
        fail(
            "python3 in the base image %s does not run:\n%s\nIf podman cannot start containers at all: on hybrid "
            "cgroups crun cannot set RLIMIT_NOFILE; use runc and default_ulimits in /etc/containers/containers.conf "
            "(.ci/prepare-host shows how)" % (name, probe.stderr.strip())
        )
    major, minor, machine, glibc_minor = probe.stdout.split()
    platforms = ["manylinux_2_%d_%s" % (glibc, machine) for glibc in range(int(glibc_minor), 4, -1)]
    platforms += ["manylinux%s_%s" % (legacy, machine) for legacy in ("2014", "2010", "1")] + ["any"]
    return "%s.%s" % (major, minor), "cp%s%s" % (major, minor), platforms


def requirement_lines(text):
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def pip_python(version):
    """A Python of that version on this machine: pip evaluates markers (python_version < "3.13")
    on the interpreter it runs on, whatever --python-version says."""
    if "%d.%d" % sys.version_info[:2] == version:
        return sys.executable
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(pyenv.glob("versions/%s.*/bin/python%s" % (version, version)))
    found = found[-1:] or [shutil.which("python%s" % version)]
    if not found[0]:
        fail("pip must run on Python %s, the base image's, to download for it: install python%s" % (version, version))
    return str(found[0])


def build_requirements(definition, definition_path):
    dependencies = definition.get("dependencies", {})
    wanted = [dependencies[key]["package_pip"] for key in ("ansible_core", "ansible_runner") if key in dependencies]
    python = dependencies.get("python", [])
    # A list of requirements, or a requirements file beside the definition.
    wanted += python if isinstance(python, list) else requirement_lines((definition_path.parent / python).read_text())
    wanted.append(definition.get("options", {}).get("container_init", {}).get("package_pip", DEFAULT_INIT))
    metadata = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text())
    collection_requirements = ROOT / metadata["dependencies"]["python"]
    return wanted + requirement_lines(collection_requirements.read_text()) + BUILDER_PACKAGES


def download_wheels(definition, definition_path, base_image, wheels):
    started = time.monotonic()
    python_version, abi, platforms = base_platform(base_image)
    shutil.rmtree(wheels, ignore_errors=True)
    command = [
        pip_python(python_version),
        "-m",
        "pip",
        "download",
        "-qq",
        "--disable-pip-version-check",
        "--dest",
        str(wheels),
    ]
    command += ["--only-binary=:all:", "--python-version", python_version, "--implementation", "cp"]
    command += ["--abi", abi, "--abi", "abi3", "--abi", "none"]
    for platform in platforms:
        command += ["--platform", platform]
    subprocess.run(command + build_requirements(definition, definition_path), check=True)
    print(
        "tools/ee/build.py: %d wheels for Python %s in %s" % (len(list(wheels.glob("*.whl"))), python_version, wheels)
    )
    step("downloading the wheels", started)


def offline_definition(definition, tarball, output):
    """The definition as it is, but for the collection, which comes from the tarball."""
    offline = dict(definition)
    dependencies = dict(offline["dependencies"])
    dependencies["galaxy"] = {"collections": [{"name": "/build/collection/%s" % tarball.name, "type": "file"}]}
    offline["dependencies"] = dependencies
    offline["additional_build_files"] = list(offline.get("additional_build_files", [])) + [
        {"src": str(tarball.resolve()), "dest": "collection"}
    ]
    path = output / "execution-environment.yml"
    path.write_text(yaml.safe_dump(offline, sort_keys=False))
    return path


def run_builder(definition_path, image, output, wheels):
    started = time.monotonic()
    pip_conf = output / "pip.conf"
    pip_conf.write_text("[global]\nno-index = true\nfind-links = /tmp/ee-wheels\n")
    extra = "--network=none --volume=%s:/tmp/ee-wheels:ro --volume=%s:/etc/pip.conf:ro" % (
        wheels.resolve(),
        pip_conf.resolve(),
    )
    command = [str(Path(sys.executable).parent / "ansible-builder"), "build", "--container-runtime", "podman"]
    command += ["--file", str(definition_path), "--context", str(output / "context"), "--tag", image]
    command += ["--extra-build-cli-args", extra, "--verbosity", "2"]
    log = output / "ansible-builder.log"
    with log.open("w") as handle:
        built = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if built.returncode != 0:
        sys.stdout.write(log.read_text())
        fail("ansible-builder failed (exit %d); its log is above and in %s" % (built.returncode, log))
    step("ansible-builder build", started)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--definition", type=Path, default=ROOT / "extensions" / "ee" / "execution-environment.yml")
    parser.add_argument("--tarball", type=Path, required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument(
        "--mirror", default="http://deb.debian.org/debian", help="the Debian mirror the base image comes from"
    )
    parser.add_argument("--base-packages", default=BASE_PACKAGES, help="what mmdebstrap puts in a base image it makes")
    parser.add_argument("--security-mirror", default="http://deb.debian.org/debian-security")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    definition = yaml.safe_load(args.definition.read_text())
    base_image = definition["images"]["base_image"]["name"]
    check_podman()
    ensure_base_image(base_image, args.base_packages, args.mirror, args.security_mirror)
    args.output.mkdir(parents=True, exist_ok=True)
    download_wheels(definition, args.definition, base_image, args.output / "wheels")
    run_builder(
        offline_definition(definition, args.tarball, args.output), args.image, args.output, args.output / "wheels"
    )
    size = podman("image", "inspect", "--format", "{{.Size}}", args.image).stdout.strip()
    print("tools/ee/build.py: %s built, %.0f MB" % (args.image, int(size) / 1e6))
    step("the whole build", started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
