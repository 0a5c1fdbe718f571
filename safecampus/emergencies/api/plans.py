"""Emergency plans over the API."""

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.emergencies import queries
from safecampus.emergencies.models import EmergencyKind
from safecampus.emergencies.services import plans as plan_services

router = Router()


class StepOut(Schema):
    id: int
    text: str


class PlanRoleOut(Schema):
    name: str
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class PlanOut(Schema):
    id: int
    school_id: int
    kind: EmergencyKind
    title: str
    contacts: list[str]
    assembly_points: list[str]
    zone_ids: list[int]
    roles: list[PlanRoleOut]

    @staticmethod
    def resolve_contacts(obj):
        return obj.contact_lines()

    @staticmethod
    def resolve_assembly_points(obj):
        return obj.assembly_lines()

    @staticmethod
    def resolve_zone_ids(obj):
        return [z.pk for z in obj.zones.all()]

    @staticmethod
    def resolve_roles(obj):
        return list(obj.roles.all())


class RoleIn(Schema):
    name: OneLine
    steps: list[str]


class PlanIn(Schema):
    kind: EmergencyKind
    title: OneLine
    roles: list[RoleIn]
    contacts: list[str] = []
    assembly_points: list[str] = []
    zone_ids: list[int] = []


def _plan(request, plan_id):
    return first_or_404(queries.plan_with_roles(user=request.user, plan_id=plan_id))


@router.post("/schools/{school_id}/plans", response={201: PlanOut})
def plan_create(request, school_id: int, payload: PlanIn):
    school = school_for(request, school_id, Cap.PLAN_MANAGE)
    zones = list(queries.school_zones(school, payload.zone_ids))
    if len(zones) != len(set(payload.zone_ids)):
        raise Http404
    roles = "\n".join(line for role in payload.roles for line in [f"# {role.name}", *role.steps])
    plan = plan_services.save_plan(
        actor=request.user,
        school=school,
        kind=payload.kind,
        title=payload.title,
        roles=roles,
        contacts="\n".join(payload.contacts),
        assembly_points="\n".join(payload.assembly_points),
        zones=zones,
    )
    return Status(201, _plan(request, plan.pk))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_detail(request, plan_id: int):
    return _plan(request, plan_id)


@router.get("/schools/{school_id}/plans", response=list[PlanOut])
@paginate(Pagination, page_size=50)
def plan_list(request, school_id: int):
    school = school_for(request, school_id, Cap.PLAN_VIEW)
    return queries.plans(user=request.user, school=school).prefetch_related("roles__steps", "zones")
