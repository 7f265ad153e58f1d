"""GET /v2/faxes: order, pages and filters."""

import datetime
import urllib.parse

import pytest
from api_client import assert_errors
from fax_helpers import FAX_FIELDS, FAXES, TO, sent


def listed(api, query=""):
    response = api.request("GET", f"{FAXES}?{query}" if query else FAXES)
    assert response.status == 200, response
    return response.json


def ids(api, query=""):
    return [fax["id"] for fax in listed(api, query)["data"]]


def encoded(**parameters):
    return urllib.parse.urlencode(parameters)


def shifted(timestamp, **delta):
    moment = datetime.datetime.fromisoformat(timestamp) + datetime.timedelta(**delta)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def test_an_empty_list_has_no_pages(api):
    assert listed(api) == {
        "data": [],
        "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0},
    }


def test_faxes_are_listed_newest_first_in_pages_of_20(account, api):
    sent_ids = [sent(api, account.fax())["id"] for _number in range(23)]
    first = listed(api)
    assert first["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 2, "total_results": 23}
    assert set(first["data"][0]) == FAX_FIELDS
    assert {fax["status"] for fax in first["data"]} == {"delivered"}  # listing catches up the clock too
    assert [fax["id"] for fax in first["data"]] + ids(api, "page[number]=2") == sent_ids[::-1]
    assert ids(api, "page[number]=3") == []
    assert ids(api, "page[size]=250") == sent_ids[::-1]
    assert ids(api, "page%5Bsize%5D=5&page%5Bnumber%5D=2") == sent_ids[::-1][5:10]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page[size]=251", "page[size]"),
        ("page[size]=0", "page[size]"),
        ("page[number]=0", "page[number]"),
        ("page[number]=x", "page[number]"),
        ("page[limit]=5", "page[limit]"),
        ("sort=created_at", "sort"),  # open question 11: there is no sort parameter
        ("sort=-created_at", "sort"),
        ("filter[status][eq]=delivered", "filter[status][eq]"),
        ("filter[from]=%2B13125550100", "filter[from]"),
        ("filter[created_at]=2026-01-01T00:00:00Z", "filter[created_at]"),
        ("filter[direction][eq]=both", "filter[direction][eq]"),
        ("filter[from][eq]=+13125550100", "filter[from][eq]"),  # a raw + is a space
        ("filter[from][eq]=13125550100", "filter[from][eq]"),
        ("filter[to][eq]=fax", "filter[to][eq]"),
        ("filter[created_at][gt]=2026-01-01", "filter[created_at][gt]"),
        ("filter[created_at][gte]=2026-01-01T00:00:00", "filter[created_at][gte]"),  # no time zone
        ("filter[created_at][lt]=yesterday", "filter[created_at][lt]"),
        ("filter[created_at][lte]=2026-02-30T00:00:00Z", "filter[created_at][lte]"),
        ("filter[to][eq]=%2B13125550199&filter[to][eq]=%2B13125550198", "filter[to][eq]"),
    ],
)
def test_bad_list_parameters_are_400s_naming_them(api, query, parameter):
    assert_errors(api.request("GET", f"{FAXES}?{query}"), 400, parameters=[parameter])


def test_other_unknown_parameters_are_ignored(account, api):
    sent(api, account.fax())
    assert len(ids(api, "include=everything")) == 1


def test_filter_from_to_and_direction(sim, api, account):
    sim.seed_phone_numbers(["+13125550101"])
    first = sent(api, account.fax())["id"]
    second = sent(api, account.fax(**{"from": "+13125550101"}))["id"]
    third = sent(api, account.fax(to="sip:fax@sip.example.com"))["id"]
    assert ids(api, encoded(**{"filter[from][eq]": account.from_number})) == [third, first]
    assert ids(api, encoded(**{"filter[from][eq]": "+13125550101"})) == [second]
    assert ids(api, encoded(**{"filter[to][eq]": TO})) == [second, first]
    assert ids(api, encoded(**{"filter[to][eq]": "sip:fax@sip.example.com"})) == [third]
    assert ids(api, encoded(**{"filter[to][eq]": "+13125550100"})) == []
    assert ids(api, "filter[direction][eq]=outbound") == [third, second, first]
    assert ids(api, "filter[direction][eq]=inbound") == []  # the simulator sends faxes only
    both = encoded(**{"filter[from][eq]": account.from_number, "filter[to][eq]": TO})
    assert ids(api, both) == [first]


def test_filter_created_at_bounds(api, account):
    faxes = [sent(api, account.fax()) for _number in range(3)]
    first, middle, last = (fax["id"] for fax in faxes)
    at = faxes[1]["created_at"]

    def between(**bounds):
        return ids(api, encoded(**{f"filter[created_at][{name}]": value for name, value in bounds.items()}))

    assert between(gt=at) == [last]
    assert between(gte=at) == [last, middle]
    assert between(lt=at) == [first]
    assert between(lte=at) == [middle, first]
    assert between(gte=at, lte=at) == [middle]
    assert between(gt=shifted(at, microseconds=-1), lt=shifted(at, microseconds=1)) == [middle]
    # Any offset names the same instant: 12:00:00+02:00 is 10:00:00Z.
    moment = datetime.datetime.fromisoformat(at).astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert between(gte=moment.isoformat(timespec="milliseconds"), lte=at) == [middle]
    assert between(lt=shifted(faxes[0]["created_at"], days=-1)) == []
