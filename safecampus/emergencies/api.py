"""Emergencies API: alarms (people and hardware boxes), plans, incidents, drills, compliance."""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import APIKeyHeader

from safecampus.core.access import get_school_or_404, visible_to
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import PermissionRefused
from safecampus.core.models import Org, Zone
from safecampus.core.roles import Cap
from safecampus.core.services.common import require
from safecampus.emergencies import compliance, queries
from safecampus.emergencies.models import (
    AlarmKind,
    AlarmStatus,
    Drill,
    EmergencyKind,
    EmergencyPlan,
    PlanActivation,
)
from safecampus.emergencies.services import alarms as alarm_services
from safecampus.emergencies.services import drills as drill_services
from safecampus.emergencies.services import incidents as incident_services
from safecampus.emergencies.services import plans as plan_services
from safecampus.emergencies.services.devices import device_for_key
from safecampus.hazards.hooks import reassessment
from safecampus.hazards.models import Category

router = Router(tags=["emergencies"])


def _zone(school, zone_id):
    if zone_id is None:
        return None
    zone = Zone.objects.filter(pk=zone_id, school=school).first()
    if zone is None:
        raise Http404
    return zone


# Alarms ------------------------------------------------------------------------------------


class StageOut(Schema):
    stage: str
    deadline: datetime
    reached_at: datetime | None
    state: str | None


class ResponseOut(Schema):
    user_id: int
    name: str
    reinforcement: bool
    state: str
    acknowledged_at: datetime | None
    on_the_way_at: datetime | None
    arrived_at: datetime | None

    @staticmethod
    def resolve_name(obj):
        return str(obj.user)


class AlarmOut(Schema):
    id: int
    school_id: int
    kind: AlarmKind
    zone_id: int | None
    place: str
    raised_by_id: int | None
    device_id: int | None
    raised_at: datetime
    status: AlarmStatus
    self_rescue_at: datetime | None
    self_rescue_note: str
    mutual_rescue_at: datetime | None
    reinforcement_at: datetime | None
    reinforcement_note: str
    closed_at: datetime | None
    close_note: str


class AlarmDetailOut(AlarmOut):
    stages: list[StageOut]
    responses: list[ResponseOut]

    @staticmethod
    def resolve_stages(obj):
        return [
            {"stage": str(s), "deadline": d, "reached_at": at, "state": state and str(state)}
            for s, d, at, state in obj.stages()
        ]

    @staticmethod
    def resolve_responses(obj):
        return list(queries.responses(obj))


class AlarmIn(Schema):
    kind: AlarmKind
    zone_id: int | None = None
    place: str = ""
    client_uuid: UUID | None = None


class DeviceAlarmIn(AlarmIn):
    school_id: int


class NoteIn(Schema):
    note: str


class RespondIn(Schema):
    arrived: bool = False


class CloseIn(Schema):
    note: str = ""
    false_alarm: bool = False


def _alarm(request, alarm_id):
    alarm = queries.alarms(user=request.user).filter(pk=alarm_id).first()
    if alarm is None:
        raise Http404
    return alarm


@router.get("/alarms", response=list[AlarmOut])
@paginate(PageNumberPagination, page_size=50)
def alarm_list(request, school_id: int | None = None, status: AlarmStatus | None = None):
    school = get_school_or_404(request.user, school_id) if school_id else None
    qs = queries.alarms(user=request.user, school=school)
    return qs.filter(status=status) if status else qs


@router.get("/alarms/{alarm_id}", response=AlarmDetailOut)
def alarm_detail(request, alarm_id: int):
    return _alarm(request, alarm_id)


@router.post("/schools/{school_id}/alarms", response={201: AlarmDetailOut})
def alarm_raise(request, school_id: int, payload: AlarmIn):
    school = school_for(request, school_id, Cap.ALARM_RAISE)
    alarm = alarm_services.raise_alarm(
        actor=request.user,
        school=school,
        kind=payload.kind,
        zone=_zone(school, payload.zone_id),
        place=payload.place,
        client_uuid=payload.client_uuid,
    )
    return Status(201, _alarm(request, alarm.pk))


class DeviceKey(APIKeyHeader):
    """A hardware alarm box sends its own key in X-Device-Key."""

    param_name = "X-Device-Key"

    def authenticate(self, request, key):
        return device_for_key(key or "")


