#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax_application_bulk
short_description: Converge declared Telnyx fax applications and their outbound voice profiles in one run
version_added: 0.1.0
description:
  - Ensures every application of O(applications) is present or absent as declared, reading the
    account once (one request per 250 applications) and sending one write per application that
    must change. A run that changes nothing over 1000 applications costs 4 requests.
  - Each item takes the options of M(telnyx.fax.fax_application) and is matched, compared and
    changed by the same code, with the same rules. Only the options given are managed, an
    unknown O(applications[].id) or a name shared by two applications fails, and
    O(applications[].fax_email_recipient) is write-only.
  - Every item is checked before anything is written; a problem in one item stops the whole run
    before any change.
  - With O(purge=true), applications that carry O(marker_tag) and are not declared are deleted.
    Applications without the marker are never touched, so one team's list cannot delete another
    team's applications.
  - O(outbound_voice_profiles) declares profiles in the same run, with the options of
    M(telnyx.fax.outbound_voice_profile). They are read once, created and updated before the
    applications, and deleted after them, so an application can name a profile the same run
    creates (O(applications[].outbound.outbound_voice_profile_name)), and a profile is deleted
    only once no application kept by the run uses it.
  - Every listing is read consistently. If the account changes while its pages are read, it is
    read again, and if it keeps changing the task fails before any write.
  - The role C(telnyx.fax.fax_applications) uses this module.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
attributes:
  check_mode:
    support: full
    description: Sends no write; reports per application what a real run would do, purge included.
  diff_mode:
    support: full
    description: One diff per changed application, of the options it manages only.
