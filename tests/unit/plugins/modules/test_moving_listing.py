"""A listing read while the account changes: Telnyx pages by offset, so pages shift.

Each test has the simulator change the account just before it answers a second page (a hook,
``simulator.before``), as another user or process would between two page reads: first the
client alone, then each module that decides from a listing. No delay, no thread: the change
lands between the pages every time.
"""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils._api import (
    LISTING_READS,
    PAGE_SIZE,
    PAGES_AT_ONCE,
    TelnyxError,
)
from ansible_collections.telnyx.fax.plugins.modules import fax_application, fax_application_bulk, fax_application_info

WEBHOOK = "https://hooks.example.com/fax"
APPS = "/v2/fax_applications"


def on_second_page(simulator, *then, path=APPS):
    """Just before the next listing of path answers its page 2, send then's requests."""
    simulator.before("GET", path, then, page=2)


def delete(app_id):
    return ("DELETE", "%s/%s" % (APPS, app_id))


def create(name):
    return ("POST", APPS, {"application_name": name, "webhook_event_url": WEBHOOK})


def fired(simulator):
    """What the hooks' requests answered, one list per page they ran before."""
    return [answers for hook in simulator.hooks()["fired"] for answers in hook["answers"]]


def gets(simulator):
    return [entry for entry in simulator.requests_log() if entry["method"] == "GET"]


@pytest.fixture
def three_hundred(simulator):
    return simulator.seed(300, "acct")


def test_a_delete_between_pages_is_read_again_and_nothing_is_skipped(simulator, make_client, three_hundred):
    newest = three_hundred[-1]  # newest first: it is on page 1
    on_second_page(simulator, delete(newest))
    apps = make_client(max_retries=0).list_all("/fax_applications")
    assert fired(simulator) == [[200]]
    ids = [app["id"] for app in apps]
    assert sorted(ids) == sorted(set(three_hundred) - {newest})
    assert len(gets(simulator)) == 4  # two pages, then two pages again


def test_a_create_between_pages_is_read_again_and_nothing_is_listed_twice(simulator, make_client, three_hundred):
    on_second_page(simulator, create("late"))
    apps = make_client(max_retries=0).list_all("/fax_applications")
    assert fired(simulator) == [[201]]
    created = [app["id"] for app in simulator.applications() if app["application_name"] == "late"]
    ids = [app["id"] for app in apps]
    assert len(ids) == len(set(ids)) == 301
    assert set(ids) == set(three_hundred) | set(created)


def test_a_listing_that_keeps_moving_is_refused_and_says_nothing_was_written(simulator, make_client, three_hundred):
    for victim in list(reversed(three_hundred))[:LISTING_READS]:  # one on page 1 before each page 2
        on_second_page(simulator, delete(victim))
    with pytest.raises(TelnyxError) as caught:
        make_client(max_retries=0).list_all("/fax_applications")
    assert fired(simulator) == [[200]] * LISTING_READS
    message = str(caught.value)
    assert "changed while it was being read, %d times in a row" % LISTING_READS in message
    assert "nothing was written" in message
    assert len(gets(simulator)) == 2 * LISTING_READS


def test_a_quiet_listing_costs_no_extra_request(simulator, make_client, three_hundred):
    apps = make_client(max_retries=0).list_all("/fax_applications")
    assert len(apps) == 300
    assert len(gets(simulator)) == 2


# --- the modules ------------------------------------------------------------------------------


def names(simulator):
    return sorted(app["application_name"] for app in simulator.applications())


