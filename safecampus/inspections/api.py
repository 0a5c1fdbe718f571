"""Checks API: my checks today, checklists, inspections (submitted in offline batches), photos,
and the bureau's completion per school."""

from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, visible_to
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import already_saved
from safecampus.core.models.grid import PostKind
from safecampus.core.models.org import SchoolKind
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.inspections import queries, services
from safecampus.inspections.models import ChecklistTemplate, Inspection, Publication, Recurrence
from safecampus.inspections.services.templates import current_version

router = Router(tags=["checks"])


class TaskOut(Schema):
    id: int
    day: date
    template_id: int
    template_name: str
    zone_id: int | None
    due_from: datetime
    due_by: datetime
    state: str
    inspection_id: int | None

    @staticmethod
    def resolve_template_name(obj):
        return obj.template.name

    @staticmethod
    def resolve_state(obj):
        return queries.task_state(obj)

    @staticmethod
    def resolve_inspection_id(obj):
        inspection = getattr(obj, "inspection", None)
        return inspection.pk if inspection is not None else None


class ItemOut(Schema):
    id: int
    position: int
    group: str
    text: str
    kind: str
    help_text: str
    min_value: Decimal | None
    max_value: Decimal | None
    unit: str
    photo_on_fail: bool
    category: str


class ChecklistOut(Schema):
    id: int
    name: str
    area: str
    description: str
    archived: bool
    version: int
    items: list[ItemOut]

    @staticmethod
    def resolve_version(obj):
        return _newest(obj).number

    @staticmethod
    def resolve_items(obj):
        return list(_newest(obj).items.all())


def _newest(template):
    """The current version, from the prefetch when the list made one (no query per row)."""
    prefetched = getattr(template, "newest_first", None)
    return prefetched[0] if prefetched else current_version(template)


class AnswerIn(Schema):
    item_id: int
    outcome: str = ""
    number: Decimal | None = None
    text: str = ""
    photo_ids: list[int] = []


class InspectionIn(Schema):
    client_uuid: UUID
    task_id: int | None = None
    template_id: int | None = None
    zone_id: int | None = None
    device_time: datetime | None = None
    note: str = ""
    answers: list[AnswerIn]


MAX_BATCH = 100


class CheckBatchIn(Schema):
    inspections: list[InspectionIn]


class BatchResultOut(Schema):
    client_uuid: UUID
    status: str  # created, replayed or refused
    inspection_id: int | None = None
    detail: str = ""
    problems: dict[int, str] = {}


class CheckBatchOut(Schema):
    results: list[BatchResultOut]


class ResultOut(Schema):
    item_id: int
    item_text: str
    outcome: str
    number: Decimal | None
    text: str
    hazard_id: int | None
    photo_ids: list[int]

    @staticmethod
    def resolve_item_text(obj):
        return obj.item.text

    @staticmethod
    def resolve_photo_ids(obj):
        return [p.pk for p in obj.photos.all()]


class InspectionOut(Schema):
    id: int
    client_uuid: UUID
    template_id: int
    template_name: str
    version: int
    task_id: int | None
    zone_id: int | None
    inspector_id: int
    submitted_at: datetime
    device_time: datetime | None
    late: bool
    failed_count: int
    note: str

    @staticmethod
    def resolve_template_id(obj):
        return obj.version.template_id

    @staticmethod
    def resolve_template_name(obj):
        return obj.version.template.name

    @staticmethod
    def resolve_version(obj):
        return obj.version.number


class InspectionDetailOut(InspectionOut):
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj):
        return list(queries.results(obj))


class PhotoOut(Schema):
    id: int


class CompletionOut(Schema):
    school_id: int
    school_name: str
    total: int
    done: int
    late: int
    missed: int
    open: int
    rate: float | None


def _school(request, school_id):
    return school_for(request, school_id, Cap.CHECK_RUN)


@router.get("/schools/{school_id}/checks/today", response=list[TaskOut])
def my_checks_today(request, school_id: int):
    """The caller's checks of today in time order."""
    return list(queries.my_tasks(request.user, _school(request, school_id)))


@router.get("/schools/{school_id}/checks/checklists", response=list[ChecklistOut])
@paginate(Pagination)
def checklists(request, school_id: int):
    school = _school(request, school_id)
    return queries.with_versions(queries.templates(user=request.user, school=school))


