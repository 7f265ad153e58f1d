#!/usr/bin/env python3
"""Benchmark telnyx.fax against the local Telnyx simulator: API requests and wall time per case.

    python benchmarks/run.py [--runs 3] [--size 1000] [--loops noop|all|none] [--markdown PATH]

Run it with the Python of a venv that has ansible-core and requests, with telnyx.fax on
ANSIBLE_COLLECTIONS_PATH (`make bench` does both, with the installed collection). Each run of a
case starts from a reset simulator, seeds what the case needs, times one `ansible-playbook` run
of the case's playbook (benchmarks/playbooks/) and counts the API requests that run made in the
simulator's request log. Standard library only, plus tests/simulator/harness.py.

Exit status: 0 when every request-count goal is met, 1 when one is missed (request counts are
deterministic, so a miss is a regression), 2 when a case could not be measured. Time goals are
reported, never enforced: wall time depends on the machine and its load.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PLAYBOOKS = BENCH_DIR / "playbooks"
sys.path.insert(0, str(ROOT / "tests" / "simulator"))

from harness import Simulator  # noqa: E402  (needs the sys.path entry above)

# The role's default marker tag: the role adds it to every application it keeps, so the
# seeded applications carry it, or the role's "no-op" would really be 1000 updates.
MARKER_TAG = "managed-by-ansible"
MANY_PREFIX = "bench-app"
SEED_URL = "https://example.com/telnyx-simulator/webhooks"
CHANGED_URL = "https://hooks.example.com/telnyx/fax/changed"
CHANGED_COUNT = 10

# The single application of the one-application cases, as one_module.yml and one_uri.yml
# declare it. The simulator's seed names applications <prefix>-00001, so that is its name.
ONE_PREFIX = "bench-billing-fax"
ONE_NAME = ONE_PREFIX + "-00001"
ONE_SETTINGS = {
    "webhook_event_url": "https://hooks.example.com/telnyx/fax",
    "anchorsite_override": "Amsterdam, Netherlands",
    "inbound": {"channel_limit": 10},
    "tags": ["billing", "prod"],
}
# Other applications in the account, so that the name filter has something to filter out:
# an account holding only the one application would flatter a lookup that lists everything.
BACKGROUND_PREFIX = "bench-other"
BACKGROUND_COUNT = 200

MODULE = "telnyx.fax.fax_application"
URI = "ansible.builtin.uri"
ROLE = "role telnyx.fax.fax_applications"
BULK = "telnyx.fax.fax_application_bulk (what the role runs)"
WIDE_BULK = "telnyx.fax.fax_application_bulk (default parallel_writes)"
LOOP = "loop of telnyx.fax.fax_application"
INFO = "telnyx.fax.fax_application_info"
INFO_LOOP = "loop of telnyx.fax.fax_application_info"


class BenchError(RuntimeError):
    """A case could not be measured: its playbook failed or did not do its job."""


@dataclasses.dataclass
class Case:
    key: str
    task: str
    way: str
    playbook: str
    # Seeds the reset simulator; returns the extra ansible-playbook arguments of the run.
    prepare: Callable[[Simulator], list]
    # Looks at the simulator after the run; returns what is wrong, or None.
    check: Callable[[Simulator], str | None]
    runs: int
    # Why the case was not run, when it was not (the row still appears in the table).
    skipped: str | None = None
    samples: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Sample:
    seconds: float
    requests: int
    writes: int


# --- the cases --------------------------------------------------------------------------------


def extra_vars(**variables):
    # JSON keeps the types (a bare -e key=value would make every value a string).
    return ["-e", json.dumps(variables)]


def named(sim, name):
    return [app for app in sim.applications() if app["application_name"] == name]


def one_app_cases(runs):
    def seed_background(sim):
        sim.seed(BACKGROUND_COUNT, BACKGROUND_PREFIX)

    def account_with(settings):
        def prepare(sim):
            seed_background(sim)
            if settings is not None:
                sim.seed(1, ONE_PREFIX, **settings)
            return extra_vars(bench_app_name=ONE_NAME, bench_app_state="present")

        return prepare

    def prepare_delete(sim):
        seed_background(sim)
        sim.seed(1, ONE_PREFIX, **ONE_SETTINGS)
        return extra_vars(bench_app_name=ONE_NAME, bench_app_state="absent")

    def expect_declared(sim):
        apps = named(sim, ONE_NAME)
        if len(apps) != 1:
            return f"{len(apps)} applications named {ONE_NAME} after the run, expected 1"
        app = apps[0]
        wrong = [
            key
            for key, value in ONE_SETTINGS.items()
            if (app.get(key) if key != "inbound" else {"channel_limit": app["inbound"]["channel_limit"]}) != value
        ]
        return f"{ONE_NAME} differs from the declaration in {', '.join(wrong)}" if wrong else None

    def expect_gone(sim):
        apps = named(sim, ONE_NAME)
        return f"{ONE_NAME} still exists after the delete" if apps else None

    outdated = {**ONE_SETTINGS, "inbound": {"channel_limit": 5}}
    tasks = [
        ("unchanged", "ensure present, unchanged", account_with(ONE_SETTINGS), expect_declared),
        ("create", "create", account_with(None), expect_declared),
        ("update", "update (inbound channel limit 5 -> 10)", account_with(outdated), expect_declared),
        ("delete", "delete", prepare_delete, expect_gone),
    ]
    cases = []
    for name, task, prepare, check in tasks:
        for way, playbook in ((MODULE, "one_module.yml"), (URI, "one_uri.yml")):
            key = f"one/{name}/{'module' if way == MODULE else 'uri'}"
            cases.append(Case(key, f"1 application: {task}", way, playbook, prepare, check, runs))
    return cases


def many_cases(size, runs, loops, workdir):
    names = [f"{MANY_PREFIX}-{number:05d}" for number in range(1, size + 1)]
    changed = spread_over(names, CHANGED_COUNT)
    unchanged_file = declared_file(workdir, "declared_unchanged.json", names, set())
    changed_file = declared_file(workdir, "declared_10_changed.json", names, changed)

    def seeded(declaration):
        def prepare(sim):
            sim.seed(size, MANY_PREFIX, webhook_event_url=SEED_URL, tags=[MARKER_TAG])
            return ["-e", f"@{declaration}"]

        return prepare

    def expect_urls_of(changed_names):
        return expect_urls(size, changed_names)

    def loop_runs(case_loops):
        # The plain loop starts one module process per item (0.5 to 1 s each on a 2-core
        # machine): a 1000-item loop takes 8 to 14 minutes, so it is timed once, not median-of-N,
        # and by default only for the no-op, to keep make bench near 15 minutes.
        if loops == "all" or (loops == "noop" and case_loops == "noop"):
            return 1, None
        return 1, "not run (slow: --loops all runs it)"

    label = f"{size} applications"
    cases = [
        Case(
            "many/noop/role",
            f"{label}: no-op converge",
            ROLE,
            "many_role.yml",
            seeded(unchanged_file),
            expect_urls_of(set()),
            runs,
        ),
        Case(
            "many/noop/bulk",
            f"{label}: no-op converge",
            BULK,
            "many_bulk.yml",
            seeded(unchanged_file),
            expect_urls_of(set()),
            runs,
        ),
        Case(
            "many/noop/loop",
            f"{label}: no-op converge",
            LOOP,
            "many_loop.yml",
            seeded(unchanged_file),
            expect_urls_of(set()),
            *loop_runs("noop"),
        ),
        Case(
            "many/changed/role",
            f"{label}: converge, {CHANGED_COUNT} changed",
            ROLE,
            "many_role.yml",
            seeded(changed_file),
            expect_urls_of(changed),
            runs,
        ),
        Case(
            "many/changed/loop",
            f"{label}: converge, {CHANGED_COUNT} changed",
            LOOP,
            "many_loop.yml",
            seeded(changed_file),
            expect_urls_of(changed),
            *loop_runs("changed"),
        ),
        Case(
            "many/info/module",
            f"{label}: read all (info)",
            INFO,
            "info_all.yml",
            seeded(unchanged_file),
            expect_urls_of(set()),
            runs,
        ),
        Case(
            "many/info/loop",
            f"{label}: read all (info)",
            INFO_LOOP,
            "info_loop.yml",
            seeded(unchanged_file),
            expect_urls_of(set()),
            *loop_runs("info"),
        ),
    ]
    if loops == "none":
        for case in cases:
            if "loop" in case.way:
                case.skipped = "not run (--loops none)"
    return cases


# The round trip cases: a large account, read and written at no delay and at a stand-in
# network's (the simulator's latency), with fax_application_bulk's default parallel_writes.
WIDE_CHANGED_COUNT = 100
LATENCIES_MS = (0, 100)


def declared_file(workdir, filename, names, changed_names):
    applications = [
        {"application_name": name, "webhook_event_url": CHANGED_URL if name in changed_names else SEED_URL}
        for name in names
    ]
    path = workdir / filename
    path.write_text(json.dumps({"bench_applications": applications}))
    return path


def spread_over(names, count):
    """count of names, spread over the list, so that no path profits from them being together."""
    return set(names[:: max(1, len(names) // count)][:count])


def expect_urls(size, changed_names):
    def check(sim):
        apps = [app for app in sim.applications() if app["application_name"].startswith(MANY_PREFIX + "-")]
        if len(apps) != size:
            return f"{len(apps)} applications after the run, expected {size}"
        wrong = [
            app["application_name"]
            for app in apps
            if app["webhook_event_url"] != (CHANGED_URL if app["application_name"] in changed_names else SEED_URL)
        ]
        return f"{len(wrong)} applications not as declared, e.g. {wrong[0]}" if wrong else None

    return check


def wide_cases(size, runs, workdir):
    """10,000 applications (--wide-size) at 0 and 100 ms per request, and the role beside the module."""
    names = [f"{MANY_PREFIX}-{number:05d}" for number in range(1, size + 1)]
    changed = spread_over(names, WIDE_CHANGED_COUNT)
    unchanged_file = declared_file(workdir, "wide_unchanged.json", names, set())
    changed_file = declared_file(workdir, f"wide_{WIDE_CHANGED_COUNT}_changed.json", names, changed)

    def seeded(declaration, latency_ms):
        def prepare(sim):
            sim.seed(size, MANY_PREFIX, webhook_event_url=SEED_URL, tags=[MARKER_TAG])
            # After the seed, which is a control request and crosses no stand-in network anyway.
            sim.latency(latency_ms / 1000)
            return ["-e", f"@{declaration}"]

        return prepare

    cases = []
    for latency_ms in LATENCIES_MS:
        for what, declaration, changed_names in (
            ("noop", unchanged_file, set()),
            ("changed", changed_file, changed),
        ):
            task = "no-op converge" if what == "noop" else f"converge, {WIDE_CHANGED_COUNT} changed"
            cases.append(
                Case(
                    f"wide/{what}/bulk/{latency_ms}",
                    f"{size} applications, {latency_ms} ms per request: {task}",
                    WIDE_BULK,
                    "many_bulk.yml",
                    seeded(declaration, latency_ms),
                    expect_urls(size, changed_names),
                    runs,
                )
            )
    cases.append(
        Case(
            "wide/noop/role/0",
            f"{size} applications, 0 ms per request: no-op converge",
            ROLE,
            "many_role.yml",
            seeded(unchanged_file, 0),
            expect_urls(size, set()),
            runs,
        )
    )
    return cases


def reference_case(runs):
    return Case(
        "ref/empty",
        "reference: empty play (ansible-playbook start-up)",
        "-",
        "empty.yml",
        lambda sim: [],
        lambda sim: None,
        runs,
    )


# --- measuring --------------------------------------------------------------------------------


def measure_once(case, sim, command, env, workdir):
    """Run the case's playbook once from a freshly seeded simulator; record and return the sample."""
    sim.reset()
    extra = case.prepare(sim)
    # reset empties the log and seeding is not logged, but an offset taken now stays right
    # even if that changes: only this run's requests are counted.
    offset = len(sim.requests_log())
    started = time.perf_counter()
    process = subprocess.run(
        [*command, str(PLAYBOOKS / case.playbook), *extra],
        env=env,
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds = time.perf_counter() - started
    log = sim.requests_log()[offset:]
    where = f"{case.task} with {case.way} (run {len(case.samples) + 1})"
    if process.returncode != 0:
        raise BenchError(f"{where}: ansible-playbook exited {process.returncode}:\n{process.stdout[-4000:]}")
    # An error answer would be retried or reported by the module, inflating the count:
    # the numbers only mean something when every request succeeded.
    failed = [entry for entry in log if not 200 <= (entry.get("status") or 0) < 300]
    if failed:
        raise BenchError(f"{where}: {len(failed)} requests did not succeed, first {failed[0]}")
    problem = case.check(sim)
    if problem:
        raise BenchError(f"{where}: {problem}\n{process.stdout[-4000:]}")
    sample = Sample(seconds, len(log), sum(1 for entry in log if entry["method"] != "GET"))
    case.samples.append(sample)
    return sample


def measure_all(cases, sim, command, env, workdir, progress):
    # Round-robin: run 1 of every case, then run 2 of every case, and so on, rather than all
    # runs of one case in a row. The machine is shared, and its load drifts over minutes;
    # interleaving spreads that drift over the cases compared with each other instead of
    # handing it all to whichever case ran at the busy moment. The cases timed once (the slow
    # loops) come last, so a failing fast case shows up minutes earlier.
    timed = [case for case in cases if not case.skipped]
    rounds = max((case.runs for case in timed), default=0)
    order = [
        (number, case) for number in range(1, rounds + 1) for case in timed if number <= case.runs and case.runs > 1
    ]
    order += [(1, case) for case in timed if case.runs == 1]
    for case in cases:
        if case.skipped:
            progress(f"skip  {case.task} with {case.way}: {case.skipped}")
    for step, (number, case) in enumerate(order, 1):
        sample = measure_once(case, sim, command, env, workdir)
        progress(
            f"[{step}/{len(order)}] {case.task} with {case.way}, run {number}/{case.runs}: "
            f"{sample.seconds:.2f} s, {sample.requests} requests, {sample.writes} writes"
        )


def counts_stable(case):
    return len({(sample.requests, sample.writes) for sample in case.samples}) <= 1


def median_seconds(case):
    return statistics.median(sample.seconds for sample in case.samples)


# --- reporting --------------------------------------------------------------------------------


def machine_description(command, env):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    version = subprocess.run([*command, "--version"], env=env, stdout=subprocess.PIPE, text=True, check=True).stdout
    core = version.splitlines()[0].split("[core ", 1)[-1].rstrip("]") if "[core " in version else "unknown"
    python = next(
        (
            line.split("=", 1)[1].strip().split(" ", 1)[0]
            for line in version.splitlines()
            if line.strip().startswith("python version")
        ),
        platform.python_version(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": python,
        "ansible_core": core,
    }


def load_average():
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def header_lines(machine, runs, load_start, load_end, total_seconds):
    return [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['system']}",
        f"Python {machine['python']}, ansible-core {machine['ansible_core']}",
        f"Load average (1, 5, 15 min) at start: {load_start}; at end: {load_end}",
        (
            f"Wall time: median of {runs} runs, min-max in brackets, except where Runs says once; "
            if runs > 1
            else "Wall time: one run per case; "
        )
        + "every time includes ansible-playbook start-up (see the reference row).",
        f"Whole benchmark: {total_seconds / 60:.1f} min",
    ]


def table_rows(cases):
    rows = [("Case", "Way", "API requests", "Writes", "Wall time", "Runs")]
    for case in cases:
        if case.skipped:
            rows.append((case.task, case.way, "-", "-", case.skipped, "0"))
            continue
        requests = sorted({sample.requests for sample in case.samples})
        writes = sorted({sample.writes for sample in case.samples})
        # Request counts are expected to be the same in every run; show it when they are not.
        request_text = str(requests[0]) if len(requests) == 1 else "varied: " + "/".join(map(str, requests))
        write_text = str(writes[0]) if len(writes) == 1 else "varied: " + "/".join(map(str, writes))
        times = [sample.seconds for sample in case.samples]
        if len(times) == 1:
            time_text, runs_text = f"{times[0]:.2f} s", "1 (once)"
        else:
            time_text = f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"
            runs_text = str(len(times))
        rows.append((case.task, case.way, request_text, write_text, time_text, runs_text))
    return rows


def render_table(rows):
    # Padded Markdown: readable in a terminal and valid in a .md file, so both show one table.
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    numeric = {2, 3}

    def line(row):
        cells = [
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths))
        ]
        return "| " + " | ".join(cells) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if index in numeric else "-" * (width + 2) for index, width in enumerate(widths)
        )
        + "|"
    )
    return [line(rows[0]), rule, *(line(row) for row in rows[1:])]


