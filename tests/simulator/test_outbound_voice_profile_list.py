"""Listing outbound voice profiles: pages, the name filter, sorts, parameter errors."""

import pytest
from api_client import PROFILES, assert_errors, page_ids

SORT_FIELDS = ["enabled", "created_at", "name", "service_plan", "traffic_type", "usage_payment_method"]


def listing(api, query=""):
    return api.request("GET", f"{PROFILES}?{query}" if query else PROFILES)


def create(api, name, **fields):
    response = api.request("POST", PROFILES, {"name": name, **fields})
    assert response.status == 200, response
    return response.data


def test_list_defaults_to_page_1_of_20_newest_first(api, sim):
    ids = sim.seed_profiles(25, "voice")
    response = listing(api)
    assert page_ids(response) == ids[::-1][:20]
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 25}
    assert page_ids(listing(api, "page[number]=2")) == ids[::-1][20:]
    assert response.data[0] == sim.profiles()[-1]


def test_no_results_is_zero_pages_and_a_page_past_the_last_is_empty(api, sim):
    response = listing(api)
    assert response.data == []
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}
    sim.seed_profiles(5, "voice")
    response = listing(api, "page[number]=4&page[size]=2")
    assert response.data == []
    assert response.json["meta"] == {"page_number": 4, "page_size": 2, "total_pages": 3, "total_results": 5}


def test_the_name_filter_is_a_case_insensitive_substring(api):
    east = create(api, "Office East")
    west = create(api, "office-WEST")
    create(api, "warehouse")
    query = "filter[name][contains]=OFFICE"
    assert sorted(page_ids(listing(api, query))) == sorted([east["id"], west["id"]])
    assert page_ids(listing(api, "filter%5Bname%5D%5Bcontains%5D=e%20e")) == [east["id"]]
    assert page_ids(listing(api, "filter[name][contains]=nothing-like-it")) == []


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("filter[name][contains]", "of"),  # no minimum is documented; the simulator wants 3
        ("filter[name][contains]", ""),
        ("filter[name]", "office"),
        ("filter[name][eq]", "office"),
        ("filter[tag]", "office"),
        ("filter[application_name][contains]", "office"),
        ("page[number]", "0"),
        ("page[size]", "251"),
        ("page[offset]", "1"),
        ("sort", "connections_count"),
        ("sort", "--name"),
        ("sort", "+name"),
        ("sort", ""),
    ],
)
def test_an_invalid_list_parameter_is_400_naming_it(api, parameter, value):
    assert_errors(listing(api, f"{parameter}={value}"), 400, parameters=[parameter])


def test_a_repeated_parameter_is_400_and_others_are_ignored(api, sim):
    assert_errors(listing(api, "sort=name&sort=-name"), 400, parameters=["sort"])
    ids = sim.seed_profiles(2, "voice")
    assert page_ids(listing(api, "include=everything")) == ids[::-1]


def test_sorts_order_by_their_field_then_by_id(api):
    profiles = [create(api, name, enabled=enabled) for name, enabled in [("bbb", True), ("ccc", False), ("aaa", True)]]
    by_creation = [profile["id"] for profile in profiles]
    assert page_ids(listing(api, "sort=created_at")) == by_creation
    assert page_ids(listing(api, "sort=-created_at")) == by_creation[::-1]
    by_name = [profile["id"] for profile in sorted(profiles, key=lambda profile: profile["name"])]
    assert page_ids(listing(api, "sort=name")) == by_name
    assert page_ids(listing(api, "sort=-name")) == by_name[::-1]
    by_enabled = [
        profile["id"] for profile in sorted(profiles, key=lambda profile: (profile["enabled"], profile["id"]))
    ]
    assert page_ids(listing(api, "sort=enabled")) == by_enabled
    assert page_ids(listing(api, "sort=-enabled")) == by_enabled[::-1]
    by_id = sorted(by_creation)  # one value for every profile: the id decides
    assert page_ids(listing(api, "sort=service_plan")) == by_id
    assert page_ids(listing(api, "sort=-usage_payment_method")) == by_id[::-1]


@pytest.mark.parametrize("sort", ["", *SORT_FIELDS, *(f"-{field}" for field in SORT_FIELDS)])
def test_pages_never_overlap_or_skip_under_any_sort(api, sim, sort):
    all_ids = set(sim.seed_profiles(60, "on") + sim.seed_profiles(55, "off", enabled=False))
    seen = []
    for number in range(1, 5):
        response = listing(api, f"page[size]=30&page[number]={number}" + (f"&sort={sort}" if sort else ""))
        assert response.json["meta"]["total_pages"] == 4
        seen += page_ids(response)
    assert len(seen) == 115 and set(seen) == all_ids


def test_seed_profiles_makes_valid_profiles_and_refuses_nonsense(api, sim):
    ids = sim.seed_profiles(3, "bulk", tags=["seeded"], enabled=False, whitelisted_destinations=["NL"])
    stored = sim.profiles()
    assert [profile["id"] for profile in stored] == ids
    assert [profile["name"] for profile in stored] == ["bulk-00001", "bulk-00002", "bulk-00003"]
    assert {(tuple(p["tags"]), p["enabled"], tuple(p["whitelisted_destinations"])) for p in stored} == {
        (("seeded",), False, ("NL",))
    }
    for body, pointer in [
        ({"name_prefix": "x"}, "/count"),
        ({"count": 100_000, "name_prefix": "x"}, "/count"),
        ({"count": 1}, "/name_prefix"),
        ({"count": 1, "name_prefix": "x", "name": "y"}, "/name"),
        ({"count": 1, "name_prefix": "x", "service_plan": "us"}, "/service_plan"),
        ({"count": 1, "name_prefix": "x", "connections_count": 3}, "/connections_count"),
    ]:
        assert_errors(api.control("POST", "outbound_voice_profiles/seed", body), 400, pointers=[pointer])
    assert len(sim.profiles()) == 3
