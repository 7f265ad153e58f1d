"""Listing phone numbers: pages, filters, sorts, parameter errors."""

import pytest
from api_client import NUMBERS, assert_errors, page_ids


def listing(api, query=""):
    return api.request("GET", f"{NUMBERS}?{query}" if query else NUMBERS)


@pytest.fixture
def six_numbers(api, sim):
    """Two applications and six numbers, some assigned, tagged, referenced or not active."""
    billing = api.create(application_name="billing-fax")
    support = api.create(application_name="Support-Fax")
    ids = sim.seed_phone_numbers(
        [
            {"phone_number": "+13125550100", "connection_id": billing["id"], "tags": ["fax", "billing"]},
            {"phone_number": "+13125550101", "connection_id": billing["id"], "tags": ["fax"]},
            {"phone_number": "+14165550100", "connection_id": support["id"], "customer_reference": "ref-1"},
            {"phone_number": "+18005550100", "tags": ["toll"]},
            {"phone_number": "+442071234567", "status": "port-pending"},
            {"phone_number": "+13125559999", "status": "deleted", "customer_reference": "ref-1"},
        ]
    )
    return {"billing": billing["id"], "support": support["id"], "ids": ids}


def found(api, query, six_numbers):
    """The positions (in the six_numbers fixture's list) of the numbers the query lists."""
    return sorted(six_numbers["ids"].index(number_id) for number_id in page_ids(listing(api, query)))


def test_list_defaults_to_page_1_of_20_newest_first(api, sim):
    ids = sim.seed_phone_numbers([f"+1312555{number:04d}" for number in range(25)])
    response = listing(api)
    assert page_ids(response) == ids[::-1][:20]
    assert response.json["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 25}
    assert page_ids(listing(api, "page[number]=2")) == ids[::-1][20:]
    assert listing(api, "page[number]=3").data == []
    assert listing(api, "page[size]=250").json["meta"]["total_pages"] == 1


def test_no_numbers_is_zero_pages(api):
    assert listing(api).json == {
        "data": [],
        "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0},
    }


@pytest.mark.parametrize(
    "query, positions",
    [
        # filter[phone_number]: digits only, a substring of the number's digits.
        ("filter[phone_number]=13125550100", [0]),
        ("filter[phone_number]=312555", [0, 1, 5]),
        ("filter[phone_number]=555010", [0, 1, 2, 3]),
        ("filter[phone_number]=%2B13125550100", []),  # a + finds nothing, as documented
        ("filter[phone_number]=+13125550100", []),  # a space (a + in a query string) too
        ("filter[phone_number]=1-312", []),
        ("filter[connection_id]={billing}", [0, 1]),
        ("filter[connection_id]={support}", [2]),
        ("filter[connection_id]=1293384261075731499", []),
        ("filter[tag]=fax", [0, 1]),
        ("filter[tag]=FAX", []),
        ("filter[status]=active", [0, 1, 2, 3]),
        ("filter[status]=port-pending", [4]),
        ("filter[status]=deleted", [5]),
        ("filter[customer_reference]=ref-1", [2, 5]),
        ("filter[without_tags]=true", [2, 4, 5]),
        ("filter[without_tags]=false", [0, 1, 2, 3, 4, 5]),  # any other value is ignored
        ("filter[without_tags]=yes", [0, 1, 2, 3, 4, 5]),
        ("filter[country_iso_alpha2]=CA", [2]),
        ("filter[country_iso_alpha2]=CA,GB", [2, 4]),
        ("filter[number_type][eq]=toll_free", [3]),
        ("filter[number_type][eq]=local", [0, 1, 2, 4, 5]),
        ("filter[source]=purchased", [0, 1, 2, 3, 4, 5]),
        ("filter[source]=ported", []),
        ("filter[billing_group_id]=null", [0, 1, 2, 3, 4, 5]),
        ("filter[emergency_address_id]=1293384261075731499", []),
        ("filter[voice.connection_name][eq]=billing-fax", [0, 1]),
        ("filter[voice.connection_name][contains]=fax", [0, 1]),  # case matters
        ("filter[voice.connection_name][starts_with]=Support", [2]),
        ("filter[voice.connection_name][ends_with]=-Fax", [2]),
        ("filter[tag]=fax&filter[phone_number]=0101", [1]),
        ("filter%5Bconnection_id%5D={billing}&filter%5Btag%5D=billing", [0]),
    ],
)
def test_filters(api, six_numbers, query, positions):
    assert found(api, query.format(**six_numbers), six_numbers) == positions


def test_a_renamed_application_is_found_by_its_new_name(api, six_numbers):
    api.update(six_numbers["support"], application_name="helpdesk")
    assert found(api, "filter[voice.connection_name][eq]=helpdesk", six_numbers) == [2]
    assert found(api, "filter[voice.connection_name][contains]=Support", six_numbers) == []


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("filter[phone_number]", "12"),
        ("filter[phone_number]", "+1"),
        ("filter[phone_number]", "abc"),
        ("filter[status]", "sold"),
        ("filter[status]", "provision-pending"),  # a status, but not one the filter takes
        ("filter[number_type][eq]", "landline"),
        ("filter[number_type]", "local"),
        ("filter[source]", "bought"),
        ("filter[country_iso_alpha2]", "us"),
        ("filter[voice.connection_name][contains]", "ab"),
        ("filter[voice.connection_name][starts_with]", "ab"),
        ("filter[voice.connection_name][ends_with]", ""),
        ("filter[voice.usage_payment_method]", "channel"),
        ("filter[connection_name]", "billing-fax"),
        ("filter[tags]", "fax"),
        ("page[size]", "251"),
        ("page[number]", "0"),
        ("sort", "-phone_number"),
        ("sort", "created_at"),
        ("sort", "-created_at"),
        ("sort", "status"),
    ],
)
def test_an_invalid_list_parameter_is_400_naming_it(api, parameter, value):
    assert_errors(listing(api, f"{parameter}={value}"), 400, parameters=[parameter])


