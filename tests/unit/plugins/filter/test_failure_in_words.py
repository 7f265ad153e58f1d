# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failure_in_words filter says what the fax module says, from the one list of reasons."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.telnyx.fax.plugins.filter.failure_in_words import FilterModule
from ansible_collections.telnyx.fax.plugins.module_utils._fax_failures import FAILURE_REASONS

in_words = FilterModule().filters()["failure_in_words"]


def test_a_reason_is_put_in_words_from_the_collections_one_list():
    assert in_words("user_busy") == "the destination line was busy (user_busy)"
    for reason, words in FAILURE_REASONS.items():
        assert in_words(reason) == "%s (%s)" % (words, reason)


def test_a_webhook_payload_gives_its_reason_and_telnyxs_internal_detail():
    payload = {"fax_id": "f", "failure_reason": "receiver_no_answer", "internal_failure_reason": "NO_ANSWER"}
    assert in_words(payload) == "nobody answered at the destination (receiver_no_answer; NO_ANSWER)"


def test_an_undocumented_or_missing_reason_is_said_so():
    assert in_words("something_new") == "Telnyx gave no explanation for this reason (something_new)"
    assert in_words({}) == "Telnyx gave no explanation for this reason (unknown)"
    assert in_words(None) == "Telnyx gave no explanation for this reason (unknown)"


def test_anything_else_is_refused_with_what_it_was():
    with pytest.raises(AnsibleFilterError, match="not list"):
        in_words(["user_busy"])
