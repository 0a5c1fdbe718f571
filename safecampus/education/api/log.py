"""The 1530 log over the API: today's slot and classes, recording an entry (a phone's queue
replays with its client id), each class's completion and a bureau's schools."""

from datetime import date
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.education.api.periods import MONTH_PATTERN, period_of
from safecampus.education.models import Reminder1530, Slot, Topic
from safecampus.education.queries import bureau as bureau_queries
from safecampus.education.queries import log as queries
from safecampus.education.rules import topics_for
from safecampus.education.services import log as services
from safecampus.students.models import SchoolClass

router = Router()

Id = Field(ge=1, le=2_147_483_647)


class TopicOut(Schema):
    id: int
    code: str
    name: str


class TodayClassOut(Schema):
    id: int
    name: str
    recorded: bool
    topic: str | None


class TodayOut(Schema):
    day: date
    slot: Slot | None
    minutes: int | None
    suggested_topic_id: int | None
    classes: list[TodayClassOut]


class ReminderIn(Schema):
    class_id: int = Id
    day: date
    topic_id: int = Id
    note: str = Field("", max_length=500)
    client_uuid: UUID | None = None


class ReminderOut(Schema):
    id: int
    class_id: int
    day: date
    slot: Slot
    minutes: int
    topic: str
    note: str
    late: bool

    @staticmethod
    def resolve_class_id(obj):
        return obj.school_class_id

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name


class ClassBookOut(Schema):
    class_id: int
    name: str
    due: int
    done: int
    rate: float | None
    missing: list[date]


class SchoolCompletionOut(Schema):
    school_id: int
    school: str
    done: int
    due: int
    rate: float | None
    missing: int
    lessons_overdue: int
    staff_short: int


class MonthQuery(Schema):
    month: str | None = Field(None, pattern=MONTH_PATTERN)


@router.get("/orgs/{school_id}/education/topics", response=list[TopicOut])
def topics(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return topics_for(school)


@router.get("/orgs/{school_id}/education/1530/today", response=TodayOut)
def today(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    found = queries.today(request.user, school)
    return {
        "day": found.day,
        "slot": found.slot,
        "minutes": found.minutes,
        "suggested_topic_id": found.suggested.pk if found.suggested else None,
        "classes": [
            {
                "id": c.pk,
                "name": c.name,
                "recorded": entry is not None,
                "topic": entry.topic.name if entry else None,
            }
            for c, entry in found.rows
        ],
    }


@router.post("/orgs/{school_id}/education/1530", response={201: ReminderOut, 200: ReminderOut})
def record(request, school_id: int, payload: ReminderIn):
    """Record a class's 1530 entry. A repeated client_uuid returns the first entry."""
    school = school_for(request, school_id, Cap.EDUCATION_RECORD)
    school_class = get_visible_or_404(
        request.user,
        SchoolClass,
        payload.class_id,
        queryset=SchoolClass.objects.filter(school=school),
    )
    topic = Topic.objects.filter(pk=payload.topic_id).first()
    again = already_saved(Reminder1530, payload.client_uuid, school=school)
    entry = services.record_reminder(
        actor=request.user,
        school_class=school_class,
        day=payload.day,
        topic=topic,
        note=payload.note,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if again else 201, entry)


@router.get("/orgs/{school_id}/education/1530/classes", response=list[ClassBookOut])
def class_books(request, school_id: int, filters: Query[MonthQuery]):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    period = period_of(filters.month)
    return [
        {
            "class_id": book.school_class.pk,
            "name": book.school_class.name,
            "due": book.due,
            "done": book.done,
            "rate": book.rate,
            "missing": [day for day, _slot in book.missing],
        }
        for book in queries.class_books(request.user, school, period.start, period.end)
    ]


@router.get("/orgs/{org_id}/education/schools", response=list[SchoolCompletionOut])
@paginate(Pagination)
def schools(request, org_id: int, filters: Query[MonthQuery]):
    """The 1530 completion of each school under the org (this page's schools)."""
    org = org_for(request, org_id, Cap.EDUCATION_VIEW)
    period = period_of(filters.month)
    return bureau_queries.CompletionList(bureau_queries.schools(request.user, org), period)
