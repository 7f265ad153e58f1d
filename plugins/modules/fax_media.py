#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fax_media
short_description: Download the document of a received or a stored sent Telnyx fax to a file
version_added: 0.4.0
description:
  - Downloads the document of the fax with O(id) to the file O(dest), either a received inbound fax's
    C(media_url), or the C(stored_media_url) of a fax sent with C(store_media=true).
  - The file is a state. When O(dest) already holds the same bytes (same SHA-1 checksum), the task
    reports no change; otherwise the document is written to a temporary file in the directory of
    O(dest) and moved into place in one rename, so O(dest) never holds half a download. The file
    attributes (O(mode), O(owner), O(group), ...) are applied and reported as changes.
  - Telnyx's media links are presigned and expire (10 minutes). A received fax's link the media
    host refuses with 403 is refreshed once (C(POST /v2/faxes/{id}/actions/refresh)) and the fax
    read again; a second refusal fails the task. A sent fax's stored copy cannot be refreshed; once
    it has expired the task fails and says so.
  - The media link carries its own signature, so the download sends no C(Authorization) header;
    the API key never reaches the media host. Whoever has the link can download the fax until it
    expires, so it is in no message, and the RV(fax) returned shows it as
    C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER), ansible-core's mark for a hidden value. The document
    is streamed to disk, never held in memory whole.
  - A fax that is not received yet, has failed, or keeps no document fails the task, saying what
    to do (wait with M(telnyx.fax.fax_info), send with C(store_media=true)). A fax received only
    in part is downloaded, with a warning and RV(partial_content=true), when its record says
    C(partial_content=true); Telnyx documents that field in the C(fax.received) webhook, so for a
    record without it RV(partial_content) is V(null) (not known).
  - An O(id) that is not a fax id, a relative O(dest), a O(dest) that is a directory or whose
    directory does not exist, a O(mode) that is neither octal nor symbolic, and an O(owner) or
    O(group) this host does not know fail before any request.
author:
  - telnyx.fax contributors (@telnyx-fax)
extends_documentation_fragment:
  - telnyx.fax.connection
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    description:
      - Reads the fax and downloads its document into a temporary file outside O(dest), to compare
        it with O(dest) and report C(changed) as a real run would; nothing is written to O(dest)
        and the file attributes are not changed. The temporary file is removed.
      - When the link has expired, check mode sends no refresh (an action) and reports C(changed)
        with a warning.
  diff_mode:
    support: full
    description: Shows the SHA-1 checksum of O(dest) before and after, and the file attributes that change.
options:
  id:
    description:
      - The fax whose document to download (a UUID), inbound or outbound. Checked before any request.
    type: str
    required: true
  dest:
    description:
      - The file to write the document to (a PDF for a received fax), an absolute path. Its
        directory must exist; a directory is refused. A symbolic link at O(dest) is replaced by
        the file, as M(ansible.builtin.copy) does.
    type: path
    required: true
notes:
  - A download costs one request for the fax and one to the media host; an expired link two more
    (the refresh and a new read of the fax). Check mode costs the same, and never the refresh.
  - M(telnyx.fax.fax) with O(telnyx.fax.fax#module:state=absent) deletes the fax and its media
    from Telnyx once the document is kept.
seealso:
  - module: telnyx.fax.fax_info
  - module: telnyx.fax.fax
  - name: Telnyx programmable fax API
    description: Refreshing an inbound fax's media link.
    link: https://developers.telnyx.com/api/programmable-fax/refresh-fax
"""

EXAMPLES = r"""
- name: Wait until the fax is received
  telnyx.fax.fax_info:
    id: "{{ fax_id }}"
  register: incoming
  until: incoming.faxes | length == 1 and incoming.faxes[0].status in ["received", "failed"]
  retries: 30
  delay: 10

- name: Keep its document
  telnyx.fax.fax_media:
    id: "{{ fax_id }}"
    dest: "/srv/faxes/{{ fax_id }}.pdf"
    mode: "0640"
  register: document
  when: incoming.faxes[0].status == "received"

- name: Say where it is
  ansible.builtin.debug:
    msg: "{{ document.dest }}: {{ document.page_count }} pages, sha256 {{ document.sha256 }}"
  when: document is not skipped

- name: Then delete it from Telnyx
  telnyx.fax.fax:
    id: "{{ fax_id }}"
    state: absent
  when: document is not skipped

# Ad hoc:  ansible localhost -m telnyx.fax.fax_media -a "id=3fa85f64-5717-4562-b3fc-2c963f66afa6 dest=/tmp/fax.pdf"
"""

RETURN = r"""
dest:
  description: The file written, as given in O(dest).
  returned: when the document was read
  type: str
  sample: /srv/faxes/3fa85f64-5717-4562-b3fc-2c963f66afa6.pdf
size:
  description: The size of the document in bytes.
  returned: when the document was downloaded
  type: int
  sample: 10523
checksum:
  description: The SHA-1 checksum of the document, as M(ansible.builtin.copy) returns it.
  returned: when the document was downloaded
  type: str
  sample: 6e642bb8dd5c2e027bf21dd923337cbb4214f827
sha256:
  description: The SHA-256 checksum of the document.
  returned: when the document was downloaded
  type: str
  sample: 7c211433f02071597741e6ff5a8ea34789abbf43c50a3ab3c1b3e4a9f3a8a0b1
page_count:
  description: The number of pages of the fax, as Telnyx counts them.
  returned: when the fax was read
  type: int
  sample: 2
partial_content:
  description:
    - Whether the fax was received only in part; the file then holds the pages that arrived.
    - V(null) when Telnyx's record of the fax does not say (Telnyx documents the field in the
      C(fax.received) webhook).
  returned: when the fax was read
  type: bool
  sample: false
fax:
  description:
    - The fax as Telnyx returned it (after the refresh, when the link had expired), with its media
      link shown as C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER). Returned when the task fails after the
      read too.
  returned: when the fax was read
  type: dict
  sample:
    id: 3fa85f64-5717-4562-b3fc-2c963f66afa6
    direction: inbound
    status: received
    page_count: 2
    media_url: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER
    connection_id: "1293384261075731499"
    from: "+13125550199"
    to: "+13125550100"
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
      sample: /faxes/3fa85f64-5717-4562-b3fc-2c963f66afa6
    status:
      description: The HTTP status, or V(null) when no answer came.
      type: int
      sample: 404
    errors:
      description: Telnyx's error entries, each with code, title, detail and source.
      type: list
      elements: dict
      sample: []
"""

from ansible_collections.telnyx.fax.plugins.module_utils._fax_media import run_fax_media_module


def main():
    run_fax_media_module()


if __name__ == "__main__":
    main()
