"""Trainings over the API: the school's list, recording one (materials are added on the
page), and the staff's quotas this term."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.models import User
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.education.models import Audience, Topic, TrainingKind
from safecampus.education.queries import trainings as queries
from safecampus.education.services import trainings as services

router = Router()

PersonId = Field(ge=1, le=2_147_483_647)


class TrainingIn(Schema):
    kind: TrainingKind
    audience: Audience
    title: str = Field(min_length=1, max_length=120)
    day: date
    hours: Decimal = Field(ge=Decimal("0.5"), le=Decimal("24"), decimal_places=1)
    topic_id: int | None = Field(None, ge=1, le=2_147_483_647)
    speaker_id: int | None = Field(None, ge=1, le=2_147_483_647)
    speaker_name: str = Field("", max_length=60)
    attendee_ids: list[int] = Field(default_factory=list, max_length=500)
    attendance: int = Field(0, ge=0, le=10000)
    note: str = Field("", max_length=500)


class TrainingOut(Schema):
    id: int
    kind: TrainingKind
    audience: Audience
    title: str
    day: date
    hours: Decimal
    speaker: str
    attendance: int

    @staticmethod
    def resolve_speaker(obj):
        return obj.speaker_label


class QuotaOut(Schema):
    person_id: int
    person: str
    duty: str
    required: int
    done: int
    short: int


@router.get("/orgs/{school_id}/education/trainings", response=list[TrainingOut])
@paginate(Pagination)
def training_list(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return queries.trainings(request.user, school)


@router.post("/orgs/{school_id}/education/trainings", response={201: TrainingOut})
def training_record(request, school_id: int, payload: TrainingIn):
    school = school_for(request, school_id, Cap.EDUCATION_MANAGE)
    ids = [pk for pk in payload.attendee_ids if 1 <= pk <= 2_147_483_647]
    people = list(User.objects.filter(pk__in=ids))
    if len(people) != len(set(payload.attendee_ids)):
        people.append(User(pk=0))  # an unknown id: refused by the service as a stranger
    training = services.record_training(
        actor=request.user,
        school=school,
        kind=payload.kind,
        audience=payload.audience,
        title=payload.title,
        day=payload.day,
        hours=payload.hours,
        topic=Topic.objects.filter(pk=payload.topic_id).first() if payload.topic_id else None,
        speaker=User.objects.filter(pk=payload.speaker_id).first() if payload.speaker_id else None,
        speaker_name=payload.speaker_name,
        attendees=people,
        attendance=payload.attendance,
        note=payload.note,
    )
    return Status(201, training)


@router.get("/orgs/{school_id}/education/trainings/quotas", response=list[QuotaOut])
def quotas(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    _term, rows = queries.quotas(school)
    return [
        {
            "person_id": q.person.pk,
            "person": str(q.person),
            "duty": q.duty,
            "required": q.required,
            "done": q.done,
            "short": q.short,
        }
        for q in rows
    ]
