#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax_application
short_description: Create, update and delete Telnyx fax applications
version_added: 0.1.0
description:
  - Ensures a Telnyx Programmable Fax Application exists with the settings the task gives, or
    does not exist.
  - Only the options the task gives are compared and sent; an option left out is unmanaged and
    keeps whatever value the application has. Setting a nullable option to V(null) on purpose
    clears it.
  - An application is found by O(id) when given, else by its exact O(application_name).
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
attributes:
  check_mode:
    support: full
    description: Sends no write. Reports the same C(changed) as a real run would, and returns the predicted application.
  diff_mode:
    support: full
    description: Shows before and after of the options the task manages only (nested ones included).
options:
  id:
    description:
      - The id of the application to manage (a 19-digit decimal string).
      - With O(state=present), an id that does not exist fails the task; it never creates a second
        application. Renaming an application needs its id.
    type: str
  state:
    description:
      - V(present) creates the application when it does not exist and updates what differs.
      - V(absent) deletes it; an application that is already gone is not an error.
    type: str
    choices: [present, absent]
    default: present
  application_name:
    description:
      - The name of the application. Without O(id), the application with exactly this name
        (case-sensitive) is managed; two or more with the name fail the task and change nothing.
      - Required to create an application.
    type: str
  active:
    description:
      - Whether the application may send and receive faxes. Telnyx defaults to V(true).
    type: bool
  anchorsite_override:
    description:
      - The Telnyx media site that handles the application's traffic. V(Latency) picks the site
        with the lowest latency to the user agent. Telnyx defaults to V(Latency).
    type: str
    choices: [Latency, "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia",
              "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada",
              "Frankfurt, Germany"]
  webhook_event_url:
    description:
      - The URL Telnyx sends fax webhooks to; it must include the C(http) or C(https) scheme.
      - Required to create an application.
    type: str
  webhook_event_failover_url:
    description:
      - The URL used when O(webhook_event_url) fails. V("") and V(null) both clear it.
    type: str
  webhook_timeout_secs:
    description:
      - Seconds Telnyx waits for a webhook answer, from 0 to 30. V(null) clears it.
    type: int
  inbound:
    description:
      - Inbound settings. Only the sub-options given are managed; the others keep their values.
    type: dict
    suboptions:
      channel_limit:
        description: Most inbound faxes at once. V(null) removes the limit.
        type: int
      sip_subdomain:
        description:
          - A subdomain of C(sip.telnyx.com) that receives faxes for this application. It is
            unique across all Telnyx applications. V(null) clears it.
          - One DNS label, 1 to 63 letters, digits and hyphens, not starting or ending with a
            hyphen (C(billing-fax)); spaces, dots and other symbols are refused.
        type: str
      sip_subdomain_receive_settings:
        description: Who may call the SIP subdomain.
        type: str
        choices: [only_my_connections, from_anyone]
  outbound:
    description:
      - Outbound settings. Only the sub-options given are managed; the others keep their values.
    type: dict
    suboptions:
      channel_limit:
        description: Most outbound faxes at once. V(null) removes the limit.
        type: int
      outbound_voice_profile_id:
        description:
          - The id of the outbound voice profile that bills and routes outbound faxes. V(null)
            clears it.
          - In check mode, the placeholder id that M(telnyx.fax.outbound_voice_profile) returns for
            a profile it would create is accepted, and shows in the diff.
        type: str
      outbound_voice_profile_name:
        description:
          - The outbound voice profile to use, by its exact name instead of its id. The task looks
            the profile up (one request) and manages O(outbound.outbound_voice_profile_id); two
            profiles with the name, or none, fail the task before any change.
          - A name with a space or a line break at either end is refused. When no profile has the
            name and it is shaped like a profile id, the failure says to give it as
            O(outbound.outbound_voice_profile_id) instead.
          - In check mode a name no profile has yet is taken to be a profile an earlier task would
            create; the diff shows a placeholder id that names it, with a warning.
          - Mutually exclusive with O(outbound.outbound_voice_profile_id). V(null) clears the profile.
        type: str
  tags:
    description:
      - Tags of the application. Compared as a set (order and repeats do not matter); the list
        given replaces the application's tags, each tag sent and shown once.
    type: list
    elements: str
  fax_email_recipient:
    description:
      - The email address that receives inbound faxes as attachments. V(null) clears it.
      - Write-only, like a password. Telnyx never returns it, so it cannot be compared. It is sent
        when the application is created, and on later runs only when
        O(update_fax_email_recipient=always).
    type: str
  unassign_phone_numbers:
    description:
      - With O(state=absent), unassign the phone numbers still assigned to the application (one
        request to find them, one per number), then delete it.
      - Without it, Telnyx refuses to delete an application that phone numbers are assigned to; the
        task then fails naming the numbers, and nothing is changed. Check mode reads the numbers
        and fails the same way.
      - With O(state=present) it does nothing, and the task warns so.
    type: bool
    default: false
  update_fax_email_recipient:
    description:
      - V(on_create) sends O(fax_email_recipient) only when the application is created, so runs
        stay idempotent.
      - V(always) sends it on every run; the task then reports C(changed) every time.
    type: str
    choices: [always, on_create]
    default: on_create