@router.post("/device/alarms", response={201: AlarmOut}, auth=DeviceKey())
def device_alarm(request, payload: DeviceAlarmIn):
    """Raise an alarm from a hardware box. A revoked key, or a school other than the box's
    own, is refused (403) and raises nothing."""
    device = request.auth
    if device.revoked_at is not None or payload.school_id != device.school_id:
        raise PermissionRefused(_("This device may not raise alarms for this school."))
    school = device.school
    zone = (
        Zone.objects.filter(pk=payload.zone_id, school=school).first() if payload.zone_id else None
    )
    if payload.zone_id and zone is None:
        raise PermissionRefused(_("This device may not raise alarms for this school."))
    alarm = alarm_services.raise_alarm(
        device=device,
        school=school,
        kind=payload.kind,
        zone=zone,
        place=payload.place,
        client_uuid=payload.client_uuid,
    )
    return Status(201, alarm)


def _acted(request, alarm_id, action, **fields):
    """Run an answer to the alarm and return the alarm as it now stands (read again)."""
    action(alarm=_alarm(request, alarm_id), actor=request.user, **fields)
    return _alarm(request, alarm_id)


@router.post("/alarms/{alarm_id}/acknowledge", response=AlarmDetailOut)
def alarm_acknowledge(request, alarm_id: int):
    return _acted(request, alarm_id, alarm_services.acknowledge)


@router.post("/alarms/{alarm_id}/respond", response=AlarmDetailOut)
def alarm_respond(request, alarm_id: int, payload: RespondIn):
    return _acted(request, alarm_id, alarm_services.respond, arrived=payload.arrived)


@router.post("/alarms/{alarm_id}/self-rescue", response=AlarmDetailOut)
def alarm_self_rescue(request, alarm_id: int, payload: NoteIn):
    return _acted(request, alarm_id, alarm_services.record_self_rescue, note=payload.note)


@router.post("/alarms/{alarm_id}/reinforcement", response=AlarmDetailOut)
def alarm_reinforcement(request, alarm_id: int, payload: NoteIn):
    return _acted(request, alarm_id, alarm_services.record_reinforcement, note=payload.note)


@router.post("/alarms/{alarm_id}/close", response=AlarmDetailOut)
def alarm_close(request, alarm_id: int, payload: CloseIn):
    return _acted(
        request, alarm_id, alarm_services.close, note=payload.note, false_alarm=payload.false_alarm
    )


class ActivateIn(Schema):
    plan_id: int


@router.post("/alarms/{alarm_id}/plan", response=AlarmDetailOut)
def alarm_plan(request, alarm_id: int, payload: ActivateIn):
    alarm = _alarm(request, alarm_id)
    plan = EmergencyPlan.objects.filter(school=alarm.school, pk=payload.plan_id).first()
    if plan is None:
        raise Http404
    alarm_services.activate_plan(alarm=alarm, actor=request.user, plan=plan)
    return _alarm(request, alarm_id)


@router.post("/alarms/{alarm_id}/steps/{step_id}", response=AlarmDetailOut)
def alarm_step(request, alarm_id: int, step_id: int):
    alarm = _alarm(request, alarm_id)
    activation = PlanActivation.objects.filter(alarm=alarm).first()
    if activation is None:
        raise Http404
    alarm_services.check_step(activation=activation, step_id=step_id, actor=request.user)
    return _alarm(request, alarm_id)


# Plans -------------------------------------------------------------------------------------


class StepOut(Schema):
    id: int
    text: str


class RoleOut(Schema):
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
    roles: list[RoleOut]

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
    name: str
    steps: list[str]


class PlanIn(Schema):
    kind: EmergencyKind
    title: str
    roles: list[RoleIn]
    contacts: list[str] = []
    assembly_points: list[str] = []
    zone_ids: list[int] = []


