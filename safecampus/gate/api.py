"""Gate API: visits, the watchlist, exit permits, pick-ups, confiscations, duty, students.

Creates take a client UUID: a repeated one returns the first row (status 200) and creates
nothing. Identifiers (ID numbers, phones) are masked in every answer.
"""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import already_saved
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.models import (
    Confiscation,
    DutyLog,
    ExitPermit,
    ExitStatus,
    Handling,
    IdType,
    ItemKind,
    PickupRecord,
    Visit,
    VisitStatus,
)
from safecampus.gate.services import confiscations, duty, exits, pickups, visits, watchlist
from safecampus.students import queries as student_queries

router = Router(tags=["gate"])


def _found(qs):
    found = qs.first()
    if found is None:
        raise Http404
    return found


class MaskedContactOut(Schema):
    """Answers carry a person's ID number and phone masked, never as typed."""

    @staticmethod
    def resolve_id_number_masked(obj):
        return obj.masked_id

    @staticmethod
    def resolve_phone_masked(obj):
        return obj.masked_phone


class VisitOut(MaskedContactOut):
    id: int
    school_id: int
    status: VisitStatus
    name: str
    id_type: IdType
    id_number_masked: str
    phone_masked: str
    organisation: str
    purpose: str
    host_id: int | None
    vehicle_plate: str
    companions: int
    expected_on: date | None
    stay_minutes: int
    checked_in_at: datetime | None
    expected_out_at: datetime | None
    checked_out_at: datetime | None
    watchlist_match: bool
    override_reason: str
    client_uuid: UUID | None

    @staticmethod
    def resolve_watchlist_match(obj):
        return obj.watchlist_entry_id is not None


class VisitIn(Schema):
    name: str
    purpose: str
    id_type: IdType = IdType.RESIDENT
    id_number: str = ""
    phone: str = ""
    organisation: str = ""
    host_id: int | None = None
    vehicle_plate: str = ""
    companions: int = 0
    stay_minutes: int | None = None
    client_uuid: UUID | None = None


class InviteIn(VisitIn):
    expected_on: date


class ReasonIn(Schema):
    reason: str = ""


class PassIn(Schema):
    code: str


@router.get("/schools/{school_id}/visits", response=list[VisitOut])
@paginate(PageNumberPagination, page_size=50)
def visit_list(request, school_id: int, on_campus: bool = False):
    """The school's visits, newest first; `on_campus=true`: still on campus, overdue first."""
    school = school_for(request, school_id, Cap.GATE_VIEW)
    if on_campus:
        return queries.on_campus(user=request.user, school=school)
    return queries.visits(user=request.user, school=school).order_by("-created_at", "-pk")


def _visit(request, visit_id):
    seen = queries.visits_seen_by(request.user).select_related("school")
    return get_visible_or_404(request.user, Visit, visit_id, queryset=seen)


@router.get("/visits/{visit_id}", response=VisitOut)
def visit_detail(request, visit_id: int):
    return _visit(request, visit_id)


@router.post("/schools/{school_id}/visits", response={201: VisitOut, 200: VisitOut})
def visit_register(request, school_id: int, payload: VisitIn):
    """Register a walk-in visitor. A watchlist match answers with status "held": the visitor is
    not admitted until refused or overridden with a reason."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    again = already_saved(Visit, payload.client_uuid, school=school)
    data = payload.dict()
    host_id = data.pop("host_id")
    host = None
    if host_id is not None:
        host = _found(core_queries.school_people_choices(school).filter(pk=host_id))
    visit = visits.register_visit(actor=request.user, school=school, host=host, **data)
    return Status(200 if again else 201, visit)


@router.post("/schools/{school_id}/visits/invite", response={201: VisitOut, 200: VisitOut})
def visit_invite(request, school_id: int, payload: InviteIn):
    """Pre-register one's own visitor; the answer's visit has a pass (GET /visits/{id}/pass)."""
    school = school_for(request, school_id, Cap.VISIT_HOST)
    again = already_saved(Visit, payload.client_uuid, school=school)
    data = payload.dict()
    data.pop("host_id")
    visit = visits.pre_register(actor=request.user, school=school, **data)
    return Status(200 if again else 201, visit)


@router.get("/visits/{visit_id}/pass")
def visit_pass(request, visit_id: int):
    visit = _visit(request, visit_id)
    return {"code": visit.pass_code, "expected_on": visit.expected_on}


@router.post("/schools/{school_id}/visits/by-pass", response=VisitOut)
def visit_by_pass(request, school_id: int, payload: PassIn):
    """Check in a pre-registered visitor by the pass code (scanned or typed)."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    visit = _found(Visit.objects.filter(school=school, pass_code=payload.code.strip().upper()))
    return visits.check_in_by_pass(actor=request.user, visit=visit)


