"""Guardians' concerns over the API for the school: the list by state, answering, closing.
(Guardians use their phone pages; their session reaches no API.)"""

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.education.models import ConcernStatus
from safecampus.education.models.concerns import MAX_TEXT
from safecampus.education.queries import concerns as queries
from safecampus.education.services import concerns

router = Router()


class GuardianConcernOut(Schema):
    id: int
    student_id: int
    student_name: str = Field(alias="student.name")
    raised_by: str
    text: str
    photo_id: int | None
    status: ConcernStatus
    answer: str
    created_at: datetime
    answered_at: datetime | None
    closed_at: datetime | None


class GuardianConcernAnswerIn(Schema):
    text: str = Field(min_length=1, max_length=MAX_TEXT)


def _concern(request, school_id, concern_id):
    school = school_for(request, school_id, Cap.EDUCATION_RECORD)
    return first_or_404(queries.concerns(request.user, school, None).filter(pk=concern_id))


@router.get("/orgs/{school_id}/education/concerns", response=list[GuardianConcernOut])
@paginate(Pagination)
def concern_list(request, school_id: int, status: ConcernStatus = ConcernStatus.OPEN):
    school = school_for(request, school_id, Cap.EDUCATION_RECORD)
    return queries.concerns(request.user, school, status)


@router.post(
    "/orgs/{school_id}/education/concerns/{concern_id}/answer", response=GuardianConcernOut
)
def concern_answer(request, school_id: int, concern_id: int, payload: GuardianConcernAnswerIn):
    concern = _concern(request, school_id, concern_id)
    return concerns.answer(actor=request.user, concern=concern, text=payload.text)


@router.post("/orgs/{school_id}/education/concerns/{concern_id}/close", response=GuardianConcernOut)
def concern_close(request, school_id: int, concern_id: int):
    concern = _concern(request, school_id, concern_id)
    return concerns.close(actor=request.user, concern=concern)
