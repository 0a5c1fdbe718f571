"""Incidents over the API: recorded, read by the bureau, followed up, reviewed."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404, get_school_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.emergencies import queries
from safecampus.emergencies.api.alarms import zone_of
from safecampus.emergencies.models import EmergencyKind
from safecampus.emergencies.services import incidents as incident_services
from safecampus.hazards.hooks import reassessment
from safecampus.hazards.models import Category

router = Router()


class ReportOut(Schema):
    bureau_id: int
    sent_at: datetime
    read_at: datetime | None
    escalated_at: datetime | None


class IncidentOut(Schema):
    id: int
    school_id: int
    kind: EmergencyKind
    occurred_at: datetime
    place: str
    zone_id: int | None
    injured: int
    description: str
    actions: str
    alarm_id: int | None
    reports: list[ReportOut]
    reviewed: bool

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())

    @staticmethod
    def resolve_reviewed(obj):
        return hasattr(obj, "review")


class IncidentIn(Schema):
    kind: EmergencyKind
    occurred_at: datetime
    place: OneLine
    description: str
    injured: int = 0
    actions: str = ""
    zone_id: int | None = None
    alarm_id: int | None = None
    client_uuid: UUID | None = None


def _incident(request, incident_id):
    return first_or_404(queries.incidents(user=request.user).filter(pk=incident_id))


@router.get("/incidents", response=list[IncidentOut])
@paginate(Pagination, page_size=50)
def incident_list(request, school_id: int | None = None):
    school = get_school_or_404(request.user, school_id) if school_id else None
    return queries.incidents(user=request.user, school=school)


@router.get("/incidents/{incident_id}", response=IncidentOut)
def incident_detail(request, incident_id: int):
    return _incident(request, incident_id)


@router.post("/schools/{school_id}/incidents", response={201: IncidentOut})
def incident_create(request, school_id: int, payload: IncidentIn):
    school = school_for(request, school_id, Cap.INCIDENT_MANAGE)
    alarm = None
    if payload.alarm_id:
        alarm = first_or_404(
            queries.alarms(user=request.user, school=school).filter(pk=payload.alarm_id)
        )
    data = payload.dict(exclude={"zone_id", "alarm_id"})
    incident = incident_services.record_incident(
        actor=request.user,
        school=school,
        zone=zone_of(school, payload.zone_id),
        alarm=alarm,
        **data,
    )
    return Status(201, _incident(request, incident.pk))


@router.post("/incidents/{incident_id}/read", response=IncidentOut)
def incident_read(request, incident_id: int):
    incident = _incident(request, incident_id)
    require(request.user, Cap.INCIDENT_RECEIVE, incident.school)
    incident_services.mark_read(incident=incident, actor=request.user)
    return _incident(request, incident_id)


class FollowUpIn(Schema):
    text: str


@router.post("/incidents/{incident_id}/follow-ups", response={201: IncidentOut})
def incident_follow_up(request, incident_id: int, payload: FollowUpIn):
    incident = _incident(request, incident_id)
    incident_services.add_follow_up(incident=incident, actor=request.user, text=payload.text)
    return Status(201, _incident(request, incident_id))


class HazardMeasureIn(Schema):
    text: str
    place: OneLine = ""
    category: Category = Category.OTHER


class RiskMeasureIn(Schema):
    text: str
    risk_point_id: int


class ReviewIn(Schema):
    causes: str
    gaps: str
    hazard_measures: list[HazardMeasureIn] = []
    risk_measures: list[RiskMeasureIn] = []


@router.post("/incidents/{incident_id}/review", response={201: IncidentOut})
def incident_review(request, incident_id: int, payload: ReviewIn):
    incident = _incident(request, incident_id)
    require(request.user, Cap.INCIDENT_MANAGE, incident.school)
    wanted = [m.risk_point_id for m in payload.risk_measures]
    points = {p.pk: p for p in reassessment().points(incident.school).filter(pk__in=wanted)}
    if any(m.risk_point_id not in points for m in payload.risk_measures):
        raise Http404
    incident_services.review(
        incident=incident,
        actor=request.user,
        causes=payload.causes,
        gaps=payload.gaps,
        hazard_measures=[
            (m.text, m.place or incident.place, m.category) for m in payload.hazard_measures
        ],
        risk_measures=[(m.text, points[m.risk_point_id]) for m in payload.risk_measures],
    )
    return Status(201, _incident(request, incident_id))
