"""Listing fax applications: pages, filters, sorts, parameter errors."""

import pytest
from api_client import PUBLIC_FIELDS, assert_errors, page_ids

# --- list ---------------------------------------------------------------------------------


def test_list_defaults_to_page_1_of_20_newest_first(api, sim):
    ids = sim.seed(25, "app")
    response = api.list()
    assert page_ids(response) == ids[::-1][:20]
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 25}
    assert page_ids(api.list("page[number]=2")) == ids[::-1][20:]
    assert set(api.list().data[0]) == PUBLIC_FIELDS


def test_a_page_past_the_last_is_empty_with_the_right_meta(api, sim):
    sim.seed(5, "app")
    last = api.list("page[number]=3&page[size]=2")
    assert len(page_ids(last)) == 1
    assert last.json["meta"] == {"page_number": 3, "page_size": 2, "total_pages": 3, "total_results": 5}
    response = api.list("page[number]=4&page[size]=2")
    assert response.data == []
    assert response.json["meta"] == {"page_number": 4, "page_size": 2, "total_pages": 3, "total_results": 5}


def test_no_results_is_zero_pages(api):
    response = api.list()
    assert response.data == []
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


@pytest.mark.parametrize("size", [1, 250])
def test_page_size_limits_are_accepted(api, sim, size):
    sim.seed(3, "app")
    assert len(page_ids(api.list(f"page[size]={size}"))) == min(size, 3)


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("page[number]", "0"),
        ("page[number]", "-1"),
        ("page[number]", "abc"),
        ("page[number]", ""),
        ("page[number]", "1.5"),
        ("page[number]", "+1"),
        ("page[number]", "%201"),
        ("page[size]", "0"),
        ("page[size]", "251"),
        ("page[size]", "ten"),
        ("page[size]", ""),
        ("filter[application_name][contains]", "ab"),
        ("filter[application_name][contains]", ""),
        ("sort", "name"),
        ("sort", "--created_at"),
        ("sort", "+created_at"),
        ("sort", ""),
        ("sort", "created_at,active"),
        ("page[offset]", "1"),
        ("filter[name]", "router"),
        ("filter[application_name]", "router"),
    ],
)
def test_an_invalid_list_parameter_is_400_naming_it(api, parameter, value):
    assert_errors(api.list(f"{parameter}={value}"), 400, parameters=[parameter])


def test_several_list_problems_are_one_error_each(api):
    response = api.list("page[number]=0&page[size]=0&sort=x&filter[application_name][contains]=a")
    assert_errors(
        response, 400, parameters=["page[number]", "page[size]", "sort", "filter[application_name][contains]"]
    )


def test_a_repeated_list_parameter_is_400(api):
    assert_errors(api.list("page[size]=2&page%5Bsize%5D=3"), 400, parameters=["page[size]"])


def test_other_unknown_query_parameters_are_ignored(api, sim):
    ids = sim.seed(2, "app")
    assert page_ids(api.list("include=everything&cachebuster=1")) == ids[::-1]


def test_the_name_filter_is_a_case_insensitive_substring(api):
    east = api.create(application_name="Fax Router East")
    west = api.create(application_name="fax-ROUTER-west")
    api.create(application_name="something else")
    assert sorted(page_ids(api.list("filter[application_name][contains]=router"))) == sorted([east["id"], west["id"]])
    assert page_ids(api.list("filter[application_name][contains]=EAST")) == [east["id"]]
    assert page_ids(api.list("filter[application_name][contains]=x%20r")) == [east["id"]]
    assert page_ids(api.list("filter[application_name][contains]=x+r")) == [east["id"]]
    response = api.list("filter[application_name][contains]=nothing-like-it")
    assert response.data == [] and response.json["meta"]["total_results"] == 0


