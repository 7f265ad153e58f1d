#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax
short_description: Send a fax through Telnyx and wait for it, cancel one, or delete one
version_added: 0.2.0
description:
  - Sends one fax (C(POST /v2/faxes)) from a fax application, optionally waiting until it is
    delivered or has failed. With O(state=canceled), cancels a fax that is still in progress.
    With O(state=absent), deletes a fax (C(DELETE /v2/faxes/{id})), inbound or outbound, with its
    media; a fax that is already gone is no change.
  - Sending is an action, not a state. A real run always sends and reports C(changed). A send
    that got no answer (a server error, a timeout) is never repeated, since a second fax costs
    money and reaches a person; the message then says how to look for it.
  - Before sending, the task checks that the application exists, that it has an outbound voice
    profile (without one Telnyx fails every fax with C(no_outbound_profile)) and that the profile
    is enabled, and warns when O(from) is not an active number of the account.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
attributes:
  check_mode:
    support: full
    description:
      - Validates everything a real run would (the options, the application, its profile, the
        from number) and sends nothing. Reports C(changed) as the send would.
      - With O(state=canceled), reads the fax and reports whether it would be canceled.
      - With O(state=absent), reads the fax and reports whether it would be deleted; nothing is deleted.
  diff_mode:
    support: partial
    description:
      - A fax is sent, not changed, so sending and canceling have nothing to diff.
      - With O(state=absent), the diff names the fax that goes (its id, direction, status, from, to
        and created_at) and nothing after it.
options:
  state:
    description:
      - V(sent) sends a new fax. V(canceled) cancels the fax with O(id); a fax that is already
        delivered or failed is left as it is (C(changed=false)).
      - V(absent) deletes the fax with O(id) and its media from Telnyx; a fax Telnyx does not know
        (already deleted) is C(changed=false). Keep its document first with M(telnyx.fax.fax_media).
        Telnyx documents no rule for a fax still in progress; check mode warns that it may be
        refused, and a refusal says what to do first (wait for an arriving fax, cancel a sending one).
      - With V(canceled) or V(absent), the options for sending (and, with V(absent), O(wait)) do
        nothing; the task warns when they are given.
    type: str
    choices: [sent, canceled, absent]
    default: sent
  id:
    description: The fax to cancel (a UUID) with O(state=canceled), or to delete with O(state=absent).
    type: str
  connection_id:
    description:
      - The id of the fax application to send with. Telnyx calls it the connection.
      - One of O(connection_id) and O(connection_name) is required to send.
    type: str
  connection_name:
    description:
      - The fax application to send with, by its exact name (one request to look it up).
    type: str
  from:
    description:
      - The sending number, in E.164 form (C(+13125550100)); a number of the account.
      - Spaces, dots, hyphens and brackets between the digits are dropped
        (C(+1 (312\) 555-0100) is C(+13125550100)); a number without its leading C(+) is refused.
    type: str
  to:
    description:
      - The destination, an E.164 number or a SIP URI (C(sip:fax@example.com)).
      - A number is taken as O(from) is (separators dropped, a leading C(+) required).
    type: str
  media_url:
    description:
      - The URL Telnyx downloads the document from (PDF, TIFF, JPEG, PNG, DOC, DOCX, RTF or TXT; at
        most 50 MB and 350 pages).
      - Exactly one of O(media_url) and O(media_name) is required to send.
    type: str
  media_name:
    description: The name of a file uploaded to Telnyx's media storage before.
    type: str
  quality:
    description: The fax resolution and rendering. Telnyx defaults to V(high).
    type: str
    choices: [normal, high, very_high, ultra_light, ultra_dark]
  monochrome:
    description: Send in black and white. Telnyx defaults to V(false).
    type: bool
  black_threshold:
    description:
      - With O(monochrome=true), the threshold (1 to 100) above which a pixel is black.
      - Without O(monochrome=true) it does nothing, and the task warns so.
    type: int
  store_media:
    description: Keep a copy of the media (not with O(media_name)).
    type: bool
  store_preview:
    description: Keep a preview of the fax.
    type: bool
  preview_format:
    description: The format of the preview.
    type: str
    choices: [pdf, tiff]
  t38_enabled:
    description: Whether T.38 may be used. Telnyx defaults to V(true).
    type: bool
  from_display_name:
    description: The name shown to the receiver; 1 to 128 letters, digits, spaces and C(- _ ~ ! . +).
    type: str
  client_state:
    description: Base64 text that Telnyx returns in every webhook of this fax.
    type: str
  webhook_url:
    description: Where this fax's webhooks go, instead of the C(webhook_event_url) of the sending application.
    type: str
  wait:
    description:
      - Wait until the fax is delivered or has failed. A failed fax fails the task, with its
        C(failure_reason) spelled out in words; the fax is returned either way.
      - With O(state=canceled), wait until the cancel has taken effect.
      - A read of the fax that gets no answer (a refused connection, a timeout, a dropped
        connection) is warned and the wait goes on; a read Telnyx answers with an error fails the
        task, which still reports the fax as sent.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait, from 1 to 86400. When they run out, the task fails saying the fax was sent
        and is still in progress.
    type: int
    default: 300
  wait_interval:
    description:
      - Seconds between two reads of the fax (at least 0.2). Each read is one request; when Telnyx
        answers 429, the client waits as long as Telnyx asks.
    type: float
    default: 5