def test_other_parameters_are_ignored(api, six_numbers):
    assert found(api, "handle_messaging_profile_error=true&include=all", six_numbers) == [0, 1, 2, 3, 4, 5]


def test_sorts_are_ascending_with_ties_broken_by_id(api, six_numbers):
    numbers = api.request("GET", f"{NUMBERS}?page[size]=10").data
    by_number = [number["id"] for number in sorted(numbers, key=lambda number: number["phone_number"])]
    assert page_ids(listing(api, "sort=phone_number")) == by_number
    assert page_ids(listing(api, "sort=purchased_at")) == six_numbers["ids"]
    by_connection = page_ids(listing(api, "sort=connection_name"))
    names = [number["connection_name"] for number in listing(api, "sort=connection_name").data]
    assert names == ["Support-Fax", "billing-fax", "billing-fax", None, None, None]  # by code point, nulls last
    assert by_connection[1:3] == sorted(by_connection[1:3]) and by_connection[3:] == sorted(by_connection[3:])
    assert page_ids(listing(api, "sort=usage_payment_method")) == sorted(six_numbers["ids"])


@pytest.mark.parametrize("sort", ["", "purchased_at", "phone_number", "connection_name", "usage_payment_method"])
def test_pages_never_overlap_or_skip_under_any_sort(api, sim, sort):
    app = api.create()
    all_ids = set(sim.seed_phone_numbers([f"+1312555{number:04d}" for number in range(60)], connection_id=app["id"]))
    all_ids |= set(sim.seed_phone_numbers([f"+1646555{number:04d}" for number in range(55)]))
    seen = []
    for number in range(1, 5):
        response = listing(api, f"page[size]=30&page[number]={number}" + (f"&sort={sort}" if sort else ""))
        assert response.json["meta"] == {"page_number": number, "page_size": 30, "total_pages": 4, "total_results": 115}
        seen += page_ids(response)
    assert len(seen) == 115 and set(seen) == all_ids
