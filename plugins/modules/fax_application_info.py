#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax_application_info
short_description: List and look up Telnyx fax applications
version_added: 0.1.0
description:
  - Returns the Telnyx fax applications that match every filter given, reading every page.
  - Changes nothing.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
  - telnyx.fax.info_module
options:
  id:
    description:
      - Return only the application with this id. An unknown id gives an empty list.
    type: str
  application_name:
    description:
      - Return only applications named exactly this (case-sensitive).
    type: str
  name_contains:
    description:
      - Return only applications whose name contains this text, ignoring case. At least 3
        characters, as Telnyx requires.
    type: str
  outbound_voice_profile_id:
    description:
      - Return only applications that use this outbound voice profile.
    type: str
  sort:
    description:
      - The order of the list. A leading C(-) sorts in descending order; ties go by id.
      - The module sorts a listing it reads in Telnyx's default order, newest first, since only
        that order lets it tell when objects were created or deleted while the pages were read.
      - Telnyx's default is V(-created_at), the newest first.
    type: str
    choices: [created_at, -created_at, application_name, -application_name, active, -active]
notes:
  - A listing of N applications costs ceil(N/250) requests; a lookup by O(id) costs one.
seealso:
  - module: telnyx.fax.fax_application
"""

EXAMPLES = r"""
- name: Read every fax application
  telnyx.fax.fax_application_info:
  register: all_fax_apps

- name: Find applications by part of their name, in reverse alphabetical order
  telnyx.fax.fax_application_info:
    name_contains: billing
    sort: -application_name
  register: billing_apps

- name: Find the applications of one outbound voice profile whose name mentions prod
  telnyx.fax.fax_application_info:
    name_contains: prod
    outbound_voice_profile_id: "1293384261075731500"
  register: prod_apps

- name: Show each application's name and webhook
  ansible.builtin.debug:
    msg: "{{ item.application_name }} -> {{ item.webhook_event_url }}"
  loop: "{{ billing_apps.fax_applications }}"
  loop_control:
    label: "{{ item.id }}"

- name: Look up an application by its exact name
  telnyx.fax.fax_application_info:
    application_name: billing-fax
  register: billing_fax

- name: Deactivate it by id
  telnyx.fax.fax_application:
    id: "{{ billing_fax.fax_applications[0].id }}"
    active: false
  when: billing_fax.fax_applications | length == 1
"""

RETURN = r"""
fax_applications:
  description:
    - The matching applications, in the order of O(sort). Always a list; empty when nothing
      matches, including an unknown O(id).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The application's id.
      type: str
      sample: "1293384261075731499"
    record_type:
      description: Always C(fax_application).
      type: str
      sample: fax_application
    application_name:
      description: The application's name.
      type: str
      sample: billing-fax
    active:
      description: Whether the application is active.
      type: bool
      sample: true
    anchorsite_override:
      description: The media site.
      type: str
      sample: Latency
    webhook_event_url:
      description: The webhook URL.
      type: str
      sample: https://hooks.example.com/telnyx/fax
    webhook_event_failover_url:
      description: The failover webhook URL; V("") when unset.
      type: str
      sample: ""
    webhook_timeout_secs:
      description: The webhook timeout in seconds, or V(null).
      type: int
      sample: 25
    inbound:
      description: Inbound settings.
      type: dict
      contains:
        channel_limit:
          description: Most inbound faxes at once, or V(null).
          type: int
          sample: 10
        sip_subdomain:
          description: The SIP subdomain, or V(null).
          type: str
          sample: billing-fax
        sip_subdomain_receive_settings:
          description: Who may call the SIP subdomain.
          type: str
          sample: from_anyone
    outbound:
      description: Outbound settings.
      type: dict
      contains:
        channel_limit:
          description: Most outbound faxes at once, or V(null).
          type: int
          sample: 10
        outbound_voice_profile_id:
          description: The outbound voice profile id, or V(null).
          type: str
          sample: "1293384261075731500"
    tags:
      description: The application's tags.
      type: list
      elements: str
      sample: [billing, prod]
    created_at:
      description: When the application was created (ISO 8601, UTC).
      type: str
      sample: "2026-11-27T10:15:30.123Z"
    updated_at:
      description: When the application was last changed (ISO 8601, UTC).
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
      sample: /fax_applications
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 400
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: [{"code": "10015", "title": "Bad Request", "detail": "page[size] must be 1 to 250",
                "source": {"parameter": "page[size]"}}]
"""

from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import (
    FAX_APPLICATIONS,
    LIST_FILTERS,
    SORTS,
)
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_info_module


def main():
    run_info_module(FAX_APPLICATIONS, LIST_FILTERS, SORTS)


if __name__ == "__main__":
    main()
