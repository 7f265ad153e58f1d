# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bulk run rides out an API restart of a moment: nothing lost, nothing created twice."""

from __future__ import annotations

import threading

import pytest
import requests
from harness import Relay

from ansible_collections.telnyx.fax.plugins.modules.fax_application_bulk import main

WEBHOOK = "https://hooks.example.com/fax"


@pytest.fixture
def restart_at_the_first_post(simulator, monkeypatch):
    """A relay whose port stops answering for 0.6 s just before the run's first POST leaves."""
    send = requests.Session.request
    restarts = []
    # Writes go out side by side: two first POSTs at once must not blip the relay twice.
    first = threading.Lock()

    def request(session, method, url, *args, **kwargs):
        if method == "POST":
            with first:
                if not restarts:
                    restarts.append(relay.blip(0.6))
        return send(session, method, url, *args, **kwargs)

    with Relay(simulator) as relay:
        monkeypatch.setattr(requests.Session, "request", request)
        yield relay
        for timer in restarts:
            timer.join()


def test_a_bulk_run_rides_out_an_api_restart_with_no_failed_write(simulator, run_module, restart_at_the_first_post):
    names = ["blip-%02d" % number for number in range(1, 21)]
    simulator.seed(1, "kept", active=True)
    applications = [dict(application_name=name, webhook_event_url=WEBHOOK) for name in names]
    applications.append(dict(application_name="kept-00001", active=False))
    result = run_module(
        main,
        dict(applications=applications, base_url=restart_at_the_first_post.base_url, max_retries=3),
    )
    assert not result.get("failed"), result.get("msg")
    assert result["application_summary"] == dict(created=20, updated=1, deleted=0, unchanged=0, failed=0, total=21)
    stored = sorted(app["application_name"] for app in simulator.applications())
    assert stored == sorted(names + ["kept-00001"])  # each exactly once: no create was sent twice
    assert [call for call in simulator.calls() if call.startswith("POST")] == ["POST /v2/fax_applications"] * 20
    refused = [warning for warning in result["warnings"] if "POST /fax_applications got connection refused" in warning]
    assert refused and refused[0].endswith("(attempt 2 of 4).")
    assert len(set(result["warnings"])) == len(result["warnings"])
