"""Supervision visits over the API: the lists, one visit, and every move of it.

An unannounced visit a school may not see yet is absent from its lists and a 404 by id, as on
the pages (the queries narrow both).
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import org_for
from safecampus.core.errors import DomainError
from safecampus.core.models import Org, User
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.inspections.models import TemplateVersion
from safecampus.supervision.models import (
    ResponseKind,
    SupervisionVisit,
    VisitKind,
    VisitResult,
    VisitStatus,
)
from safecampus.supervision.queries import visits as queries
from safecampus.supervision.services import visits as services

router = Router()

ID = Field(..., ge=1, le=2**31 - 1)


class SupervisionVisitOut(Schema):
    id: int
    plan_id: UUID
    bureau_id: int
    school_id: int
    kind: VisitKind
    title: str
    planned_on: date
    version_id: int | None
    lead_id: int
    inspector_ids: list[int]
    status: VisitStatus
    started_at: datetime | None
    issued_at: datetime | None
    opinion: str
    rectify_by: date | None
    response_kind: str
    response_text: str
    responded_at: datetime | None
    recheck_note: str
    closed_at: datetime | None
    cancel_reason: str
    url: str

    @staticmethod
    def resolve_inspector_ids(obj):
        return sorted(u.pk for u in obj.inspectors.all())

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class VisitResultOut(Schema):
    id: int
    item_id: int
    item: str
    outcome: str
    note: str
    hazard_id: int | None
    recorded_at: datetime
    client_uuid: UUID | None

    @staticmethod
    def resolve_item(obj):
        return obj.item.text


class VisitDetailOut(SupervisionVisitOut):
    results: list[VisitResultOut]
    hazards_filed: int
    hazards_fixed: int

    @staticmethod
    def resolve_results(obj):
        return obj.results_list


class VisitFilter(Schema):
    status: VisitStatus | None = None
    kind: VisitKind | None = None
    school_id: int | None = Field(None, ge=1, le=2**31 - 1)
    inspector_id: int | None = Field(None, ge=1, le=2**31 - 1)
    start: date | None = None
    end: date | None = None


class VisitPlanIn(Schema):
    kind: VisitKind
    title: OneLine = Field(..., min_length=1, max_length=200)
    planned_on: date
    lead_id: int = ID
    inspector_ids: list[int] = Field(default_factory=list, max_length=services.MAX_INSPECTORS)
    school_ids: list[int] = Field(..., min_length=1, max_length=services.MAX_SCHOOLS)
    version_id: int = ID


class RecordIn(Schema):
    item_id: int = ID
    outcome: Literal["pass", "fail", "na"]
    note: str = Field("", max_length=2000)
    zone_id: int | None = Field(None, ge=1, le=2**31 - 1)
    place: OneLine = Field("", max_length=200)
    client_uuid: UUID | None = None


class IssueIn(Schema):
    opinion: str = Field(..., min_length=1, max_length=5000)
    rectify_by: date | None = None


class VisitRespondIn(Schema):
    kind: ResponseKind
    text: str = Field(..., min_length=1, max_length=5000)


class VisitCloseIn(Schema):
    note: str = Field(..., min_length=1, max_length=5000)


class CancelIn(Schema):
    reason: OneLine = Field(..., min_length=1, max_length=200)


def _visit(request, visit_id):
    """404 outside what the caller may know of; 403 without supervision.view at the school."""
    visit = get_visible_or_404(
        request.user,
        SupervisionVisit,
        visit_id,
        queryset=queries.visit_for(request.user, visit_id),
    )
    require(request.user, Cap.SUPERVISION_VIEW, visit.school)
    return visit


def _detail(visit):
    counts = queries.hazard_counts(visit)
    visit.results_list = list(
        VisitResult.objects.filter(visit=visit).select_related("item").order_by("item__position")
    )
    visit.hazards_filed = counts["filed"]
    visit.hazards_fixed = counts["fixed"]
    return visit


@router.get("/orgs/{org_id}/supervision-visits", response=list[SupervisionVisitOut])
@paginate(Pagination, page_size=50)
def visit_list(request, org_id: int, filters: Query[VisitFilter]):
    """The visits at the org's schools (a school: its own visible ones), newest first."""
    org = org_for(request, org_id, Cap.SUPERVISION_VIEW)
    given = filters.dict()
    school = inspector = None
    if given["school_id"] is not None:
        school = Org.objects.filter(pk=given["school_id"]).first()
        if school is None:
            return SupervisionVisit.objects.none()
    if given["inspector_id"] is not None:
        inspector = User.objects.filter(pk=given["inspector_id"]).first()
        if inspector is None:
            return SupervisionVisit.objects.none()
    return queries.visits(
        user=request.user,
        org=org,
        status=given["status"] or "",
        kind=given["kind"] or "",
        school=school,
        inspector=inspector,
        start=given["start"],
        end=given["end"],
    ).prefetch_related("inspectors")


