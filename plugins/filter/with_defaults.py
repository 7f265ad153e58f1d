# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: with_defaults
author: telnyx.fax contributors
version_added: 0.4.0
short_description: Put defaults underneath every item of a declared list that is to be present
description:
  - Returns the items of the input in order, each item whose C(state) is V(present) (or not
    given, or empty) merged over O(defaults), recursively, so a nested default survives an item
    that sets a sibling key. What the item sets wins; lists are the item's own, never merged.
  - Items with C(state=absent) are returned as they are, since deleting needs only an identity.
  - What C(ansible.builtin.combine) with C(recursive=true) does per item, in one call for the
    whole list; the role P(telnyx.fax.fax_applications#role) uses it, so a list of 10,000
    applications costs milliseconds instead of seconds of templating.
options:
  _input:
    description: The declared items.
    type: list
    elements: dict
    required: true
  defaults:
    description: What every item to be present gets underneath its own settings.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Converge applications with shared settings underneath each one
  telnyx.fax.fax_application_bulk:
    applications: "{{ my_applications | telnyx.fax.with_defaults({'inbound': {'channel_limit': 10}}) }}"
# [{'application_name': 'a', 'inbound': {'sip_subdomain': 'x'}}, {'application_name': 'b', 'state': 'absent'}]
# gives [{'application_name': 'a', 'inbound': {'channel_limit': 10, 'sip_subdomain': 'x'}},
#        {'application_name': 'b', 'state': 'absent'}]
"""

RETURN = r"""
_value:
  description: The items, in order, those to be present with the defaults underneath them.
  type: list
  elements: dict
"""

from collections.abc import Mapping  # noqa: E402  (a plugin's docs come before its imports)

from ansible.errors import AnsibleFilterError  # noqa: E402


def _merged(under, over):
    result = dict(under)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result


def with_defaults(items, defaults):
    """Each item to be present merged recursively over defaults; the others as they are."""
    if not isinstance(items, (list, tuple)) or not isinstance(defaults, Mapping):
        raise AnsibleFilterError("with_defaults takes a list of items and a dict of defaults")
    merged = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise AnsibleFilterError("with_defaults: item %d is not a dict: %r" % (index, item))
        merged.append(dict(item) if (item.get("state") or "present") == "absent" else _merged(defaults, item))
    return merged


class FilterModule:
    """Filters of telnyx.fax."""

    def filters(self):
        return {"with_defaults": with_defaults}
