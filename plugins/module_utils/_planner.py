# -*- coding: utf-8 -*-
# Copyright: telnyx.fax contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One rule set for what a task declares, whether one object or a list of them.

A state module's task is a declared list of one; fax_application_bulk declares longer lists.
Both are decided here, by the same functions and in the same words: which object an item
means (id, name or both), what an unknown id or a repeated name means, renames onto a taken
name, names and ids of other resources, the objects that keep one from being deleted, and
the prediction of what Telnyx will hold. What differs is only how the account is read: a
list reads each resource once, whole (Listing); one object reads what it needs (Reader).

This module_utils file is private to the telnyx.fax collection; it may change at any time.
"""

from __future__ import annotations

from ansible_collections.telnyx.fax.plugins.module_utils import _fields as model
from ansible_collections.telnyx.fax.plugins.module_utils._fields import PlanError
from ansible_collections.telnyx.fax.plugins.module_utils._plans import plan_absent, plan_pending, plan_present
from ansible_collections.telnyx.fax.plugins.module_utils._service import Service

OUTCOMES = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


# How a failure says what it left alone: before any request, or after reads but before any write.
NOTHING_SENT = "Nothing was sent to Telnyx: "
NOTHING_CHANGED = "Nothing was changed: "


def message(prefix, problems):
    """One message from problems: each is a clause, so a full stop inside one is not doubled."""
    return "%s%s." % (prefix, "; ".join(problem.rstrip(". ") for problem in problems))


def identity_of(resource, params):
    """("id", value) or (name field, value): what a declared item is matched by."""
    if params.get("id"):
        return ("id", params["id"])
    return (resource.name_field, params.get(resource.name_field))


def item_label(location, index, identity):
    """applications[3] (billing-eu): where in a declared list an item is, and which one it is."""
    return "%s[%d] (%s)" % (location, index, identity)


class Item:
    """One declared object (or one a purge deletes) and what happens to it.

    location and index place it in a list option ("applications", 0); a state module's one
    object has no location, and its messages no label.
    """

    def __init__(self, resource, params, wanted, location=None, index=None):
        self.resource = resource
        self.params = params
        self.wanted = wanted
        self.location = location
        self.index = index
        self.current = None
        self.plan = None
        self.outcome = None
        self.error = None
        self.purged = False
        # Notes for the task's warnings (a concurrent run's duplicate removed).
        self.notes = []

    @property
    def present(self):
        return (self.params.get("state") or "present") == "present"

    @property
    def identity(self):
        """("id", value) or (name field, value): what the item is matched by."""
        return identity_of(self.resource, self.params)

    @property
    def name(self):
        """The name the object has after the run."""
        name_field = self.resource.name_field
        return self.wanted.get(name_field) or self.params.get(name_field) or (self.current or {}).get(name_field)

    @property
    def label(self):
        if self.purged:
            return "purged %s" % self.resource.describe(self.current)
        if self.location is None:
            return None
        return item_label(self.location, self.index, self.identity[1])

    def problem(self, text):
        return text if self.label is None else "%s: %s" % (self.label, text)

    @property
    def send_write_only(self):
        return any(
            self.params.get("update_%s" % name) == "always"
            for name, field in self.resource.fields.items()
            if field.write_only
        )

    def summary(self):
        obj = self.outcome or (self.plan.predicted if self.plan else None) or self.current or {}
        name_field = self.resource.name_field
        entry = {
            name_field: obj.get(name_field) or self.params.get(name_field),
            "id": obj.get("id") or self.params.get("id"),
            "state": "absent" if self.purged else (self.params.get("state") or "present"),
            "action": "failed" if self.error else OUTCOMES[self.plan.action if self.plan else "none"],
            "changed_fields": sorted(self.plan.changed_fields) if self.plan and self.plan.action == "update" else [],
        }
        if self.error:
            entry["error"] = self.error
        return entry


# --- what the planner reads -------------------------------------------------------------------


class Listing:
    """A resource read once, whole: every question is answered from memory."""

    def __init__(self, resource, objects):
        self.resource = resource
        self.objects = objects
        self._by_id = dict((obj.get("id"), obj) for obj in objects)
        self._by_name = {}
        for obj in objects:
            self._by_name.setdefault(obj.get(resource.name_field), []).append(obj)

    def get(self, object_id):
        return self._by_id.get(object_id)

    def named(self, name):
        return list(self._by_name.get(name, []))

    def pointing_at(self, dependents, object_id):
        return [obj for obj in self.objects if dependents.points_at(obj) == object_id]


class Reader:
    """A resource read on demand, each question once: what one object's task needs."""

    def __init__(self, service):
        self.resource = service.resource
        self.service = service
        self._gets = {}
        self._names = {}

    def get(self, object_id):
        if object_id not in self._gets:
            self._gets[object_id] = self.service.get(object_id)
        return self._gets[object_id]

    def named(self, name):
        if name not in self._names:
            self._names[name] = self.service.named(name)
        return list(self._names[name])