def _plan(request, plan_id):
    plan = (
        visible_to(request.user, EmergencyPlan, Cap.PLAN_VIEW)
        .prefetch_related("roles__steps", "zones")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@router.post("/schools/{school_id}/plans", response={201: PlanOut})
def plan_create(request, school_id: int, payload: PlanIn):
    school = school_for(request, school_id, Cap.PLAN_MANAGE)
    zones = list(Zone.objects.filter(school=school, pk__in=payload.zone_ids))
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
@paginate(PageNumberPagination, page_size=50)
def plan_list(request, school_id: int):
    school = school_for(request, school_id, Cap.PLAN_VIEW)
    return queries.plans(user=request.user, school=school).prefetch_related("roles__steps", "zones")


# Incidents ---------------------------------------------------------------------------------


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
    place: str
    description: str
    injured: int = 0
    actions: str = ""
    zone_id: int | None = None
    alarm_id: int | None = None
    client_uuid: UUID | None = None


def _incident(request, incident_id):
    incident = queries.incidents(user=request.user).filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


@router.get("/incidents", response=list[IncidentOut])
@paginate(PageNumberPagination, page_size=50)
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
        alarm = queries.alarms(user=request.user, school=school).filter(pk=payload.alarm_id).first()
        if alarm is None:
            raise Http404
    data = payload.dict(exclude={"zone_id", "alarm_id"})
    incident = incident_services.record_incident(
        actor=request.user, school=school, zone=_zone(school, payload.zone_id), alarm=alarm, **data
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
    place: str = ""
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


# Drills ------------------------------------------------------------------------------------


class ClassOut(Schema):
    label: str
    expected: int
    present: int | None
    missing: int | None
    missing_note: str


class DrillOut(Schema):
    id: int
    school_id: int
    kind: EmergencyKind
    planned_on: date
    scenario: str
    status: str
    started_at: datetime | None
    alarm_at: datetime | None
    evacuated_at: datetime | None
    problems: str
    summary: str
    feedback: str
    classes: list[ClassOut]

    @staticmethod
    def resolve_classes(obj):
        return list(obj.classes.all())


class ClassIn(Schema):
    label: str
    expected: int


class DrillIn(Schema):
    kind: EmergencyKind
    planned_on: date
    scenario: str
    classes: list[ClassIn] = []
    client_uuid: UUID | None = None


@router.get("/drills", response=list[DrillOut])
@paginate(PageNumberPagination, page_size=50)
def drill_list(request, school_id: int):
    school = school_for(request, school_id, Cap.DRILL_VIEW)
    return queries.drills(user=request.user, school=school).prefetch_related("classes")


def _drill(request, drill_id):
    drill = (
        visible_to(request.user, Drill, Cap.DRILL_VIEW)
        .select_related("school")
        .prefetch_related("classes")
        .filter(pk=drill_id)
        .first()
    )
    if drill is None:
        raise Http404
    return drill


@router.get("/drills/{drill_id}", response=DrillOut)
def drill_detail(request, drill_id: int):
    return _drill(request, drill_id)


class CountIn(Schema):
    label: str
    present: int
    missing_note: str = ""


class RunIn(Schema):
    started_at: datetime
    alarm_at: datetime
    evacuated_at: datetime
    counts: list[CountIn]
    problems: list[str] = []
    problem_place: str = ""


@router.post("/drills/{drill_id}/run", response=DrillOut)
def drill_run(request, drill_id: int, payload: RunIn):
    drill = _drill(request, drill_id)
    drill_services.record_run(
        actor=request.user,
        drill=drill,
        started_at=payload.started_at,
        alarm_at=payload.alarm_at,
        evacuated_at=payload.evacuated_at,
        counts={c.label: (c.present, c.missing_note) for c in payload.counts},
        problems="\n".join(payload.problems),
        problem_place=payload.problem_place,
    )
    return _drill(request, drill_id)


class SummaryIn(Schema):
    summary: str
    feedback: str = ""


@router.post("/drills/{drill_id}/summary", response=DrillOut)
def drill_summary(request, drill_id: int, payload: SummaryIn):
    drill = _drill(request, drill_id)
    drill_services.summarise(
        actor=request.user, drill=drill, summary=payload.summary, feedback=payload.feedback
    )
    return _drill(request, drill_id)


@router.post("/schools/{school_id}/drills", response={201: DrillOut})
def drill_create(request, school_id: int, payload: DrillIn):
    school = school_for(request, school_id, Cap.DRILL_MANAGE)
    drill = drill_services.plan_drill(
        actor=request.user,
        school=school,
        kind=payload.kind,
        planned_on=payload.planned_on,
        scenario=payload.scenario,
        classes=[(c.label.strip()[:40], c.expected) for c in payload.classes],
        client_uuid=payload.client_uuid,
    )
    return Status(201, drill)


class ComplianceOut(Schema):
    school_id: int
    school: str
    period: str
    behind: bool
    current_start: date | None
    current_end: date | None
    current_met: bool | None
    previous_start: date | None
    previous_end: date | None
    previous_met: bool | None
    last_drill: date | None


@router.get("/orgs/{org_id}/drill-compliance", response=list[ComplianceOut])
@paginate(PageNumberPagination, page_size=50)
def drill_compliance(request, org_id: int):
    org = org_for(request, org_id, Cap.DRILL_VIEW)
    schools = list(Org.objects.schools().under(org).order_by("name", "pk"))
    return [
        {
            "school_id": c.school.pk,
            "school": c.school.name,
            "period": c.period,
            "behind": c.behind,
            "current_start": c.current and c.current.start,
            "current_end": c.current and c.current.end,
            "current_met": c.current and c.current.met,
            "previous_start": c.previous and c.previous.start,
            "previous_end": c.previous and c.previous.end,
            "previous_met": c.previous and c.previous.met,
            "last_drill": c.last_drill,
        }
        for c in compliance.for_schools(schools)
    ]
