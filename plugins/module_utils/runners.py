# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two kinds of resource module, for any declared resource: one object's state, and info.

A module of the collection is its documentation and a main() that hands its Resource to
run_state_module() or run_info_module().

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import fields as model
from ansible_collections.telnyx.fax.plugins.module_utils.api import TelnyxError
from ansible_collections.telnyx.fax.plugins.module_utils.fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils.module import TelnyxModule
from ansible_collections.telnyx.fax.plugins.module_utils.resource import (
    PartialCreate,
    Service,
    plan_absent,
    plan_pending,
    plan_present,
)


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


def id_problems(resource, object_id, check_mode):
    """Problems with an id option, before it can reach a URL."""
    if object_id is None:
        return []
    if model.is_placeholder(object_id):
        if check_mode:
            return []
        return [
            "id is %r, the placeholder check mode gives %s it would create; a real run needs the real id"
            % (object_id, resource.a_singular)
        ]
    problem = resource.id_problem(object_id)
    return ["id: %s" % problem] if problem else []


def run_state_module(resource):
    """Make one object of resource exist as the task says (or not exist), and exit."""
    module = TelnyxModule(
        argument_spec=state_argument_spec(resource),
        resource_fields={None: resource.fields},
        blank_is_unset=("id", resource.name_field),
        required_one_of=[("id", resource.name_field)],
        supports_check_mode=True,
    )
    StateTask(resource, module).run()


class StateTask:
    """One run of a state module: validate, find, plan, then write or predict."""

    def __init__(self, resource, module):
        self.resource = resource
        self.module = module
        self.params = module.params
        self.params[resource.name_field] = resource.normalize_name(self.params.get(resource.name_field))
        self.service = Service(resource, module.client)
        # id -> name, for the references the task gave by name
        self.resolved_names = {}
        # (path, id) -> the object (or None), for the references check mode reads
        self.referenced = {}

    def run(self):
        module, resource = self.module, self.resource
        wanted = model.requested(resource.fields, self.params, module.given)
        problems = model.validate(resource.fields, wanted, check_mode=module.check_mode)
        list(map(module.warn, resource.inert_warnings(self.params)))
        problems.extend(id_problems(resource, self.params["id"], module.check_mode))
        name = self.params.get(resource.name_field)
        if name is not None and resource.name_field not in resource.fields and resource.name_problem(name):
            problems.append(resource.name_problem(name))
        if problems:
            module.fail_json(msg="Nothing was sent to Telnyx: %s." % "; ".join(problems))
        try:
            wanted = model.resolve_references(resource.fields, wanted, self._resolve)
            plan = self.plan(wanted)
            if module.check_mode and plan.changed:
                self._check_references(resource.fields, wanted)
                self._predict_mirrors(plan)
            outcome = plan.predicted if module.check_mode else self.service.apply(plan)
        except PlanError as error:
            module.fail_json(msg=str(error))
        except PartialCreate as error:
            module.fail_from(error, **{resource.result_key: error.created})
        except TelnyxError as error:
            module.fail_from(error)

        if not module.check_mode and plan.action in ("create", "update"):
            self._warn_when_telnyx_kept_something_else(wanted, outcome)
        result = {"changed": plan.changed, resource.result_key: outcome}
        if module._diff:
            result["diff"] = plan.diff
        module.exit_json(**result)

    def _resolve(self, reference, name):
        object_id = self.service.resolve_name(reference, name, self.module.check_mode, self.module.warn)
        self.resolved_names[object_id] = name
        return object_id

    def _referenced(self, reference, object_id):
        """The object a reference names, read once per task."""
        key = (reference.resource.path, object_id)
        if key not in self.referenced:
            self.referenced[key] = Service(reference.resource, self.module.client).get(object_id)
        return self.referenced[key]

    def _check_references(self, fields, wanted, prefix=""):
        """In check mode, an id given for another object must name one, as the real write needs.

        A real run learns it from Telnyx's refusal; check mode would otherwise report a change
        the real run then fails to make.
        """
        for name, value in wanted.items():
            field = fields.get(name)
            if field is None:
                continue
            if field.suboptions and isinstance(value, dict):
                self._check_references(field.suboptions, value, prefix + name + ".")
            elif field.reference and value and not model.is_placeholder(value) and value not in self.resolved_names:
                if self._referenced(field.reference, value) is None:
                    raise PlanError(
                        "%s%s %s names no %s; nothing was changed."
                        % (prefix, name, value, field.reference.resource.singular)
                    )

    def _predict_mirrors(self, plan):
        """Check mode's prediction of the fields Telnyx derives from a reference (connection_name)."""
        for name, field in self.resource.fields.items():
            reference = field.reference
            if not (reference and reference.mirror_field and name in plan.changed_fields):
                continue
            object_id = plan.predicted.get(name)
            if object_id is None:
                mirrored = None
            elif object_id in self.resolved_names:
                mirrored = self.resolved_names[object_id]
            elif model.is_placeholder(object_id):
                mirrored = model.placeholder_name(object_id, reference.resource.singular)
            else:
                mirrored = (self._referenced(reference, object_id) or {}).get(reference.resource.name_field)
            plan.predicted[reference.mirror_field] = mirrored

    def plan(self, wanted):
        resource, params = self.resource, self.params
        object_id = params["id"]
        state = params.get("state") or "present"
        if model.is_placeholder(object_id):
            return plan_pending(resource, wanted, object_id, state)
        current = self.service.find(object_id, params.get(resource.name_field))
        self._refuse_an_id_that_names_another_object(current, state)
        if state == "absent":
            plan = plan_absent(resource, wanted, current)
            if plan.action == "delete" and resource.dependents:
                self._plan_dependents(plan, current)
            return plan
        if current is None and object_id:
            raise PlanError(
                "No %s has id %s. With state=present an unknown id is an error, not a request to create: "
                "leave id out to create by %s." % (resource.singular, object_id, resource.name_field)
                if resource.creatable
                else "No %s has id %s in this account." % (resource.singular, object_id)
            )
        if current is None and not resource.creatable:
            raise PlanError(
                "This account has no %s %s. The collection manages the %s an account already has; it never "
                "buys one." % (resource.singular, params.get(resource.name_field), resource.plural)
            )
        send_write_only = any(params.get("update_%s" % name) == "always" for name in write_only_names(resource))
        plan = plan_present(resource, wanted, current, send_write_only)
        if plan.action == "update" and resource.name_field in plan.changed_fields:
            self._refuse_a_taken_name(current, wanted[resource.name_field])
        return plan

    def _refuse_an_id_that_names_another_object(self, current, state):
        """id and a name that disagree: a typo in one of them, unless the task renames.

        With state=present and a name Telnyx lets change, id plus a new name is a rename. A
        delete, or a name that cannot change (a phone number), must name the same object twice.
        """
        resource, params = self.resource, self.params
        name = params.get(resource.name_field)
        if current is None or not params["id"] or name is None or current.get(resource.name_field) == name:
            return
        if state == "absent" or resource.name_field not in resource.fields:
            raise PlanError(
                "id %s is %s, not %s %r; nothing was changed. Give the id alone, the %s alone, or both of the "
                "same %s."
                % (
                    params["id"],
                    resource.describe(current),
                    resource.singular,
                    name,
                    resource.name_field,
                    resource.singular,
                )
            )

    def _plan_dependents(self, plan, current):
        """Objects pointing at the one to delete: released first when the task says so.

        A real run without the release option leaves the refusal to Telnyx (its answer then
        names them); check mode reads them, so that it fails where the real run would.
        """
        dependents = self.resource.dependents
        release = bool(dependents.release_option and self.params.get(dependents.release_option))
        if not (release or self.module.check_mode):
            return
        found = dependents.of(self.module.client, current.get("id"))
        if found and not release:
            raise PlanError("%s cannot be deleted: %s" % (self.resource.describe(current), dependents.message(found)))
        plan.release = found
        if found:
            plan.before[dependents.plural.replace(" ", "_")] = dependents.labels(found)

    def _refuse_a_taken_name(self, current, new_name):
        """A rename onto a name another object has would make the name ambiguous."""
        others = [obj for obj in self.service.named(new_name) if obj.get("id") != current.get("id")]
        if others:
            raise PlanError(
                "Renaming %s to %r would give two %s one name: %s already has it. Rename or delete that one "
                "first; nothing was changed."
                % (
                    self.resource.describe(current),
                    new_name,
                    self.resource.plural,
                    ", ".join(self.resource.describe(obj) for obj in others),
                )
            )

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
    spec[resource.name_field] = dict(type="str")
    for name, list_filter in filters.items():
        spec[name] = dict(type="str")
        if list_filter.choices:
            spec[name]["choices"] = list(list_filter.choices)
    if sorts:
        spec["sort"] = dict(type="str", choices=list(sorts))
    return spec