@dataclasses.dataclass
class Goal:
    text: str
    kind: str  # "requests" (enforced) or "time" (reported only)
    met: bool | None  # None: a case it needs was not measured
    detail: str


def evaluate_goals(cases, size):
    by_key = {case.key: case for case in cases if case.samples}

    def requests(key):
        return by_key[key].samples[0].requests

    def writes(key):
        return by_key[key].samples[0].writes

    goals = []
    unstable = [case for case in by_key.values() if not counts_stable(case)]
    goals.append(
        Goal(
            "request counts are the same in every run of a case",
            "requests",
            not unstable,
            "varied: " + ", ".join(f"{case.task} with {case.way}" for case in unstable) if unstable else "yes",
        )
    )

    singles = ("unchanged", "create", "update", "delete")
    # A create reads its name again (two runs at once keep one object), and a delete reads the
    # numbers that would block it before any write: one request each more than a plain uri task.
    expected = {"unchanged": 1, "create": 3, "update": 2, "delete": 3}
    trust_reads = {"unchanged": 0, "create": 1, "update": 0, "delete": 1}
    if all(f"one/{name}/module" in by_key for name in singles):
        measured = {name: requests(f"one/{name}/module") for name in singles}
        goals.append(
            Goal(
                f"{MODULE} requests: unchanged 1, create 3, update 2, delete 3",
                "requests",
                measured == expected,
                "measured " + ", ".join(f"{name} {measured[name]}" for name in singles),
            )
        )
    if all(f"one/{name}/{way}" in by_key for name in singles for way in ("module", "uri")):
        pairs = {name: (requests(f"one/{name}/module"), requests(f"one/{name}/uri")) for name in singles}
        fewer = sum(1 for module, uri in pairs.values() if module < uri)
        goals.append(
            Goal(
                f"{MODULE} makes no more requests than {URI} but for the reads its guarantees cost "
                "(a create's re-read, a delete's blocking numbers)",
                "requests",
                all(module <= uri + trust_reads[name] for name, (module, uri) in pairs.items()),
                ", ".join(f"{name} {module} vs {uri}" for name, (module, uri) in pairs.items())
                + f"; strictly fewer in {fewer} of 4",
            )
        )
        comparisons = [compare_times(name, by_key[f"one/{name}/module"], by_key[f"one/{name}/uri"]) for name in singles]
        goals.append(
            Goal(
                f"{MODULE} is faster than {URI} (median wall time)",
                "time",
                all(faster for faster, _ in comparisons),
                ", ".join(text for _, text in comparisons),
            )
        )

    if "many/noop/role" in by_key:
        noop = requests("many/noop/role")
        goals.append(
            Goal(
                f"no-op converge of {size} declared applications with the role: at most 5 requests",
                "requests",
                noop <= 5,
                f"{noop} made",
            )
        )
        if "many/noop/loop" in by_key:
            role_time, loop_time = median_seconds(by_key["many/noop/role"]), median_seconds(by_key["many/noop/loop"])
            goals.append(
                Goal(
                    "no-op converge with the role: under a tenth of the plain loop's time",
                    "time",
                    role_time < loop_time / 10,
                    f"{role_time:.2f} s vs {loop_time:.2f} s ({loop_time / role_time:.0f}x faster)",
                )
            )
        else:
            goals.append(
                Goal(
                    "no-op converge with the role: under a tenth of the plain loop's time",
                    "time",
                    None,
                    "the plain loop was not measured",
                )
            )
    if "many/noop/role" in by_key and "many/changed/role" in by_key:
        more_requests = requests("many/changed/role") - requests("many/noop/role")
        more_writes = writes("many/changed/role") - writes("many/noop/role")
        goals.append(
            Goal(
                f"{CHANGED_COUNT} changed costs exactly {CHANGED_COUNT} writes more than the no-op (role)",
                "requests",
                more_requests == CHANGED_COUNT and more_writes == CHANGED_COUNT,
                f"{requests('many/changed/role')} vs {requests('many/noop/role')} requests: "
                f"+{more_requests} requests, +{more_writes} writes",
            )
        )
    return goals


