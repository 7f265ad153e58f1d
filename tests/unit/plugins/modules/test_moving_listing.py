# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A listing read while the account changes: Telnyx pages by offset, so pages shift.

Each test holds the second page in the simulator (a delay fault) and changes the account
while it is held, as another user or process would: first the client alone, then each module
that decides from a listing.
"""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils.api import LISTING_READS, TelnyxClient, TelnyxError
from ansible_collections.telnyx.fax.plugins.modules import fax_application, fax_application_bulk, fax_application_info

WEBHOOK = "https://hooks.example.com/fax"


class AccountMover:
    """Changes the account each time a second page is being held, up to ``times`` times."""

    def __init__(self, simulator, change, times=1):
        self.simulator = simulator
        self.change = change
        self.times = times
        self.done = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._thread.join(20)

    def _run(self):
        handled = 0
        deadline = time.monotonic() + 20
        while self.done < self.times and time.monotonic() < deadline:
            held = [
                entry
                for entry in self.simulator.requests_log()
                if entry["method"] == "GET" and "page%5Bnumber%5D=2" in entry["query"]
            ]
            if len(held) > handled and held[-1]["status"] is None:
                handled = len(held)
                self.change()
                self.done += 1
            time.sleep(0.01)


def hold_second_pages(simulator, reads=1, seconds=1.5, gets_before=0):
    """Hold the second page of the next listing(s); gets_before: GETs the task sends first."""
    if gets_before:
        simulator.fault(delay=0, method="GET", times=gets_before)
    for _read in range(reads):
        simulator.fault(delay=0, method="GET")
        simulator.fault(delay=seconds, method="GET")


def raw_client(simulator, sleep=time.sleep):
    return TelnyxClient(api_key=simulator.api_key, base_url=simulator.base_url, max_retries=0, sleep=sleep)


@pytest.fixture
def make_client(simulator):
    return lambda: raw_client(simulator, sleep=lambda seconds: None)


def gets(simulator):
    return [entry for entry in simulator.requests_log() if entry["method"] == "GET"]


@pytest.fixture
def three_hundred(simulator):
    return simulator.seed(300, "acct")


def test_a_delete_between_pages_is_read_again_and_nothing_is_skipped(simulator, make_client, three_hundred):
    newest = three_hundred[-1]  # newest first: it is on page 1
    hold_second_pages(simulator)
    other = raw_client(simulator)
    with AccountMover(simulator, lambda: other.delete("/fax_applications/%s" % newest)) as mover:
        apps = make_client().list_all("/fax_applications")
    assert mover.done == 1
    ids = [app["id"] for app in apps]
    assert sorted(ids) == sorted(set(three_hundred) - {newest})
    assert len(gets(simulator)) == 4  # two pages, then two pages again


def test_a_create_between_pages_is_read_again_and_nothing_is_listed_twice(simulator, make_client, three_hundred):
    hold_second_pages(simulator)
    other = raw_client(simulator)
    created = []

    def create():
        created.append(
            other.post("/fax_applications", {"application_name": "late", "webhook_event_url": WEBHOOK})["data"]["id"]
        )

    with AccountMover(simulator, create):
        apps = make_client().list_all("/fax_applications")
    ids = [app["id"] for app in apps]
    assert len(ids) == len(set(ids)) == 301
    assert set(ids) == set(three_hundred) | set(created)


def test_a_listing_that_keeps_moving_is_refused_and_says_nothing_was_written(simulator, make_client, three_hundred):
    hold_second_pages(simulator, reads=LISTING_READS)
    other = raw_client(simulator)
    victims = list(reversed(three_hundred))

    with AccountMover(simulator, lambda: other.delete("/fax_applications/%s" % victims.pop(0)), LISTING_READS):
        with pytest.raises(TelnyxError) as caught:
            make_client().list_all("/fax_applications")
    message = str(caught.value)
    assert "changed while it was being read, %d times in a row" % LISTING_READS in message
    assert "nothing was written" in message
    assert len(gets(simulator)) == 2 * LISTING_READS


def test_a_quiet_listing_costs_no_extra_request(simulator, make_client, three_hundred):
    apps = make_client().list_all("/fax_applications")
    assert len(apps) == 300
    assert len(gets(simulator)) == 2


# --- the modules ------------------------------------------------------------------------------


def names(simulator):
    return sorted(app["application_name"] for app in simulator.applications())


def test_fax_application_finds_an_application_on_a_page_that_shifted(simulator, run_module):
    # Newest first: 250 later applications fill page 1, so billing-fax opens page 2. Deleting
    # one on page 1 while page 2 is held would skip billing-fax, and the module would create
    # a second one.
    simulator.seed(50, "billing-fax-early")
    raw = raw_client(simulator)
    raw.post("/fax_applications", {"application_name": "billing-fax", "webhook_event_url": WEBHOOK})
    late = simulator.seed(250, "billing-fax-late")
    hold_second_pages(simulator)
    with AccountMover(simulator, lambda: raw.delete("/fax_applications/%s" % late[-1])):
        result = run_module(fax_application.main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert names(simulator).count("billing-fax") == 1


def test_fax_application_sees_its_application_once_when_a_create_shifts_the_pages(simulator, run_module):
    # billing-fax closes page 1; a create while page 2 is held pushes it onto page 2 as well,
    # and a module that believed the listing would report two applications with one id.
    simulator.seed(10, "billing-fax-early")
    raw = raw_client(simulator)
    raw.post("/fax_applications", {"application_name": "billing-fax", "webhook_event_url": WEBHOOK})
    simulator.seed(249, "billing-fax-late")
    hold_second_pages(simulator)
    with AccountMover(
        simulator,
        lambda: raw.post("/fax_applications", {"application_name": "billing-fax-new", "webhook_event_url": WEBHOOK}),
    ) as mover:
        result = run_module(fax_application.main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))
    assert mover.done == 1
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert names(simulator).count("billing-fax") == 1


def test_fax_application_info_lists_every_application_once(simulator, run_module, three_hundred):
    raw = raw_client(simulator)
    hold_second_pages(simulator)
    with AccountMover(simulator, lambda: raw.delete("/fax_applications/%s" % three_hundred[-1])):
        result = run_module(fax_application_info.main, {})
    ids = [app["id"] for app in result["fax_applications"]]
    assert sorted(ids) == sorted(three_hundred[:-1])

    hold_second_pages(simulator)
    with AccountMover(
        simulator, lambda: raw.post("/fax_applications", {"application_name": "late", "webhook_event_url": WEBHOOK})
    ):
        result = run_module(fax_application_info.main, {})
    ids = [app["id"] for app in result["fax_applications"]]
    assert len(ids) == len(set(ids)) == 300


def test_fax_application_bulk_creates_no_duplicate_when_a_page_shifts(simulator, run_module, three_hundred):
    raw = raw_client(simulator)
    declared = [dict(application_name="acct-%05d" % number) for number in range(1, 301)]
    hold_second_pages(simulator)
    with AccountMover(simulator, lambda: raw.delete("/fax_applications/%s" % three_hundred[-1])):
        result = run_module(fax_application_bulk.main, dict(applications=declared[:-1]))
    assert not result.get("failed"), result.get("msg")
    assert result["application_summary"]["created"] == 0 and result["application_summary"]["unchanged"] == 299
    assert len(names(simulator)) == len(set(names(simulator))) == 299


def test_fax_application_bulk_reports_no_false_duplicate_when_a_page_shifts(simulator, run_module, three_hundred):
    raw = raw_client(simulator)
    hold_second_pages(simulator)
    with AccountMover(
        simulator, lambda: raw.post("/fax_applications", {"application_name": "late", "webhook_event_url": WEBHOOK})
    ):
        result = run_module(fax_application_bulk.main, dict(applications=[dict(application_name="acct-00051")]))
    assert not result.get("failed"), result.get("msg")
    assert result["applications"][0]["action"] == "unchanged"


def test_a_sorted_info_listing_skips_nothing_when_a_delete_and_a_create_cancel_out(simulator, run_module):
    # Sorted by name on the server, deleting acct-00010 (page 1) and creating zzz-new (the end)
    # keeps the count and repeats no id, yet shifts page 2: acct-00251 would be skipped.
    ids = simulator.seed(300, "acct")
    raw = raw_client(simulator)

    def delete_and_create():
        raw.delete("/fax_applications/%s" % ids[9])
        raw.post("/fax_applications", {"application_name": "zzz-new", "webhook_event_url": WEBHOOK})

    hold_second_pages(simulator)
    with AccountMover(simulator, delete_and_create):
        result = run_module(fax_application_info.main, dict(sort="application_name"))
    names = [app["application_name"] for app in result["fax_applications"]]
    assert "acct-00251" in names
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_phone_numbers_planned_from_a_shifted_listing_are_patched_once(simulator, run_module):
    # The bulk module (and the role on it) reads the numbers after the applications. Numbers are
    # listed newest first, so a number added while page 2 is held repeats page 1's last number
    # on page 2: planned from that listing, it would be patched twice and reported twice.
    numbers = ["+1312555%04d" % index for index in range(300)]
    simulator.seed_phone_numbers(numbers)
    boundary = numbers[300 - 250]  # the last number on page 1
    hold_second_pages(simulator, gets_before=1)
    with AccountMover(simulator, lambda: simulator.seed_phone_numbers(["+13125559999"])) as mover:
        result = run_module(
            fax_application_bulk.main,
            dict(applications=[dict(application_name="fax-in", webhook_event_url=WEBHOOK, phone_numbers=[boundary])]),
        )
    assert mover.done == 1
    assert not result.get("failed"), result.get("msg")
    assert [entry["phone_number"] for entry in result["phone_numbers"]] == [boundary]
    patches = [entry for entry in simulator.requests_log() if entry["method"] == "PATCH"]
    assert len(patches) == 1
    (app,) = simulator.applications()
    assert [n["phone_number"] for n in simulator.phone_numbers() if n["connection_id"] == app["id"]] == [boundary]
