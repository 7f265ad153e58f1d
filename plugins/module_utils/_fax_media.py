# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fax_media module's run: download a fax's document to a file, as a state.

The file is the state: a dest that already holds the same bytes is no change. The document
comes from a presigned link in the fax record (an inbound fax's media_url, a sent fax's
stored_media_url) that expires; an expired link is refreshed once. The download goes to a
temporary file first, so dest is never left half written, and is compared before it moves.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import tempfile
from urllib.parse import urlsplit

from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError, join_path
from ansible_collections.telnyx.fax.plugins.module_utils._fax_failures import failure_in_words
from ansible_collections.telnyx.fax.plugins.module_utils._faxes import FAXES
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils._planner import NOTHING_SENT, message
from ansible_collections.telnyx.fax.plugins.module_utils._service import Service

# What the media host answers for a link that expired: S3 presigned links say 403.
EXPIRED_LINK_STATUS = 403
# The file module's two forms of mode: octal digits, or symbolic clauses such as u=rw,g=r.
OCTAL_MODE = re.compile(r"^0?[0-7]{3,4}$")
SYMBOLIC_MODE = re.compile(
    r"^[ugoa]*[-+=][rwxXstugo]*([-+=][rwxXstugo]*)*(,[ugoa]*[-+=][rwxXstugo]*([-+=][rwxXstugo]*)*)*$"
)


