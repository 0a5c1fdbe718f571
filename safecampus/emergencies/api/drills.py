"""Drills over the API, and how the schools under a bureau keep to the drill rules."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.emergencies import compliance, queries
from safecampus.emergencies.models import EmergencyKind
from safecampus.emergencies.services import drills as drill_services

router = Router()


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
    expected: int = Field(ge=0, le=drill_services.MAX_CLASS_SIZE)


class DrillIn(Schema):
    kind: EmergencyKind
    planned_on: date
    scenario: str
    classes: list[ClassIn] = []
    client_uuid: UUID | None = None


@router.get("/drills", response=list[DrillOut])
@paginate(Pagination, page_size=50)
def drill_list(request, school_id: int):
    school = school_for(request, school_id, Cap.DRILL_VIEW)
    return queries.drills(user=request.user, school=school).prefetch_related("classes")


def _drill(request, drill_id):
    return first_or_404(queries.drill_with_classes(user=request.user, drill_id=drill_id))


@router.get("/drills/{drill_id}", response=DrillOut)
def drill_detail(request, drill_id: int):
    return _drill(request, drill_id)


class CountIn(Schema):
    label: str
    present: int = Field(ge=0, le=drill_services.MAX_CLASS_SIZE)
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
@paginate(Pagination, page_size=50)
def drill_compliance(request, org_id: int):
    org = org_for(request, org_id, Cap.DRILL_VIEW)
    schools = list(queries.schools_under(org))
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
