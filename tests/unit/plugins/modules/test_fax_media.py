# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.fax.fax_media run in-process against the simulator: a file as a state, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest
import requests

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxClient
from ansible_collections.telnyx.fax.plugins.module_utils._planner import NOTHING_SENT
from ansible_collections.telnyx.fax.plugins.modules.fax_media import main

OURS = "+13125550100"
SENDER = "+14155550123"
# A media link lives 600 s of the fax clock (tests/simulator/README.md, "Media links").
PAST_THE_LINK = 601


@pytest.fixture
def receiving(simulator):
    """An application with OURS on it: faxes sent to OURS arrive there."""
    (application_id,) = simulator.seed_applications(1, "inbox")
    simulator.seed_phone_numbers([OURS], connection_id=application_id)
    return application_id


@pytest.fixture
def received(simulator, receiving):
    """A fax of two pages, received (the default clock is instant)."""
    return simulator.inbound_fax(SENDER, OURS, pages=2)


@pytest.fixture
def sent_requests(monkeypatch):
    """Every request the client sends: (url, headers), API and media host alike."""
    seen = []
    send = requests.Session.send

    def recording_send(self, prepared, **kwargs):
        seen.append((prepared.url, dict(prepared.headers)))
        return send(self, prepared, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    return seen


def send_a_fax(simulator, store_media):
    """A fax this account sends from OURS, through an application with a profile."""
    (profile_id,) = simulator.seed_profiles(1, "voice")
    (application_id,) = simulator.seed_applications(1, "fax", outbound={"outbound_voice_profile_id": profile_id})
    simulator.seed_phone_numbers([OURS], connection_id=application_id)
    client = TelnyxClient(api_key=simulator.api_key, base_url=simulator.base_url)
    body = {"connection_id": application_id, "from": OURS, "to": SENDER, "media_url": "https://www.example.com/fax.pdf"}
    return client.post("/faxes", dict(body, store_media=True) if store_media else body)["data"]


def api_calls(simulator):
    return [(entry["method"], entry["path"]) for entry in simulator.requests_log()]


def leftovers(directory, dest_name):
    return sorted(name for name in os.listdir(directory) if name != dest_name)


def sha1_of(path):
    with open(path, "rb") as handle:
        return hashlib.sha1(handle.read()).hexdigest()


class TestDownload:
    def test_a_received_fax_is_written_with_its_checksums_and_pages(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        result = run_module(main, {"id": received["id"], "dest": dest})
        assert result["changed"] is True, result
        with open(dest, "rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-")
        assert result["dest"] == dest
        assert result["size"] == len(data)
        assert result["checksum"] == hashlib.sha1(data).hexdigest()
        assert result["sha256"] == hashlib.sha256(data).hexdigest()
        assert result["page_count"] == 2
        # Telnyx's record says nothing of partial content (the webhook does): not known.
        assert result["partial_content"] is None
        assert result["fax"]["id"] == received["id"]
        assert result["msg"] == "Wrote fax %s (2 pages) to %s." % (received["id"], dest)
        assert leftovers(str(tmp_path), "fax.pdf") == []

    def test_a_rerun_is_no_change_and_leaves_the_file_alone(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        run_module(main, {"id": received["id"], "dest": dest})
        inode = os.stat(dest).st_ino
        again = run_module(main, {"id": received["id"], "dest": dest})
        assert again["changed"] is False, again
        assert again["msg"] == "%s already holds fax %s (2 pages)." % (dest, received["id"])
        assert os.stat(dest).st_ino == inode
        assert leftovers(str(tmp_path), "fax.pdf") == []

    def test_other_bytes_in_dest_are_replaced_by_one_rename(self, run_module, received, tmp_path):
        dest = tmp_path / "fax.pdf"
        dest.write_bytes(b"an older document")
        inode = os.stat(str(dest)).st_ino
        result = run_module(main, {"id": received["id"], "dest": str(dest)}, diff=True)
        assert result["changed"] is True
        # A new inode: the download went to a temporary file that replaced dest whole.
        assert os.stat(str(dest)).st_ino != inode
        assert dest.read_bytes().startswith(b"%PDF-")
        assert result["diff"]["before"]["checksum"] == hashlib.sha1(b"an older document").hexdigest()
        assert result["diff"]["after"]["checksum"] == result["checksum"]
        assert leftovers(str(tmp_path), "fax.pdf") == []

    def test_a_new_file_diffs_from_absent_not_from_the_downloads_mode(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        result = run_module(main, {"id": received["id"], "dest": dest, "mode": "0600"}, diff=True)
        assert result["diff"]["before"] == {"path": dest, "state": "absent"}
        assert result["diff"]["after"]["checksum"] == result["checksum"]
        assert result["diff"]["after"]["mode"] == "0600"

    def test_file_attributes_are_applied_and_reported(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        run_module(main, {"id": received["id"], "dest": dest, "mode": "0644"})
        result = run_module(main, {"id": received["id"], "dest": dest, "mode": "0600"})
        assert result["changed"] is True
        assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
        assert result["msg"].startswith("Set the file attributes of %s" % dest)
        assert run_module(main, {"id": received["id"], "dest": dest, "mode": "0600"})["changed"] is False

    def test_the_stored_copy_of_a_sent_fax_is_downloaded(self, run_module, simulator, tmp_path):
        sent = send_a_fax(simulator, store_media=True)
        dest = str(tmp_path / "sent.pdf")
        result = run_module(main, {"id": sent["id"], "dest": dest})
        assert result["changed"] is True, result
        assert sha1_of(dest) == result["checksum"]
        assert result["fax"]["direction"] == "outbound"


class TestCheckMode:
    def test_check_mode_reads_but_writes_nothing_to_dest(self, run_module, simulator, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        result = run_module(main, {"id": received["id"], "dest": dest}, check_mode=True)
        assert result["changed"] is True
        assert result["msg"] == "Check mode: would write fax %s (2 pages) to %s." % (received["id"], dest)
        assert os.listdir(str(tmp_path)) == []
        # The read is the only API request: nothing is written to Telnyx either.
        assert api_calls(simulator) == [("GET", "/v2/faxes/%s" % received["id"])]

    def test_check_mode_after_the_download_says_no_change(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        written = run_module(main, {"id": received["id"], "dest": dest})
        checked = run_module(main, {"id": received["id"], "dest": dest}, check_mode=True)
        assert checked["changed"] is False
        assert checked["checksum"] == written["checksum"]

    def test_check_mode_predicts_a_mode_change_without_making_it(self, run_module, received, tmp_path):
        dest = str(tmp_path / "fax.pdf")
        run_module(main, {"id": received["id"], "dest": dest, "mode": "0644"})
        checked = run_module(main, {"id": received["id"], "dest": dest, "mode": "0600"}, check_mode=True)
        assert checked["changed"] is True
        assert stat.S_IMODE(os.stat(dest).st_mode) == 0o644


class TestExpiredLinks:
    def test_an_expired_link_is_refreshed_once(self, run_module, simulator, received, tmp_path):
        simulator.fax_clock(advance=PAST_THE_LINK)
        dest = str(tmp_path / "fax.pdf")
        result = run_module(main, {"id": received["id"], "dest": dest})
        assert result["changed"] is True, result
        assert result["fax"]["media_url"] != received["media_url"]
        item = "/v2/faxes/%s" % received["id"]
        assert api_calls(simulator) == [("GET", item), ("POST", item + "/actions/refresh"), ("GET", item)]

    def test_a_link_still_refused_after_the_refresh_fails_the_task(
        self, run_module, simulator, received, tmp_path, monkeypatch
    ):
        simulator.fax_clock(advance=PAST_THE_LINK)
        post = TelnyxClient.post
        refreshes = []

        def refresh_that_renews_nothing(self, path, payload=None):
            if path.endswith("/actions/refresh"):
                refreshes.append(path)
                return {"data": {"result": "ok"}}
            return post(self, path, payload)

        monkeypatch.setattr(TelnyxClient, "post", refresh_that_renews_nothing)
        dest = tmp_path / "fax.pdf"
        dest.write_bytes(b"kept")
        result = run_module(main, {"id": received["id"], "dest": str(dest)})
        assert result["failed"] is True
        assert len(refreshes) == 1
        assert "403" in result["msg"]
        assert "even with the link refreshed once" in result["msg"]
        # The signature of the link is no part of the message.
        assert "token=" not in result["msg"]
        assert dest.read_bytes() == b"kept"
        assert leftovers(str(tmp_path), "fax.pdf") == []

    def test_check_mode_sends_no_refresh(self, run_module, simulator, received, tmp_path):
        simulator.fax_clock(advance=PAST_THE_LINK)
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "fax.pdf")}, check_mode=True)
        assert result["changed"] is True
        assert "has expired" in result["warnings"][0]
        assert api_calls(simulator) == [("GET", "/v2/faxes/%s" % received["id"])]
        assert os.listdir(str(tmp_path)) == []


class TestSecrecy:
    def test_the_api_key_goes_to_the_api_and_never_to_the_media_host(
        self, run_module, simulator, received, tmp_path, sent_requests
    ):
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "fax.pdf")})
        assert result["changed"] is True
        media = [headers for url, headers in sent_requests if "/media/" in url]
        api = [headers for url, headers in sent_requests if "/v2/" in url]
        assert len(media) == 1 and len(api) == 1
        assert "Authorization" not in media[0]
        assert api[0]["Authorization"] == "Bearer %s" % simulator.api_key
        assert simulator.api_key not in json.dumps(result)

    def test_the_media_link_is_in_no_result(self, run_module, simulator, received, tmp_path):
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "fax.pdf")})
        link = received["media_url"]
        assert "token=" in link
        assert link not in json.dumps(result)
        assert result["fax"]["media_url"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


class TestRefusals:
    def test_a_bad_id_fails_before_any_request(self, run_module, simulator, tmp_path):
        result = run_module(main, {"id": "../phone_numbers", "dest": str(tmp_path / "fax.pdf")})
        assert result["failed"] is True
        assert result["msg"].startswith(NOTHING_SENT)
        assert "'../phone_numbers' is not a fax id" in result["msg"]
        assert simulator.requests_log() == []

    def test_a_directory_as_dest_fails_before_any_request(self, run_module, simulator, received, tmp_path):
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path)})
        assert result["failed"] is True
        assert "is a directory" in result["msg"]
        assert simulator.requests_log() == []

    def test_a_missing_directory_fails_before_any_request(self, run_module, simulator, received, tmp_path):
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "nowhere" / "fax.pdf")})
        assert result["failed"] is True
        assert "does not exist; create it first" in result["msg"]
        assert simulator.requests_log() == []

    @pytest.mark.parametrize("dest", ["rel.pdf", "", "inbox/fax.pdf"])
    def test_a_relative_dest_fails_before_any_request_and_writes_nothing(
        self, run_module, simulator, received, tmp_path, monkeypatch, dest
    ):
        monkeypatch.chdir(str(tmp_path))
        before = len(simulator.requests_log())
        result = run_module(main, {"id": received["id"], "dest": dest})
        assert result["failed"] is True
        assert (
            "dest must be an absolute path (such as /srv/fax/inbox/%s.pdf), got %r" % (received["id"], dest)
            in (result["msg"])
        )
        assert len(simulator.requests_log()) == before
        assert os.listdir(str(tmp_path)) == []

    @pytest.mark.parametrize(
        "option, value, expected",
        [
            ("mode", "0999", "mode must be octal (such as '0640') or symbolic (such as 'u=rw,g=r'), got '0999'"),
            ("mode", "rw-r-----", "mode must be octal"),
            ("owner", "nosuchuser-telnyx", "owner: no user is named 'nosuchuser-telnyx' on this host"),
            ("group", "nosuchgroup-telnyx", "group: no group is named 'nosuchgroup-telnyx' on this host"),
        ],
    )
    def test_file_options_that_cannot_be_applied_fail_before_any_request(
        self, run_module, simulator, received, tmp_path, option, value, expected
    ):
        before = len(simulator.requests_log())
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "f.pdf"), option: value})
        assert result["failed"] is True
        assert expected in result["msg"]
        assert len(simulator.requests_log()) == before
        assert os.listdir(str(tmp_path)) == []

    @pytest.mark.parametrize("mode", ["0640", "640", "u=rw,g=r,o=", "u+rw,go-rwx", 0o640])
    def test_octal_and_symbolic_modes_are_taken(self, run_module, received, tmp_path, mode):
        result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "f.pdf"), "mode": mode})
        assert result["changed"] is True, result.get("msg")

    def test_an_unknown_fax(self, run_module, tmp_path):
        result = run_module(main, {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "dest": str(tmp_path / "f.pdf")})
        assert result["failed"] is True
        assert (
            result["msg"]
            == "No fax has id 3fa85f64-5717-4562-b3fc-2c963f66afa6 in this account; nothing was downloaded."
        )

    def test_a_fax_still_arriving_says_to_wait_with_fax_info(self, run_module, simulator, receiving, tmp_path):
        simulator.fax_clock(step_seconds=60, paused=True)
        arriving = simulator.inbound_fax(SENDER, OURS)
        result = run_module(main, {"id": arriving["id"], "dest": str(tmp_path / "f.pdf")})
        assert result["failed"] is True
        assert "is receiving, not received yet" in result["msg"]
        assert "telnyx.fax.fax_info" in result["msg"]
        assert os.listdir(str(tmp_path)) == []

    def test_a_failed_fax_says_why_it_has_no_document(self, run_module, simulator, receiving, tmp_path):
        failed = simulator.inbound_fax(SENDER, OURS, failure_reason="sender_call_dropped")
        result = run_module(main, {"id": failed["id"], "dest": str(tmp_path / "f.pdf")})
        assert result["failed"] is True
        assert "was not received: the call dropped on the sending side (sender_call_dropped" in result["msg"]

    def test_a_failure_after_the_read_returns_the_fax(self, run_module, simulator, receiving, tmp_path):
        failed = simulator.inbound_fax(SENDER, OURS, failure_reason="sender_call_dropped")
        result = run_module(main, {"id": failed["id"], "dest": str(tmp_path / "f.pdf")})
        assert result["failed"] is True
        assert result["fax"]["failure_reason"] == "sender_call_dropped"
        assert result["fax"]["status"] == "failed"

    def test_an_expired_stored_copy_of_a_sent_fax_is_not_refreshed(self, run_module, simulator, tmp_path):
        sent = send_a_fax(simulator, store_media=True)
        simulator.fax_clock(advance=PAST_THE_LINK + 100)
        before = len(simulator.requests_log())
        for check_mode in (True, False):
            result = run_module(main, {"id": sent["id"], "dest": str(tmp_path / "s.pdf")}, check_mode=check_mode)
            assert result["failed"] is True
            assert result["msg"].startswith("The stored copy of sent fax %s has expired" % sent["id"])
            assert "within 10 minutes of sending it with store_media: true" in result["msg"]
        # Two reads, no refresh: Telnyx renews only a received fax's link.
        assert [call[0] for call in api_calls(simulator)[before:]] == ["GET", "GET"]
        assert os.listdir(str(tmp_path)) == []

    def test_a_sent_fax_without_store_media_keeps_no_copy(self, run_module, simulator, tmp_path):
        sent = send_a_fax(simulator, store_media=False)
        result = run_module(main, {"id": sent["id"], "dest": str(tmp_path / "f.pdf")})
        assert result["failed"] is True
        assert "store_media: true" in result["msg"]


def test_a_partial_fax_is_written_and_said_so(run_module, simulator, receiving, tmp_path, monkeypatch):
    partial = simulator.inbound_fax(SENDER, OURS, pages=3, partial=True)
    # Telnyx documents partial_content in the fax.received webhook, and the simulator shows it
    # there only; the record as a tolerant client may also get it from Telnyx carries it here.
    get = TelnyxClient.get

    def record_with_partial_content(self, path, params=None):
        body = get(self, path, params)
        if path == "/faxes/%s" % partial["id"]:
            body["data"]["partial_content"] = True
        return body

    monkeypatch.setattr(TelnyxClient, "get", record_with_partial_content)
    result = run_module(main, {"id": partial["id"], "dest": str(tmp_path / "f.pdf")})
    assert result["changed"] is True
    assert result["partial_content"] is True
    assert result["page_count"] == 3
    assert any("received only in part" in warning for warning in result["warnings"])


def test_a_fax_whose_record_says_nothing_of_partial_content_is_not_known_to_be_partial(run_module, received, tmp_path):
    assert "partial_content" not in received
    result = run_module(main, {"id": received["id"], "dest": str(tmp_path / "f.pdf")})
    assert result["partial_content"] is None
    assert result["warnings"] == []