def test_fax_application_finds_an_application_on_a_page_that_shifted(simulator, run_module, make_client):
    # Newest first: 250 later applications fill page 1, so billing-fax opens page 2. Deleting
    # one on page 1 just before page 2 is read would skip billing-fax, and the module would
    # create a second one.
    simulator.seed(50, "billing-fax-early")
    make_client(max_retries=0).post(
        "/fax_applications", {"application_name": "billing-fax", "webhook_event_url": WEBHOOK}
    )
    late = simulator.seed(250, "billing-fax-late")
    on_second_page(simulator, delete(late[-1]))
    mark = len(simulator.requests_log())
    result = run_module(fax_application.main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))
    assert fired(simulator) == [[200]]
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert names(simulator).count("billing-fax") == 1
    # Found, not created and then settled away as a concurrent run's copy would be.
    assert simulator.writes(mark) == [("DELETE", "/v2/fax_applications/%s" % late[-1])]


def test_fax_application_sees_its_application_once_when_a_create_shifts_the_pages(simulator, run_module, make_client):
    # billing-fax closes page 1; a create just before page 2 is read pushes it onto page 2 as
    # well, and a module that believed the listing would report two applications with one id.
    simulator.seed(10, "billing-fax-early")
    make_client(max_retries=0).post(
        "/fax_applications", {"application_name": "billing-fax", "webhook_event_url": WEBHOOK}
    )
    simulator.seed(249, "billing-fax-late")
    on_second_page(simulator, create("billing-fax-new"))
    result = run_module(fax_application.main, dict(application_name="billing-fax", webhook_event_url=WEBHOOK))
    assert fired(simulator) == [[201]]
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    assert names(simulator).count("billing-fax") == 1


def test_fax_application_info_lists_every_application_once(simulator, run_module, three_hundred):
    on_second_page(simulator, delete(three_hundred[-1]))
    result = run_module(fax_application_info.main, {})
    ids = [app["id"] for app in result["fax_applications"]]
    assert sorted(ids) == sorted(three_hundred[:-1])

    on_second_page(simulator, create("late"))
    result = run_module(fax_application_info.main, {})
    ids = [app["id"] for app in result["fax_applications"]]
    assert len(ids) == len(set(ids)) == 300
    assert fired(simulator) == [[200], [201]]


def test_fax_application_bulk_creates_no_duplicate_when_a_page_shifts(simulator, run_module, three_hundred):
    declared = [dict(application_name="acct-%05d" % number) for number in range(1, 301)]
    on_second_page(simulator, delete(three_hundred[-1]))
    result = run_module(fax_application_bulk.main, dict(applications=declared[:-1]))
    assert fired(simulator) == [[200]]
    assert not result.get("failed"), result.get("msg")
    assert result["application_summary"]["created"] == 0 and result["application_summary"]["unchanged"] == 299
    assert len(names(simulator)) == len(set(names(simulator))) == 299


def test_fax_application_bulk_reports_no_false_duplicate_when_a_page_shifts(simulator, run_module, three_hundred):
    on_second_page(simulator, create("late"))
    result = run_module(fax_application_bulk.main, dict(applications=[dict(application_name="acct-00051")]))
    assert fired(simulator) == [[201]]
    assert not result.get("failed"), result.get("msg")
    assert result["applications"][0]["action"] == "unchanged"