# (ours, theirs, at most ours/theirs, what it says): the time goals of the round-trip cases.
WIDE_RATIOS = (
    ("wide/noop/bulk/100", "wide/noop/bulk/0", 1.3, "no-op at 100 ms per request vs at 0 ms"),
    ("wide/changed/bulk/100", "wide/changed/bulk/0", 1.5, f"{WIDE_CHANGED_COUNT} changed at 100 ms vs at 0 ms"),
    ("wide/changed/bulk/0", "wide/noop/bulk/0", 1.2, f"{WIDE_CHANGED_COUNT} changed vs the no-op, at 0 ms"),
    ("wide/noop/role/0", "wide/noop/bulk/0", 1.3, "the role vs fax_application_bulk, no-op at 0 ms"),
)


def wide_goals(cases, size):
    """The round-trip cases' goals: their ratios (time, reported), their writes (requests, enforced)."""
    by_key = {case.key: case for case in cases if case.samples}
    goals = []
    for ours, theirs, most, text in WIDE_RATIOS:
        if ours not in by_key or theirs not in by_key:
            goals.append(Goal(f"{size} applications: {text} at most {most}x", "time", None, "not measured"))
            continue
        ratio, spread = time_ratio(by_key[ours], by_key[theirs])
        goals.append(Goal(f"{size} applications: {text} at most {most}x", "time", ratio <= most, spread))
    for latency_ms in LATENCIES_MS:
        noop, changed = by_key.get(f"wide/noop/bulk/{latency_ms}"), by_key.get(f"wide/changed/bulk/{latency_ms}")
        if noop is None or changed is None:
            continue
        more = changed.samples[0].writes - noop.samples[0].writes
        extra = changed.samples[0].requests - noop.samples[0].requests
        goals.append(
            Goal(
                f"{size} applications, {latency_ms} ms per request: {WIDE_CHANGED_COUNT} changed costs exactly "
                f"{WIDE_CHANGED_COUNT} writes more than the no-op",
                "requests",
                more == extra == WIDE_CHANGED_COUNT,
                f"{changed.samples[0].requests} vs {noop.samples[0].requests} requests: "
                f"+{extra} requests, +{more} writes",
            )
        )
    return goals


