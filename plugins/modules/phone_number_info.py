#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_number_info
short_description: List and look up the phone numbers of a Telnyx account
version_added: 0.2.0
description:
  - Returns the account's phone numbers that match every filter given, reading every page.
  - Changes nothing.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
  - telnyx.fax.info_module
options:
  id:
    description:
      - Return only the number with this id. An unknown id gives an empty list.
    type: str
  phone_number:
    description:
      - Return only this number, in E.164 form (C(+13125550100)). Spaces, dots, hyphens and
        brackets between the digits are dropped; a number without its leading C(+) is refused.
      - Telnyx filters numbers by their digits only (a C(+) would find nothing), and may match
        part of a number; the module sends the digits and keeps only the exact number.
    type: str
  connection_id:
    description:
      - Return only the numbers assigned to the fax application (or other connection) with this id.
    type: str
  connection_name:
    description:
      - Return only the numbers assigned to the fax application with exactly this name. The
        application is looked up first (one request); no application with the name gives an
        empty list, two fail the task.
    type: str
  tag:
    description:
      - Return only the numbers that carry this tag.
    type: str
  status:
    description:
      - Return only the numbers with this status.
    type: str
    choices: [purchase-pending, purchase-failed, port-pending, active, deleted, port-failed,
              emergency-only, ported-out, port-out-pending]
  customer_reference:
    description:
      - Return only the numbers with exactly this customer reference.
    type: str
  sort:
    description:
      - The order of the list, ascending (Telnyx offers no descending order for numbers); numbers
        without a value (no connection) come last, and ties go by id.
      - The module sorts a listing it reads in Telnyx's default order, newest first, since only
        that order lets it tell when numbers changed while the pages were read.
      - Without it, Telnyx lists the newest numbers first.
    type: str
    choices: [purchased_at, phone_number, connection_name, usage_payment_method]
notes:
  - A listing of N numbers costs ceil(N/250) requests (one more with O(connection_name)); a
    lookup by O(id) costs one.
seealso:
  - module: telnyx.fax.phone_number
"""

EXAMPLES = r"""
- name: The numbers assigned to the billing fax application
  telnyx.fax.phone_number_info:
    connection_name: billing-fax
  register: billing_numbers

- name: Show them
  ansible.builtin.debug:
    msg: "{{ billing_numbers.phone_numbers | map(attribute='phone_number') | list }}"

- name: Look up one number
  telnyx.fax.phone_number_info:
    phone_number: "+13125550100"
  register: one_number

- name: Every active number tagged fax, in number order
  telnyx.fax.phone_number_info:
    tag: fax
    status: active
    sort: phone_number
  register: fax_numbers
"""

RETURN = r"""
phone_numbers:
  description:
    - The matching numbers, in the order of O(sort). Always a list; empty when nothing matches.
    - Each is a number as M(telnyx.fax.phone_number) returns it.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The number's id.
      type: str
      sample: "1293384261075731499"
    record_type:
      description: Always C(phone_number).
      type: str
      sample: phone_number
    phone_number:
      description: The number, in E.164 form.
      type: str
      sample: "+13125550100"
    status:
      description: The number's status.
      type: str
      sample: active
    phone_number_type:
      description: The kind of number.
      type: str
      sample: local
    connection_id:
      description: The id of the fax application (or other connection) the number is assigned to, or V(null).
      type: str
      sample: "1293384261075731500"
    connection_name:
      description: The name of that connection, or V(null).
      type: str
      sample: billing-fax
    tags:
      description: The number's tags.
      type: list
      elements: str
      sample: [fax, billing]
    customer_reference:
      description: The customer reference, or V(null).
      type: str
      sample: cost-center-42
    updated_at:
      description: When the number was last changed (ISO 8601, UTC).
      type: str
      sample: "2026-11-27T10:15:30.123Z"
failure:
  description: What Telnyx answered when a request failed, for C(register) and C(failed_when).
  returned: when a request to Telnyx failed
  type: dict
  contains:
    method:
      description: The HTTP method of the failed request.
      type: str
      sample: GET
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /phone_numbers
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 503
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: []
"""

from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import LIST_FILTERS, PHONE_NUMBERS, SORTS
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_info_module


def main():
    run_info_module(PHONE_NUMBERS, LIST_FILTERS, SORTS)


if __name__ == "__main__":
    main()
