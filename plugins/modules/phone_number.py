#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_number
short_description: Assign a Telnyx phone number to a fax application, and manage its tags
version_added: 0.2.0
description:
  - Manages one phone number the Telnyx account already has. A fax application receives faxes
    only on the numbers assigned to it; this module makes that assignment code.
  - Manages the number's assignment (O(connection_id), or O(connection_name) to name the fax
    application instead of pasting its id), its O(tags) and its O(customer_reference). Only the
    options given are compared and sent.
  - It never buys, ports or releases a number. A number the account does not have fails the
    task before any change.
  - A number is found by O(id) when it is given, otherwise by O(phone_number) (E.164).
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
attributes:
  check_mode:
    support: full
    description:
      - Sends no write. Reports the same C(changed) as a real run would, and returns the number as
        it would be. The placeholder id that M(telnyx.fax.fax_application) returns in check mode
        for an application it would create is accepted as O(connection_id), and shows in the diff.
  diff_mode:
    support: full
    description: Shows before and after of the options the task manages only.
options:
  phone_number:
    description:
      - The number, in E.164 form (C(+13125550100)). The account's number with exactly this
        value is managed.
      - Spaces, dots, hyphens and brackets between the digits are dropped, so
        C(+1 312-555.0100) is C(+13125550100); a number without its leading C(+) is refused,
        with the E.164 form suggested.
      - At least one of O(phone_number) and O(id) is required. Given together, they must name the
        same number (see O(id)).
    type: str
  id:
    description:
      - The number's id (a decimal string), instead of or as well as O(phone_number).
      - Given with O(phone_number), the number is read by its id and must have that phone number.
        A number cannot be renamed, so a different one can only be a mistake in one of the two;
        the task then fails after that one read, naming the number the id belongs to, and changes
        nothing.
    type: str
  connection_id:
    description:
      - The id of the fax application the number is assigned to.
      - V(null) unassigns the number. Telnyx does not document how to unassign a number; its request
        schema types C(connection_id) as a string that cannot be null, so the module sends V("")
        and the number then reads C(connection_id) V(null). V("") and V(null) compare as one value.
        If Telnyx refuses it, the task fails with Telnyx's message and nothing else changes.
      - Mutually exclusive with O(connection_name).
    type: str
  connection_name:
    description:
      - The fax application to assign the number to, by its exact name instead of its id. The task
        looks the application up (one request); two applications with the name, or none, fail the
        task before any change. The number's own C(connection_name) then reads this name.
      - A name with a space or a line break at either end is refused. When no application has the
        name and it is shaped like an application id, the failure says to give it as
        O(connection_id) instead.
      - In check mode a name no application has yet is taken to be an application an earlier task
        would create; the diff shows a placeholder id that names it, with a warning.
      - V(null) unassigns the number, as O(connection_id=null) does.
    type: str
  tags:
    description:
      - Tags of the number. Compared as a set; the list given replaces the number's tags, each
        tag sent once however often it is listed.
    type: list
    elements: str
  customer_reference:
    description:
      - A reference string of your own, for lookups. V(null) and V("") clear it.
    type: str
notes:
  - An unchanged run costs one request (the number is found through Telnyx's number filter, then
    matched exactly); a change costs one more, and naming the application by O(connection_name)
    one more.
  - Moving a number between applications is one update of O(connection_id); there is no need to
    unassign it first.
  - To manage the numbers of many applications in one run (one listing, one update per number
    that differs), give each application its C(phone_numbers) in M(telnyx.fax.fax_application_bulk)
    or the role C(telnyx.fax.fax_applications).
seealso:
  - module: telnyx.fax.phone_number_info
  - module: telnyx.fax.fax_application
  - name: Telnyx phone numbers API
    description: The API this module drives.
    link: https://developers.telnyx.com/api/numbers/update-phone-number
"""

EXAMPLES = r"""
- name: Assign a number to a fax application by the application's name
  telnyx.fax.phone_number:
    phone_number: "+13125550100"
    connection_name: billing-fax
    tags: [fax, billing]

- name: Assign a number to an application registered earlier in the play
  telnyx.fax.phone_number:
    phone_number: "+13125550101"
    connection_id: "{{ billing_app.fax_application.id }}"
  when: billing_app is defined

- name: Set the customer reference, leaving the assignment alone
  telnyx.fax.phone_number:
    phone_number: "+13125550100"
    customer_reference: cost-center-42

- name: Unassign a number
  telnyx.fax.phone_number:
    phone_number: "+13125550102"
    connection_id: null

# Review first: ansible-playbook site.yml --check --diff
"""

RETURN = r"""
phone_number:
  description:
    - The number as Telnyx returned it after the change, or as it is when nothing changed; in
      check mode, as it would be.
    - Telnyx returns many more fields (messaging, emergency, billing); they are passed on as they
      come.
  returned: always
  type: dict
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
      sample: PATCH
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /phone_numbers/1293384261075731499
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 422
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: [{"code": "422", "title": "Unprocessable Entity", "detail": "connection_id does not exist",
                "source": {"pointer": "/connection_id"}}]
"""

from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_state_module


def main():
    run_state_module(PHONE_NUMBERS)


if __name__ == "__main__":
    main()
