#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax_info
short_description: Read a Telnyx fax and its status, or list faxes
version_added: 0.2.0
description:
  - Returns the fax with O(id), or the faxes that match every filter given, reading every page.
    Inbound faxes (received by the account's applications) are returned like outbound ones.
  - Telnyx's listing filters by O(direction), O(from), O(to) and O(created_at), so those narrow the
    request. It filters by none of O(status), O(connection_id) and O(connection_name); those are
    matched here on the faxes the listing returns. Every filter is also checked here on every fax,
    whatever the server did.
  - Changes nothing.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
  - telnyx.fax.info_module
options:
  id:
    description: Return only the fax with this id (a UUID). An unknown id gives an empty list.
    type: str
  direction:
    description: Return only inbound or only outbound faxes.
    type: str
    choices: [inbound, outbound]
  from:
    description: Return only the faxes from this number (E.164).
    type: str
  to:
    description: Return only the faxes to this number (E.164) or SIP URI.
    type: str
  status:
    description:
      - Return only the faxes with this status. Matched on the listing, not sent to Telnyx.
      - Outbound faxes go C(queued), C(media.processed), C(originated), C(sending), then
        C(delivered) or C(failed); inbound ones C(receiving), C(media.processing), then C(received)
        or C(failed).
    type: str
    choices: [queued, media.processed, originated, sending, initiated, receiving, media.processing, received,
              delivered, failed]
  connection_id:
    description:
      - Return only the faxes of the fax application with this id (Telnyx calls it the
        connection), both the faxes it sent and the faxes it received. Matched on the listing.
    type: str
  connection_name:
    description:
      - As O(connection_id), with the application given by its exact name (one more request to
        look it up). A name no application has gives an empty list; a name two applications have
        fails, listing their ids.
    type: str
  created_at:
    description:
      - Return only the faxes created in this range; each bound is an ISO 8601 time with a time
        zone (C(2026-11-27T00:00:00Z)).
    type: dict
    suboptions:
      gt:
        description: Created after this time.
        type: str
      gte:
        description: Created at or after this time.
        type: str
      lt:
        description: Created before this time.
        type: str
      lte:
        description: Created at or before this time.
        type: str
notes:
  - A listing of N faxes costs ceil(N/250) requests; a lookup by O(id) costs one. Narrow a
    listing with O(created_at) on a busy account.
seealso:
  - module: telnyx.fax.fax
  - module: telnyx.fax.fax_media
"""

EXAMPLES = r"""
- name: Read one fax
  telnyx.fax.fax_info:
    id: 3fa85f64-5717-4562-b3fc-2c963f66afa6
  register: one_fax

- name: Show its status
  ansible.builtin.debug:
    msg: "{{ one_fax.faxes[0].status }}"
  when: one_fax.faxes | length == 1

- name: The outbound faxes to one number since a date
  telnyx.fax.fax_info:
    direction: outbound
    to: "+13125550199"
    created_at:
      gte: "2026-11-01T00:00:00Z"
  register: sent_faxes

- name: The faxes the billing application has received
  telnyx.fax.fax_info:
    direction: inbound
    status: received
    connection_name: billing-fax
  register: received_faxes

- name: The failed ones, with their reasons
  ansible.builtin.debug:
    msg: "{{ sent_faxes.faxes | selectattr('status', 'eq', 'failed') | map(attribute='failure_reason') | list }}"

# Ad hoc:  ansible localhost -m telnyx.fax.fax_info -a "id=3fa85f64-5717-4562-b3fc-2c963f66afa6"
"""

RETURN = r"""
faxes:
  description:
    - The matching faxes. Always a list; empty when nothing matches, including an unknown O(id).
    - Each is a fax as M(telnyx.fax.fax) returns it.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The fax's id.
      type: str
      sample: 3fa85f64-5717-4562-b3fc-2c963f66afa6
    record_type:
      description: Always C(fax).
      type: str
      sample: fax
    direction:
      description: V(inbound) for a fax the account received, V(outbound) for a fax it sent.
      type: str
      sample: outbound
    status:
      description:
        - Outbound, C(queued), C(media.processed), C(originated), C(sending), then C(delivered) or C(failed).
        - Inbound, C(receiving), C(media.processing), then C(received) or C(failed).
      type: str
      sample: delivered
    failure_reason:
      description: Why the fax failed, or V(null).
      type: str
      sample: user_busy
    connection_id:
      description: The fax application that sent or received it.
      type: str
      sample: "1293384261075731499"
    from:
      description: The sending number.
      type: str
      sample: "+13125550100"
    to:
      description: The destination.
      type: str
      sample: "+13125550199"
    from_display_name:
      description: The name shown to the receiver, when the sender gave one.
      type: str
      sample: Billing
    media_url:
      description:
        - Outbound, where the document came from, when it was sent by URL.
        - Inbound, a temporary link to the received document (a PDF) once the fax is received; it
          expires after 10 minutes. M(telnyx.fax.fax_media) downloads it, and refreshes it when it
          has expired.
      type: str
      sample: https://www.example.com/fax-test.pdf
    media_name:
      description: The media uploaded to Telnyx that was sent, when it was sent by name.
      type: str
      sample: invoice-2026-11
    quality:
      description: The fax quality.
      type: str
      sample: high
    store_media:
      description: Whether Telnyx keeps a copy of the document.
      type: bool
      sample: false
    stored_media_url:
      description:
        - A temporary link to the copy of a sent fax's document, when it was sent with
          C(store_media=true); it expires after 10 minutes and cannot be renewed, so download it
          with M(telnyx.fax.fax_media) within them.
      type: str
      sample: https://s3.amazonaws.com/faxes/3fa85f64-5717-4562-b3fc-2c963f66afa6.pdf?X-Amz-Expires=600
    page_count:
      description: The number of pages of an inbound fax, once Telnyx has processed its media.
      type: int
      sample: 2
    partial_content:
      description: Whether an inbound fax was received only in part.
      type: bool
      sample: false
    client_state:
      description: The Base64 text the sender gave, echoed in the fax's webhooks.
      type: str
      sample: aGVsbG8=
    webhook_url:
      description: Where this fax's webhooks go, when the sender overrode the application's.
      type: str
      sample: https://hooks.example.com/telnyx/fax
    created_at:
      description: When the fax was sent (ISO 8601, UTC).
      type: str
      sample: "2026-11-27T10:15:30Z"
    updated_at:
      description: When the fax last changed (ISO 8601, UTC).
      type: str
      sample: "2026-11-27T10:17:02Z"
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
      sample: /faxes
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

from ansible_collections.telnyx.fax.plugins.module_utils._faxes import FAXES, LIST_FILTERS
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_info_module


def main():
    run_info_module(FAXES, LIST_FILTERS)


if __name__ == "__main__":
    main()