@router.post("/visits/{visit_id}/check-out", response=VisitOut)
def visit_check_out(request, visit_id: int):
    return visits.check_out(actor=request.user, visit=_visit(request, visit_id))


@router.post("/visits/{visit_id}/refuse", response=VisitOut)
def visit_refuse(request, visit_id: int, payload: ReasonIn):
    return visits.refuse_entry(
        actor=request.user, visit=_visit(request, visit_id), note=payload.reason
    )


@router.post("/visits/{visit_id}/override", response=VisitOut)
def visit_override(request, visit_id: int, payload: ReasonIn):
    return visits.override(
        actor=request.user, visit=_visit(request, visit_id), reason=payload.reason
    )


class WatchlistOut(MaskedContactOut):
    id: int
    org_id: int
    name: str
    id_number_masked: str
    phone_masked: str
    action: str
    reason: str
    valid_until: date | None


class WatchlistIn(Schema):
    name: str
    reason: str
    id_number: str = ""
    phone: str = ""
    action: str = "deny"
    valid_until: date | None = None


@router.get("/orgs/{org_id}/watchlist", response=list[WatchlistOut])
@paginate(PageNumberPagination, page_size=50)
def watchlist_list(request, org_id: int):
    """The entries that apply at the org: its own and those of the bureaus above it."""
    org = org_for(request, org_id, Cap.WATCHLIST_VIEW)
    return queries.watchlist(user=request.user, org=org)


@router.post("/orgs/{org_id}/watchlist", response={201: WatchlistOut})
def watchlist_add(request, org_id: int, payload: WatchlistIn):
    org = get_visible_or_404(request.user, Org, org_id)
    return Status(201, watchlist.add_entry(actor=request.user, org=org, **payload.dict()))


@router.delete("/orgs/{org_id}/watchlist/{entry_id}", response={204: None})
def watchlist_remove(request, org_id: int, entry_id: int):
    org = org_for(request, org_id, Cap.WATCHLIST_MANAGE)
    entry = _found(org.watchlist.filter(pk=entry_id, removed_at__isnull=True))
    watchlist.remove_entry(actor=request.user, entry=entry)
    return Status(204, None)


class StudentOut(Schema):
    id: int
    name: str
    student_number: str
    class_id: int
    class_name: str
    id_number_masked: str

    @staticmethod
    def resolve_class_id(obj):
        return obj.school_class_id

    @staticmethod
    def resolve_class_name(obj):
        return obj.school_class.name

    @staticmethod
    def resolve_id_number_masked(obj):
        return obj.masked_id


@router.get("/schools/{school_id}/students", response=list[StudentOut])
@paginate(PageNumberPagination, page_size=50)
def student_list(request, school_id: int, q: str = ""):
    """Students of the school (masked), for the gate's look-ups."""
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    return student_queries.students(user=request.user, school=school, q=q[:40])


def _student(request, school, student_id):
    return _found(
        student_queries.students(user=request.user, school=school)
        .select_related("school_class__head_teacher", "school")
        .filter(pk=student_id)
    )


class ExitOut(Schema):
    id: int
    student_id: int
    status: ExitStatus
    reason: str
    leave_from: datetime
    return_by: datetime | None
    accompanying_adult: str
    exited_at: datetime | None
    returned_at: datetime | None
    usable_now: bool
    client_uuid: UUID | None

    @staticmethod
    def resolve_usable_now(obj):
        return exits.usable_now(obj)