@router.get("/schools/{school_id}/checks/checklists/{checklist_id}", response=ChecklistOut)
def checklist(request, school_id: int, checklist_id: int):
    school = _school(request, school_id)
    checklists = queries.checklists_with_versions(user=request.user, school=school)
    return get_visible_or_404(request.user, ChecklistTemplate, checklist_id, checklists)


@router.post("/schools/{school_id}/checks/photos", response={201: PhotoOut})
def upload_photo(request, school_id: int, photo: File[UploadedFile]):
    """Upload a photo first; then name its id in an answer's photo_ids."""
    school = _school(request, school_id)
    with atomic_with_files():
        [attachment] = services.keep_photos(actor=request.user, school=school, uploads=[photo])
    return Status(201, attachment)


def _submit_one(request, school, entry):
    photo_ids = {pid for a in entry.answers for pid in a.photo_ids}
    photos = queries.my_uploads(user=request.user, school=school, ids=photo_ids)
    photos_by_id = {p.pk: p for p in photos}
    if len(photos_by_id) != len(photo_ids):
        raise DomainError(_("A photo id is unknown or was not uploaded by you."))
    task = None
    if entry.task_id is not None:
        task = queries.tasks(user=request.user, school=school).filter(pk=entry.task_id).first()
        if task is None:
            raise DomainError(
                _("This check no longer exists (its schedule was stopped) or is another school's.")
            )
    template = None
    if entry.template_id is not None:
        checklists = queries.checklists(user=request.user, school=school)
        template = checklists.filter(pk=entry.template_id).first()
    zone = None
    if entry.zone_id is not None:
        zones = core_queries.school_zones(user=request.user, school=school)
        zone = zones.filter(pk=entry.zone_id).first()
        if zone is None:
            raise DomainError(_("The zone belongs to another school."))
    answers = {
        a.item_id: {
            "outcome": a.outcome,
            "number": "" if a.number is None else str(a.number),
            "text": a.text,
        }
        for a in entry.answers
    }
    photos = {a.item_id: [photos_by_id[pid] for pid in a.photo_ids] for a in entry.answers}
    return services.submit_inspection(
        actor=request.user,
        school=school,
        client_uuid=entry.client_uuid,
        task=task,
        template=template,
        zone=zone,
        answers=answers,
        photos=photos,
        device_time=entry.device_time,
        note=entry.note,
    )


@router.post("/schools/{school_id}/checks/inspections/batch", response=CheckBatchOut)
def submit_batch(request, school_id: int, payload: CheckBatchIn):
    """Submit checks a phone queued (perhaps offline). Each is saved or refused on its own; a
    client_uuid already saved is answered "replayed" and creates nothing."""
    school = _school(request, school_id)
    if len(payload.inspections) > MAX_BATCH:
        raise DomainError(_("Send at most %(n)d checks at a time.") % {"n": MAX_BATCH})
    results = []
    for entry in payload.inspections:
        again = already_saved(Inspection, entry.client_uuid, school=school, inspector=request.user)
        try:
            inspection = _submit_one(request, school, entry)
        except services.AnswersInvalid as exc:
            results.append(
                {
                    "client_uuid": entry.client_uuid,
                    "status": "refused",
                    "detail": exc.message,
                    "problems": exc.problems,
                }
            )
        except (DomainError, PermissionRefused) as exc:
            results.append(
                {"client_uuid": entry.client_uuid, "status": "refused", "detail": exc.message}
            )
        else:
            results.append(
                {
                    "client_uuid": entry.client_uuid,
                    "status": "replayed" if again else "created",
                    "inspection_id": inspection.pk,
                }
            )
    return {"results": results}


@router.get("/schools/{school_id}/checks/inspections", response=list[InspectionOut])
@paginate(Pagination)
def inspections(request, school_id: int):
    return queries.inspections(user=request.user, school=_school(request, school_id))


@router.get("/schools/{school_id}/checks/inspections/{inspection_id}", response=InspectionDetailOut)
def inspection(request, school_id: int, inspection_id: int):
    school = _school(request, school_id)
    inspections = queries.inspections(user=request.user, school=school)
    return get_visible_or_404(request.user, Inspection, inspection_id, inspections)


