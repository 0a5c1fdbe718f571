"""Dispatched tasks and notices over the API: send, the sender's and the school's lists, the
task, the read receipt, the reply or acknowledgement, the review, closing and withdrawing, and
the lists of schools that have not read or not answered."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.models.org import SchoolKind
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.core.targets import clean_target
from safecampus.supervision.models import DispatchKind, DispatchStatus, TaskReplyStatus
from safecampus.supervision.queries import dispatch as queries
from safecampus.supervision.services import dispatch as services

router = Router()

Label = Annotated[OneLine, Field(max_length=60)]
FigureValue = Annotated[float, Field(ge=0, le=1_000_000_000)]


class TaskFigureOut(Schema):
    key: str
    label: str


class TaskTargetIn(Schema):
    school_kinds: list[SchoolKind] = Field(default_factory=list, max_length=10)
    under: list[Annotated[int, Field(ge=1, le=2_147_483_647)]] = Field(
        default_factory=list, max_length=200
    )
    boarding: bool | None = None


class TaskIn(Schema):
    kind: DispatchKind
    title: Annotated[OneLine, Field(min_length=1, max_length=200)]
    body: str = Field(min_length=1, max_length=10_000)
    deadline: datetime | None = None
    needs_text: bool = True
    needs_attachments: bool = False
    figures: list[Label] = Field(default_factory=list, max_length=services.MAX_FIGURES)
    target: TaskTargetIn = Field(default_factory=TaskTargetIn)


class CountsOut(Schema):
    sent: int
    read: int
    replied: int
    accepted: int
    to_review: int
    late: int
    overdue: int
    not_read: int
    not_replied: int


class FigureSumOut(Schema):
    label: str
    total: float


class DispatchedTaskOut(Schema):
    id: int
    sender_id: int
    sender: str
    kind: DispatchKind
    status: DispatchStatus
    title: str
    body: str
    deadline: datetime | None
    needs_text: bool
    needs_attachments: bool
    figures: list[TaskFigureOut]
    attachment_ids: list[int]
    sent_at: datetime

    @staticmethod
    def resolve_sender(obj):
        return obj.sender.name

    @staticmethod
    def resolve_attachment_ids(obj):
        return [a.pk for a in obj.attachments.all()]


class SentTaskOut(Schema):
    id: int
    kind: DispatchKind
    status: DispatchStatus
    title: str
    deadline: datetime | None
    sent_at: datetime
    sent: int = Field(alias="n_sent")
    read: int = Field(alias="n_read")
    answered: int = Field(alias="n_answered")
    waiting: int = Field(alias="n_waiting")


class ReplyOut(Schema):
    id: int
    text: str
    figures: dict[str, float]
    attachment_ids: list[int]
    submitted_by: str
    submitted_at: datetime
    late: bool
    reviewed_at: datetime | None
    return_reason: str

    @staticmethod
    def resolve_submitted_by(obj):
        return str(obj.submitted_by)

    @staticmethod
    def resolve_attachment_ids(obj):
        return [a.pk for a in obj.attachments.all()]


class CopyOut(Schema):
    """One school's copy of a task."""

    task_id: int
    school_id: int
    school: str
    status: TaskReplyStatus
    read_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_school(obj):
        return obj.school.name

    @staticmethod
    def resolve_overdue(obj):
        return bool(getattr(obj, "is_overdue", False))


class TaskDetailOut(Schema):
    """The sender's view (`counts`, `figure_sums`) or a school's (`recipient`, `replies`)."""

    task: DispatchedTaskOut
    counts: CountsOut | None = None
    figure_sums: list[FigureSumOut] | None = None
    recipient: CopyOut | None = None
    replies: list[ReplyOut] | None = None


class InboxOut(Schema):
    task_id: int
    title: str
    kind: DispatchKind
    task_status: DispatchStatus
    sender: str
    deadline: datetime | None
    status: TaskReplyStatus
    read_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_title(obj):
        return obj.task.title

    @staticmethod
    def resolve_kind(obj):
        return obj.task.kind

    @staticmethod
    def resolve_task_status(obj):
        return obj.task.status

    @staticmethod
    def resolve_sender(obj):
        return obj.task.sender.name

    @staticmethod
    def resolve_deadline(obj):
        return obj.task.deadline

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class SchoolRowOut(Schema):
    school_id: int
    school: str
    status: TaskReplyStatus
    read_at: datetime | None
    replied_at: datetime | None
    late: bool | None

    @staticmethod
    def resolve_school(obj):
        return obj.school.name


class ReplyIn(Schema):
    text: str = Field("", max_length=10_000)
    figures: dict[Annotated[str, Field(max_length=8)], FigureValue] = Field(
        default_factory=dict, max_length=services.MAX_FIGURES
    )


