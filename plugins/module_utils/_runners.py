# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two kinds of resource module, for any declared resource: one object's state, and info.

A module of the collection is its documentation and a main() that hands its Resource to
run_state_module() or run_info_module().

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils import _planner as planner
from ansible_collections.telnyx.fax.plugins.module_utils._api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils._planner import Account, References
from ansible_collections.telnyx.fax.plugins.module_utils._service import PartialCreate, Service


def write_only_names(resource):
    return [name for name, field in resource.fields.items() if field.write_only]


def state_argument_spec(resource):
    """The options of a resource's state module: its fields, id, state, update_<write-only>."""
    spec = model.argument_spec(resource.fields)
    spec["id"] = dict(type="str")
    spec.setdefault(resource.name_field, dict(type="str"))
    if resource.creatable or resource.deletable:
        spec["state"] = dict(type="str", choices=["present", "absent"], default="present")
    if resource.dependents and resource.dependents.release_option:
        spec[resource.dependents.release_option] = dict(type="bool", default=False)
    for name in write_only_names(resource):
        spec["update_%s" % name] = dict(type="str", choices=["always", "on_create"], default="on_create")
    return spec


def run_state_module(resource):
    """Make one object of resource exist as the task says (or not exist), and exit."""
    module = TelnyxModule(
        argument_spec=state_argument_spec(resource),
        resources={None: resource},
        blank_is_unset=("id", resource.name_field),
        required_one_of=[("id", resource.name_field)],
        supports_check_mode=True,
    )
    StateTask(resource, module).run()


class StateTask:
    """One run of a state module: the planner's declared list of one, then a write or a prediction."""

    def __init__(self, resource, module):
        self.resource = resource
        self.module = module
        self.service = Service(resource, module.client)
        self.account = Account(module.client)
        self.references = References(self.account, module.check_mode, module.warn)

    def run(self):
        module, resource = self.module, self.resource
        items, problems = planner.declare(
            resource, [module.params], [module.given], module.check_mode, warn=module.warn
        )
        if problems:
            module.fail_json(msg=planner.message(planner.NOTHING_SENT, problems))
        item = items[0]
        try:
            self.plan(item)
            outcome = item.plan.predicted if module.check_mode else self.write(item)
        except PlanError as error:
            module.fail_json(msg=planner.message(planner.NOTHING_CHANGED, [str(error)]))
        except PartialCreate as error:
            module.fail_from(error, **{resource.result_key: error.created})
        except TelnyxError as error:
            module.fail_from(error)

        for note in item.notes:
            module.warn(note)
        if not module.check_mode and item.plan.action in ("create", "update"):
            self._warn_when_telnyx_kept_something_else(item.wanted, outcome)
        result = {"changed": item.plan.changed, resource.result_key: outcome}
        if module._diff:
            result["diff"] = item.plan.diff
        module.exit_json(**result)

    def plan(self, item):
        """Decide what the one item needs, by the rules a declared list follows; raise PlanError."""
        view = self.account.view(self.resource)
        checked = self.module.check_mode
        for step in (
            lambda: self.references.resolve(item),
            lambda: planner.identify([item], view),
            lambda: planner.plan([item], view),
            lambda: self._dependents(item),
            lambda: self.references.check(item) if checked and item.plan.changed else [],
        ):
            problems = step()
            if problems:
                raise PlanError(planner.message("", problems))
        if checked and item.plan.changed:
            self.references.predict_mirrors(item)

    def _dependents(self, item):
        if not planner.deletes([item]):
            return []
        option = self.resource.dependents.release_option
        release = bool(option and self.module.params.get(option))
        problem = planner.release_or_refuse(item, planner.still_pointing(item, self.account), release)
        return [problem] if problem else []

    def write(self, item):
        item.outcome = self.service.apply(item.plan)
        planner.record_mirrors(item, item.outcome)
        if item.plan.action == "create":
            planner.settle_create(self.service, item, self.service.named)
        return item.outcome

    def _warn_when_telnyx_kept_something_else(self, wanted, outcome):
        comparable = dict((name, value) for name, value in wanted.items() if not self.resource.fields[name].write_only)
        kept = model.differences(self.resource.fields, comparable, outcome or {})
        if kept:
            self.module.warn(
                "Telnyx answered the write with values other than those sent for %s; the next run will "
                "report a change again. Compare the returned %s with the task."
                % (", ".join(sorted(kept)), self.resource.result_key)
            )


def sorted_by(objects, sort):
    """objects in the order a Telnyx sort parameter names: a field, descending with "-", ids last.

    Missing values sort after present ones, as Telnyx lists numbers without a connection last.
    """
    if not sort:
        return objects
    field = sort.lstrip("-")

    def key(obj):
        value = obj.get(field)
        return (value is None, value if value is not None else "", str(obj.get("id")))

    present = [obj for obj in objects if obj.get(field) is not None]
    missing = [obj for obj in objects if obj.get(field) is None]
    descending = sort.startswith("-")
    return sorted(present, key=key, reverse=descending) + sorted(missing, key=key, reverse=descending)