def run_info_module(resource, filters, sorts=()):
    """List the objects of resource that pass every filter given, reading every page, and exit."""
    spec = info_argument_spec(resource, filters, sorts)
    module = TelnyxModule(argument_spec=spec, blank_is_unset=tuple(spec), supports_check_mode=True)
    params = module.params
    params[resource.name_field] = resource.normalize_name(params[resource.name_field])
    problems = id_problems(resource, params["id"], check_mode=False)
    if params[resource.name_field] is not None and resource.name_problem(params[resource.name_field]):
        problems.append(resource.name_problem(params[resource.name_field]))
    for name, list_filter in filters.items():
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
    if problems:
        module.fail_json(msg="Nothing was sent to Telnyx: %s." % "; ".join(problems))

    service = Service(resource, module.client)
    try:
        found = list_matching(service, params, filters)
    except PlanError as error:
        module.fail_json(msg=str(error))
    except TelnyxError as error:
        module.fail_from(error)
    module.exit_json(changed=False, **{resource.list_key: found})


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
        name = params[resource.name_field]
        if name is not None:
            query.update(service.name_query(name))
        for option, value in wanted.items():
            list_filter = filters[option]
            if list_filter.parameter and list_filter.parameter not in query:
                query[list_filter.parameter] = list_filter.to_parameter(value)
        # The listing is read in Telnyx's default order, newest first, and sorted here. A listing
        # read while the account changes is only checked reliably in that order: a new object
        # lands on page 1 and shifts every later page, which the check sees, while under another
        # order a create and a delete on different pages can cancel out and hide a skip.
        candidates = sorted_by(service.list(query), params.get("sort"))
    name = params[resource.name_field]

    def passes(obj):
        if name is not None and obj.get(resource.name_field) != name:
            return False
        return all(filters[option].matches(obj, value) for option, value in wanted.items())

    return [obj for obj in candidates if passes(obj)]