def test_a_sorted_info_listing_skips_nothing_when_a_delete_and_a_create_cancel_out(simulator, run_module):
    # Sorted by name on the server, deleting acct-00010 (page 1) and creating zzz-new (the end)
    # keeps the count and repeats no id, yet shifts page 2: acct-00251 would be skipped.
    ids = simulator.seed(300, "acct")
    on_second_page(simulator, delete(ids[9]), create("zzz-new"))
    result = run_module(fax_application_info.main, dict(sort="application_name"))
    assert fired(simulator) == [[200, 201]]
    names = [app["application_name"] for app in result["fax_applications"]]
    assert "acct-00251" in names
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_phone_numbers_planned_from_a_shifted_listing_are_patched_once(simulator, run_module):
    # The bulk module (and the role on it) reads the numbers after the applications. Numbers are
    # listed newest first, so a number added just before page 2 is read repeats page 1's last
    # number on page 2: planned from that listing, it would be patched twice and reported twice.
    numbers = ["+1312555%04d" % index for index in range(300)]
    simulator.seed_phone_numbers(numbers)
    boundary = numbers[300 - 250]  # the last number on page 1
    on_second_page(
        simulator,
        ("POST", "/_simulator/phone_numbers/seed", {"phone_numbers": ["+13125559999"]}),
        path="/v2/phone_numbers",
    )
    result = run_module(
        fax_application_bulk.main,
        dict(applications=[dict(application_name="fax-in", webhook_event_url=WEBHOOK, phone_numbers=[boundary])]),
    )
    assert fired(simulator) == [[201]]
    assert not result.get("failed"), result.get("msg")
    assert [entry["phone_number"] for entry in result["phone_numbers"]] == [boundary]
    patches = [entry for entry in simulator.requests_log() if entry["method"] == "PATCH"]
    assert len(patches) == 1
    (app,) = simulator.applications()
    assert [n["phone_number"] for n in simulator.phone_numbers() if n["connection_id"] == app["id"]] == [boundary]


# --- pages read side by side ------------------------------------------------------------------


@pytest.fixture
def twelve_pages(simulator):
    """3000 applications: page 1, then 11 pages read PAGES_AT_ONCE at a time."""
    assert 3000 // PAGE_SIZE - 1 > PAGES_AT_ONCE  # more pages than are read at once
    return simulator.seed(3000, "wide")


@pytest.mark.parametrize("page", [2, 7, 12])
def test_pages_read_at_once_catch_a_delete_before_any_of_them(simulator, make_client, twelve_pages, page):
    newest = twelve_pages[-1]  # newest first: on page 1, so every later page shifts
    on_page = simulator.before("GET", APPS, [delete(newest)], page=page)
    apps = make_client(max_retries=0).list_all("/fax_applications")
    assert on_page["page"] == page and fired(simulator) == [[200]]
    ids = [app["id"] for app in apps]
    assert len(ids) == len(set(ids)) == 2999
    assert set(ids) == set(twelve_pages) - {newest}
    # Read again whole after the move: the last 12 GETs are one clean pass over every page.
    passes = [entry["query"] for entry in gets(simulator)[-12:]]
    assert sorted(int(query.split("page%5Bnumber%5D=")[1].split("&")[0]) for query in passes) == list(range(1, 13))


@pytest.mark.parametrize("page", [2, 12])
def test_pages_read_at_once_catch_a_create_before_any_of_them(simulator, make_client, twelve_pages, page):
    simulator.before("GET", APPS, [create("wide-late")], page=page)
    apps = make_client(max_retries=0).list_all("/fax_applications")
    assert fired(simulator) == [[201]]
    created = [app["id"] for app in simulator.applications() if app["application_name"] == "wide-late"]
    ids = [app["id"] for app in apps]
    assert len(ids) == len(set(ids)) == 3001
    assert set(ids) == set(twelve_pages) | set(created)


def test_pages_read_at_once_that_keep_moving_are_refused(simulator, make_client, twelve_pages):
    for victim in list(reversed(twelve_pages))[:LISTING_READS]:
        simulator.before("GET", APPS, [delete(victim)], page=9)
    with pytest.raises(TelnyxError, match="changed while it was being read, %d times in a row" % LISTING_READS):
        make_client(max_retries=0).list_all("/fax_applications")
    assert fired(simulator) == [[200]] * LISTING_READS


def test_pages_read_at_once_cost_one_request_each_and_one_page_costs_one(simulator, make_client, twelve_pages):
    assert len(make_client(max_retries=0).list_all("/fax_applications")) == 3000
    assert len(gets(simulator)) == 12
    simulator.reset()
    simulator.seed(PAGE_SIZE, "one-page")
    assert len(make_client(max_retries=0).list_all("/fax_applications")) == PAGE_SIZE
    assert len(gets(simulator)) == 1
