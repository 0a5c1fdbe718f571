"""Safety lessons over the API: the school's list, recording a lesson (materials are added on
the page), each class's cadence and the term's plan."""

from datetime import date
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.models import User
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.education.models import SafetyLesson, Topic
from safecampus.education.queries import lessons as queries
from safecampus.education.queries.plan import plan as term_plan
from safecampus.education.services import lessons as services
from safecampus.students.models import SchoolClass

router = Router()

Id = Field(ge=1, le=2_147_483_647)


class LessonIn(Schema):
    class_id: int = Id
    day: date
    topic_id: int = Id
    teacher_id: int = Id
    attendance: int = Field(ge=0, le=200)
    title: str = Field("", max_length=120)
    note: str = Field("", max_length=500)
    client_uuid: UUID | None = None


class LessonOut(Schema):
    id: int
    class_id: int
    day: date
    topic: str
    title: str
    teacher: str
    attendance: int

    @staticmethod
    def resolve_class_id(obj):
        return obj.school_class_id

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name

    @staticmethod
    def resolve_teacher(obj):
        return str(obj.teacher)


class CadenceOut(Schema):
    class_id: int
    name: str
    last: date | None
    due_by: date | None
    overdue: bool


class ThemeOut(Schema):
    name: str
    first: date
    last: date
    topic: str | None
    source: str


@router.get("/orgs/{school_id}/education/lessons", response=list[LessonOut])
@paginate(Pagination)
def lesson_list(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return queries.lessons(request.user, school)


@router.post("/orgs/{school_id}/education/lessons", response={201: LessonOut, 200: LessonOut})
def lesson_record(request, school_id: int, payload: LessonIn):
    """Record a lesson. A repeated client_uuid returns the first lesson."""
    school = school_for(request, school_id, Cap.EDUCATION_RECORD)
    school_class = get_visible_or_404(
        request.user,
        SchoolClass,
        payload.class_id,
        queryset=SchoolClass.objects.filter(school=school),
    )
    again = already_saved(SafetyLesson, payload.client_uuid, school=school)
    lesson = services.record_lesson(
        actor=request.user,
        school_class=school_class,
        day=payload.day,
        topic=Topic.objects.filter(pk=payload.topic_id).first(),
        teacher=User.objects.filter(pk=payload.teacher_id).first(),
        attendance=payload.attendance,
        title=payload.title,
        note=payload.note,
        client_uuid=payload.client_uuid,
    )
    return Status(200 if again else 201, lesson)


@router.get("/orgs/{school_id}/education/lessons/cadence", response=list[CadenceOut])
def cadence(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return [
        {
            "class_id": row.school_class.pk,
            "name": row.school_class.name,
            "last": row.last,
            "due_by": row.due_by,
            "overdue": row.overdue,
        }
        for row in queries.class_cadence(request.user, school)
    ]


@router.get("/orgs/{school_id}/education/plan", response=list[ThemeOut])
def plan(request, school_id: int):
    """The theme days and weeks of the safety calendar in the school's current term."""
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return [
        {
            "name": theme.name,
            "first": first,
            "last": last,
            "topic": theme.topic.name if theme.topic else None,
            "source": theme.source,
        }
        for first, last, theme in term_plan(school).themes
    ]