class Account:
    """The views a plan reads: a Listing where a resource was read whole, else a Reader."""

    def __init__(self, client):
        self.client = client
        self._views = {}

    def read_whole(self, resource, objects=None):
        if objects is None:
            objects = Service(resource, self.client).list()
        self._views[resource.path] = Listing(resource, objects)
        return self._views[resource.path]

    def has_listing(self, resource):
        return isinstance(self._views.get(resource.path), Listing)

    def view(self, resource):
        if resource.path not in self._views:
            self._views[resource.path] = Reader(Service(resource, self.client))
        return self._views[resource.path]

    def pointing_at(self, dependents, object_id):
        """The objects of another resource that point at object_id (an application's numbers)."""
        view = self._views.get(dependents.path)
        if isinstance(view, Listing):
            return view.pointing_at(dependents, object_id)
        return dependents.of(self.client, object_id)


# --- input, before any request ----------------------------------------------------------------


def declare(resource, params_list, given_list, check_mode, location=None, warn=None):
    """Items from a task's list (or its one object), and every problem in them.

    warn receives what an item gives that does nothing as it stands (Resource.inert_warnings).
    """
    items, problems, seen = [], [], {}
    for index, params in enumerate(params_list):
        given = given_list[index] if index < len(given_list) and isinstance(given_list[index], dict) else {}
        # "+1 312 555 0100" is the number +13125550100, for matching as for checking.
        params[resource.name_field] = resource.normalize_name(params.get(resource.name_field))
        item = Item(resource, params, model.requested(resource.fields, params, given), location, index)
        items.append(item)
        for text in resource.inert_warnings(params) if warn else ():
            warn(item.problem(text))
        problems.extend(item.problem(problem) for problem in input_problems(item, check_mode))
        kind, value = item.identity
        if not value:
            problems.append(item.problem("give id or %s" % resource.name_field))
        elif (kind, value) in seen:
            problems.append(item.problem("declares the same %s as %s" % (kind, seen[(kind, value)].label)))
        else:
            seen[(kind, value)] = item
    return items, problems


def input_problems(item, check_mode):
    resource = item.resource
    problems = model.validate(resource.fields, item.wanted, check_mode=check_mode)
    problems.extend(id_problems(resource, item.params.get("id"), check_mode))
    name = item.params.get(resource.name_field)
    if name is not None and resource.name_field not in resource.fields and resource.name_problem(name):
        problems.append(resource.name_problem(name))
    return problems


def id_problems(resource, object_id, check_mode):
    """Problems with an id option, before it can reach a URL."""
    if object_id is None:
        return []
    if model.is_placeholder(object_id):
        problem = model.placeholder_problem("id", object_id, resource, check_mode)
        return [problem] if problem else []
    problem = resource.id_problem(object_id)
    return ["id: %s" % problem] if problem else []


# --- which object each item means -------------------------------------------------------------


def identify(items, view):
    """Find each item's current object in view; return the problems (nothing is written yet).

    Items given by id go first: an object an item deletes by id is no candidate for another
    item's name, so a duplicate can be deleted by id beside the one kept by name, in one run.
    """
    found = dict((id(item), []) for item in items)
    leaving = set()
    for item in items:
        if item.identity[0] == "id":
            found[id(item)] = _find_by_id(item, view)
            if item.current is not None and not item.present:
                leaving.add(item.current.get("id"))
    for item in items:
        if item.identity[0] != "id":
            found[id(item)] = _find_by_name(item, view, leaving)
    # Told in the order the task declares them, whichever was looked at first.
    problems = [item.problem(problem) for item in items for problem in found[id(item)]]
    return problems + _claimed_twice(items)