@router.get("/supervision-visits/{visit_id}", response=VisitDetailOut)
def visit_detail(request, visit_id: int):
    return _detail(_visit(request, visit_id))


@router.post("/orgs/{org_id}/supervision-visits", response={201: list[SupervisionVisitOut]})
def visit_plan(request, org_id: int, payload: VisitPlanIn):
    """Plan one visit per school (sharing a plan id)."""
    bureau = org_for(request, org_id, Cap.SUPERVISION_MANAGE)
    people = {
        u.pk: u for u in User.objects.filter(pk__in=[payload.lead_id, *payload.inspector_ids])
    }
    if payload.lead_id not in people or set(payload.inspector_ids) - set(people):
        raise DomainError(str(services.INSPECTOR_OUTSIDE))
    schools = list(Org.objects.filter(pk__in=payload.school_ids))
    if len(schools) != len(set(payload.school_ids)):
        raise DomainError(str(services.SCHOOL_OUTSIDE))
    version = TemplateVersion.objects.filter(pk=payload.version_id).first()
    made = services.plan_visits(
        actor=request.user,
        bureau=bureau,
        kind=payload.kind,
        title=payload.title,
        planned_on=payload.planned_on,
        lead=people[payload.lead_id],
        inspectors=[people[pk] for pk in payload.inspector_ids],
        schools=schools,
        version=version,
    )
    return Status(201, made)


@router.post("/supervision-visits/{visit_id}/start", response=SupervisionVisitOut)
def visit_start(request, visit_id: int):
    return services.start_visit(actor=request.user, visit=_visit(request, visit_id))


@router.post(
    "/supervision-visits/{visit_id}/results", response={201: VisitResultOut, 200: VisitResultOut}
)
def visit_record(request, visit_id: int, payload: RecordIn):
    """Record one item (again: it is updated). A failed item files its hazard once; the same
    `client_uuid` sent again answers 200 with the first result and changes nothing."""
    visit = _visit(request, visit_id)
    again = (
        payload.client_uuid is not None
        and VisitResult.objects.filter(client_uuid=payload.client_uuid, visit=visit).exists()
    )
    zone = None
    if payload.zone_id is not None:
        zone = visit.school.zones.filter(pk=payload.zone_id).first()
        if zone is None:
            raise Http404
    result = services.record_item(
        actor=request.user,
        visit=visit,
        item_id=payload.item_id,
        outcome=payload.outcome,
        note=payload.note,
        zone=zone,
        place=payload.place,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if again else 201, result)


@router.post("/supervision-visits/{visit_id}/issue", response=SupervisionVisitOut)
def visit_issue(request, visit_id: int, payload: IssueIn):
    return services.issue_notice(
        actor=request.user, visit=_visit(request, visit_id), **payload.dict()
    )


@router.post("/supervision-visits/{visit_id}/respond", response=SupervisionVisitOut)
def visit_respond(request, visit_id: int, payload: VisitRespondIn):
    return services.respond(
        actor=request.user,
        visit=_visit(request, visit_id),
        kind=payload.kind,
        text=payload.text,
    )


@router.post("/supervision-visits/{visit_id}/close", response=SupervisionVisitOut)
def visit_close(request, visit_id: int, payload: VisitCloseIn):
    return services.close_visit(
        actor=request.user, visit=_visit(request, visit_id), note=payload.note
    )


@router.post("/supervision-visits/{visit_id}/cancel", response=SupervisionVisitOut)
def visit_cancel(request, visit_id: int, payload: CancelIn):
    return services.cancel_visit(
        actor=request.user, visit=_visit(request, visit_id), reason=payload.reason
    )