def info_argument_spec(resource, filters, sorts):
    spec = dict(id=dict(type="str"))
    if resource.name_field:
        spec[resource.name_field] = dict(type="str")
    for name, list_filter in filters.items():
        spec[name] = list_filter.option_spec()
    if sorts:
        spec["sort"] = dict(type="str", choices=list(sorts))
    return spec


def run_info_module(resource, filters, sorts=()):
    """List the objects of resource that pass every filter given, reading every page, and exit."""
    spec = info_argument_spec(resource, filters, sorts)
    # "" is "not given" for every text filter; a range's bounds say so themselves. Not for id: a
    # filter left empty lists more, while an id rendered empty would list every object in place
    # of one, for the tasks after it to download or delete.
    blank_is_unset = tuple(name for name, option in spec.items() if option["type"] == "str" and name != "id")
    module = TelnyxModule(argument_spec=spec, blank_is_unset=blank_is_unset, supports_check_mode=True)
    problems = empty_id_problems(resource, module)
    problems += info_input_problems(resource, filters, module.params)
    if problems:
        module.fail_json(msg=planner.message(planner.NOTHING_SENT, problems))

    service = Service(resource, module.client)
    try:
        found = list_matching(service, module.params, filters)
    except PlanError as error:
        module.fail_json(msg=str(error))
    except TelnyxError as error:
        module.fail_from(error)
    module.exit_json(changed=False, **{resource.list_key: found})


def empty_id_problems(resource, module):
    """An id given empty (null, or a template that rendered nothing) and no name: refuse it.

    Beside a name, an empty id is the state modules' "no id" (one playbook means the same on
    ansible-core 2.18, which renders default(None) as "", and later). Alone it would list every
    object in place of one.
    """
    value = module.params.get("id")
    if "id" not in module.given or (value or "").strip():
        return []
    module.params["id"] = None
    if resource.name_field and module.params.get(resource.name_field):
        return []
    return [
        "id is empty (%r): give the id of the %s to read, or leave id out (default(omit), not default(None)) "
        "to list every %s" % (value, resource.singular, resource.singular)
    ]


def info_input_problems(resource, filters, params):
    """Normalise an info module's options in params; return why any cannot be sent."""
    problems = planner.id_problems(resource, params["id"], check_mode=False)
    if resource.name_field:
        params[resource.name_field] = resource.normalize_name(params[resource.name_field])
        if params[resource.name_field] is not None and resource.name_problem(params[resource.name_field]):
            problems.append(resource.name_problem(params[resource.name_field]))
    for name, list_filter in filters.items():
        params[name] = list_filter.normalize(params[name])
        if list_filter.id_of and params[name] is not None:
            id_resource, name_option = list_filter.id_of
            problem = id_resource.id_problem(params[name], name_option)
            if problem:
                problems.append("%s: %s" % (name, problem))
        if list_filter.too_short(params[name]):
            problems.append(
                "%s needs at least %d characters (Telnyx refuses shorter filters), got %r"
                % (name, list_filter.min_length, params[name])
            )
        problems.extend(list_filter.problems(name, params[name]))
    return problems


def list_matching(service, params, filters):
    """The objects passing every filter given: one GET by id, else one consistent listing."""
    resource = service.resource
    wanted = {}
    for name, list_filter in filters.items():
        value = params[name]
        if value is None:
            continue
        if list_filter.reference:
            matches = Service(list_filter.reference.resource, service.client).named(value)
            if len(matches) != 1:
                # Nothing is named so (or the name is ambiguous): no object can be assigned to it.
                if len(matches) > 1:
                    raise PlanError(
                        "%d %s are named %r (ids %s); filter by id instead."
                        % (
                            len(matches),
                            list_filter.reference.resource.plural,
                            value,
                            ", ".join(sorted(obj.get("id") for obj in matches)),
                        )
                    )
                return []
            value = matches[0].get("id")
        wanted[name] = value

    if params["id"]:
        found = service.get(params["id"])
        candidates = [found] if found else []
    else:
        query = {}
        name = params.get(resource.name_field) if resource.name_field else None
        if name is not None:
            query.update(service.name_query(name))
        for option, value in wanted.items():
            for parameter, sent in filters[option].query(value).items():
                query.setdefault(parameter, sent)
        # The listing is read in Telnyx's default order, newest first, and sorted here. A listing
        # read while the account changes is only checked reliably in that order: a new object
        # lands on page 1 and shifts every later page, which the check sees, while under another
        # order a create and a delete on different pages can cancel out and hide a skip.
        candidates = sorted_by(service.list(query), params.get("sort"))
    name = params.get(resource.name_field) if resource.name_field else None

    def passes(obj):
        if name is not None and obj.get(resource.name_field) != name:
            return False
        return all(filters[option].matches(obj, value) for option, value in wanted.items())

    return [obj for obj in candidates if passes(obj)]
