# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's documentation says what its declarations do: drift fails here, not in review.

- DOCUMENTATION's options, after merging the doc fragments it names (with ansible-core's own
  add_fragments), are the argument spec the module really builds (captured from its main()):
  names, types, elements, choices, defaults, required, nested suboptions.
- RETURN's resource object documents each field the declaration (FIELDS) says Telnyx returns,
  and nothing the declaration does not know, except the fields Telnyx adds itself (SERVER_FIELDS).
- What several modules return is documented once in substance: the state and info modules of a
  resource document the same object, and every ``failure`` block is the same.
- fax_application_bulk's list items re-document the single modules' options (ansible-core
  merges fragments into top-level options only, never into suboptions): each item option says
  everything the single module's option says, in the same words.
"""

from __future__ import annotations

import importlib
import re
import types

import pytest
import yaml
from ansible.module_utils import basic
from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import add_fragments

from ansible_collections.telnyx.fax.plugins.module_utils._fax_applications import FAX_APPLICATIONS
from ansible_collections.telnyx.fax.plugins.module_utils._faxes import FAXES
from ansible_collections.telnyx.fax.plugins.module_utils._outbound_voice_profiles import OUTBOUND_VOICE_PROFILES
from ansible_collections.telnyx.fax.plugins.module_utils._phone_numbers import PHONE_NUMBERS

PACKAGE = "ansible_collections.telnyx.fax.plugins"
MODULES = (
    "fax",
    "fax_application",
    "fax_application_bulk",
    "fax_application_info",
    "fax_info",
    "fax_media",
    "outbound_voice_profile",
    "outbound_voice_profile_info",
    "phone_number",
    "phone_number_info",
)
# (state module, info module, resource): each returns the resource's objects.
RESOURCES = (
    ("fax_application", "fax_application_info", FAX_APPLICATIONS),
    ("outbound_voice_profile", "outbound_voice_profile_info", OUTBOUND_VOICE_PROFILES),
    ("phone_number", "phone_number_info", PHONE_NUMBERS),
    ("fax", "fax_info", FAXES),
)
# What Telnyx adds to an object, which no task sets, so no declaration names (the simulator's
# READ_ONLY_FIELDS, SERVER_FIELDS, RESPONSE_ONLY and PUBLIC_FIELDS hold the same). The name
# field is an option, not a field, for a resource whose objects are not created (numbers).
SERVER_FIELDS = {
    "fax application": {"id", "record_type", "created_at", "updated_at"},
    "outbound voice profile": {"id", "record_type", "connections_count", "created_at", "updated_at"},
    "phone number": {
        "id",
        "record_type",
        "phone_number",
        "status",
        "phone_number_type",
        "connection_name",
        "updated_at",
    },
    "fax": {
        "id",
        "record_type",
        "direction",
        "status",
        "failure_reason",
        "stored_media_url",
        "page_count",
        "partial_content",
        "created_at",
        "updated_at",
    },
}
# Declared fields Telnyx takes but never returns, besides the write-only ones (Field.write_only):
# a fax's rendering options shape the send only.
NOT_RETURNED = {
    "fax": {"monochrome", "black_threshold", "store_preview", "preview_format", "t38_enabled"},
}
# The bulk module's list items and the single module whose options they take.
BULK_ITEMS = (("applications", "fax_application"), ("outbound_voice_profiles", "outbound_voice_profile"))
# Paragraphs of a single module's option that a list item replaces with its own, because in a
# list the rule is another one; every other paragraph must be in the item's description.
LIST_RULES = {
    # A declared list finds a profile among O(outbound_voice_profiles) first, then the account.
    ("fax_application", "outbound.outbound_voice_profile_name"): (
        "The outbound voice profile to use, by its exact name",
    ),
    # A list unassigns only numbers no declared application lists, and also by
    # unassign_unlisted_phone_numbers.
    ("fax_application", "unassign_phone_numbers"): ("With O(state=absent), unassign", "Without it, Telnyx refuses"),
}


def source(module):
    return importlib.import_module("%s.modules.%s" % (PACKAGE, module))


class FragmentLoader:
    """The part of ansible-core's fragment_loader that add_fragments uses, over this checkout."""

    def get(self, name):
        if name.startswith("ansible.builtin."):
            # ansible-core's own fragments (files: the file options of add_file_common_args).
            return fragment_loader.get(name[len("ansible.builtin.") :])
        short = name[len("telnyx.fax.") :]
        if not name.startswith("telnyx.fax.") or "." in short:
            return None
        try:
            fragment = importlib.import_module("%s.doc_fragments.%s" % (PACKAGE, short)).ModuleDocFragment
        except ImportError:
            return None
        found = types.SimpleNamespace(**dict((key, value) for key, value in vars(fragment).items() if key.isupper()))
        found.ansible_name = name
        return found


def documentation(module):
    doc = yaml.safe_load(source(module).DOCUMENTATION)
    add_fragments(doc, source(module).__file__, fragment_loader=FragmentLoader(), is_module=True)
    return doc


def returns(module):
    return yaml.safe_load(source(module).RETURN)


class Captured(Exception):
    pass


