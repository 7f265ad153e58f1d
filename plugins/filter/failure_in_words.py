# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failure_in_words
author: telnyx.fax contributors
version_added: 0.4.0
short_description: Say why a fax failed, in words a person can act on
description:
  - Turns a fax's C(failure_reason), as Telnyx documents it, into a sentence fragment that says
    what happened, followed by the reason itself in brackets, and C(internal_failure_reason) when
    Telnyx gave one.
  - The words are the ones the P(telnyx.fax.fax#module) module uses in its own failure messages.
  - A reason Telnyx does not document is named as such, never dropped.
options:
  _input:
    description:
      - A C(failure_reason) string, or a fax (a C(fax.failed) webhook's payload, or what
        P(telnyx.fax.fax_info#module) returns) holding C(failure_reason) and perhaps
        C(internal_failure_reason).
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Say why the fax of a fax.failed event failed (in a playbook a rulebook runs)
  ansible.builtin.debug:
    msg: >-
      Fax {{ ansible_eda.event.payload.fax_id }} failed:
      {{ ansible_eda.event.payload | telnyx.fax.failure_in_words }}
# 'user_busy' | telnyx.fax.failure_in_words
# gives 'the destination line was busy (user_busy)'
"""

RETURN = r"""
_value:
  description: What the failure reason means, then the reason in brackets.
  type: str
"""

from ansible.errors import AnsibleFilterError  # noqa: E402  (a plugin's docs come before its imports)

from ansible_collections.telnyx.fax.plugins.module_utils._fax_failures import failure_in_words as _in_words  # noqa: E402


def failure_in_words(fax):
    """The failure reason of fax (a reason, or a mapping holding one) in words."""
    if isinstance(fax, dict):
        return _in_words(fax)
    if fax is None or isinstance(fax, str):
        return _in_words({"failure_reason": fax})
    raise AnsibleFilterError("failure_in_words takes a failure_reason or a fax, not %s" % type(fax).__name__)


class FilterModule:
    """Filters of telnyx.fax."""

    def filters(self):
        return {"failure_in_words": failure_in_words}