class ExitIn(Schema):
    student_id: int
    reason: str
    leave_from: datetime
    return_by: datetime | None = None
    accompanying_adult: str = ""
    request: bool = False
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/exit-permits", response=list[ExitOut])
@paginate(PageNumberPagination, page_size=50)
def exit_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.exits(user=request.user, school=school).order_by("-leave_from", "-pk")


@router.post("/schools/{school_id}/exit-permits", response={201: ExitOut, 200: ExitOut})
def exit_create(request, school_id: int, payload: ExitIn):
    """Issue a permit (head teacher of the class, or leaders), or `request=true` for others."""
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(ExitPermit, payload.client_uuid, school=school)
    data = payload.dict()
    student = _student(request, school, data.pop("student_id"))
    permit = exits.issue_permit(actor=request.user, student=student, **data)
    return Status(200 if again else 201, permit)


def _permit(request, permit_id):
    seen = queries.permits_seen_by(request.user).select_related(
        "school", "student__school_class", "student__school"
    )
    return get_visible_or_404(request.user, ExitPermit, permit_id, queryset=seen)


EXIT_ACTIONS = {
    "approve": exits.approve_permit,
    "cancel": exits.cancel_permit,
    "out": exits.record_exit,
    "return": exits.record_return,
}


@router.post("/exit-permits/{permit_id}/{action}", response=ExitOut)
def exit_act(request, permit_id: int, action: str):
    """approve / cancel (head teacher), out / return (gate desk)."""
    service = EXIT_ACTIONS.get(action)
    if service is None:
        raise Http404
    return service(actor=request.user, permit=_permit(request, permit_id))


class PickupPersonOut(MaskedContactOut):
    id: int
    name: str
    relation: str
    phone_masked: str
    id_number_masked: str
    photo_id: int | None


class PickupPersonIn(Schema):
    name: str
    relation: str
    phone: str
    consent: str
    consent_by: str
    id_number: str = ""


class PickupOut(Schema):
    id: int
    student_id: int
    day: date
    outcome: str
    person_id: int | None
    claimed_name: str
    at: datetime
    client_uuid: UUID | None


class HandOverIn(Schema):
    person_id: int
    client_uuid: UUID | None = None


class RefusePickupIn(Schema):
    claimed_name: str
    claimed_relation: str = ""
    note: str = ""
    client_uuid: UUID | None = None


@router.get(
    "/schools/{school_id}/students/{student_id}/pickup-persons", response=list[PickupPersonOut]
)
def pickup_persons(request, school_id: int, student_id: int):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    return list(queries.pickup_persons(_student(request, school, student_id)))