class TaskReviewIn(Schema):
    action: Literal["accept", "return"]
    reason: Annotated[OneLine, Field(max_length=300)] = ""


def _sent_task(request, task_id, cap=Cap.SUPERVISION_VIEW):
    task = queries.task_as_sender(user=request.user, task_id=task_id)
    if task is None:
        raise Http404
    require(request.user, cap, task.sender)
    return task


def _copy(request, task_id):
    copy = queries.recipient_of(user=request.user, task_id=task_id)
    if copy is None:
        raise Http404
    return copy


def _detail(request, task_id):
    task = queries.task_as_sender(user=request.user, task_id=task_id)
    if task is not None:
        return {
            "task": task,
            "counts": queries.task_counts(task),
            "figure_sums": [
                {"label": label, "total": total} for label, total in queries.figure_sums(task)
            ],
        }
    copy = _copy(request, task_id)
    return {"task": copy.task, "recipient": copy, "replies": list(queries.history(copy))}


@router.post("/orgs/{org_id}/tasks", response={201: TaskDetailOut})
def task_send(request, org_id: int, payload: TaskIn):
    sender = org_for(request, org_id, Cap.SUPERVISION_MANAGE)
    task = services.send_task(
        actor=request.user,
        sender=sender,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        deadline=payload.deadline,
        needs_text=payload.needs_text,
        needs_attachments=payload.needs_attachments,
        figure_labels=payload.figures,
        target=clean_target(
            {
                "school_kinds": [str(k) for k in payload.target.school_kinds],
                "under": payload.target.under,
                "boarding": payload.target.boarding,
            }
        ),
    )
    return Status(201, _detail(request, task.pk))


@router.get("/orgs/{org_id}/tasks", response=list[SentTaskOut])
@paginate(Pagination, page_size=50)
def task_sent_list(
    request,
    org_id: int,
    kind: DispatchKind | None = None,
    status: DispatchStatus | None = None,
    overdue: bool = False,
):
    org = org_for(request, org_id, Cap.SUPERVISION_VIEW)
    return queries.sent_tasks(
        user=request.user, org=org, kind=kind or "", status=status or "", overdue=overdue
    )


@router.get("/schools/{school_id}/tasks", response=list[InboxOut])
@paginate(Pagination, page_size=50)
def task_inbox(request, school_id: int):
    school = school_for(request, school_id, Cap.SUPERVISION_VIEW)
    return queries.school_tasks(user=request.user, school=school)


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def task_detail(request, task_id: int):
    return _detail(request, task_id)


@router.post("/tasks/{task_id}/read", response=TaskDetailOut)
def task_read(request, task_id: int):
    """The school's read receipt; from the sender's side it changes nothing."""
    copy = _copy(request, task_id)
    services.mark_read(user=request.user, recipient=copy)
    return _detail(request, task_id)


@router.post("/tasks/{task_id}/reply", response={201: TaskDetailOut})
def task_reply(request, task_id: int, payload: ReplyIn):
    copy = _copy(request, task_id)
    services.reply(actor=request.user, recipient=copy, text=payload.text, figures=payload.figures)
    return Status(201, _detail(request, task_id))


@router.post("/tasks/{task_id}/acknowledge", response=TaskDetailOut)
def task_acknowledge(request, task_id: int):
    copy = _copy(request, task_id)
    services.acknowledge(actor=request.user, recipient=copy)
    return _detail(request, task_id)


@router.post("/tasks/{task_id}/schools/{school_id}/review", response=ReplyOut)
def task_review(request, task_id: int, school_id: int, payload: TaskReviewIn):
    task = _sent_task(request, task_id)
    copy = queries.recipient_of(user=request.user, task_id=task.pk, school_id=school_id)
    if copy is None:
        raise Http404
    return services.review(
        actor=request.user, recipient=copy, action=payload.action, reason=payload.reason
    )


@router.post("/tasks/{task_id}/close", response=TaskDetailOut)
def task_close(request, task_id: int):
    task = _sent_task(request, task_id)
    services.end_task(actor=request.user, task=task, action="close")
    return _detail(request, task_id)


@router.post("/tasks/{task_id}/withdraw", response=TaskDetailOut)
def task_withdraw(request, task_id: int):
    task = _sent_task(request, task_id)
    services.end_task(actor=request.user, task=task, action="withdraw")
    return _detail(request, task_id)


@router.get("/tasks/{task_id}/not-read", response=list[SchoolRowOut])
@paginate(Pagination, page_size=50)
def task_not_read(request, task_id: int):
    return queries.recipients(_sent_task(request, task_id), "unread")


@router.get("/tasks/{task_id}/not-replied", response=list[SchoolRowOut])
@paginate(Pagination, page_size=50)
def task_not_replied(request, task_id: int):
    return queries.recipients(_sent_task(request, task_id), "unreplied")
