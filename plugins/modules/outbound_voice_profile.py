#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: outbound_voice_profile
short_description: Create, update and delete Telnyx outbound voice profiles
version_added: 0.2.0
description:
  - Ensures a Telnyx outbound voice profile exists with the settings the task gives, or does not
    exist. A fax application sends faxes only through an outbound voice profile (its
    C(outbound.outbound_voice_profile_id)); without one every fax fails with
    C(no_outbound_profile).
  - Only the options the task gives are compared and sent; an option left out is unmanaged and
    keeps whatever value the profile has. Setting a nullable option to V(null) on purpose clears
    it.
  - A profile is found by O(id) when given, else by its exact O(name).
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
attributes:
  check_mode:
    support: full
    description:
      - Sends no write. Reports the same C(changed) as a real run would, and returns the predicted
        profile. A would-be new profile has a placeholder C(id) that names it, which a later
        M(telnyx.fax.fax_application) task in the same check-mode run accepts.
  diff_mode:
    support: full
    description: Shows before and after of the options the task manages only (nested ones included).
options:
  id:
    description:
      - The id of the profile to manage (a decimal string).
      - With O(state=present), an id that does not exist fails the task; it never creates a
        second profile. Renaming a profile needs its id.
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
      - The profile's name, at least 3 characters. Without O(id), the profile with exactly this
        name (case-sensitive) is managed; two or more with the name fail the task and change
        nothing.
      - Required to create a profile. Telnyx also requires it on every update, so the task sends
        the current name when it does not change it.
    type: str
  enabled:
    description:
      - Whether the profile may be used. A disabled profile blocks outbound calls and faxes of the
        applications that use it. Telnyx defaults to V(true).
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
        decimals, such as C("100.00"); C("100.005") is refused.
        Enforced only with O(daily_spend_limit_enabled=true). C(100), C(100.0) and C(100.00) are
        the same amount.
    type: str
  daily_spend_limit_enabled:
    description: Whether O(daily_spend_limit) is enforced. Telnyx defaults to V(false).
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
      - The countries that may be called, as ISO 3166-1 alpha-2 codes in capitals (C(US), C(CA)).
        Compared as a set; the list given replaces the profile's. Telnyx defaults to
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
          - With O(call_recording.call_recording_type=by_caller_phone_number), the E.164 numbers
            whose calls are recorded. Compared as a set. Separators between the digits are
            dropped (C(+1 970 555 5098) is C(+19705555098)).
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
            with fractions of a second (C(08:00:00.00Z)), the format Telnyx's schema gives. A time
            without seconds or without C(Z), such as C(08:00), fails the task before any request.
          - Sent as given; compared by the time it means, so C(08:00:00Z) and C(08:00:00.00Z) are
            the same time.
        type: str
      end_time:
        description: The UTC time of day after which calls may no longer start; as O(calling_window.start_time).
        type: str
      calls_per_cld:
        description: Most calls to one called party within the window.
        type: int
  tags:
    description:
      - Tags of the profile. Compared as a set (order and repeats do not matter); the list given
        replaces the profile's tags, each tag sent and shown once.
    type: list
    elements: str
notes:
  - Telnyx does not require profile names to be unique. This module treats the name as the
    identity when O(id) is not given, and refuses to guess when two profiles share it. A rename
    (by O(id)) onto a name another profile has is refused with both ids.
  - Requests that change nothing are never sent. A create, an update or a delete costs two
    requests, a run that changes nothing one; a rename adds one (the new name is looked up).
  - Names shorter than 3 characters cannot use Telnyx's name filter, so finding the profile
    reads the whole account (one request per 250 profiles).
seealso:
  - module: telnyx.fax.outbound_voice_profile_info
  - module: telnyx.fax.fax_application
  - name: Telnyx outbound voice profiles API
    description: The API this module drives.
    link: https://developers.telnyx.com/api/outbound-voice-profiles/list-outbound-voice-profiles
"""

EXAMPLES = r"""
- name: Ensure the outbound voice profile for faxes
  telnyx.fax.outbound_voice_profile:
    name: fax-outbound
    whitelisted_destinations: [US, CA, GB]
    concurrent_call_limit: 10
    daily_spend_limit: "50.00"
    daily_spend_limit_enabled: true
    tags: [fax, prod]
  register: fax_profile

- name: Point a fax application at it by id
  telnyx.fax.fax_application:
    application_name: billing-fax
    webhook_event_url: https://hooks.example.com/telnyx/fax
    outbound:
      outbound_voice_profile_id: "{{ fax_profile.outbound_voice_profile.id }}"

