"""The /_simulator/ control endpoints: request log, reset, faults, seeding."""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from api_client import APPS, MINIMAL_APP, TIMESTAMP, assert_errors, page_ids, wait_for_arrivals

# --- control endpoints --------------------------------------------------------------------


def test_the_request_log_lists_every_api_request_in_order(api, sim):
    app = api.create()
    api.list("page%5Bsize%5D=1&sort=-active")
    api.request("GET", APPS, auth=False)
    api.request("GET", "/v2/nowhere?x=1")
    api.list("page[size]=0")
    api.request("POST", APPS, {})
    sim.seed(2, "app")  # control requests are not logged
    sim.fault(503)
    api.request("DELETE", f"{APPS}/{app['id']}")
    assert sim.requests_log() == [
        {"method": "POST", "path": APPS, "query": "", "status": 201},
        {"method": "GET", "path": APPS, "query": "page%5Bsize%5D=1&sort=-active", "status": 200},
        {"method": "GET", "path": APPS, "query": "", "status": 401},
        {"method": "GET", "path": "/v2/nowhere", "query": "x=1", "status": 404},
        {"method": "GET", "path": APPS, "query": "page[size]=0", "status": 400},
        {"method": "POST", "path": APPS, "query": "", "status": 422},
        {"method": "DELETE", "path": f"{APPS}/{app['id']}", "query": "", "status": 503},
    ]


def test_the_request_log_keeps_arrival_order_for_held_requests(api, sim):
    sim.fault(delay=0.4, method="POST")
    poster = threading.Thread(target=api.create)
    poster.start()
    wait_for_arrivals(sim, 1)
    api.list()
    poster.join()
    assert [(entry["method"], entry["status"]) for entry in sim.requests_log()] == [("POST", 201), ("GET", 200)]


def test_reset_forgets_applications_log_and_faults(api, sim):
    api.create()
    sim.fault(500, times=5)
    sim.reset()
    assert sim.requests_log() == []
    assert api.list().json["meta"]["total_results"] == 0  # no fault left to answer it


def test_a_429_fault_carries_rate_limit_headers(api, sim):
    sim.fault(429)
    response = api.list()
    assert_errors(response, 429)
    assert response.headers["x-ratelimit-limit"].isdigit()
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert int(response.headers["x-ratelimit-reset"]) >= 1
    assert "Retry-After" not in response.headers
    assert api.list().status == 200


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_sets_the_header(api, sim, status):
    sim.fault(status, retry_after=3)
    response = api.list()
    assert_errors(response, status)
    assert response.headers["Retry-After"] == "3"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_fault_is_a_telnyx_unexpected_error(api, sim, status):
    sim.fault(status)
    assert_errors(api.list(), status)


def test_faulted_requests_are_not_applied(api, sim):
    app = api.create()
    sim.fault(503, times=3)
    assert_errors(api.request("POST", APPS, MINIMAL_APP), 503)
    assert_errors(api.update(app["id"], application_name="changed"), 503)
    assert_errors(api.request("DELETE", f"{APPS}/{app['id']}"), 503)
    assert api.get(app["id"]).data == app
    assert page_ids(api.list()) == [app["id"]]


def test_a_fault_answers_exactly_times_requests(api, sim):
    sim.fault(500, times=2)
    assert [api.list().status for _attempt in range(3)] == [500, 500, 200]


def test_a_fault_for_one_method_leaves_the_others_alone(api, sim):
    sim.fault(429, method="POST")
    assert api.list().status == 200
    assert api.request("PATCH", f"{APPS}/1", MINIMAL_APP).status == 404
    assert api.request("POST", APPS, MINIMAL_APP).status == 429
    assert api.request("POST", APPS, MINIMAL_APP).status == 201


def test_faults_come_before_authentication(api, sim):
    sim.fault(503)
    assert_errors(api.request("GET", APPS, auth=False), 503)


def test_a_delay_holds_a_request_without_blocking_others(api, sim):
    sim.fault(delay=1.0, method="POST")
    outcome = {}

    def slow_create():
        started = time.monotonic()
        outcome["response"] = api.request("POST", APPS, MINIMAL_APP)
        outcome["seconds"] = time.monotonic() - started

    poster = threading.Thread(target=slow_create)
    poster.start()
    wait_for_arrivals(sim, 1)
    started = time.monotonic()
    assert api.list().status == 200
    assert time.monotonic() - started < 0.7  # well before the held request ends: it does not hold the store
    poster.join()
    assert outcome["seconds"] >= 1.0
    assert outcome["response"].status == 201
    assert len(page_ids(api.list())) == 1