@router.get("/orgs/{org_id}/checks/completion", response=list[CompletionOut])
def completion(request, org_id: int, start: date | None = None, end: date | None = None):
    """Done rate per school under the org over the period (default: the last 30 days)."""
    org = org_for(request, org_id, Cap.CHECK_VIEW)
    start, end = queries.period(start, end)
    if start > end or (end - start).days > 366:
        raise DomainError(_("Choose a period of at most one year."))
    table = queries.bureau_oversight(user=request.user, bureau=org, start=start, end=end)
    return [
        {
            **{k: row[k] for k in ("total", "done", "late", "missed", "open", "rate")},
            "school_id": row["school"].pk,
            "school_name": row["school"].name,
        }
        for row in table
    ]


# Published by the bureau ---------------------------------------------------------------------


class PublicationTargetIn(Schema):
    """core.targets: empty lists pick every kind and everywhere under the bureau."""

    school_kinds: list[SchoolKind] = Field(default_factory=list, max_length=20)
    under: list[int] = Field(default_factory=list, max_length=500)
    boarding: bool | None = None


class PublishIn(Schema):
    checklist_id: int = Field(ge=1, le=2**31 - 1)
    post_kind: PostKind = PostKind.SAFETY_OFFICER
    recurrence: Recurrence
    weekday: int | None = Field(None, ge=0, le=6)
    day_number: int | None = Field(None, ge=1, le=60)
    at: time
    window_minutes: int = Field(60, ge=5, le=24 * 60)
    starts_on: date
    ends_on: date | None = None
    school_days_only: bool = True
    target: PublicationTargetIn = Field(default_factory=PublicationTargetIn)


class PublicationOut(Schema):
    id: int
    bureau_id: int
    checklist_id: int = Field(alias="template_id")
    checklist_name: str = Field(alias="template.name")
    post_kind: str
    recurrence: str
    weekday: int | None
    day_number: int | None
    at: time
    window_minutes: int
    starts_on: date
    ends_on: date | None
    target: dict
    school_count: int = 0
    published_at: datetime
    withdrawn_at: datetime | None


class PublicationCompletionOut(Schema):
    school_id: int
    school_name: str
    total: int
    done: int
    late: int
    missed: int
    open: int
    rate: float | None


def _publication(request, publication_id):
    rows = visible_to(request.user, Publication, Cap.CHECK_VIEW)
    return get_visible_or_404(request.user, Publication, publication_id, rows)


@router.post("/orgs/{org_id}/checks/publications", response={201: PublicationOut})
def publish(request, org_id: int, payload: PublishIn):
    """Publish one of the bureau's checklists with a schedule to its schools (all, or those the
    target picks): one schedule per school, which the school cannot change."""
    org = org_for(request, org_id, Cap.CHECK_PUBLISH)
    template = get_visible_or_404(
        request.user,
        ChecklistTemplate,
        payload.checklist_id,
        queries.bureau_checklists(user=request.user, bureau=org),
    )
    fields = payload.dict(exclude={"checklist_id", "target"})
    publication = services.publish(
        actor=request.user,
        bureau=org,
        template=template,
        target=payload.target.dict(),
        **fields,
    )
    return Status(201, queries.publications(user=request.user, bureau=org).get(pk=publication.pk))


@router.get("/orgs/{org_id}/checks/publications", response=list[PublicationOut])
@paginate(Pagination)
def publication_list(request, org_id: int):
    org = org_for(request, org_id, Cap.CHECK_VIEW)
    return queries.publications(user=request.user, bureau=org)


@router.get(
    "/checks/publications/{publication_id}/completion", response=list[PublicationCompletionOut]
)
@paginate(Pagination)
def publication_completion(
    request, publication_id: int, start: date | None = None, end: date | None = None
):
    """Done on time, late, missed and open per school over the period (default: 30 days)."""
    publication = _publication(request, publication_id)
    start, end = queries.period(start, end)
    if start > end or (end - start).days > 366:
        raise DomainError(_("Choose a period of at most one year."))
    return CompletionApiRows(queries.CompletionRows(publication, start, end))


class CompletionApiRows:
    """The completion rows as the API names them (a sliced page of CompletionRows)."""

    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return [
            {
                **{k: row[k] for k in ("total", "done", "late", "missed", "open", "rate")},
                "school_id": row["school"].pk,
                "school_name": row["school"].name,
            }
            for row in self.rows[index]
        ]


@router.post("/checks/publications/{publication_id}/withdraw", response=PublicationOut)
def withdraw(request, publication_id: int):
    """No more checks from it at any school; done ones stay."""
    publication = _publication(request, publication_id)
    services.withdraw(actor=request.user, publication=publication)
    return queries.publications(user=request.user, bureau=publication.bureau).get(pk=publication.pk)
