# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: close_names
author: telnyx.fax contributors
version_added: 0.2.0
short_description: Pick out the names that look like misspellings of known names
description:
  - Returns each name of the input that is not one of O(known) but is close to one of them, with
    the known name it is closest to. It tells a misspelt variable (C(fax_applications_purg)) from a
    variable of the user's own that merely shares a prefix (C(fax_applications_before)).
  - The names and the known names are compared after O(strip) is removed from their start, so a
    long shared prefix does not make every name look close.
  - A name that is a known name followed by V(_) and more (C(fax_applications_defaults_eu)) is
    taken as the user's own, not as a misspelling.
  - The role P(telnyx.fax.fax_applications#role) uses it to refuse misspelt variables.
options:
  _input:
    description: The names to check.
    type: list
    elements: str
    required: true
  known:
    description: The correct names.
    type: list
    elements: str
    required: true
  strip:
    description:
      - A regular expression matched at the start of every name and known name, and removed
        before they are compared.
      - V(^fax_applications?_) makes C(fax_application_list) as close to
        C(fax_applications_list) as can be.
    type: str
    default: ""
  cutoff:
    description:
      - How similar, from 0 to 1, a name must be to a known name to count as its misspelling
        (the ratio of Python's C(difflib.SequenceMatcher)).
    type: float
    default: 0.75
"""

EXAMPLES = r"""
- name: Fail on variables that look like misspellings of the role's own
  vars:
    misspelt: >-
      {{ query('ansible.builtin.varnames', '^fax_applications?_')
         | telnyx.fax.close_names(['fax_applications_list', 'fax_applications_purge'],
                                  strip='^fax_applications?_') }}
  ansible.builtin.assert:
    that: misspelt | length == 0
    fail_msg: "{{ misspelt }}"
# ['fax_applications_purg', 'fax_application_list', 'fax_applications_before']
# gives {'fax_applications_purg': 'fax_applications_purge',
#        'fax_application_list': 'fax_applications_list'}
"""

RETURN = r"""
_value:
  description: Each name that looks like a misspelling, mapped to the known name it is closest to.
  type: dict
"""

import difflib  # noqa: E402  (a plugin's docs come before its imports)
import re  # noqa: E402

from ansible.errors import AnsibleFilterError  # noqa: E402


def close_names(names, known, strip="", cutoff=0.75):
    """Map each name close to, but not in, known to the known name it is closest to."""
    if not isinstance(names, (list, tuple)) or not isinstance(known, (list, tuple)):
        raise AnsibleFilterError("close_names takes a list of names and a list of known names")
    try:
        prefix = re.compile(strip or "")
    except re.error as error:
        raise AnsibleFilterError("close_names: strip is not a regular expression: %s" % error) from None
    cutoff = float(cutoff)

    def core(name):
        return prefix.sub("", str(name), count=1) if prefix.match(str(name)) else str(name)

    known_cores = {str(name): core(name) for name in known}
    close = {}
    for name in names:
        name = str(name)
        if name in known_cores:
            continue
        name_core = core(name)
        if any(name_core.startswith(known_core + "_") for known_core in known_cores.values()):
            continue
        score, nearest = max(
            (
                (difflib.SequenceMatcher(None, name_core, known_core).ratio(), known_name)
                for known_name, known_core in known_cores.items()
            ),
            default=(0.0, None),
        )
        if nearest is not None and score >= cutoff:
            close[name] = nearest
    return close


class FilterModule:
    """Filters of telnyx.fax."""

    def filters(self):
        return {"close_names": close_names}
