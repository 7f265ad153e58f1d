"""The simulator as a process: start, stop, state file, keep-alive, many clients, harness.py, serve.py."""

import datetime
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from api_client import (
    APPS,
    MINIMAL_APP,
    SERVE_SCRIPT,
    ApiClient,
    assert_errors,
    list_with_key,
    page_ids,
    port_of,
    raw_server,
)
from harness import Simulator, SimulatorError

# --- the process --------------------------------------------------------------------------


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_prints_exactly_one_line_serves_and_exits_zero_on_signal(stop_signal):
    with raw_server("--api-key", "KEY_a") as (process, first_line):
        port = port_of(first_line)
        assert port > 0
        assert list_with_key(port, "KEY_a") == 200
        process.send_signal(stop_signal)
        rest_of_stdout, stderr = process.communicate(timeout=10)
        assert process.returncode == 0
        assert rest_of_stdout == ""
        assert stderr == ""  # quiet by default: no per-request log lines


def test_clients_that_hang_up_abruptly_leave_stderr_quiet():
    with raw_server("--api-key", "KEY_a") as (process, first_line):
        port = port_of(first_line)
        for _attempt in range(5):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(f"GET {APPS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer KEY_a\r\n\r\n".encode())
            client.recv(1)  # the reply has arrived; leave the rest of it unread
            # Closing with unread data and a zero linger time makes the kernel send a reset.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        assert list_with_key(port, "KEY_a") == 200
        process.terminate()
        _stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert stderr == ""


def test_verbose_logs_each_request_on_stderr():
    with raw_server("--api-key", "KEY_a", "--verbose") as (process, first_line):
        list_with_key(port_of(first_line), "KEY_a")
        process.terminate()
        _stdout, stderr = process.communicate(timeout=10)
    assert f'"GET {APPS} HTTP/1.1" 200' in stderr


def test_every_api_key_given_is_accepted():
    with raw_server("--api-key", "KEY_one", "--api-key", "KEY_two") as (_process, first_line):
        port = port_of(first_line)
        assert [list_with_key(port, key) for key in ("KEY_one", "KEY_two", "KEY_three")] == [200, 200, 401]


