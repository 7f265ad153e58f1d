# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why a fax failed, in words a person can act on: Telnyx's documented failure reasons.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

# What each failure_reason Telnyx documents means, for a message a person can act on.
FAILURE_REASONS = {
    "receiver_call_dropped": "the receiving side dropped the call",
    "sender_call_dropped": "the call dropped on the sending side",
    "sender_canceled": "the fax was canceled before it was delivered",
    "carrier_lost": "the carrier connection was lost during the transmission",
    "service_unavailable": "the fax service was unavailable",
    "fax_signaling_error": "the fax machines could not agree on how to talk (signaling error)",
    "receiver_communication_error": "the receiving fax machine had a communication error",
    "sender_communication_error": "the sending side had a communication error",
    "receiver_decline": "the receiver declined the call",
    "receiver_recovery_on_timer_expire": "the receiver stopped answering during the transmission",
    "receiver_no_response": "the receiver did not respond",
    "receiver_invalid_number_format": "the destination number is not in a valid format",
    "receiver_no_answer": "nobody answered at the destination",
    "receiver_incompatible_destination": "the destination is not a fax machine, or not a compatible one",
    "receiver_unallocated_number": "the destination number is not in service",
    "destination_unreachable": "the destination could not be reached",
    "user_busy": "the destination line was busy",
    "invalid_ecm_response_from_receiver": "the receiver answered error correction (ECM) wrongly",
    "fax_initial_communication_timeout": "the receiving fax machine never answered the fax handshake",
    "destination_not_in_service_plan": "the destination is outside the outbound voice profile's service plan",
    "account_disabled": "the Telnyx account is disabled",
    "destination_invalid": "the destination is not valid",
    "no_outbound_profile": "the fax application has no outbound voice profile "
    "(set its outbound.outbound_voice_profile_id or outbound_voice_profile_name)",
    "destination_not_in_countries_whitelist": "the destination country is not in the outbound voice "
    "profile's whitelisted_destinations",
    "user_channel_limit_exceeded": "the account's channel limit was reached",
    "outbound_profile_channel_limit_exceeded": "the outbound voice profile's channel limit was reached",
    "connection_channel_limit_exceeded": "the fax application's outbound channel limit was reached",
    "outbound_profile_daily_spend_limit_exceeded": "the outbound voice profile's daily spend limit was reached",
    "unverified_origination_number": "the from number is neither a number of the account nor a verified number",
    "unverified_destination_not_allowed": "the account may send only to verified destinations",
    "file_format_invalid": "the media is not in a format Telnyx can fax",
    "file_download_failed": "Telnyx could not download the media_url",
    "file_size_limit_exceeded": "the media is larger than 50 MB",
    "page_count_limit_exceeded": "the media has more than 350 pages",
    "media_processing_exception": "Telnyx could not process the media",
}


def failure_in_words(fax):
    reason = fax.get("failure_reason") or "unknown"
    words = FAILURE_REASONS.get(reason, "Telnyx gave no explanation for this reason")
    detail = fax.get("internal_failure_reason")
    return "%s (%s%s)" % (words, reason, "; %s" % detail if detail else "")