def _find_by_id(item, view):
    resource, object_id = item.resource, item.params["id"]
    if model.is_placeholder(object_id):
        return []  # an object an earlier check-mode task would create: plan_pending
    item.current = view.get(object_id)
    if item.current is None:
        if not item.present:
            return []
        if resource.creatable:
            return [
                "No %s has id %s. With state=present an unknown id is an error, not a request to create: leave "
                "id out to create by %s" % (resource.singular, object_id, resource.name_field)
            ]
        return ["No %s has id %s in this account" % (resource.singular, object_id)]
    name = item.params.get(resource.name_field)
    renames = item.present and resource.name_field in resource.fields
    if name is None or item.current.get(resource.name_field) == name or renames:
        return []
    # id and a name that disagree: a typo in one of them. Only a rename may give both.
    return [
        "id %s is %s, not %s %r. Give the id alone, the %s alone, or both of the same %s"
        % (object_id, resource.describe(item.current), resource.singular, name, resource.name_field, resource.singular)
    ]


def _find_by_name(item, view, leaving):
    resource, name = item.resource, item.identity[1]
    matches = [obj for obj in view.named(name) if obj.get("id") not in leaving]
    if len(matches) > 1:
        return [
            "%d %s are named %r (ids %s); give id to say which one to manage"
            % (len(matches), resource.plural, name, ", ".join(sorted(str(obj.get("id")) for obj in matches)))
        ]
    item.current = matches[0] if matches else None
    if item.current is None and item.present and not resource.creatable:
        return [
            "This account has no %s %s. The collection manages the %s an account already has; it never buys one"
            % (resource.singular, name, resource.plural)
        ]
    return []


def _claimed_twice(items):
    problems, claimed = [], {}
    for item in items:
        if item.current is None:
            continue
        current_id = item.current.get("id")
        if current_id in claimed:
            problems.append(
                item.problem(
                    "is the same %s as %s (id %s), declared twice; each declares its own settings, so runs would "
                    "flip between them. Declare it once"
                    % (item.resource.singular, claimed[current_id].label, current_id)
                )
            )
        else:
            claimed[current_id] = item
    return problems


# --- what each item needs ---------------------------------------------------------------------


def with_marker(wanted, current, marker_tag):
    """wanted with the marker tag added; tags the item leaves out keep their current values."""
    marked = dict(wanted)
    tags = wanted["tags"] if "tags" in wanted else (current or {}).get("tags") or []
    marked["tags"] = list(tags) + ([marker_tag] if marker_tag not in tags else [])
    return marked


def plan(items, view, marker_tag=None):
    """Plan every identified item; return the problems. Renames onto a taken name are refused."""
    problems = []
    for item in items:
        try:
            item.plan = plan_one(item, marker_tag)
        except PlanError as error:
            problems.append(item.problem(str(error)))
    for item in items:
        problem = taken_name_problem(item, view, items)
        if problem:
            problems.append(item.problem(problem))
    return problems


def plan_one(item, marker_tag=None):
    resource = item.resource
    object_id = item.params.get("id")
    if model.is_placeholder(object_id):
        return plan_pending(resource, item.wanted, object_id, "present" if item.present else "absent")
    if not item.present:
        return plan_absent(resource, item.wanted, item.current)
    target = item.wanted
    if marker_tag and "tags" in resource.fields:
        target = with_marker(item.wanted, item.current, marker_tag)
        if item.current is not None and marker_tag not in (item.current.get("tags") or []):
            # Declaring an object someone else made takes it over; say so, since the marker makes
            # it this declaration's to purge once it is no longer listed.
            others = item.current.get("tags") or []
            item.notes.append(
                "%s did not carry the marker tag %r%s: this run adds it, so this declaration now owns it, and a "
                "purge with this marker deletes it once it is no longer listed.%s"
                % (
                    resource.describe(item.current),
                    marker_tag,
                    " (its tags: %s)" % ", ".join(others) if others else "",
                    " If one of its tags is another declaration's marker, that one's purge may delete it too."
                    if others
                    else "",
                )
            )
    planned = plan_present(resource, target, item.current, item.send_write_only)
    # What the plan was made from, for a plan made again against another object (settle_create).
    planned.target = target
    return planned


