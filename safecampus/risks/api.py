"""Risk grading API: risk points, their assessments, and the map data."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.models import Zone
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.risks import queries, services
from safecampus.risks.levels import ControlLevel, Level, Method
from safecampus.risks.models import RiskPoint

router = Router(tags=["risks"])


class RiskPointOut(Schema):
    id: int
    school_id: int
    zone_id: int
    name: str
    hazard_factors: str
    accident_types: list[str]
    existing_controls: str
    emergency_actions: str
    responsible_id: int
    post_ids: list[int]
    level: str
    control_level: str
    control_override_reason: str
    review_due: date | None
    needs_reassessment: bool
    reassessment_reason: str

    @staticmethod
    def resolve_post_ids(obj):
        return [p.pk for p in obj.posts.all()]


class RiskPointIn(Schema):
    zone_id: int
    name: OneLine
    hazard_factors: str
    accident_types: list[str]
    existing_controls: str
    emergency_actions: str = ""
    responsible_id: int
    post_ids: list[int] = []


class AssessmentOut(Schema):
    id: int
    method: Method
    likelihood: Decimal
    exposure: Decimal | None
    consequence: Decimal | None
    severity: Decimal | None
    value: Decimal
    level: Level
    rule_set_name: str
    assessor_id: int
    assessed_at: datetime
    note: str


class AssessIn(Schema):
    method: Method
    likelihood: Decimal
    exposure: Decimal | None = None
    consequence: Decimal | None = None
    severity: Decimal | None = None
    control_level: ControlLevel | None = None
    override_reason: str = ""
    note: str = ""


def _point(request, point_id):
    points = queries.risk_points_for_api(user=request.user)
    return get_visible_or_404(request.user, RiskPoint, point_id, points)


@router.get("/risk-points", response=list[RiskPointOut])
@paginate(Pagination)
def risk_point_list(request, school_id: int | None = None, level: Level | None = None):
    school = school_for(request, school_id, None) if school_id else None
    return queries.risk_points_for_api(user=request.user, school=school, filters={"level": level})


@router.get("/risk-points/{point_id}", response=RiskPointOut)
def risk_point_detail(request, point_id: int):
    return _point(request, point_id)


@router.post("/schools/{school_id}/risk-points", response={201: RiskPointOut})
def risk_point_create(request, school_id: int, payload: RiskPointIn):
    school = school_for(request, school_id, Cap.RISK_VIEW)
    zones = core_queries.school_zones(user=request.user, school=school)
    zone = get_visible_or_404(request.user, Zone, payload.zone_id, zones)
    responsible = get_object_or_404(
        core_queries.school_people_choices(school), pk=payload.responsible_id
    )
    posts = list(core_queries.school_posts(user=request.user, school=school, ids=payload.post_ids))
    if len(posts) != len(set(payload.post_ids)):
        raise Http404
    point = services.create_risk_point(
        actor=request.user,
        school=school,
        zone=zone,
        name=payload.name,
        hazard_factors=payload.hazard_factors,
        accident_types=payload.accident_types,
        existing_controls=payload.existing_controls,
        emergency_actions=payload.emergency_actions,
        responsible=responsible,
        posts=posts,
    )
    return Status(201, _point(request, point.pk))


@router.get("/risk-points/{point_id}/assessments", response=list[AssessmentOut])
def assessment_list(request, point_id: int):
    return list(queries.history(_point(request, point_id)))


@router.post("/risk-points/{point_id}/assessments", response={201: AssessmentOut})
def assess(request, point_id: int, payload: AssessIn):
    point = _point(request, point_id)
    data = payload.dict()
    data["control_level"] = data["control_level"] or ""
    return Status(201, services.assess(actor=request.user, point=point, **data))


@router.get("/schools/{school_id}/risk-map")
def risk_map(request, school_id: int):
    """Zones with their outline, highest level and colour, and the zones not drawn yet."""
    school = school_for(request, school_id, Cap.RISK_VIEW)
    return queries.map_data(school)