notes:
  - Telnyx does not require application names to be unique. This module treats the name as the
    identity when O(id) is not given, and refuses to guess when two applications share it. A
    rename (by O(id)) onto a name another application has is refused with both ids.
  - Requests that change nothing are never sent. A create costs two requests (three with
    O(fax_email_recipient)), an update or a delete two, a run that changes nothing one; a
    rename adds one (the new name is looked up), and naming the profile by
    O(outbound.outbound_voice_profile_name) adds one.
  - Names shorter than 3 characters cannot use Telnyx's name filter, so finding the application
    reads the whole account (one request per 250 applications).
  - Listings are read consistently; if the account changes while its pages are read, the task
    reads again and, if it keeps changing, fails without writing anything.
seealso:
  - module: telnyx.fax.fax_application_info
  - name: Telnyx fax applications API
    description: The API this module drives.
    link: https://developers.telnyx.com/api/programmable-fax/list-fax-applications
"""

EXAMPLES = r"""
- name: Ensure the fax application exists
  telnyx.fax.fax_application:
    application_name: billing-fax
    webhook_event_url: https://hooks.example.com/telnyx/fax
    anchorsite_override: Amsterdam, Netherlands
    inbound:
      channel_limit: 10
    tags: [billing, prod]

- name: Change one inbound setting and leave the others alone
  telnyx.fax.fax_application:
    application_name: billing-fax
    inbound:
      sip_subdomain_receive_settings: only_my_connections

- name: Clear the webhook timeout
  telnyx.fax.fax_application:
    application_name: billing-fax
    webhook_timeout_secs: null

- name: Look up the application to rename
  telnyx.fax.fax_application_info:
    application_name: billing-fax
  register: to_rename

- name: Rename it (renaming needs the id)
  telnyx.fax.fax_application:
    id: "{{ to_rename.fax_applications[0].id }}"
    application_name: billing-fax-eu

- name: Set the email recipient on create only (write-only field)
  telnyx.fax.fax_application:
    application_name: hr-fax
    webhook_event_url: https://hooks.example.com/telnyx/fax
    fax_email_recipient: hr@example.com

- name: Change the email recipient of an existing application
  telnyx.fax.fax_application:
    application_name: hr-fax
    fax_email_recipient: people@example.com
    update_fax_email_recipient: always

# vault_telnyx_api_key stands for your own (vaulted) variable; or leave api_key out and
# export TELNYX_API_KEY.
- name: Manage several applications with shared connection options
  module_defaults:
    group/telnyx.fax.telnyx:
      api_key: "{{ vault_telnyx_api_key }}"
  block:
    - name: Ensure each application exists
      telnyx.fax.fax_application:
        application_name: "{{ item.name }}"
        webhook_event_url: "{{ item.url }}"
      loop:
        - {name: sales-fax, url: "https://hooks.example.com/sales"}
        - {name: legal-fax, url: "https://hooks.example.com/legal"}
      register: fax_apps

    - name: Show the ids
      ansible.builtin.debug:
        msg: "{{ fax_apps.results | map(attribute='fax_application.id') | list }}"

- name: Send outbound faxes through a profile named in the same play
  telnyx.fax.fax_application:
    application_name: sales-fax
    outbound:
      outbound_voice_profile_name: fax-profile

- name: Remove an application
  telnyx.fax.fax_application:
    application_name: legal-fax
    state: absent

- name: Remove an application that still has phone numbers, unassigning them first
  telnyx.fax.fax_application:
    application_name: old-fax
    state: absent
    unassign_phone_numbers: true

# Review first: ansible-playbook site.yml --check --diff
"""

RETURN = r"""
fax_application:
  description:
    - The application as Telnyx returned it after the change, or as it is when nothing changed.
    - >-
      In check mode, the application as it would be. A would-be new application has no timestamps,
      and its C(id) is a placeholder, C((known after create: fax application NAME\)), that later
      tasks in the same check-mode run may pass on (for example to M(telnyx.fax.phone_number));
      a real run refuses it.
    - After a delete, the deleted application; V({}) when there was nothing to delete.
  returned: always
  type: dict
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
      sample: PATCH
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /fax_applications/1293384261075731499
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 422
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: [{"code": "422", "title": "Unprocessable Entity", "detail": "must be between 0 and 30",
                "source": {"pointer": "/webhook_timeout_secs"}}]
"""

from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_state_module


def main():
    run_state_module(FAX_APPLICATIONS)


if __name__ == "__main__":
    main()
