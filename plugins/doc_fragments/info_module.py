# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """What every telnyx.fax info module shares: it changes nothing, and reads listings consistently."""

    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    description: Reads the same data in check mode as in a normal run.
  diff_mode:
    support: none
    description: Changes nothing, so there is nothing to diff.
notes:
  - Telnyx pages by offset, so a listing read while objects are created or deleted could skip or
    repeat one. The module checks every page against the first (total count, ids seen) and reads
    again when the account moved; if it keeps moving, the task fails rather than return a wrong
    list.
  - A text filter given empty (V("")) counts as left out, so an optional filter can come from a
    variable that may be empty. O(id) is the exception - an O(id) given as V("") or V(null) with no
    name to look up fails before any request, since it would list every object in place of one;
    leave it out with C(default(omit)) to list.
"""
