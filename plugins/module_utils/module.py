# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule glue shared by every module: connection options, the client, failures."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.telnyx.fax.plugins.module_utils.api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    TelnyxError,
    connection_argument_spec,
)


def _presence(raw):
    """The shape of what the task gave: {option: True, {sub_option: ...} or [per-item shape]}."""
    return dict((key, _shape(value)) for key, value in raw.items() if not key.startswith("_ansible_"))


def _shape(value):
    if isinstance(value, dict):
        return _presence(value)
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [_presence(item) for item in value]
    return True


class TelnyxModule(AnsibleModule):
    """An AnsibleModule that knows which options the task really gave and owns the client."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.given = {}
        self._client = None
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        if not self.params["api_key"]:
            self.fail_json(msg="No Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable.")

    def _load_params(self):
        # After validation, an option the task left out and one it set to null
        # both read None; the raw parameters are the only place they differ.
        super()._load_params()
        self.given = _presence(self.params)

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
        if self._client is None:
            return
        for retry in self._client.retries:
            self.warn("Telnyx answered %(method)s %(path)s with %(reason)s; retried after %(waited)s s." % retry)

    def exit_json(self, **kwargs):
        self._report_retries()
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._report_retries()
        super().fail_json(msg=msg, **kwargs)

    def fail_from(self, error, **kwargs):
        """Fail the task with a TelnyxError's message and its failure dict."""
        if isinstance(error, TelnyxError):
            kwargs.setdefault("failure", error.failure)
        self.fail_json(msg=str(error), **kwargs)