def taken_name_problem(item, view, items):
    """A rename onto a name another object has, or will have after this run, would make it ambiguous."""
    resource, name_field = item.resource, item.resource.name_field
    if not (item.plan and item.plan.action == "update" and name_field in item.plan.changed_fields):
        return None
    new_name = item.plan.predicted.get(name_field)
    others = [holder for holder, other in holders_after(view, new_name, items) if other is not item]
    if not others:
        return None
    return "Renaming %s to %r would give two %s one name: %s already %s it. Rename or delete that one first" % (
        resource.describe(item.current),
        new_name,
        resource.plural,
        ", ".join(others),
        "has" if len(others) == 1 else "have",
    )


def holders_after(view, name, items):
    """[(description, item or None)] of what holds name once the run has written."""
    resource = items[0].resource
    name_field = resource.name_field
    moving = dict(
        (item.current.get("id"), item)
        for item in items
        if item.current is not None and item.plan and item.plan.action in ("update", "delete")
    )
    holders = [(resource.describe(obj), None) for obj in view.named(name) if obj.get("id") not in moving]
    for item in items:
        if not item.plan or item.plan.predicted.get(name_field) != name:
            continue
        if item.plan.action == "update":
            holders.append((resource.describe(item.current), item))
        elif item.plan.action == "create":
            holders.append(("the one %s creates" % item.label, item))
    return holders


# --- other resources, by name or id ---------------------------------------------------------------


def choose_named(resource, name, matches, check_mode, warn, id_option=None):
    """The id of the one object in matches, by the rules every reference by name follows.

    id_option: the option that takes the id instead, for the hint when the name looks like one.
    """
    if len(matches) > 1:
        raise PlanError(
            "%d %s are named %r (ids %s); give %s instead of the name"
            % (
                len(matches),
                resource.plural,
                name,
                ", ".join(sorted(str(obj.get("id")) for obj in matches)),
                id_option or "the id",
            )
        )
    if matches:
        return matches[0].get("id")
    hint = resource.id_hint(name, id_option)
    if check_mode:
        warn(
            "No %s is named %r yet%s. Check mode assumes an earlier task creates it; a real run fails unless "
            "one exists by then." % (resource.singular, name, hint)
        )
        return resource.placeholder(name)
    if hint:
        raise PlanError("No %s is named %r%s." % (resource.singular, name, hint))
    raise PlanError("No %s is named %r; create it first, or give its id." % (resource.singular, name))


class References:
    """Names and ids of other resources as this run means them: what it declares, then the account.

    declared: the items of other resources this run converges (a bulk run's profiles), so that
    an application may name a profile the same run creates, and never one it deletes.
    """

    def __init__(self, account, check_mode, warn, declared=()):
        self.account = account
        self.check_mode = check_mode
        self.warn = warn
        self.declared = list(declared)
        # id (or placeholder) -> the name the task gave it by
        self.names = {}

    def resolve(self, item):
        """Replace item's naming options with the ids they name; return the problems."""
        try:
            item.wanted = model.resolve_references(item.resource.fields, item.wanted, self.id_of)
        except PlanError as error:
            return [item.problem(str(error))]
        return []

    def id_of(self, reference, name):
        """The id of the object of reference.resource that name means in this run."""
        object_id = self._declared_id(reference, name)
        if object_id is None:
            matches = self.account.view(reference.resource).named(name)
            object_id = choose_named(reference.resource, name, matches, self.check_mode, self.warn, reference.id_option)
        self.names[object_id] = name
        return object_id

    def _declared_id(self, reference, name):
        resource = reference.resource
        for item in self.declared:
            if item.resource is not resource:
                continue
            if name not in (item.params.get(resource.name_field), (item.current or {}).get(resource.name_field)):
                continue
            if not item.present:
                raise PlanError(
                    "%s %r names %s this run deletes (%s)"
                    % (reference.name_option, name, resource.a_singular, item.label)
                )
            return item.current.get("id") if item.current is not None else resource.placeholder(name)
        return None

    def check(self, item, fields=None, wanted=None, prefix=""):
        """Problems with the ids item gives for other objects: each must name one, as the write needs.

        A real run learns it from Telnyx's refusal; check mode would otherwise report a change the
        real run then fails to make.
        """
        fields = item.resource.fields if fields is None else fields
        wanted = item.wanted if wanted is None else wanted
        problems = []
        for name, value in wanted.items():
            field = fields.get(name)
            if field is None:
                continue
            if field.suboptions and isinstance(value, dict):
                problems.extend(self.check(item, field.suboptions, value, prefix + name + "."))
            elif field.reference and value and not model.is_placeholder(value) and value not in self.names:
                if self.account.view(field.reference.resource).get(value) is None:
                    problems.append(
                        item.problem("%s%s %s names no %s" % (prefix, name, value, field.reference.resource.singular))
                    )
        return problems

    def predict_mirrors(self, item):
        """The fields Telnyx derives from a reference (a number's connection_name), in the plan."""
        for name, reference in mirrored_references(item):
            object_id = item.plan.predicted.get(name)
            if object_id is None:
                mirrored = None
            elif object_id in self.names:
                mirrored = self.names[object_id]
            elif model.is_placeholder(object_id):
                mirrored = model.placeholder_name(object_id, reference.resource.singular)
            else:
                mirrored = (self.account.view(reference.resource).get(object_id) or {}).get(
                    reference.resource.name_field
                )
            item.plan.predicted[reference.mirror_field] = mirrored
            show_mirror(item, reference.mirror_field, mirrored)