@pytest.mark.parametrize(
    "parameter", ["filter[outbound_voice_profile_id]", "filter[outbound.outbound_voice_profile_id]"]
)
def test_the_profile_filter_is_an_exact_match(api, sim, parameter):
    profile_id, other_id = sim.seed_profiles(2, "voice")
    wanted = api.create(outbound={"outbound_voice_profile_id": profile_id})
    api.create(outbound={"outbound_voice_profile_id": other_id})
    api.create()
    assert page_ids(api.list(f"{parameter}={profile_id}")) == [wanted["id"]]
    assert page_ids(api.list(f"{parameter}={profile_id[:-1]}")) == []
    assert page_ids(api.list(f"{parameter}={profile_id}0")) == []


def test_filters_combine(api, sim):
    (profile_id,) = sim.seed_profiles(1, "voice")
    profile = {"outbound_voice_profile_id": profile_id}
    match = api.create(application_name="router-a", outbound=profile)
    api.create(application_name="router-b")
    api.create(application_name="other", outbound=profile)
    assert page_ids(
        api.list(f"filter[application_name][contains]=router&filter[outbound_voice_profile_id]={profile_id}")
    ) == [match["id"]]


def test_sorts_order_by_their_field_then_by_id(api):
    apps = [
        api.create(application_name=name, active=active)
        for name, active in [("b", True), ("c", False), ("a", True), ("d", False)]
    ]
    by_creation = [app["id"] for app in apps]
    assert page_ids(api.list("sort=created_at")) == by_creation
    assert page_ids(api.list("sort=-created_at")) == by_creation[::-1]
    by_name = [app["id"] for app in sorted(apps, key=lambda app: app["application_name"])]
    assert page_ids(api.list("sort=application_name")) == by_name
    assert page_ids(api.list("sort=-application_name")) == by_name[::-1]
    assert page_ids(api.list("sort=connection_name")) == by_name
    assert page_ids(api.list("sort=-connection_name")) == by_name[::-1]
    by_active = [app["id"] for app in sorted(apps, key=lambda app: (app["active"], app["id"]))]
    assert page_ids(api.list("sort=active")) == by_active
    assert page_ids(api.list("sort=-active")) == by_active[::-1]


SORTS = [
    "",
    "sort=created_at",
    "sort=-created_at",
    "sort=application_name",
    "sort=-application_name",
    "sort=connection_name",
    "sort=active",
    "sort=-active",
]


def test_1000_applications_are_exactly_4_pages_of_250_under_every_sort(api, sim):
    all_ids = set(sim.seed(500, "on") + sim.seed(500, "off", active=False))
    assert len(all_ids) == 1000
    for sort in SORTS:
        seen = []
        for number in range(1, 5):
            response = api.list(f"{sort}&page[size]=250&page[number]={number}".lstrip("&"))
            assert response.json["meta"] == {
                "page_number": number,
                "page_size": 250,
                "total_pages": 4,
                "total_results": 1000,
            }
            page = page_ids(response)
            assert len(page) == 250
            seen += page
        assert len(set(seen)) == 1000 and set(seen) == all_ids, sort  # no overlap, no gap
        assert page_ids(api.list(f"{sort}&page[size]=250&page[number]=5".lstrip("&"))) == []


@pytest.mark.parametrize(
    "query",
    [
        "page%5Bsize%5D=2&page%5Bnumber%5D=2&filter%5Bapplication_name%5D%5Bcontains%5D=app",
        "page%5bsize%5d=2&page[number]=2&filter[application_name]%5Bcontains%5D=app",
        "page[size]=2&page%5Bnumber%5D=2&filter%5Bapplication_name%5D[contains]=app",
    ],
)
def test_bracketed_keys_work_percent_encoded(api, sim, query):
    sim.seed(5, "app")
    plain = api.list("page[size]=2&page[number]=2&filter[application_name][contains]=app")
    encoded = api.list(query)
    assert encoded.status == 200
    assert encoded.json == plain.json
    assert encoded.json["meta"] == {"page_number": 2, "page_size": 2, "total_pages": 3, "total_results": 5}
    assert_errors(api.list("page%5Bsize%5D=0"), 400, parameters=["page[size]"])