options:
  applications:
    description:
      - The applications to converge. Each item is matched by O(applications[].id) when given,
        else by its exact O(applications[].application_name).
    type: list
    elements: dict
    required: true
    suboptions:
      id:
        description:
          - The id of the application to manage (a 19-digit decimal string).
          - With O(applications[].state=present), an id that does not exist fails the task; it never
            creates a second application. Renaming an application needs its id.
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
          - The name of the application. Without O(applications[].id), the application with exactly
            this name (case-sensitive) is managed; two or more with the name fail the task and
            change nothing.
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
          - The URL used when O(applications[].webhook_event_url) fails. V("") and V(null) both
            clear it.
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
              - In check mode, the placeholder id that M(telnyx.fax.outbound_voice_profile) returns
                for a profile it would create is accepted, and shows in the diff.
            type: str
          outbound_voice_profile_name:
            description:
              - The outbound voice profile to use, by its exact name instead of its id; the run
                manages O(applications[].outbound.outbound_voice_profile_id). A profile of
                O(outbound_voice_profiles) is found first (even one this run creates), then the
                account's profiles; two with the name, or none in a real run, fail the run before
                any write.
              - A name with a space or a line break at either end is refused. When no profile has
                the name and it is shaped like a profile id, the failure says to give it as
                O(applications[].outbound.outbound_voice_profile_id) instead.
              - In check mode a name no profile has yet is taken to be a profile an earlier task
                would create; the diff shows a placeholder id that names it, with a warning.
              - Mutually exclusive with O(applications[].outbound.outbound_voice_profile_id).
                V(null) clears the profile.
            type: str
      tags:
        description:
          - Tags of the application. Compared as a set (order and repeats do not matter); the list
            given replaces the application's tags, each tag sent and shown once.
          - With O(marker_tag), the marker is added to them.
        type: list
        elements: str
      fax_email_recipient:
        description:
          - The email address that receives inbound faxes as attachments. V(null) clears it.
          - Write-only, like a password. Telnyx never returns it, so it cannot be compared. It is
            sent when the application is created, and on later runs only when
            O(applications[].update_fax_email_recipient=always).
        type: str
      unassign_phone_numbers:
        description:
          - With O(applications[].state=absent), unassign the numbers still assigned to the
            application and listed under no declared application, then delete it. Without it (and
            without O(unassign_unlisted_phone_numbers)), such numbers fail the run before any
            change, since Telnyx refuses to delete an application that has numbers.
          - With O(applications[].state=present) it does nothing, and the task warns so.
        type: bool
        default: false
      update_fax_email_recipient:
        description:
          - V(on_create) sends O(applications[].fax_email_recipient) only when the application is
            created, so runs stay idempotent.
          - V(always) sends it on every run; the task then reports C(changed) every time.
        type: str
        choices: [always, on_create]
        default: on_create
      phone_numbers:
        description:
          - The phone numbers (E.164) that must be assigned to this application. Each is assigned
            to it, moved from another application if need be, in either declaration order.
          - Spaces, dots, hyphens and brackets between the digits are dropped
            (C(+1 (312\) 555-0100) is C(+13125550100)); a number without its leading C(+) is
            refused, with the E.164 form suggested.
          - The account's numbers are read once (one request per 250 numbers), and only the
            numbers whose assignment differs are updated, one request each.
          - A number the account does not have, or one listed under two applications, fails the
            run before any change. Numbers are never bought.
          - Numbers assigned to the application but not listed here are left alone, unless
            O(unassign_unlisted_phone_numbers=true).
          - Left out (the default), the application's numbers are not managed.
        type: list
        elements: str
  outbound_voice_profiles:
    description:
      - Outbound voice profiles to converge in the same run, before the applications that use them.
        Each item is matched by O(outbound_voice_profiles[].id) when given, else by its exact
        O(outbound_voice_profiles[].name), and takes the options of
        M(telnyx.fax.outbound_voice_profile), with the same rules.
      - Left out (the default), no profile is changed; profiles are read only when an application
        names one.
    type: list
    elements: dict
    suboptions:
      id:
        description:
          - The id of the profile to manage (a decimal string).
          - With O(outbound_voice_profiles[].state=present), an id that does not exist fails the
            task; it never creates a second profile. Renaming a profile needs its id.
        type: str
      state:
        description:
          - V(present) creates the profile when it does not exist and updates what differs.
          - V(absent) deletes it; a profile that is already gone is not an error. Telnyx refuses to
            delete a profile that fax applications still use; the task then names them.
        type: str
        choices: [present, absent]
        default: present
      name:
        description:
          - The profile's name, at least 3 characters. Without O(outbound_voice_profiles[].id), the
            profile with exactly this name (case-sensitive) is managed; two or more with the name
            fail the task and change nothing.
          - Required to create a profile. Telnyx also requires it on every update, so the task sends
            the current name when it does not change it.
        type: str
      enabled:
        description:
          - Whether the profile may be used. A disabled profile blocks outbound calls and faxes of
            the applications that use it. Telnyx defaults to V(true).
        type: bool
      billing_group_id:
        description:
          - The billing group (a UUID) the profile's usage is billed to. V(null) removes it.
          - Compared without regard to case, as Telnyx compares ids.
        type: str
      concurrent_call_limit:
        description:
          - Most calls at once through the profile; no more than the account's own limit. V(null)
            removes the limit.
        type: int
      daily_spend_limit:
        description:
          - The most usage charges, in USD, allowed per day, as a decimal string with at most two
            decimals, such as C("100.00"); C("100.005") is refused. Enforced only with
            O(outbound_voice_profiles[].daily_spend_limit_enabled=true). C(100), C(100.0) and
            C(100.00) are the same amount.
        type: str
      daily_spend_limit_enabled:
        description:
          - Whether O(outbound_voice_profiles[].daily_spend_limit) is enforced. Telnyx defaults to V(false).
        type: bool
      max_destination_rate:
        description: The highest price per minute a destination may have to be called.
        type: float
      service_plan:
        description: The coverage of termination regions. Telnyx's one current value is V(global).
        type: str
        choices: [global]
      traffic_type:
        description: The type of traffic allowed. Telnyx's one current value is V(conversational).
        type: str
        choices: [conversational]
      usage_payment_method:
        description: How costs are calculated. Telnyx's one current value is V(rate-deck).
        type: str
        choices: [rate-deck]
      whitelisted_destinations:
        description:
          - The countries that may be called, as ISO 3166-1 alpha-2 codes in capitals (C(US),
            C(CA)). Compared as a set; the list given replaces the profile's. Telnyx defaults to
            V([US, CA]).
          - Only codes assigned to a country are taken (not C(XX), not the retired C(AN)).
        type: list
        elements: str
      call_recording:
        description:
          - Which outbound calls are recorded, and how. Only the sub-options given are managed; the
            others keep their values.
        type: dict
        suboptions:
          call_recording_type:
            description: Which calls are recorded.
            type: str
            choices: [all, none, by_caller_phone_number]
          call_recording_caller_phone_numbers:
            description:
              - With
                O(outbound_voice_profiles[].call_recording.call_recording_type=by_caller_phone_number),
                the E.164 numbers whose calls are recorded. Compared as a set. Separators between
                the digits are dropped (C(+1 970 555 5098) is C(+19705555098)).
            type: list
            elements: str
          call_recording_channels:
            description: V(dual) records each leg on its own channel.
            type: str
            choices: [single, dual]
          call_recording_format:
            description: The audio format of recordings.
            type: str
            choices: [wav, mp3]
      calling_window:
        description:
          - When calls may start, in UTC, and how many per called party. Only the sub-options given
            are managed; the others keep their values.
          - So V({}) manages nothing and changes nothing. Telnyx documents no way to remove a window
            once set; set the sub-options to the values you want instead.
          - Telnyx calls this a beta feature.
        type: dict
        suboptions:
          start_time:
            description:
              - The UTC time of day calls may start from, as C(HH:MM:SSZ) (C(08:00:00Z)), optionally
                with fractions of a second (C(08:00:00.00Z)), the format Telnyx's schema gives. A
                time without seconds or without C(Z), such as C(08:00), fails the task before any
                request.
              - Sent as given; compared by the time it means, so C(08:00:00Z) and C(08:00:00.00Z)
                are the same time.
            type: str
          end_time:
            description:
              - The UTC time of day after which calls may no longer start; as
                O(outbound_voice_profiles[].calling_window.start_time).
            type: str
          calls_per_cld:
            description: Most calls to one called party within the window.
            type: int
      tags:
        description:
          - Tags of the profile. Compared as a set (order and repeats do not matter); the list given
            replaces the profile's tags, each tag sent and shown once.
          - With O(marker_tag), the marker is added to them.
        type: list
        elements: str
  marker_tag:
    description:
      - A tag added to every present application (and profile) of the lists, marking it as managed
        by them. Tags an item leaves out keep their current values; the marker is added to them.
      - The scope of O(purge).
    type: str
  purge:
    description:
      - Delete applications that carry O(marker_tag) and match no item of O(applications).
      - When O(outbound_voice_profiles) is given, also delete the profiles that carry
        O(marker_tag) and match none of its items.
      - Needs O(marker_tag). Objects without the marker are never deleted.
    type: bool
    default: false
  unassign_unlisted_phone_numbers:
    description:
      - Unassign the phone numbers assigned to a declared application that lists
        O(applications[].phone_numbers), or to an application the run deletes (purge included),
        when no declared application lists them.
      - Numbers of other applications, and unassigned numbers, are never touched.
    type: bool
    default: false
  parallel_writes:
    description:
      - How many writes may be in flight at once, from 1 to 16 (V(1) writes one after another).
      - Writes still go in dependency order. Profiles are created and updated before the
        applications that name them, phone numbers are assigned after their application, and
        applications are deleted before their profile. Only writes of one step run side by side.
      - Fewer are in flight when Telnyx says to slow down, on their own. A 429 halves how many
        may be in flight, and so does an answer whose C(x-ratelimit-remaining) is low; calm
        answers let them grow back to this number. Telnyx's C(Retry-After) (else
        C(x-ratelimit-reset)) makes every writer wait, and they come back a few at a time.
      - A create (POST) is repeated only after a 429, which says it was not carried out; a
        create that may have arrived is never sent again.
      - Listings are read up to 8 pages at once, whatever this is, with the same checks that
        refuse a listing that changed while it was read.
    type: int
    default: 16