def test_state_survives_a_restart(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        api = ApiClient(first.root_url, first.api_key)
        (profile_id,) = first.seed_profiles(1, "voice")
        kept = api.create(inbound={"sip_subdomain": "kept"}, outbound={"outbound_voice_profile_id": profile_id})
        assert api.update(kept["id"], fax_email_recipient="fax@example.com", tags=["b"]).status == 200
        (number_id,) = first.seed_phone_numbers(["+13125550100"], connection_id=kept["id"], tags=["fax"])
        deleted = api.create(application_name="deleted")
        api.request("DELETE", f"{APPS}/{deleted['id']}")
        before = api.get(kept["id"]).data
        profiles_before = first.profiles()
    assert json.loads(state_file.read_text())  # a complete JSON document
    assert sorted(os.listdir(tmp_path)) == ["state.json"]  # no temporary file left behind

    with Simulator(state_file=state_file) as second:
        api = ApiClient(second.root_url, second.api_key)
        assert api.get(kept["id"]).data == before
        assert page_ids(api.list()) == [kept["id"]]
        assert second.applications()[0]["fax_email_recipient"] == "fax@example.com"
        assert_errors(api.request("DELETE", f"{APPS}/{kept['id']}"), 422)  # still in use
        assert second.profiles() == profiles_before and profiles_before[0]["connections_count"] == 1
        assert_errors(api.request("DELETE", f"/v2/outbound_voice_profiles/{profile_id}"), 422)  # still used
        assert second.phone_numbers()[0]["connection_name"] == kept["application_name"]
        assert api.request("GET", f"/v2/phone_numbers/{number_id}").data["tags"] == ["fax"]
        taken_subdomain = {**MINIMAL_APP, "inbound": {"sip_subdomain": "kept"}}
        assert_errors(api.request("POST", APPS, taken_subdomain), 422, pointers=["/inbound/sip_subdomain"])
        assert api.update(kept["id"]).data["updated_at"] > before["updated_at"]


def clock_time(clock):
    """The fax clock's now, as Unix seconds."""
    return datetime.datetime.fromisoformat(clock["now"]).timestamp()


def test_the_fax_clock_and_its_pace_survive_a_restart_and_a_reset_forgets_them(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        clock = first.fax_clock(step_seconds={"sending": 30, "cancel": 5}, advance=7200)  # running, 2 h ahead
    assert json.loads(state_file.read_text())["tables"]["faxes"] == []
    with Simulator(state_file=state_file) as second:
        restored = second.fax_clock()
        assert (restored["paused"], restored["step_seconds"]) == (False, clock["step_seconds"])
        # Still 2 h ahead of real time: it ran on while the simulator was down, as real time did.
        assert 0 <= clock_time(restored) - clock_time(clock) < 10
        assert 7190 < clock_time(restored) - time.time() < 7210
        second.reset()
    with Simulator(state_file=state_file) as third:
        after_reset = third.fax_clock()
        assert (after_reset["paused"], set(after_reset["step_seconds"].values())) == (False, {0})
        assert abs(clock_time(after_reset) - time.time()) < 10


def test_a_state_file_without_a_fax_clock_still_loads(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as first:
        kept = ApiClient(first.root_url, first.api_key).create(application_name="kept")
        first.fax_clock(step_seconds=60, paused=True, advance=3600)
    saved = json.loads(state_file.read_text())
    del saved["fax_clock"]  # as a simulator without the fax clock in its state file wrote it
    state_file.write_text(json.dumps(saved))
    with Simulator(state_file=state_file) as second:
        assert ApiClient(second.root_url, second.api_key).get(kept["id"]).data == kept
        clock = second.fax_clock()  # the clock a fresh start has: running with real time, instant
        assert (clock["paused"], set(clock["step_seconds"].values())) == (False, {0})
        assert abs(clock_time(clock) - time.time()) < 10
    assert json.loads(state_file.read_text())["fax_clock"]["paused"] is False  # written back with one


def test_a_state_file_with_an_unusable_fax_clock_stops_start_up(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file):
        pass
    saved = json.loads(state_file.read_text())
    saved["fax_clock"]["step_seconds"]["sending"] = "slow"
    state_file.write_text(json.dumps(saved))
    with raw_server("--api-key", "KEY_a", "--state-file", str(state_file)) as (process, first_line):
        _stdout, stderr = process.communicate(timeout=10)
    assert first_line == ""
    assert process.returncode != 0
    assert "state file" in stderr and "step_seconds.sending" in stderr


def test_state_file_is_replaced_whole_on_every_write(tmp_path):
    state_file = tmp_path / "state.json"
    with Simulator(state_file=state_file) as sim:
        api = ApiClient(sim.root_url, sim.api_key)
        stop_reading = threading.Event()
        torn_reads = []

        def read_repeatedly():
            while not stop_reading.is_set():
                text = state_file.read_text()
                try:
                    json.loads(text)
                except ValueError:
                    torn_reads.append(text)

        reader = threading.Thread(target=read_repeatedly)
        reader.start()
        try:
            for number in range(60):
                api.create(application_name=f"app-{number}", tags=["x" * 200])
        finally:
            stop_reading.set()
            reader.join()
        assert torn_reads == []
        assert len(json.loads(state_file.read_text())["tables"]["fax_applications"]) == 60


def test_an_unreadable_state_file_stops_start_up(tmp_path):
    state_file = tmp_path / "state.json"
    state_file.write_text("{not json")
    with raw_server("--api-key", "KEY_a", "--state-file", str(state_file)) as (process, first_line):
        _stdout, stderr = process.communicate(timeout=10)
    assert first_line == ""
    assert process.returncode != 0
    assert "state file" in stderr


def test_keep_alive_serves_many_requests_on_one_connection(api):
    app = api.create()
    connection = api.connect()
    try:
        requests = [
            ("GET", APPS, None, {}),
            ("POST", APPS, MINIMAL_APP, {}),
            ("GET", f"{APPS}/{app['id']}", None, {"Authorization": "Bearer wrong"}),
            ("GET", f"{APPS}/1", None, {}),
            ("POST", APPS, {}, {}),
            ("PUT", APPS, None, {}),
            ("GET", f"{APPS}?page[size]=0", None, {}),
            ("DELETE", f"{APPS}/{app['id']}", None, {}),
        ]
        statuses = []
        first_socket = None
        for method, target, body, headers in requests:
            response = api.request(method, target, body, headers=headers, connection=connection)
            first_socket = first_socket or connection.sock
            assert connection.sock is first_socket  # not closed and reopened in between
            assert int(response.headers["Content-Length"]) == len(response.body)
            assert response.headers["Content-Type"] == "application/json"
            json.loads(response.body)
            statuses.append(response.status)
        assert statuses == [200, 201, 401, 404, 422, 405, 400, 200]
    finally:
        connection.close()


# --- many clients at once -----------------------------------------------------------------


def test_concurrent_creates_get_distinct_ids_and_a_consistent_list(api):
    start = threading.Barrier(50)
    created = []

    def create(number):
        start.wait()
        created.append(api.create(application_name=f"parallel-{number:02d}")["id"])

    threads = [threading.Thread(target=create, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(created)) == 50
    response = api.list("page[size]=250")
    assert sorted(page_ids(response)) == sorted(created)
    assert response.json["meta"]["total_results"] == 50


# --- harness.py and serve.py --------------------------------------------------------------


def test_the_harness_leaves_no_process_behind():
    simulator = Simulator().start()
    assert simulator.running
    assert list_with_key(urllib.parse.urlsplit(simulator.base_url).port, simulator.api_key) == 200
    assert simulator.stop() == 0
    assert not simulator.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(simulator.base_url).port), timeout=1)


def test_the_harness_kills_a_server_that_ignores_sigterm(tmp_path):
    stubborn = tmp_path / "stubborn-python"
    stubborn.write_text("#!/bin/sh\ntrap '' TERM\necho 'listening on http://127.0.0.1:9/v2'\nexec sleep 30\n")
    stubborn.chmod(0o755)
    simulator = Simulator(python=str(stubborn), stop_timeout=0.3).start()
    assert simulator.base_url == "http://127.0.0.1:9/v2"
    assert simulator.root_url == "http://127.0.0.1:9"
    assert simulator.stop() == -signal.SIGKILL


def test_the_harness_reports_a_simulator_that_does_not_start(tmp_path):
    with pytest.raises(SimulatorError, match="did not start"):
        Simulator(state_file=tmp_path / "missing-directory" / "state.json").start()


def test_the_harness_reports_a_refused_control_request(sim):
    with pytest.raises(SimulatorError, match="400"):
        sim.fault(status=200)


def test_serve_runs_a_command_against_the_simulator_and_passes_on_its_exit_code(tmp_path):
    command = (
        "import os, urllib.request\n"
        "request = urllib.request.Request(os.environ['TELNYX_BASE_URL'] + '/fax_applications',"
        " headers={'Authorization': 'Bearer ' + os.environ['TELNYX_API_KEY']})\n"
        "print(urllib.request.urlopen(request).status)\n"
        "print(urllib.request.urlopen(os.environ['TELNYX_SIMULATOR_URL'] + '/_simulator/requests').read().decode())\n"
        "print(os.environ['TELNYX_BASE_URL'])\n"
        "raise SystemExit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, str(SERVE_SCRIPT), "--api-key", "KEY_serve", "--", sys.executable, "-c", command],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    status, log, base_url = result.stdout.splitlines()
    assert status == "200"
    assert json.loads(log)["requests"][0]["status"] == 200
    with pytest.raises(OSError):  # the simulator is gone
        socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(base_url).port), timeout=1)
