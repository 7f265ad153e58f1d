#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: outbound_voice_profile_info
short_description: List and look up Telnyx outbound voice profiles
version_added: 0.2.0
description:
  - Returns the Telnyx outbound voice profiles that match every filter given, reading every page.
  - Changes nothing.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
  - telnyx.fax.info_module
options:
  id:
    description:
      - Return only the profile with this id. An unknown id gives an empty list.
    type: str
  name:
    description:
      - Return only profiles named exactly this (case-sensitive).
    type: str
  name_contains:
    description:
      - Return only profiles whose name contains this text, ignoring case. At least 3 characters.
    type: str
  sort:
    description:
      - The order of the list. A leading C(-) sorts in descending order; ties go by id.
      - The module sorts a listing it reads in Telnyx's default order, newest first, since only
        that order lets it tell when objects were created or deleted while the pages were read.
      - Telnyx's default is V(-created_at), the newest first.
    type: str
    choices: [created_at, -created_at, name, -name, enabled, -enabled, service_plan, -service_plan,
              traffic_type, -traffic_type, usage_payment_method, -usage_payment_method]
notes:
  - A listing of N profiles costs ceil(N/250) requests; a lookup by O(id) costs one.
  - Telnyx has no other filter for profiles (none by tag, for example); filter the returned list
    with Jinja2 instead.
seealso:
  - module: telnyx.fax.outbound_voice_profile
"""

EXAMPLES = r"""
- name: Read every outbound voice profile
  telnyx.fax.outbound_voice_profile_info:
  register: all_profiles

- name: Look up a profile by its exact name
  telnyx.fax.outbound_voice_profile_info:
    name: fax-outbound
  register: fax_profile

- name: Show its id and how many connections use it
  vars:
    found: "{{ fax_profile.outbound_voice_profiles[0] }}"
  ansible.builtin.debug:
    msg: "{{ found.id }} is used by {{ found.connections_count }} connection(s)"
  when: fax_profile.outbound_voice_profiles | length == 1

- name: Find the profiles whose name mentions fax, by name
  telnyx.fax.outbound_voice_profile_info:
    name_contains: fax
    sort: name
  register: fax_profiles

- name: List the names of those tagged prod
  vars:
    tagged_prod: "{{ fax_profiles.outbound_voice_profiles | selectattr('tags', 'contains', 'prod') }}"
  ansible.builtin.debug:
    msg: "{{ tagged_prod | map(attribute='name') | list }}"
"""

RETURN = r"""
outbound_voice_profiles:
  description:
    - The matching profiles, in the order of O(sort). Always a list; empty when nothing matches,
      including an unknown O(id).
    - Each is a profile as M(telnyx.fax.outbound_voice_profile) returns it.
  returned: always
  type: list
  elements: dict
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
      sample: GET
    path:
      description: The path of the failed request, below O(base_url).
      type: str
      sample: /outbound_voice_profiles
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

from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import (
    LIST_FILTERS,
    OUTBOUND_VOICE_PROFILES,
    SORTS,
)
from ansible_collections.telnyx.fax.plugins.module_utils._runners import run_info_module


def main():
    run_info_module(OUTBOUND_VOICE_PROFILES, LIST_FILTERS, SORTS)


if __name__ == "__main__":
    main()
