# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_info run in-process against the simulator: what a created_at bound may look like."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.fax.plugins.modules.fax_info import main


def last_query(simulator):
    return parse_qs(simulator.requests_log()[-1]["query"])


class TestCreatedAtBounds:
    @pytest.mark.parametrize(
        "given, sent",
        [
            ("2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z"),
            ("2026-11-27T10:00:00+00:00", "2026-11-27T10:00:00Z"),
            ("2026-11-27T12:00:00+0200", "2026-11-27T12:00:00+02:00"),
            ("2026-11-27 10:00:00Z", "2026-11-27T10:00:00Z"),
            ("2026-11-27T10:00Z", "2026-11-27T10:00:00Z"),
            ("2026-11-27T10:00:00.5-05:00", "2026-11-27T10:00:00.500000-05:00"),
        ],
    )
    def test_every_accepted_form_is_sent_as_rfc_3339(self, simulator, run_module, given, sent):
        # Telnyx's date-time filters take RFC 3339; the module accepts any ISO 8601 time with a
        # zone, so it must send what it accepted in the one form the API reads.
        result = run_module(main, dict(created_at=dict(gte=given)))
        assert not result.get("failed"), result.get("msg")
        assert result["faxes"] == []
        assert last_query(simulator)["filter[created_at][gte]"] == [sent]

    @pytest.mark.parametrize("bound", ["2026-11-27T10:00:00", "yesterday", "2026-11-27T10:00:00Z\n", ""])
    def test_a_bound_without_a_zone_fails_before_any_request(self, simulator, run_module, bound):
        result = run_module(main, dict(created_at=dict(lt=bound)))
        if bound == "":
            # "" is null (ansible-core 2.18 renders default(None) as ""): no bound at all.
            assert not result.get("failed"), result.get("msg")
            return
        assert result["failed"] and "created_at.lt must be an ISO 8601 time with a time zone" in result["msg"]
        assert simulator.requests_log() == []


def test_a_listing_reads_every_page_and_each_fax_once(simulator, run_module):
    (profile_id,) = simulator.seed_profiles(1, "voice")
    (application_id,) = simulator.seed(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
    simulator.seed_phone_numbers(["+13125550100"], connection_id=application_id)
    client = TelnyxClient(api_key=simulator.api_key, base_url=simulator.base_url)
    sent = [
        client.post(
            "/faxes",
            {
                "connection_id": application_id,
                "from": "+13125550100",
                "to": "+1312555%04d" % number,
                "media_url": "https://www.example.com/fax-test.pdf",
            },
        )["data"]["id"]
        for number in range(260)
    ]
    since = len(simulator.requests_log())
    result = run_module(main, dict(direction="outbound"))
    assert not result.get("failed"), result.get("msg")
    listed = [fax["id"] for fax in result["faxes"]]
    assert sorted(listed) == sorted(sent) and len(listed) == len(set(listed))
    pages = [parse_qs(entry["query"]).get("page[number]") for entry in simulator.requests_log()[since:]]
    assert pages == [["1"], ["2"]]


class TestInboundFilters:
    """direction is Telnyx's filter; status and the application are matched on the listing."""

    OURS = "+13125550100"
    SENDER = "+14155550123"

    @pytest.fixture
    def two_inboxes(self, simulator):
        """Two applications with a number each; a received and a failed fax on the first, one received on the second."""
        first, second = simulator.seed_applications(2, "inbox")
        simulator.seed_phone_numbers([self.OURS], connection_id=first)
        simulator.seed_phone_numbers(["+13125550101"], connection_id=second)
        received = simulator.inbound_fax(self.SENDER, self.OURS, pages=2)
        simulator.inbound_fax(self.SENDER, self.OURS, failure_reason="sender_call_dropped")
        elsewhere = simulator.inbound_fax(self.SENDER, "+13125550101")
        return dict(first=first, second=second, received=received, elsewhere=elsewhere)

    def test_received_faxes_of_one_application_by_name(self, simulator, run_module, two_inboxes):
        result = run_module(main, dict(direction="inbound", status="received", connection_name="inbox-00001"))
        assert [fax["id"] for fax in result["faxes"]] == [two_inboxes["received"]["id"]]
        assert result["faxes"][0]["page_count"] == 2
        query = last_query(simulator)
        # Sent: what Telnyx's listing filters by. Not sent: what it does not know.
        assert query["filter[direction][eq]"] == ["inbound"]
        assert not [key for key in query if "status" in key or "connection" in key]

    def test_by_application_id(self, run_module, two_inboxes):
        result = run_module(main, dict(connection_id=two_inboxes["second"]))
        assert [fax["id"] for fax in result["faxes"]] == [two_inboxes["elsewhere"]["id"]]

    def test_by_status_alone(self, run_module, two_inboxes):
        result = run_module(main, dict(status="failed"))
        assert [fax["failure_reason"] for fax in result["faxes"]] == ["sender_call_dropped"]

    def test_a_name_no_application_has_gives_nothing(self, run_module, two_inboxes):
        assert run_module(main, dict(connection_name="no-such-inbox"))["faxes"] == []

    def test_a_bad_application_id_fails_before_any_request(self, simulator, run_module):
        result = run_module(main, dict(connection_id="inbox-00001"))
        assert result["failed"] is True
        assert "give it as connection_name instead" in result["msg"]
        assert simulator.requests_log() == []

    def test_connection_id_and_name_of_different_applications_match_nothing(self, run_module, two_inboxes):
        result = run_module(main, dict(connection_id=two_inboxes["second"], connection_name="inbox-00001"))
        assert result["faxes"] == []


@pytest.mark.parametrize("empty", ["", "  ", None])
def test_an_empty_id_lists_nothing_and_fails_before_any_request(simulator, run_module, empty):
    # A playbook that reads one fax by a variable that rendered empty, then downloads and deletes
    # what it got, must not get every fax of the account.
    (application_id,) = simulator.seed_applications(1, "inbox")
    simulator.seed_phone_numbers(["+13125550100"], connection_id=application_id)
    simulator.inbound_fax("+14155550123", "+13125550100")
    before = len(simulator.requests_log())
    result = run_module(main, dict(id=empty, direction="inbound"))
    assert result["failed"] is True
    assert result["msg"].startswith("Nothing was sent to Telnyx: id is empty (%r): give the id of the fax" % empty)
    assert "default(omit)" in result["msg"]
    assert "faxes" not in result
    assert len(simulator.requests_log()) == before