def mirrored_references(item):
    """[(field name, Reference)] for the references item's plan changes that Telnyx mirrors a name of."""
    return [
        (name, field.reference)
        for name, field in item.resource.fields.items()
        if field.reference and field.reference.mirror_field and name in item.plan.changed_fields
    ]


def show_mirror(item, mirror_field, value):
    # A diff names where a number goes, not only the id.
    item.plan.before[mirror_field] = (item.current or {}).get(mirror_field)
    item.plan.after[mirror_field] = value


def record_mirrors(item, outcome):
    """After a real write, the diff shows the derived fields as Telnyx answered, as check mode predicts them."""
    for _name, reference in mirrored_references(item):
        show_mirror(item, reference.mirror_field, (outcome or {}).get(reference.mirror_field))


# --- what keeps an object from going ------------------------------------------------------------


def still_pointing(item, account, planned=None):
    """The objects that point at the one item deletes and will still do so after the run.

    planned: {id: Item} of the pointing resource's objects this run changes (a bulk run's
    applications, for a profile it deletes); one it deletes or points elsewhere lets go.
    """
    dependents = item.resource.dependents
    object_id = item.current.get("id")
    still = []
    for obj in account.pointing_at(dependents, object_id):
        other = (planned or {}).get(obj.get("id"))
        if other is not None and other.plan is not None:
            if other.plan.action == "delete" or dependents.points_at(other.plan.predicted) != object_id:
                continue
        still.append(obj)
    return still


def release_or_refuse(item, still, release, extra_advice=""):
    """Detach what still points at item's object when the task says so; else the problem."""
    dependents = item.resource.dependents
    if still and not release:
        return item.problem(
            "%s cannot be deleted: %s%s"
            % (item.resource.describe(item.current), dependents.message(still), extra_advice)
        )
    item.plan.release = still
    if still:
        item.plan.before[dependents.plural.replace(" ", "_")] = dependents.labels(still)
    return None


def deletes(items):
    """The items whose plan deletes an object that others may point at."""
    return [
        item
        for item in items
        if item.plan is not None and item.plan.action == "delete" and item.current and item.resource.dependents
    ]


# --- two runs at once -------------------------------------------------------------------------------


def age(obj):
    """Oldest first: by created_at, then by id (decimal ids by value)."""
    object_id = str(obj.get("id"))
    return (obj.get("created_at") or "", len(object_id), object_id)


def settle_create(service, item, same_named):
    """After a create: where another run created the same name meanwhile, keep the oldest object.

    Telnyx has no idempotency key, so two runs of one declaration at once each create. Every
    run reads the name again after its create and keeps the oldest object of that name, so
    all runs keep the same one; a run whose own copy is newer deletes it, before anything
    points at it, and converges the kept one instead. same_named(name) reads the objects.
    """
    mine = item.outcome.get("id")
    same = [obj for obj in same_named(item.name) if obj.get("id")]
    kept = min(same, key=age) if len(same) > 1 else None
    if kept is None or kept.get("id") == mine:
        return
    service.delete(mine, item.outcome)
    item.notes.append(
        "Another run created %s at the same time as this one; this run deleted its own copy (id %s) and "
        "kept the older one (id %s), as every run does." % (item.resource.describe(kept), mine, kept.get("id"))
    )
    item.current = item.outcome = kept
    item.plan = plan_present(item.resource, item.plan.target, kept, item.send_write_only)
    if item.plan.changed:
        item.outcome = service.apply(item.plan)
