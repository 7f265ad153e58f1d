"""Inbound faxes: what POST /_simulator/inbound_faxes accepts, and the record of a fax that arrives.

A fax someone sends to a number of the account arrives at the fax application the number
is assigned to, and moves receiving -> media.processing -> received, or to failed, on the
same fax clock as sent faxes (sim_faxes.py runs it; README.md, "Inbound faxes").
"""

from __future__ import annotations

from sim_core import ApiError, control_problems, is_int

RECEIVING, MEDIA_PROCESSING, RECEIVED = "receiving", "media.processing", "received"
MAX_PAGES = 350  # a larger document fails with page_count_limit_exceeded (workflow contract 3.2)
# The documented failure reasons that can end a fax being received, and the status it fails
# leaving: the call or its signalling breaks while receiving; the document, once received,
# cannot be processed.
FAILURE_REASONS = {
    "sender_call_dropped": RECEIVING,
    "sender_communication_error": RECEIVING,
    "receiver_call_dropped": RECEIVING,
    "receiver_communication_error": RECEIVING,
    "receiver_recovery_on_timer_expire": RECEIVING,
    "carrier_lost": RECEIVING,
    "service_unavailable": RECEIVING,
    "fax_signaling_error": RECEIVING,
    "fax_initial_communication_timeout": RECEIVING,
    "account_disabled": RECEIVING,
    "user_channel_limit_exceeded": RECEIVING,
    "connection_channel_limit_exceeded": RECEIVING,
    "page_count_limit_exceeded": MEDIA_PROCESSING,
    "file_size_limit_exceeded": MEDIA_PROCESSING,
    "media_processing_exception": MEDIA_PROCESSING,
}
BODY_KEYS = ("from", "to", "pages", "failure_reason", "partial")


def parse_body(body, e164, outbound_reasons):
    """The arrival a control body describes, or a 400 listing every problem."""
    problems = control_problems(body, BODY_KEYS)
    sender, to = body.get("from"), body.get("to")
    pages, reason, partial = body.get("pages", 1), body.get("failure_reason"), body.get("partial", False)
    if not (isinstance(sender, str) and e164.fullmatch(sender)):
        problems.append(("/from", "from must be the sender's E.164 number, such as +13125550100"))
    if not (isinstance(to, str) and e164.fullmatch(to)):
        problems.append(("/to", "to must be an E.164 number of the account, such as +13125550100"))
    if not (is_int(pages) and 1 <= pages <= MAX_PAGES):
        problems.append(("/pages", f"pages must be an integer from 1 to {MAX_PAGES}"))
    if reason is not None and reason not in FAILURE_REASONS:
        kind = "an outbound fax's failure reason" if reason in outbound_reasons else "not a documented failure reason"
        problems.append(
            ("/failure_reason", f"failure_reason {reason!r} is {kind}; use one of {sorted(FAILURE_REASONS)}")
        )
    if not isinstance(partial, bool):
        problems.append(("/partial", "partial must be a boolean"))
    elif partial and reason is not None:
        problems.append(("/partial", "partial describes a received fax and failure_reason a failed one: give one"))
    if problems:
        raise ApiError.from_problems(400, problems)
    return sender, to, pages, reason, partial


def receiving_number(numbers, applications, to):
    """The application a fax to `to` arrives at, or a 400 saying why no fax can arrive there."""
    number = next((each for each in numbers if each["phone_number"] == to), None)
    if number is None:
        raise ApiError.single(400, f"{to} is not a number of the account: seed it first", pointer="/to")
    if number["status"] != "active":
        raise ApiError.single(400, f"{to} is {number['status']}, not active: it cannot receive faxes", pointer="/to")
    application = applications.get(number["connection_id"]) if number["connection_id"] else None
    if application is None:
        raise ApiError.single(
            400, f"{to} is not assigned to a fax application: set its connection_id first", pointer="/to"
        )
    return application


def new_record(arrival, application, *, fax_id, timestamp, clock_now, timeout):
    """The fax record of an arrival, receiving, in the same shape as a sent fax's."""
    sender, to, pages, reason, partial = arrival
    return {
        "id": fax_id,
        "record_type": "fax",
        "direction": "inbound",
        "connection_id": application["id"],
        "from": sender,
        "to": to,
        "from_display_name": None,
        "media_url": None,
        "media_name": None,
        "quality": None,
        "store_media": False,
        "stored_media_url": None,
        "preview_url": None,
        "status": RECEIVING,
        "failure_reason": None,
        "internal_failure_reason": None,
        "client_state": None,
        "webhook_url": application["webhook_event_url"],
        "webhook_failover_url": application["webhook_event_failover_url"] or "",
        "page_count": None,
        "created_at": timestamp,
        "updated_at": timestamp,
        "sim_store_preview": False,
        "sim_webhook_timeout_secs": timeout,
        "sim_entered_at": clock_now,
        "sim_cancel_at": None,
        # The call starts as the fax starts arriving.
        "sim_originated_at": clock_now,
        "sim_page_count": None,
        "sim_call_duration_secs": None,
        "sim_inbound_pages": pages,
        "sim_inbound_failure": reason,
        "sim_partial": partial,
        "sim_history": [{"status": RECEIVING, "at": timestamp}],
    }


def failure_leaving(fax):
    """The failure_reason an arriving fax fails with as it leaves its status, or None."""
    reason = fax["sim_inbound_failure"]
    return reason if reason is not None and FAILURE_REASONS[reason] == fax["status"] else None


def payload_details(fax, media_url):
    """What an inbound event's payload adds to the fields every fax event has."""
    if fax["status"] == MEDIA_PROCESSING:
        return {"page_count": fax["sim_page_count"]}
    if fax["status"] == RECEIVED:
        return {
            "media_url": media_url,
            "page_count": fax["sim_page_count"],
            "partial_content": fax["sim_partial"],
            "call_duration_secs": fax["sim_call_duration_secs"],
        }
    return {}
