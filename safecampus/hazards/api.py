"""Hazard ledger API: every action of the pages, under /api/v1/hazards/..."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from safecampus.core import queries as core_queries
from safecampus.core.access import get_school_or_404, get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import already_saved
from safecampus.core.models import Zone
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.ratelimit import client_key, hit
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.services.permissions import require
from safecampus.hazards import queries, services
from safecampus.hazards.models import Category, Grade, Hazard, Source
from safecampus.hazards.models import Status as HazardStatus

router = Router(tags=["hazards"])


class HazardOut(Schema):
    id: int
    school_id: int
    zone_id: int | None
    place: str
    category: Category
    description: str
    source: Source
    status: HazardStatus
    grade: str
    supervised: bool
    anonymous: bool
    found_on: date
    reported_at: datetime
    responsible_unit: str
    responsible_person_id: int | None
    measures: str
    deadline: date | None
    funds_amount: Decimal | None
    funds_source: str
    interim_measures: str
    contingency_plan: str
    rectified_at: datetime | None
    accepted_by_id: int | None
    accepted_at: datetime | None
    supervision_deadline: date | None
    found_by_id: int | None = None
    closed_at: datetime | None
    rejection_reason: str
    merged_into_id: int | None
    is_overdue: bool = False


class HazardCreatedOut(HazardOut):
    tracking_code: str


class ReportIn(Schema):
    place: OneLine
    category: Category
    description: str
    source: Source = Source.REPORT
    zone_id: int | None = None
    anonymous: bool = False
    client_uuid: UUID | None = None
    found_on: date | None = None
    # A bureau's finding: the day it must be fixed by (required of a bureau person).
    supervision_deadline: date | None = None


class PublicReportIn(Schema):
    place: OneLine
    category: Category
    description: str
    zone_id: int | None = None
    client_uuid: UUID | None = None


class EventOut(Schema):
    action: str
    actor: str | None
    from_status: str
    to_status: str
    note: str
    created_at: datetime
    photo_ids: list[int]

    @staticmethod
    def resolve_actor(obj, context):
        # Who reported is for the ledger's keepers only, as on the hazard's page.
        if obj.action == "report" and not queries.can_see_reporter(
            context["request"].user, obj.hazard
        ):
            return None
        return str(obj.actor) if obj.actor_id else None

    @staticmethod
    def resolve_photo_ids(obj):
        return [p.pk for p in obj.photos.all()]


class TrackOut(Schema):
    school: str
    place: str
    category: Category
    status: HazardStatus
    reported_at: datetime
    deadline: date | None
    rejection_reason: str
    steps: list[dict]


class ConfirmIn(Schema):
    grade: Grade
    note: str = ""


class ReasonIn(Schema):
    reason: str


class NoteIn(Schema):
    note: str = ""


class MergeIn(Schema):
    into: int
    note: str = ""


class AssignIn(Schema):
    responsible_person_id: int
    responsible_unit: OneLine
    measures: str
    deadline: date
    deadline_reason: str = ""
    funds_amount: Decimal | None = None
    funds_source: OneLine = ""
    interim_measures: str = ""
    contingency_plan: str = ""


class ExtensionIn(Schema):
    new_deadline: date
    reason: str


class DecisionIn(Schema):
    grant: bool
    note: str = ""


class SuperviseIn(Schema):
    note: str = ""
    supervision_deadline: date | None = None


def _hazard(request, hazard_id):
    hazards = queries.hazards_for_api(user=request.user)
    return get_visible_or_404(request.user, Hazard, hazard_id, hazards)


def _zone(request, school, zone_id):
    if not zone_id:
        return None
    zones = core_queries.school_zones(user=request.user, school=school)
    return get_visible_or_404(request.user, Zone, zone_id, zones)


@router.get("/hazards", response=list[HazardOut])
@paginate(Pagination)
def hazard_list(
    request,
    school_id: int | None = None,
    status: HazardStatus | None = None,
    grade: Grade | None = None,
    overdue: bool = False,
    q: str = "",
):
    filters = {"status": status, "grade": grade, "overdue": overdue, "q": q}
    school = school_for(request, school_id, None) if school_id else None
    # The answer names related rows by id only: without the joins, a deep page costs its index
    # entries and its own rows, not a join for every row skipped before it.
    return queries.ledger(user=request.user, school=school, filters=filters).select_related(None)


@router.get("/hazards/{hazard_id}", response=HazardOut)
def hazard_detail(request, hazard_id: int):
    return _hazard(request, hazard_id)


@router.get("/hazards/{hazard_id}/events", response=list[EventOut])
def hazard_events(request, hazard_id: int):
    return list(queries.timeline(_hazard(request, hazard_id)))


@router.post(
    "/schools/{school_id}/hazards", response={201: HazardCreatedOut, 200: HazardCreatedOut}
)
def hazard_report(
    request, school_id: int, payload: Form[ReportIn], photos: File[list[UploadedFile]] = None
):
    """Report a hazard (multipart: fields and photos). A repeated client_uuid returns the first
    hazard and creates nothing."""
    school = get_school_or_404(request.user, school_id)
    if payload.supervision_deadline and services.finding_bureau(request.user, school) is None:
        # Who may not report at all is told so first (403), as without a deadline.
        require(request.user, Cap.HAZARD_REPORT, school)
        raise DomainError(_("Only a bureau's finding carries the bureau's deadline."))
    again = already_saved(Hazard, payload.client_uuid, school=school)
    with atomic_with_files():
        hazard = services.report_hazard(
            actor=request.user,
            school=school,
            zone=_zone(request, school, payload.zone_id),
            place=payload.place,
            category=payload.category,
            description=payload.description,
            source=payload.source,
            photos=photos or [],
            anonymous=payload.anonymous,
            client_uuid=payload.client_uuid,
            found_on=payload.found_on,
            supervision_deadline=payload.supervision_deadline,
        )
    return Status(200 if again else 201, queries.reported_hazard(hazard))


def _act(request, hazard_id, service, **kwargs):
    """Run one workflow service on a hazard the caller can see; answer with its new state."""
    hazard = _hazard(request, hazard_id)
    with atomic_with_files():
        service(actor=request.user, hazard=hazard, **kwargs)
    return _hazard(request, hazard_id)


@router.post("/hazards/{hazard_id}/confirm", response=HazardOut)
def hazard_confirm(request, hazard_id: int, payload: ConfirmIn):
    return _act(request, hazard_id, services.confirm, grade=payload.grade, note=payload.note)


@router.post("/hazards/{hazard_id}/reject", response=HazardOut)
def hazard_reject(request, hazard_id: int, payload: ReasonIn):
    return _act(request, hazard_id, services.reject, reason=payload.reason)


@router.post("/hazards/{hazard_id}/merge", response=HazardOut)
def hazard_merge(request, hazard_id: int, payload: MergeIn):
    hazard = _hazard(request, hazard_id)
    into = queries.merge_target(user=request.user, hazard=hazard, number=payload.into)
    if into is None:
        raise DomainError(_("There is no hazard with this number in this school."))
    return _act(request, hazard_id, services.merge, into=into, note=payload.note)


@router.post("/hazards/{hazard_id}/assign", response=HazardOut)
def hazard_assign(request, hazard_id: int, payload: AssignIn):
    hazard = _hazard(request, hazard_id)
    people = core_queries.school_people_choices(hazard.school)
    person = get_object_or_404(people, pk=payload.responsible_person_id)
    data = payload.dict(exclude={"responsible_person_id"})
    return _act(request, hazard_id, services.assign, responsible_person=person, **data)


@router.post("/hazards/{hazard_id}/rectify", response=HazardOut)
def hazard_rectify(
    request, hazard_id: int, payload: Form[NoteIn], photos: File[list[UploadedFile]] = None
):
    return _act(request, hazard_id, services.rectify, note=payload.note, photos=photos or [])


@router.post("/hazards/{hazard_id}/extension", response=HazardOut)
def hazard_extension(request, hazard_id: int, payload: ExtensionIn):
    return _act(request, hazard_id, services.request_extension, **payload.dict())


@router.post("/hazards/{hazard_id}/extension/decide", response=HazardOut)
def hazard_extension_decide(request, hazard_id: int, payload: DecisionIn):
    pending = queries.pending_extension(_hazard(request, hazard_id))
    if pending is None:
        raise DomainError(_("There is no extension request to decide."))
    services.decide_extension(
        actor=request.user, extension=pending, grant=payload.grant, note=payload.note
    )
    return _hazard(request, hazard_id)


@router.post("/hazards/{hazard_id}/accept", response=HazardOut)
def hazard_accept(
    request, hazard_id: int, payload: Form[NoteIn], photos: File[list[UploadedFile]] = None
):
    return _act(request, hazard_id, services.accept, note=payload.note, photos=photos or [])


@router.post("/hazards/{hazard_id}/send-back", response=HazardOut)
def hazard_send_back(request, hazard_id: int, payload: ReasonIn):
    return _act(request, hazard_id, services.send_back, reason=payload.reason)


@router.post("/hazards/{hazard_id}/bureau-send-back", response=HazardOut)
def hazard_bureau_send_back(request, hazard_id: int, payload: ReasonIn):
    return _act(request, hazard_id, services.bureau_send_back, reason=payload.reason)


@router.post("/hazards/{hazard_id}/sign-off", response=HazardOut)
def hazard_sign_off(request, hazard_id: int, payload: NoteIn):
    return _act(request, hazard_id, services.sign_off, note=payload.note)


@router.post("/hazards/{hazard_id}/supervise", response=HazardOut)
def hazard_supervise(request, hazard_id: int, payload: SuperviseIn):
    return _act(request, hazard_id, services.supervise, **payload.dict())


# Public: no account ---------------------------------------------------------------------------


@router.get("/track/{code}", response=TrackOut, auth=None)
def track(request, code: str):
    if not hit("track", client_key(request), limit=30, seconds=3600):
        raise DomainError("Too many look-ups from this device. Please try again later.")
    hazard = queries.public_hazard(code.strip().upper())
    if hazard is None:
        raise Http404
    steps = queries.public_steps(hazard)
    return {
        "school": hazard.school.name,
        "place": hazard.place,
        "category": hazard.category,
        "status": hazard.status,
        "reported_at": hazard.reported_at,
        "deadline": hazard.deadline,
        "rejection_reason": hazard.rejection_reason,
        "steps": [{"action": e.action, "at": e.created_at.isoformat()} for e in steps],
    }


@router.post("/public/{school_code}/hazards", response={201: HazardCreatedOut}, auth=None)
def public_report(
    request,
    school_code: str,
    payload: Form[PublicReportIn],
    photos: File[list[UploadedFile]] = None,
):
    school = queries.public_school(school_code)
    if school is None:
        raise Http404
    if not hit("public-report", client_key(request), limit=5, seconds=3600):
        raise DomainError(_("Too many reports from this device. Please try again later."))
    with atomic_with_files():
        hazard = services.report_hazard(
            actor=None,
            school=school,
            zone=_public_zone(school, payload.zone_id),
            place=payload.place,
            category=payload.category,
            description=payload.description,
            photos=photos or [],
            client_uuid=payload.client_uuid,
        )
    return Status(201, queries.reported_hazard(hazard))


def _public_zone(school, zone_id):
    if not zone_id:
        return None
    zone = queries.public_zone(school=school, zone_id=zone_id)
    if zone is None:
        raise Http404
    return zone