seealso:
  - module: telnyx.fax.fax_application
  - module: telnyx.fax.fax_application_info
"""

EXAMPLES = r"""
- name: Converge the fax applications of the billing team
  telnyx.fax.fax_application_bulk:
    marker_tag: team-billing
    purge: true
    applications:
      - application_name: billing-eu
        webhook_event_url: https://hooks.example.com/fax/eu
        anchorsite_override: Amsterdam, Netherlands
      - application_name: billing-us
        webhook_event_url: https://hooks.example.com/fax/us
        inbound:
          channel_limit: 20
      - application_name: billing-legacy
        state: absent
  register: billing

- name: Show what happened
  ansible.builtin.debug:
    msg: "{{ billing.application_summary }}"

- name: A profile and the applications that send through it, in one run
  telnyx.fax.fax_application_bulk:
    marker_tag: team-billing
    outbound_voice_profiles:
      - name: billing-outbound
        whitelisted_destinations: [US, CA]
    applications:
      - application_name: billing-eu
        webhook_event_url: https://hooks.example.com/fax/eu
        outbound:
          outbound_voice_profile_name: billing-outbound

- name: Applications with their phone numbers; a number moves when it is listed elsewhere
  telnyx.fax.fax_application_bulk:
    marker_tag: team-billing
    unassign_unlisted_phone_numbers: true
    applications:
      - application_name: billing-eu
        webhook_event_url: https://hooks.example.com/fax/eu
        phone_numbers: ["+13125550100", "+13125550101"]
      - application_name: billing-us
        webhook_event_url: https://hooks.example.com/fax/us
        phone_numbers: ["+13125550102"]