def time_ratio(ours, theirs):
    """The ratio of the medians, and a text with it and the spread of the ratios of paired runs.

    Run i of both ran in the same round, under about the same load: the paired ratios show how
    much of a ratio is the load of a moment.
    """
    ours_times = [sample.seconds for sample in ours.samples]
    theirs_times = [sample.seconds for sample in theirs.samples]
    ratio = statistics.median(ours_times) / statistics.median(theirs_times)
    paired = sorted(mine / other for mine, other in zip(ours_times, theirs_times))
    return ratio, (
        f"{ratio:.2f}x ({statistics.median(ours_times):.2f} s vs {statistics.median(theirs_times):.2f} s; "
        f"paired runs {paired[0]:.2f}x-{paired[-1]:.2f}x over {len(paired)})"
    )


def compare_times(name, ours, theirs):
    """Whether ours has the lower median, and the medians with how many paired runs ours won.

    Runs are interleaved, so run i of ours and run i of theirs ran next to each other, under
    the same load: counting the pairs ours won shows whether a gap between the medians holds
    run after run or is one busy moment.
    """
    ours_times = [sample.seconds for sample in ours.samples]
    theirs_times = [sample.seconds for sample in theirs.samples]
    won = sum(1 for mine, other in zip(ours_times, theirs_times) if mine < other)
    faster = statistics.median(ours_times) < statistics.median(theirs_times)
    return faster, (
        f"{name} {statistics.median(ours_times):.2f} s vs {statistics.median(theirs_times):.2f} s"
        f" (faster in {won} of {min(len(ours_times), len(theirs_times))} paired runs)"
    )


