"""Emergency plans: per kind, with roles and their ordered steps, contacts, assembly points."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.emergencies.models import EmergencyKind, EmergencyPlan, PlanRole, PlanStep
from safecampus.emergencies.workflow import PLAN

MAX_STEPS = 200


def parse_roles(text):
    """'# role' lines start a role; the lines after it are its steps, in order."""
    roles = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            name = line.lstrip("#").strip()
            if not name:
                raise DomainError(_("A line starting with # must name a role."))
            roles.append((name[:60], []))
        elif not roles:
            raise DomainError(_("Start with a role: a line such as “# 门卫”, then its steps."))
        else:
            roles[-1][1].append(line[:300])
    if not roles:
        raise DomainError(_("Give the plan at least one role with its steps."))
    empty = [name for name, steps in roles if not steps]
    if empty:
        raise DomainError(_("The role %(role)s has no steps.") % {"role": empty[0]})
    if sum(len(steps) for _name, steps in roles) > MAX_STEPS:
        raise DomainError(_("A plan can have at most 200 steps."))
    return roles


def roles_text(plan):
    lines = []
    for role in plan.roles.all():
        lines.append(f"# {role.name}")
        lines.extend(step.text for step in role.steps.all())
    return "\n".join(lines)


def _write_roles(plan, roles):
    plan.roles.all().delete()
    for i, (name, steps) in enumerate(roles):
        role = PlanRole.objects.create(plan=plan, name=name, order=i)
        PlanStep.objects.bulk_create(
            [PlanStep(role=role, order=j, text=text) for j, text in enumerate(steps)]
        )


def _check(school, kind, title, zones):
    if kind not in EmergencyKind.values:
        raise DomainError(_("Choose the kind of emergency."))
    if not title.strip():
        raise DomainError(_("Give the plan a title."))
    if any(z.school_id != school.pk for z in zones):
        raise DomainError(_("The zone belongs to another school."))


@transaction.atomic
def save_plan(
    *, actor, school, kind, title, roles, contacts="", assembly_points="", zones=(), plan=None
):
    """Create a plan, or replace an existing one's content. A plan that was activated keeps its
    steps (the checklists point at them): change it by making a new plan."""
    require(actor, Cap.PLAN_MANAGE, school)
    zones = list(zones)
    _check(school, kind, title, zones)
    parsed = parse_roles(roles)
    if plan is None:
        plan = EmergencyPlan(school=school)
        action = "plan.create"
    else:
        if plan.school_id != school.pk:
            raise DomainError(_("This plan belongs to another school."))
        action = "plan.edit"
    plan.kind = kind
    plan.title = title.strip()[:120]
    plan.contacts = contacts.strip()
    plan.assembly_points = assembly_points.strip()
    plan.save()
    plan.zones.set(zones)
    if action == "plan.create" or roles_text(plan) != "\n".join(
        line for name, steps in parsed for line in [f"# {name}", *steps]
    ):
        PLAN.check(plan, "edit_steps")
        _write_roles(plan, parsed)
    audit.record(actor=actor, org=school, action=action, obj=plan, changes={"kind": kind})
    return plan
