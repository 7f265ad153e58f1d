# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule glue shared by every module: connection options, what the task gave, the client.

The connection options and their environment fallbacks are defined here once; their
documentation is the doc fragment telnyx.fax.connection.

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

import difflib
import os
import unicodedata

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.validation import check_type_bool, check_type_float, check_type_int

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._api import (
    DEFAULT_BASE_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    TelnyxError,
    base_url_problem,
)
from ansible_collections.telnyx.fax.plugins.module_utils._service import PartialCreate

# A run of retries must end: 10 retries at the 8 s backoff cap is more than a minute and a half.
MAX_RETRIES_LIMIT = 10

# Typed options and their variables. AnsibleModule converts a variable's value as if the task had
# given it, so its message for TELNYX_TIMEOUT=abc names only timeout, which the task never set.
TYPED_VARIABLES = (
    ("timeout", "TELNYX_TIMEOUT", check_type_float, "a number of seconds"),
    ("max_retries", "TELNYX_MAX_RETRIES", check_type_int, "a whole number"),
    ("validate_certs", "TELNYX_VALIDATE_CERTS", check_type_bool, "true or false"),
)


def connection_argument_spec():
    """Options every module of the collection takes to reach Telnyx."""
    return dict(
        api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["TELNYX_API_KEY"])),
        base_url=dict(type="str", default=DEFAULT_BASE_URL, fallback=(env_fallback, ["TELNYX_BASE_URL"])),
        timeout=dict(type="float", default=30.0, fallback=(env_fallback, ["TELNYX_TIMEOUT"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["TELNYX_VALIDATE_CERTS"])),
        max_retries=dict(type="int", default=3, fallback=(env_fallback, ["TELNYX_MAX_RETRIES"])),
    )


def unknown_option_problems(raw, options, label, path=""):
    """Keys of raw that options does not know, taken out and told with the option meant.

    AnsibleModule names a list item's unknown key without the item ("applications.webhook_url"),
    which in a list of a thousand leaves the user to search, and suggests nothing.
    """
    problems = []
    for key in list(raw):
        option = options.get(key)
        if option is None:
            meant = difflib.get_close_matches(key, list(options), n=1)
            problems.append(
                "%s%s%s is not an option%s"
                % (
                    label,
                    path,
                    key,
                    " (did you mean %s?)" % meant[0] if meant else "; the options are %s" % ", ".join(sorted(options)),
                )
            )
            del raw[key]
        elif option.get("options") and isinstance(raw[key], dict):
            problems.extend(unknown_option_problems(raw[key], option["options"], label, path + key + "."))
    return problems