def run_fax_media_module():
    module = TelnyxModule(
        argument_spec=dict(id=dict(type="str", required=True), dest=dict(type="path", required=True)),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    FaxMediaTask(module).run()


def media_link(fax):
    """The link to the fax's document, or PlanError saying why there is none (yet) and what to do."""
    label = "Fax %s %s %s" % (
        fax.get("id"),
        "from" if fax.get("direction") == "inbound" else "to",
        fax.get("from") if fax.get("direction") == "inbound" else fax.get("to"),
    )
    if fax.get("direction") == "inbound":
        link = _received_link(fax, label)
    else:
        link = fax.get("stored_media_url")
        if not link:
            raise PlanError(
                "%s keeps no copy of its document: Telnyx stores the media of a sent fax only when it is sent "
                "with store_media=true (and for 10 minutes). Send it with store_media: true to download it." % label
            )
    if urlsplit(link).scheme not in ("http", "https"):
        raise PlanError("%s has a media link that is not an http or https URL; nothing was downloaded." % label)
    return link


def _received_link(fax, label):
    status = fax.get("status")
    if status == "failed":
        raise PlanError("%s was not received: %s. There is no document to download." % (label, failure_in_words(fax)))
    if status != "received":
        raise PlanError(
            "%s is %s, not received yet, so it has no document yet. Wait until its status is received, with "
            "telnyx.fax.fax_info (id: %s, until its faxes[0].status is received), then download it."
            % (label, status, fax.get("id"))
        )
    if not fax.get("media_url"):
        raise PlanError("%s is received, but Telnyx gives no media_url for it; read it again later." % label)
    return fax.get("media_url")


def file_option_problems(params):
    """mode, owner and group that could not be applied, found before the download, not after it."""
    problems = []
    mode = params.get("mode")
    if mode is not None and not isinstance(mode, int):
        if not (OCTAL_MODE.match(str(mode)) or SYMBOLIC_MODE.match(str(mode))):
            problems.append("mode must be octal (such as '0640') or symbolic (such as 'u=rw,g=r'), got %r" % mode)
    for option, lookup, kind in (("owner", pwd.getpwnam, "user"), ("group", grp.getgrnam, "group")):
        value = params.get(option)
        if value is None or str(value).isdigit():
            continue
        try:
            lookup(value)
        except KeyError:
            problems.append("%s: no %s is named %r on this host" % (option, kind, value))
    return problems


class FaxMediaTask:
    """One run of telnyx.fax.fax_media."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.service = Service(FAXES, module.client)
        self.dest = module.params["dest"]
        # The fax as last read, for the result of a failure too.
        self.fax = None

    def run(self):
        problems = self._input_problems()
        if problems:
            self.module.fail_json(msg=message(NOTHING_SENT, problems))
        try:
            fax, temp = self.fetch()
            self.place(fax, temp)
        except PlanError as error:
            self.module.fail_json(msg=str(error), **self._fax_result(self.fax))
        except TelnyxError as error:
            self.module.fail_from(error, **self._fax_result(self.fax))

    def _input_problems(self):
        problems = []
        problem = FAXES.id_problem(self.params["id"], name_option=False)
        if problem:
            problems.append("id: %s" % problem)
        problems.extend(self._dest_problems())
        problems.extend(file_option_problems(self.params))
        return problems

    def _dest_problems(self):
        dest = self.dest
        if not dest or not os.path.isabs(dest):
            # Where a module runs is no place a playbook chose: ansible-core runs it from a
            # directory of its own on the managed host.
            return ["dest must be an absolute path (such as /srv/fax/inbox/%s.pdf), got %r" % (self.params["id"], dest)]
        problems = []
        if os.path.isdir(dest):
            problems.append(
                "dest %s is a directory; give the path of the file to write, such as %s"
                % (
                    dest,
                    os.path.join(dest, "%s.pdf" % self.params["id"]),
                )
            )
        elif not os.path.isdir(os.path.dirname(dest)):
            problems.append("the directory of dest %s does not exist; create it first" % dest)
        return problems

    def read(self):
        fax = self.service.get(self.params["id"])
        if fax is None:
            raise PlanError("No fax has id %s in this account; nothing was downloaded." % self.params["id"])
        # A media link is a key to the document for as long as it lives: no output shows it.
        for field in ("media_url", "stored_media_url"):
            if fax.get(field):
                self.module.no_log_values.add(fax[field])
        self.fax = fax
        return fax

    def fetch(self):
        """The fax and a temporary file holding its document; an expired link is refreshed once."""
        fax = self.read()
        try:
            return fax, self.download(media_link(fax))
        except TelnyxError as error:
            if error.status != EXPIRED_LINK_STATUS:
                raise
            if fax.get("direction") != "inbound":
                raise PlanError(
                    "The stored copy of sent fax %s has expired (%s): Telnyx keeps a sent fax's document for 10 "
                    "minutes and renews only a received fax's link. Nothing was downloaded; to keep a sent fax, "
                    "download it within 10 minutes of sending it with store_media: true."
                    % (fax.get("id"), error.message)
                ) from None
            if self.module.check_mode:
                self._exit_expired_in_check_mode(fax)
        self.refresh(fax)
        fax = self.read()
        try:
            return fax, self.download(media_link(fax))
        except TelnyxError as error:
            if error.status != EXPIRED_LINK_STATUS:
                raise
            raise error.with_message(
                "%s, even with the link refreshed once (POST %s/actions/refresh and a new read). Telnyx may "
                "no longer keep the document of fax %s; read it with telnyx.fax.fax_info and try again later"
                % (error.message, FAXES.item_path(fax.get("id")), fax.get("id"))
            ) from None

    def refresh(self, fax):
        # The refresh only renews the link (no state a task manages), so it may be asked again.
        try:
            self.client.post(join_path(FAXES.path, fax.get("id"), "actions", "refresh"))
        except TelnyxError as error:
            if error.status == 404:
                raise PlanError(
                    "Fax %s was deleted while its document was downloaded; nothing was downloaded." % fax.get("id")
                ) from None
            raise

    def _exit_expired_in_check_mode(self, fax):
        self.module.warn(
            "The media link of fax %s has expired. A real run refreshes it (one POST) and downloads the document; "
            "check mode sends no action, so it could not compare the document with dest." % fax.get("id")
        )
        self.module.exit_json(
            changed=True,
            msg="Check mode: would refresh the media link of fax %s and write it to %s." % (fax.get("id"), self.dest),
            **self._fax_result(fax),
        )

    def download(self, link):
        """Download into a temporary file: beside dest (atomic_move stays one rename), in check mode elsewhere."""
        directory = self.module.tmpdir if self.module.check_mode else os.path.dirname(os.path.abspath(self.dest))
        handle, temp = tempfile.mkstemp(prefix=".%s." % os.path.basename(self.dest), suffix=".part", dir=directory)
        try:
            with os.fdopen(handle, "wb") as sink:
                self.client.download(link, sink)
        except BaseException:
            # No half download is left beside dest, whatever stopped it.
            os.remove(temp)
            raise
        return temp

    def place(self, fax, temp):
        """Move the download to dest unless dest holds the same bytes; apply the file attributes."""
        module = self.module
        checksum = module.digest_from_file(temp, "sha1")
        before = module.digest_from_file(self.dest, "sha1") if os.path.exists(self.dest) else None
        changed = before != checksum
        diff = dict(before=dict(path=self.dest, checksum=before), after=dict(path=self.dest, checksum=checksum))
        size = os.path.getsize(temp)
        sha256 = module.digest_from_file(temp, "sha256")
        if changed and not module.check_mode:
            module.atomic_move(temp, self.dest)
        else:
            os.remove(temp)
        if os.path.exists(self.dest):
            file_args = module.load_file_common_arguments(self.params, path=self.dest)
            changed = module.set_fs_attributes_if_different(file_args, changed, diff=diff)
        if before is None:
            # The attributes' "before" is the download's, a file dest never was: dest was absent.
            diff["before"] = dict(path=self.dest, state="absent")
        if fax.get("partial_content"):
            module.warn(
                "Fax %s was received only in part (partial_content: true): %s holds the pages that arrived. Ask "
                "the sender to send it again for the rest." % (fax.get("id"), self.dest)
            )
        result = dict(changed=changed, dest=self.dest, size=size, checksum=checksum, sha256=sha256)
        result.update(self._fax_result(fax))
        result["msg"] = self._summary(fax, changed, before != checksum)
        if module._diff:
            result["diff"] = diff
        module.exit_json(**result)

    @staticmethod
    def _fax_result(fax):
        if fax is None:
            return {}
        # Telnyx says partial_content in the fax.received webhook; a record without it tells nothing.
        partial = fax.get("partial_content")
        return dict(
            page_count=fax.get("page_count"), partial_content=None if partial is None else bool(partial), fax=fax
        )

    def _summary(self, fax, changed, content_changed):
        pages = "%s page%s" % (fax.get("page_count"), "" if fax.get("page_count") == 1 else "s")
        if not changed:
            return "%s already holds fax %s (%s)." % (self.dest, fax.get("id"), pages)
        if content_changed:
            done, would = "Wrote", "would write"
            what = "fax %s (%s) to %s" % (fax.get("id"), pages, self.dest)
        else:
            done, would = "Set", "would set"
            what = "the file attributes of %s, which holds fax %s (%s)" % (self.dest, fax.get("id"), pages)
        return "Check mode: %s %s." % (would, what) if self.module.check_mode else "%s %s." % (done, what)