def goal_lines(goals):
    lines = []
    for goal in goals:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[goal.met]
        kind = "requests, enforced" if goal.kind == "requests" else "time, reported only"
        lines.append(f"[{verdict}] {goal.text} ({kind}): {goal.detail}")
    return lines


def write_markdown(path, header, table, goals):
    text = [
        "## Benchmark results",
        "",
        *(f"- {line}" for line in header),
        "",
        *table,
        "",
        "Goals:",
        "",
        *(f"- {line}" for line in goal_lines(goals)),
        "",
    ]
    Path(path).write_text("\n".join(text), encoding="utf-8")


# --- main -------------------------------------------------------------------------------------


def ansible_playbook_command():
    # The ansible-playbook beside this interpreter first: running run.py with a venv's python
    # then benchmarks that venv's ansible-core, whatever PATH says.
    sibling = Path(sys.executable).parent / "ansible-playbook"
    found = str(sibling) if sibling.exists() else shutil.which("ansible-playbook")
    if not found:
        raise SystemExit("run.py: no ansible-playbook beside this python nor on PATH")
    return [found]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # 3 rather than 5: the plain loop already takes most of the ~15 minutes make bench may take.
    parser.add_argument("--runs", type=int, default=3, help="runs per case, median reported (default 3)")
    parser.add_argument("--size", type=int, default=1000, help="applications in the list cases (default 1000)")
    parser.add_argument(
        "--loops",
        choices=("noop", "all", "none"),
        default="noop",
        help="which plain-loop cases to time once: noop (default; about 10 minutes), all "
        "(about three times that), none",
    )
    parser.add_argument(
        "--wide-size",
        type=int,
        default=10000,
        help="applications in the round-trip cases (0 and 100 ms per request; default 10000, 0 skips them)",
    )
    parser.add_argument("--markdown", metavar="PATH", help="also write the table and the goals as Markdown here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.size < CHANGED_COUNT:
        parser.error(f"--size must be at least {CHANGED_COUNT}")
    if args.wide_size and args.wide_size < WIDE_CHANGED_COUNT:
        parser.error(f"--wide-size must be 0 or at least {WIDE_CHANGED_COUNT}")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    command = ansible_playbook_command()

    def progress(message):
        print(message, file=sys.stderr, flush=True)

    with Simulator() as sim, tempfile.TemporaryDirectory(prefix="telnyx-fax-bench-") as tmp:
        workdir = Path(tmp)
        env = dict(
            os.environ,
            TELNYX_API_KEY=sim.api_key,
            TELNYX_BASE_URL=sim.base_url,
            ANSIBLE_CONFIG=str(BENCH_DIR / "ansible.cfg"),
            ANSIBLE_NOCOLOR="1",
        )
        # Modules run on localhost and need requests: this interpreter has it (make bench
        # sets the variable itself; this default keeps a direct run working).
        env.setdefault("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
        machine = machine_description(command, env)
        load_start = load_average()

        cases = [
            reference_case(args.runs),
            *one_app_cases(args.runs),
            *many_cases(args.size, args.runs, args.loops, workdir),
            *(wide_cases(args.wide_size, args.runs, workdir) if args.wide_size else []),
        ]
        try:
            measure_all(cases, sim, command, env, workdir, progress)
        except BenchError as error:
            print(f"run.py: could not measure {error}", file=sys.stderr)
            return 2

    header = header_lines(machine, args.runs, load_start, load_average(), time.perf_counter() - started)
    table = render_table(table_rows(cases))
    goals = evaluate_goals(cases, args.size) + wide_goals(cases, args.wide_size)
    print("\n".join(["", *header, "", *table, "", "Goals:", *goal_lines(goals)]))
    if args.markdown:
        write_markdown(args.markdown, header, table, goals)
        print(f"\nMarkdown written to {args.markdown}")
    return 1 if any(goal.kind == "requests" and goal.met is False for goal in goals) else 0


if __name__ == "__main__":
    raise SystemExit(main())