class TelnyxModule(AnsibleModule):
    """An AnsibleModule that knows which options the task really gave and owns the client.

    resources maps where a resource's fields sit in the options to the Resource: None for the
    top level, or the name of a list option whose items hold them (a bulk module's
    ``applications``). Those values are relaxed (fields.relax_raw), and a list item's unknown
    keys refused naming the item, before AnsibleModule validates them. blank_is_unset names the
    other top-level options (ids, filters) for which "" means "not given".
    """

    def __init__(self, argument_spec, resources=None, blank_is_unset=(), **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.given = {}
        self._resources = resources or {}
        self._blank_is_unset = blank_is_unset
        self._input_problems = []
        self._client = None
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        problems = self._input_problems + self._connection_problems()
        if problems:
            self.fail_json(msg=planner.message(planner.NOTHING_SENT, problems))

    def _load_params(self):
        super()._load_params()
        # An identity or a filter that a template rendered empty ("{{ x | default(None) }}" is ""
        # on ansible-core 2.18, None later) was not given: it must not name or filter anything.
        for name in self._blank_is_unset:
            if self.params.get(name) in ("", None):
                self.params.pop(name, None)
        for location, resource in self._resources.items():
            items = [self.params] if location is None else self.params.get(location)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    model.dicts_from_strings(item, resource.fields)
        self.given = model.presence(self.params)
        self._check_typed_variables()
        for location, resource in self._resources.items():
            if location is None:
                self._input_problems.extend(model.relax_raw(self.params, resource.fields))
                continue
            items = self.params.get(location)
            options = self.argument_spec[location]["options"]
            for index, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    label = planner.item_label(location, index, planner.identity_of(resource, item)[1]) + ": "
                    self._input_problems.extend(unknown_option_problems(item, options, label))
                    self._input_problems.extend(model.relax_raw(item, resource.fields, "%s[%d]." % (location, index)))

    def _check_typed_variables(self):
        defaults = connection_argument_spec()
        for option, variable, convert, kind in TYPED_VARIABLES:
            if option in self.params or variable not in os.environ:
                continue
            try:
                convert(os.environ[variable])
            except (TypeError, ValueError):
                self._input_problems.append(
                    "the %s environment variable (for %s) must be %s, got %r"
                    % (variable, option, kind, os.environ[variable])
                )
                # The problem is told above; the default keeps AnsibleModule from failing first.
                self.params[option] = defaults[option]["default"]

    def _from_variable(self, option, variable):
        return "" if option in self.given else " (from %s)" % variable

    def _connection_problems(self):
        params = self.params
        problems = self._api_key_problems()
        url_source = "base_url" + self._from_variable("base_url", "TELNYX_BASE_URL")
        problem = base_url_problem(params["base_url"] or "")
        if problem:
            problems.append(problem.replace("base_url", url_source, 1))
        if not params["timeout"] > 0:
            problems.append(
                "timeout must be a number of seconds above 0, got %s%s"
                % (params["timeout"], self._from_variable("timeout", "TELNYX_TIMEOUT"))
            )
        if not 0 <= params["max_retries"] <= MAX_RETRIES_LIMIT:
            problems.append(
                "max_retries must be between 0 and %d, got %s%s"
                % (MAX_RETRIES_LIMIT, params["max_retries"], self._from_variable("max_retries", "TELNYX_MAX_RETRIES"))
            )
        return problems

    def _api_key_problems(self):
        """What makes the key unusable, naming where it came from and never showing it."""
        key = self.params["api_key"]
        from_option = "api_key" in self.given
        source = "api_key" if from_option else "TELNYX_API_KEY"
        if not key and from_option and os.environ.get("TELNYX_API_KEY"):
            return [
                "no Telnyx API key: api_key is given as %s, which hides the TELNYX_API_KEY environment variable "
                "set here (an option the task gives, even empty, wins over its variable); give the key in the "
                "api_key option or the TELNYX_API_KEY environment variable, leaving api_key out of the task"
                % ('""' if key == "" else "null")
            ]
        if not key:
            return [
                "no Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable "
                "(an empty value counts as not set)"
            ]
        if any(character.isspace() for character in key):
            # A vault block scalar leaves a line break; HTTP would refuse the header on every try.
            return ["%s has a space or a line break in it; an API key has none" % source]
        for position, character in enumerate(key, 1):
            if ord(character) > 127:
                # HTTP headers cannot carry it (outside Latin-1) or Telnyx would refuse it: keys are ASCII.
                return [
                    "%s has a character no API key has, %s (U+%04X) at position %d: Telnyx keys are plain "
                    "ASCII; a key pasted through a document or a chat can get a dash or a quote replaced, so "
                    "copy it again from the Mission Control Portal (API Keys)"
                    % (source, unicodedata.name(character, "unnamed"), ord(character), position)
                ]
        return []

    @property
    def client(self):
        if self._client is None:
            params = self.params
            from_option = "api_key" in self.given
            self._client = TelnyxClient(
                api_key=params["api_key"],
                base_url=params["base_url"],
                timeout=params["timeout"],
                validate_certs=params["validate_certs"],
                max_retries=params["max_retries"],
                key_source="the api_key option" if from_option else "the TELNYX_API_KEY environment variable",
            )
        return self._client

    def _report_retries(self):
        if self._client is not None:
            # Taken first: a warning issued below must not report them again.
            notes, self._client.retry_notes = self._client.retry_notes, []
            seen = {}
            for note in notes:
                seen[note] = seen.get(note, 0) + 1
                # ansible-core 2.19+ shows identical warnings once: a retry that recurs (each poll of
                # a wait) must still show every time it happened.
                super().warn(note if seen[note] == 1 else "%s (%d times in this task)" % (note, seen[note]))

    def warn(self, warning):
        # The retries that came before a warning are told before it, in the order they happened.
        self._report_retries()
        super().warn(warning)

    def exit_json(self, **kwargs):
        self._report_retries()
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._report_retries()
        # The client's messages end without a full stop, so that callers can go on; the task's is a sentence.
        if msg and not msg.rstrip().endswith((".", "!", "?")):
            msg = msg.rstrip() + "."
        super().fail_json(msg=msg, **kwargs)

    def fail_from(self, error, **kwargs):
        """Fail the task with what went wrong; a create that got half done reports the change."""
        if isinstance(error, PartialCreate):
            kwargs.setdefault("changed", True)
            kwargs.setdefault("failure", error.error.failure)
        elif isinstance(error, TelnyxError):
            kwargs.setdefault("failure", error.failure)
        self.fail_json(msg=str(error), **kwargs)