- name: Converge the applications of every tenant, four writes at a time
  telnyx.fax.fax_application_bulk:
    parallel_writes: 4
    marker_tag: tenants
    applications: "{{ tenants | map(attribute='fax') | list }}"
"""

RETURN = r"""
applications:
  description: What happened to each application, declared ones first, in order, then purged ones.
  returned: always
  type: list
  elements: dict
  contains:
    application_name:
      description: The application's name.
      type: str
      sample: billing-eu
    id:
      description:
        - >-
          The application's id. For one that check mode would create, the placeholder
          C((known after create: fax application NAME\)).
      type: str
      sample: "1293384261075731499"
    state:
      description: The declared state (purged applications read V(absent)).
      type: str
      sample: present
    action:
      description: One of V(created), V(updated), V(deleted), V(unchanged), V(failed).
      type: str
      sample: updated
    changed_fields:
      description: The options an update changes.
      type: list
      elements: str
      sample: [inbound]
    error:
      description: Why the write failed, when O(applications[].state) could not be reached.
      type: str
      returned: when the write for this application failed
      sample: "PATCH /fax_applications/1293384261075731499 failed with 422 Unprocessable Entity: ..."
application_summary:
  description:
    - How many applications each action touched; named like RV(outbound_voice_profile_summary)
      and RV(phone_number_summary).
  returned: always
  type: dict
  sample: {created: 1, updated: 10, deleted: 0, unchanged: 989, failed: 0, total: 1000}
summary:
  description:
    - The same as RV(application_summary), under its old name.
    - Deprecated, and removed in a release after 1.0; use RV(application_summary).
  returned: always
  type: dict
  sample: {created: 1, updated: 10, deleted: 0, unchanged: 989, failed: 0, total: 1000}
outbound_voice_profiles:
  description:
    - What happened to each profile, declared ones first, in order, then purged ones; the same
      entries as RV(applications), with C(name) for C(application_name).
  returned: when O(outbound_voice_profiles) is given
  type: list
  elements: dict
  sample: [{name: billing-outbound, id: "1293384261075731500", state: present, action: created, changed_fields: []}]
outbound_voice_profile_summary:
  description: How many profiles each action touched.
  returned: when O(outbound_voice_profiles) is given
  type: dict
  sample: {created: 1, updated: 0, deleted: 0, unchanged: 0, failed: 0, total: 1}
phone_numbers:
  description:
    - The phone numbers the run concerns (listed under an application, or assigned to one it
      deletes or unassigns from), with what happened to each; C(changed_fields) is
      V([connection_id]) for a number that was assigned, moved or unassigned.
    - Each entry also has C(connection_id), the application the number is assigned to after the
      run (a placeholder in check mode for one the run creates; V(null) when unassigned), and
      C(connection_name), that application's name as declared.
  returned: when an application lists O(applications[].phone_numbers) or the run deletes an application
  type: list
  elements: dict
  sample: [{phone_number: "+13125550100", id: "1293384261075731501", state: present, action: updated,
            changed_fields: [connection_id], connection_id: "1293384261075731499", connection_name: billing-eu}]
phone_number_summary:
  description: How many numbers were updated and how many were already right.
  returned: when RV(phone_numbers) is returned
  type: dict
  sample: {created: 0, updated: 1, deleted: 0, unchanged: 2, failed: 0, total: 3}
report:
  description:
    - The run in words, for a person (the role P(telnyx.fax.fax_applications#role) shows it) -
      per kind of object touched, its counts, then one line per object that changed or failed.
      In check mode the verbs say what a real run would do (C(would create)).
  returned: when the lists were planned (not when the task fails before any request)
  type: list
  elements: str
  sample:
    - "applications: would create 1, would update 1, would delete 0, unchanged 998, failed 0 (total 1000)"
    - "would create application billing-eu"
    - "would update application billing-us (id 1293384261075731499): webhook_event_url"
    - "phone numbers: would update 1, unchanged 0, failed 0 (total 1)"
    - "would update phone number +13125550100: assigned to billing-eu"
failure:
  description: What Telnyx answered when a request failed, for C(register) and C(failed_when).
  returned: when reading the applications failed
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
      sample: 503
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: []
"""

from ansible_collections.telnyx.fax.plugins.module_utils._bulk_module import run_bulk_module


def main():
    run_bulk_module()


if __name__ == "__main__":
    main()