def test_a_delay_with_a_status_holds_then_fails(api, sim):
    sim.fault(502, delay=0.3)
    started = time.monotonic()
    assert_errors(api.request("POST", APPS, MINIMAL_APP), 502)
    assert time.monotonic() - started >= 0.3
    assert page_ids(api.list()) == []


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({}, "/"),
        ({"times": 2}, "/"),
        ({"status": 200}, "/status"),
        ({"status": 404}, "/status"),
        ({"status": "429"}, "/status"),
        ({"status": 600}, "/status"),
        ({"status": 429, "times": 0}, "/times"),
        ({"status": 429, "times": True}, "/times"),
        ({"status": 429, "method": "FETCH"}, "/method"),
        ({"status": 429, "retry_after": -1}, "/retry_after"),
        ({"delay": 1, "retry_after": 1}, "/retry_after"),
        ({"delay": -0.5}, "/delay"),
        ({"delay": "1"}, "/delay"),
        ({"status": 429, "colour": "red"}, "/colour"),
    ],
)
def test_a_nonsense_fault_is_400(api, sim, body, pointer):
    assert_errors(api.control("POST", "faults", body), 400, pointers=[pointer])
    assert api.list().status == 200  # nothing was queued


def test_a_fault_body_that_is_not_json_is_400(api):
    assert_errors(api.control("POST", "faults", body=b"429"), 400)


def test_seeding_1000_is_fast_and_makes_valid_distinct_applications(api, sim):
    (profile_id,) = sim.seed_profiles(1, "voice")
    started = time.monotonic()
    ids = sim.seed(1000, "bulk", tags=["seeded"], outbound={"outbound_voice_profile_id": profile_id}, active=False)
    assert time.monotonic() - started < 1.0
    assert len(ids) == len(set(ids)) == 1000
    stored = sim.applications()
    assert [app["id"] for app in stored] == ids
    assert [app["application_name"] for app in stored] == [f"bulk-{number:05d}" for number in range(1, 1001)]
    created = [app["created_at"] for app in stored]
    assert all(TIMESTAMP.fullmatch(stamp) for stamp in created)
    assert all(earlier < later for earlier, later in itertools.pairwise(created))
    assert {(tuple(app["tags"]), app["outbound"]["outbound_voice_profile_id"], app["active"]) for app in stored} == {
        (("seeded",), profile_id, False)
    }
    assert api.list(f"filter[outbound_voice_profile_id]={profile_id}").json["meta"]["total_results"] == 1000
    assert api.get(ids[0]).data["webhook_event_url"].startswith("https://")


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"name_prefix": "x"}, "/count"),
        ({"count": 0, "name_prefix": "x"}, "/count"),
        ({"count": "3", "name_prefix": "x"}, "/count"),
        ({"count": 100_000, "name_prefix": "x"}, "/count"),
        ({"count": 3}, "/name_prefix"),
        ({"count": 3, "name_prefix": ""}, "/name_prefix"),
        ({"count": 3, "name_prefix": "x", "application_name": "y"}, "/application_name"),
        ({"count": 3, "name_prefix": "x", "webhook_timeout_secs": 99}, "/webhook_timeout_secs"),
        ({"count": 3, "name_prefix": "x", "colour": "red"}, "/colour"),
        ({"count": 3, "name_prefix": "x", "inbound": {"sip_subdomain": "shared"}}, "/inbound/sip_subdomain"),
        ({"count": 2, "name_prefix": "x", "ids": ["1293384261075731499"]}, "/ids"),
        ({"count": 2, "name_prefix": "x", "ids": ["1293384261075731499", "1293384261075731499"]}, "/ids"),
        ({"count": 1, "name_prefix": "x", "ids": ["12345"]}, "/ids"),
        ({"count": 1, "name_prefix": "x", "ids": [1293384261075731499]}, "/ids"),
        ({"count": 1, "name_prefix": "x", "ids": "1293384261075731499"}, "/ids"),
    ],
)
def test_a_nonsense_seed_is_400(api, body, pointer):
    assert_errors(api.control("POST", "fax_applications/seed", body), 400, pointers=[pointer])
    assert page_ids(api.list()) == []