- name: Or by name, which the application task looks up
  telnyx.fax.fax_application:
    application_name: sales-fax
    webhook_event_url: https://hooks.example.com/telnyx/fax
    outbound:
      outbound_voice_profile_name: fax-outbound

- name: Allow calls only during office hours (UTC), leaving recording settings alone
  telnyx.fax.outbound_voice_profile:
    name: fax-outbound
    calling_window:
      start_time: "08:00:00Z"
      end_time: "18:00:00Z"

- name: Remove the spending limit
  telnyx.fax.outbound_voice_profile:
    name: fax-outbound
    daily_spend_limit_enabled: false

- name: Delete a profile no application uses any more
  telnyx.fax.outbound_voice_profile:
    name: old-profile
    state: absent

# Review first: ansible-playbook site.yml --check --diff
"""

RETURN = r"""
outbound_voice_profile:
  description:
    - The profile as Telnyx returned it after the change, or as it is when nothing changed.
    - >-
      In check mode, the profile as it would be. A would-be new profile has no timestamps, and its
      C(id) is a placeholder, C((known after create: outbound voice profile NAME\)), that later
      tasks in the same check-mode run may pass on; a real run refuses it.
    - After a delete, the deleted profile; V({}) when there was nothing to delete.
    - Telnyx leaves C(daily_spend_limit), C(max_destination_rate) and C(calling_window) out until
      they are set.
  returned: always
  type: dict
  contains:
    id:
      description: The profile's id.
      type: str
      sample: "1293384261075731499"
    record_type:
      description: Always C(outbound_voice_profile).
      type: str
      sample: outbound_voice_profile
    name:
      description: The profile's name.
      type: str
      sample: fax-outbound
    enabled:
      description: Whether the profile may be used.
      type: bool
      sample: true
    billing_group_id:
      description: The billing group, or V(null).
      type: str
      sample: null
    concurrent_call_limit:
      description: Most calls at once, or V(null).
      type: int
      sample: 10
    connections_count:
      description: How many connections (fax applications among them) use the profile.
      type: int
      sample: 1
    daily_spend_limit:
      description: The daily spend limit in USD.
      type: str
      sample: "50.00"
    daily_spend_limit_enabled:
      description: Whether the daily spend limit is enforced.
      type: bool
      sample: true
    max_destination_rate:
      description: The highest price per minute a destination may have.
      type: float
      sample: 0.5
    service_plan:
      description: The coverage of termination regions.
      type: str
      sample: global
    traffic_type:
      description: The type of traffic allowed.
      type: str
      sample: conversational
    usage_payment_method:
      description: How costs are calculated.
      type: str
      sample: rate-deck
    whitelisted_destinations:
      description: The countries that may be called.
      type: list
      elements: str
      sample: [US, CA, GB]
    call_recording:
      description: The recording settings; Telnyx always returns all four.
      type: dict
      contains:
        call_recording_type:
          description: Which calls are recorded.
          type: str
          sample: none
        call_recording_caller_phone_numbers:
          description: The numbers whose calls are recorded, with C(by_caller_phone_number).
          type: list
          elements: str
          sample: []
        call_recording_channels:
          description: V(single) or V(dual).
          type: str
          sample: single
        call_recording_format:
          description: V(wav) or V(mp3).
          type: str
          sample: wav
    calling_window:
      description: When calls may start; only once set, with the sub-options set.
      type: dict
      contains:
        start_time:
          description: The UTC time of day calls may start from.
          type: str
          sample: "08:00:00Z"
        end_time:
          description: The UTC time of day after which calls may no longer start.
          type: str
          sample: "18:00:00Z"
        calls_per_cld:
          description: Most calls to one called party within the window.
          type: int
          sample: 5
    tags:
      description: The profile's tags.
      type: list
      elements: str
      sample: [fax, prod]
    created_at:
      description: When the profile was created (ISO 8601, UTC).
      type: str
      sample: "2026-11-27T10:15:30.123Z"
    updated_at:
      description: When the profile was last changed (ISO 8601, UTC).
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
      sample: DELETE
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /outbound_voice_profiles/1293384261075731499
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 422
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: [{"code": "422", "title": "Unprocessable Entity", "detail": "name must be at least 3 characters",
                "source": {"pointer": "/name"}}]
"""

from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_state_module


def main():
    run_state_module(OUTBOUND_VOICE_PROFILES)


if __name__ == "__main__":
    main()