def argument_spec(module, monkeypatch):
    """The argument spec the module's main() hands to AnsibleModule, connection options included."""

    def capture(self, argument_spec, **kwargs):
        if kwargs.get("add_file_common_args"):
            # AnsibleModule adds these itself, as the ansible.builtin.files fragment documents them.
            argument_spec = dict(argument_spec, **basic.FILE_COMMON_ARGUMENTS)
        raise Captured(argument_spec)

    monkeypatch.setattr(basic.AnsibleModule, "__init__", capture)
    with pytest.raises(Captured) as captured:
        source(module).main()
    return captured.value.args[0]


def option_problems(documented, spec, where=""):
    """How the documented options differ from an argument spec, one sentence each."""
    problems = []
    for name in sorted(set(spec) - set(documented)):
        problems.append("option %s%s is in the argument spec but not documented" % (where, name))
    for name in sorted(set(documented) - set(spec)):
        problems.append("option %s%s is documented but not in the argument spec" % (where, name))
    for name in sorted(set(spec) & set(documented)):
        doc, arg, label = documented[name], spec[name], where + name
        for key, unset in (("type", "str"), ("elements", None), ("required", False), ("default", None)):
            if doc.get(key, unset) != arg.get(key, unset):
                problems.append(
                    "option %s: %s is %r in the docs, %r in the argument spec"
                    % (label, key, doc.get(key, unset), arg.get(key, unset))
                )
        if list(doc.get("choices") or []) != list(arg.get("choices") or []):
            problems.append(
                "option %s: choices are %r in the docs, %r in the argument spec"
                % (label, doc.get("choices"), arg.get("choices"))
            )
        problems.extend(option_problems(doc.get("suboptions") or {}, arg.get("options") or {}, label + "."))
    return problems


@pytest.mark.parametrize("module", MODULES)
def test_documented_options_are_the_argument_spec(module, monkeypatch):
    problems = option_problems(documentation(module).get("options", {}), argument_spec(module, monkeypatch))
    assert not problems, "\n".join(problems)


def field_problems(contains, fields, where, server=()):
    """How a RETURN object's keys differ from the fields the declaration says Telnyx returns."""
    returned = dict((name, field) for name, field in fields.items() if not field.write_only)
    problems = []
    for name in sorted(set(returned) - set(contains)):
        problems.append("%s%s is a declared field but not documented" % (where, name))
    for name in sorted(set(contains) - set(returned) - set(server)):
        problems.append("%s%s is documented but neither a declared field nor one Telnyx adds" % (where, name))
    for name in sorted(set(returned) & set(contains)):
        if returned[name].suboptions:
            problems.extend(
                field_problems(contains[name].get("contains") or {}, returned[name].suboptions, where + name + ".")
            )
    return problems


@pytest.mark.parametrize("state_module, info_module, resource", RESOURCES, ids=[row[0] for row in RESOURCES])
def test_returned_objects_are_the_declared_fields(state_module, info_module, resource):
    fields = dict(
        (name, field) for name, field in resource.fields.items() if name not in NOT_RETURNED.get(resource.singular, ())
    )
    server = SERVER_FIELDS[resource.singular]
    one = returns(state_module)[resource.result_key]["contains"]
    listed = returns(info_module)[resource.list_key]["contains"]
    problems = field_problems(one, fields, "%s: RV(%s)." % (state_module, resource.result_key), server)
    assert not problems, "\n".join(problems)
    # One object, one documentation: the info module's entries are the state module's object.
    assert listed == one, "%s documents RV(%s) other than %s's RV(%s)" % (
        info_module,
        resource.list_key,
        state_module,
        resource.result_key,
    )


def without_samples(doc):
    if isinstance(doc, dict):
        return dict((key, without_samples(value)) for key, value in doc.items() if key not in ("sample", "returned"))
    return doc


@pytest.mark.parametrize("module", MODULES)
def test_failure_is_documented_alike(module):
    """Every module returns TelnyxError's failure dict; only where it happens and the samples differ."""
    expected = without_samples(returns("fax_application")["failure"])
    assert without_samples(returns(module)["failure"]) == expected, "%s's RV(failure) is not fax_application's" % module


def paragraphs(description, prefix):
    """The paragraphs of a description, whitespace collapsed, O(prefix[].x) written O(x)."""
    if isinstance(description, str):
        description = [description]
    return [re.sub(r"\s+", " ", text).strip().replace("O(%s[]." % prefix, "O(") for text in description]


def flattened(options, where=""):
    for name, option in options.items():
        yield where + name, option
        yield from flattened(option.get("suboptions") or {}, where + name + ".")


@pytest.mark.parametrize("items, module", BULK_ITEMS)
def test_bulk_items_say_what_the_single_module_says(items, module):
    single = dict(flattened(documentation(module)["options"]))
    listed = dict(flattened(documentation("fax_application_bulk")["options"][items]["suboptions"]))
    problems = []
    for name in sorted(set(single) & set(listed)):
        replaced = LIST_RULES.get((module, name), ())
        said = paragraphs(listed[name]["description"], items)
        for text in paragraphs(single[name]["description"], module):
            if not text.startswith(replaced) and text not in said:
                problems.append("O(%s[].%s) lacks %s's paragraph %r" % (items, name, module, text))
    assert not problems, "\n".join(problems)