def test_a_seed_can_choose_the_ids_once(api, sim):
    wanted = ["1293384261075731499", "1293384261075731500"]
    assert sim.seed(2, "fixed", ids=wanted) == wanted
    assert [app["application_name"] for app in sim.applications()] == ["fixed-00001", "fixed-00002"]
    assert api.get(wanted[1]).data["application_name"] == "fixed-00002"
    body = {"count": 1, "name_prefix": "again", "ids": [wanted[0]]}
    assert_errors(api.control("POST", "fax_applications/seed", body), 400, pointers=["/ids"])
    body = {"count": 1, "name_prefix": "profile", "ids": [wanted[0]]}  # ids are unique across resources
    assert_errors(api.control("POST", "outbound_voice_profiles/seed", body), 400, pointers=["/ids"])
    assert sim.seed_profiles(1, "profile", ids=["1293384261075731501"]) == ["1293384261075731501"]
    assert len(sim.applications()) == 2 and len(sim.profiles()) == 1


def test_control_endpoints_need_no_key_and_reject_unknown_paths_and_methods(api):
    assert api.control("GET", "requests").status == 200
    assert_errors(api.control("GET", "nothing-here"), 404)
    response = api.control("GET", "fax_applications/seed")
    assert_errors(response, 405)
    assert response.headers["Allow"] == "POST"
    assert_errors(api.control("POST", "fax_applications", {}), 405)


# --- hooks: change the account at an exact point of a client's requests ---------------------


def test_a_hook_sends_its_requests_just_before_the_page_it_names_is_answered(api, sim):
    ids = sim.seed(30, "app")
    sim.before("GET", APPS, [("DELETE", f"{APPS}/{ids[-1]}"), ("GET", f"{APPS}/{ids[-1]}")], page=2)
    first = api.list("page[size]=20")
    assert ids[-1] in page_ids(first) and sim.hooks()["fired"] == []  # page 1 is not page 2
    second = api.list("page[number]=2&page[size]=20")
    assert second.json["meta"]["total_results"] == 29
    assert page_ids(second) == list(reversed(ids))[21:]  # shifted by the delete (newest first)
    log = [(entry["method"], entry["path"], entry["status"]) for entry in sim.requests_log()]
    assert log == [
        ("GET", APPS, 200),
        ("GET", APPS, 200),
        ("DELETE", f"{APPS}/{ids[-1]}", 200),
        ("GET", f"{APPS}/{ids[-1]}", 404),  # in order: each answered before the next
    ]
    hooks = sim.hooks()
    assert hooks["pending"] == [] and [hook["answers"] for hook in hooks["fired"]] == [[[200, 404]]]
    api.list("page[number]=2")
    assert len(sim.requests_log()) == 5  # used up: it ran once


def test_hooks_queue_up_match_method_path_and_page_and_may_run_control_requests(api, sim):
    sim.before(
        "GET", APPS, [("POST", "/_simulator/fax_applications/seed", {"count": 1, "name_prefix": "one"})], times=2
    )
    sim.before("GET", APPS, [("POST", "/_simulator/fax_applications/seed", {"count": 1, "name_prefix": "two"})])
    api.request("GET", f"{APPS}/0000000000000000001")  # another path
    api.request("POST", APPS, {})  # another method
    assert sim.applications() == []
    for _listing in range(3):
        api.list()
    assert [app["application_name"] for app in sim.applications()] == ["one-00001", "one-00001", "two-00001"]
    assert [hook["answers"] for hook in sim.hooks()["fired"]] == [[[201], [201]], [[201]]]


def test_a_hook_waits_for_a_request_that_is_processed(api, sim):
    sim.before("GET", APPS, [("POST", APPS, MINIMAL_APP)])
    sim.fault(503)
    assert api.list().status == 503  # a fault's answer: the request was not processed
    api.request("GET", APPS, auth=False)  # neither is one refused for its key
    assert len(sim.hooks()["pending"]) == 1
    assert api.list().json["meta"]["total_results"] == 1