notes:
  - A send costs one request, plus three for the checks (the application, its profile, the from
    number) and one more with O(connection_name). Waiting costs one request per O(wait_interval).
    A delete costs two (the read and the delete), one when the fax is already gone.
  - Faxing needs an outbound voice profile on the application; M(telnyx.fax.outbound_voice_profile)
    and M(telnyx.fax.fax_application) set it up.
seealso:
  - module: telnyx.fax.fax_info
  - module: telnyx.fax.fax_media
  - module: telnyx.fax.fax_application
  - name: Telnyx programmable fax API
    description: The API this module drives.
    link: https://developers.telnyx.com/api/programmable-fax/send-fax
"""

EXAMPLES = r"""
- name: Send a test fax and wait until it is delivered
  telnyx.fax.fax:
    connection_name: billing-fax
    from: "+13125550100"
    to: "+13125550199"
    media_url: https://www.example.com/fax-test.pdf
    wait: true
  register: test_fax

- name: Show how it went
  ansible.builtin.debug:
    msg: "{{ test_fax.fax.id }} is {{ test_fax.fax.status }}"

- name: Send without waiting, with a state echoed in every webhook
  telnyx.fax.fax:
    connection_id: "{{ billing_app.fax_application.id }}"
    from: "+13125550100"
    to: "+13125550199"
    media_url: https://www.example.com/invoice.pdf
    client_state: "{{ 'invoice-42' | b64encode }}"
  when: billing_app is defined

- name: Cancel a fax that is stuck
  telnyx.fax.fax:
    id: 3fa85f64-5717-4562-b3fc-2c963f66afa6
    state: canceled

- name: Delete a received fax from Telnyx once its document is kept (see telnyx.fax.fax_media)
  telnyx.fax.fax:
    id: 3fa85f64-5717-4562-b3fc-2c963f66afa6
    state: absent

# Ad hoc (one command):
#   ansible localhost -m telnyx.fax.fax -a "connection_name=billing-fax wait=true \
#     from=+13125550100 to=+13125550199 media_url=https://www.example.com/t.pdf"
"""

RETURN = r"""
fax:
  description:
    - The fax as Telnyx returned it, after the wait when O(wait=true).
    - In check mode, the fax that would be sent, with a placeholder C(id).
    - With O(state=absent), the fax as it was before the delete, or V(null) when it was already gone.
  returned: always
  type: dict
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
      sample: POST
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /faxes
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 422
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: [{"code": "10015", "title": "Bad Request", "detail": "Invalid media_url",
                "source": {"pointer": "/media_url"}}]
"""

from ansible_collections.telnyx.fax.plugins.module_utils._fax_task import run_fax_module


def main():
    run_fax_module()


if __name__ == "__main__":
    main()