@router.post(
    "/schools/{school_id}/students/{student_id}/pickup-persons", response={201: PickupPersonOut}
)
def pickup_person_add(request, school_id: int, student_id: int, payload: PickupPersonIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    student = _student(request, school, student_id)
    return Status(201, pickups.add_person(actor=request.user, student=student, **payload.dict()))


@router.delete(
    "/schools/{school_id}/students/{student_id}/pickup-persons/{person_id}", response={204: None}
)
def pickup_person_revoke(request, school_id: int, student_id: int, person_id: int):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    student = _student(request, school, student_id)
    person = _found(queries.pickup_persons(student).filter(pk=person_id))
    pickups.revoke_person(actor=request.user, person=person)
    return Status(204, None)


@router.post(
    "/schools/{school_id}/students/{student_id}/hand-over",
    response={201: PickupOut, 200: PickupOut},
)
def pickup_hand_over(request, school_id: int, student_id: int, payload: HandOverIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(PickupRecord, payload.client_uuid, school=school)
    student = _student(request, school, student_id)
    person = _found(queries.pickup_persons(student).filter(pk=payload.person_id))
    record = pickups.hand_over(
        actor=request.user, student=student, person=person, client_uuid=payload.client_uuid
    )
    return Status(200 if again else 201, record)


@router.post(
    "/schools/{school_id}/students/{student_id}/refuse-pickup",
    response={201: PickupOut, 200: PickupOut},
)
def pickup_refuse(request, school_id: int, student_id: int, payload: RefusePickupIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(PickupRecord, payload.client_uuid, school=school)
    student = _student(request, school, student_id)
    record = pickups.refuse(actor=request.user, student=student, **payload.dict())
    return Status(200 if again else 201, record)


@router.get("/schools/{school_id}/not-picked-up", response=list[StudentOut])
@paginate(PageNumberPagination, page_size=50)
def not_picked_up(request, school_id: int, day: date | None = None):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    students = student_queries.students(user=request.user, school=school)
    return pickups.not_picked_up(students, day or timezone.localdate())


class ConfiscationOut(Schema):
    id: int
    kind: ItemKind
    item: str
    student_id: int | None
    place: str
    found_at: datetime
    found_by_id: int
    handling: Handling
    note: str
    client_uuid: UUID | None


class ConfiscationIn(Schema):
    kind: ItemKind
    item: str
    place: str
    handling: Handling
    student_id: int | None = None
    found_at: datetime | None = None
    note: str = ""
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/confiscations", response=list[ConfiscationOut])
@paginate(PageNumberPagination, page_size=50)
def confiscation_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.confiscations(user=request.user, school=school)


@router.post(
    "/schools/{school_id}/confiscations", response={201: ConfiscationOut, 200: ConfiscationOut}
)
def confiscation_create(request, school_id: int, payload: ConfiscationIn):
    school = school_for(request, school_id, Cap.STUDENT_VIEW)
    again = already_saved(Confiscation, payload.client_uuid, school=school)
    data = payload.dict()
    student_id = data.pop("student_id")
    student = _student(request, school, student_id) if student_id else None
    record = confiscations.record_confiscation(
        actor=request.user, school=school, student=student, **data
    )
    return Status(200 if again else 201, record)


class DutyOut(Schema):
    id: int
    day: date
    session: str
    guards: int
    teachers: int
    police: int
    barriers: bool
    note: str


class DutyIn(Schema):
    day: date
    session: str
    guards: int
    teachers: int
    police: int
    barriers: bool
    note: str = ""
    client_uuid: UUID | None = None


@router.get("/schools/{school_id}/duty", response=list[DutyOut])
@paginate(PageNumberPagination, page_size=50)
def duty_list(request, school_id: int):
    school = school_for(request, school_id, Cap.GATE_VIEW)
    return queries.duty_logs(user=request.user, school=school)


@router.post("/schools/{school_id}/duty", response={201: DutyOut, 200: DutyOut})
def duty_record(request, school_id: int, payload: DutyIn):
    """Record (or correct) one session's gate duty: one row per school, day and session."""
    school = school_for(request, school_id, Cap.GATE_DESK)
    existed = DutyLog.objects.filter(school=school, day=payload.day, session=payload.session)
    existed = existed.exists()
    log = duty.record_duty(actor=request.user, school=school, **payload.dict())
    return Status(200 if existed else 201, log)


@router.get("/orgs/{org_id}/gate-counts")
def gate_counts(request, org_id: int, start: date, end: date):
    """Per school under the bureau: visits, watchlist holds, exits, refused pick-ups,
    confiscations, and gate duty coverage in the range."""
    org = org_for(request, org_id, Cap.GATE_OVERSIGHT)
    if end < start or (end - start).days > 366:
        raise DomainError(_("Choose a range of at most a year, ending after it starts."))
    counts = queries.bureau_counts(user=request.user, bureau=org, start=start, end=end)
    cover = {
        c["school"].pk: c
        for c in queries.coverage(user=request.user, bureau=org, start=start, end=end)
    }
    return [
        {
            "school_id": school.pk,
            "school": school.name,
            **numbers,
            "duty_sessions": cover[school.pk]["sessions"],
            "duty_logged": cover[school.pk]["logged"],
            "duty_with_police": cover[school.pk]["police"],
        }
        for school, numbers in counts
    ]