def test_reset_forgets_hooks(api, sim):
    sim.before("GET", APPS, [("POST", APPS, MINIMAL_APP)])
    sim.reset()
    assert sim.hooks() == {"pending": [], "fired": []}
    assert api.list().json["meta"]["total_results"] == 0


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({"path": APPS, "then": [{"method": "GET", "path": APPS}]}, ["/method"]),
        ({"method": "GET", "path": "/elsewhere", "then": [{"method": "GET", "path": APPS}]}, ["/path"]),
        ({"method": "GET", "path": APPS, "page": 0, "times": 0, "then": []}, ["/page", "/times", "/then"]),
        (
            {"method": "GET", "path": APPS, "then": [{"method": "PUT", "path": APPS}, {"path": "x"}]},
            ["/then/0", "/then/1"],
        ),
        ({"method": "GET", "path": APPS, "then": [{"method": "GET", "path": APPS}], "delay": 1}, ["/delay"]),
    ],
)
def test_a_bad_hook_is_a_400(api, body, pointers):
    assert_errors(api.control("POST", "hooks", body), 400, pointers=pointers)


# --- control endpoint names: /_simulator/<resource> and /_simulator/<resource>/seed ---------

OLD_NAMES = [  # deprecated aliases, kept for a release: users' CI calls them
    ("seed", "fax_applications/seed"),
    ("seed_profiles", "outbound_voice_profiles/seed"),
    ("seed_phone_numbers", "phone_numbers/seed"),
    ("applications", "fax_applications"),
]


def test_every_resource_has_the_same_two_control_endpoints(api):
    profile = api.control("POST", "outbound_voice_profiles/seed", {"count": 1, "name_prefix": "voice"}).json["ids"]
    body = {"count": 2, "name_prefix": "app", "outbound": {"outbound_voice_profile_id": profile[0]}}
    apps = api.control("POST", "fax_applications/seed", body).json["ids"]
    numbers = api.control("POST", "phone_numbers/seed", {"phone_numbers": ["+13125550100"]}).json["ids"]
    for name, ids in (("outbound_voice_profiles", profile), ("fax_applications", apps), ("phone_numbers", numbers)):
        response = api.control("GET", name)
        assert response.status == 200 and "Deprecation" not in response.headers
        assert [record["id"] for record in response.json["data"]] == ids
    assert api.control("GET", "faxes").json == {"data": []}


@pytest.mark.parametrize(("old", "new"), OLD_NAMES)
def test_the_old_control_names_still_answer_and_say_they_are_deprecated(api, sim, old, new):
    if new.endswith("/seed"):
        body = (
            {"phone_numbers": ["+13125550100"]} if new.startswith("phone_numbers") else {"count": 1, "name_prefix": "x"}
        )
        response = api.control("POST", old, body)
        assert response.status == 201 and len(response.json["ids"]) == 1
    else:
        sim.seed_applications(1, "x")
        response = api.control("GET", old)
        assert response.json == api.control("GET", new).json
    assert response.headers["Deprecation"] == "true"
    assert response.headers["Link"] == f'</_simulator/{new}>; rel="successor-version"'
    assert_errors(api.control("DELETE", old), 405)  # the same methods as the new name


def test_the_harness_uses_the_new_names_and_keeps_its_old_method_name(sim):
    assert sim.seed == sim.seed_applications
    sim.seed(1, "old")
    sim.seed_applications(1, "new")
    assert [app["application_name"] for app in sim.applications()] == ["old-00001", "new-00001"]


def test_latency_delays_api_requests_side_by_side_and_a_reset_ends_it(sim, api):
    assert sim.latency() == 0
    assert sim.latency(0.3) == 0.3
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: api.list().status, range(4)))
    elapsed = time.perf_counter() - started
    assert statuses == [200] * 4
    # Four requests at once take about one delay, not four: round trips on a network overlap.
    assert 0.3 <= elapsed < 1.0
    started = time.perf_counter()
    sim.applications()  # a control request crosses no stand-in network
    assert time.perf_counter() - started < 0.25
    sim.reset()
    assert sim.latency() == 0


def test_latency_refuses_what_is_no_delay(api):
    for body in ({"seconds": -1}, {"seconds": 11}, {"seconds": "1"}, {"seconds": 1, "delay": 1}):
        assert_errors(api.control("POST", "latency", body), 400)
