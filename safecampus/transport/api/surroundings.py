"""The surroundings ledger over the API: the list, one problem, reporting (with a client UUID)
and the moves (refer, answer, re-check)."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404, get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.idempotency import already_saved
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.transport.models import (
    Outcome,
    OutsideDepartment,
    ProblemStatus,
    ProblemType,
    SurroundingsProblem,
)
from safecampus.transport.queries import surroundings as queries
from safecampus.transport.queries.departments import departments_for_school
from safecampus.transport.services import surroundings as services

router = Router()


class SurroundingsProblemOut(Schema):
    id: int
    school_id: int
    kind: str = Field(alias="kind.name")
    kind_id: int
    place: str
    distance_m: int
    within_barred_distance: bool
    description: str
    status: ProblemStatus
    reported_at: datetime
    department: str
    referred_to_id: int | None
    referred_at: datetime | None
    answer: str
    answered_at: datetime | None
    answered_by: str = ""
    returned_note: str
    outcome: str
    recheck_note: str
    rechecked_at: datetime | None

    @staticmethod
    def resolve_answered_by(problem):
        return problem.answered_by.display_name if problem.answered_by_id else ""


class ProblemIn(Schema):
    kind_id: int = Field(ge=1, le=2**31 - 1)
    place: str = Field(max_length=200)
    distance_m: int = Field(ge=0, le=5000)
    description: str = Field("", max_length=2000)
    client_uuid: UUID | None = None


class ReferIn(Schema):
    department: str = Field("", max_length=120)
    # A department on the platform (of the school's area): it is told and answers itself.
    department_id: int | None = Field(None, ge=1, le=2**31 - 1)


class SurroundingsAnswerIn(Schema):
    answer: str = Field(max_length=2000)


class RecheckIn(Schema):
    outcome: Outcome
    note: str = Field(max_length=2000)


@router.get("/schools/{school_id}/surroundings", response=list[SurroundingsProblemOut])
@paginate(Pagination, page_size=50)
def problem_list(request, school_id: int, status: ProblemStatus | None = None):
    school = school_for(request, school_id, Cap.SURROUNDINGS_VIEW)
    return queries.problems(user=request.user, school=school, status=status or "")


def _problem(request, school_id, problem_id, cap):
    school = school_for(request, school_id, cap)
    return first_or_404(queries.problem_for(request.user, school, problem_id))


@router.get("/schools/{school_id}/surroundings/{problem_id}", response=SurroundingsProblemOut)
def problem_detail(request, school_id: int, problem_id: int):
    return _problem(request, school_id, problem_id, Cap.SURROUNDINGS_VIEW)


@router.post(
    "/schools/{school_id}/surroundings",
    response={201: SurroundingsProblemOut, 200: SurroundingsProblemOut},
)
def problem_report(request, school_id: int, payload: ProblemIn):
    school = school_for(request, school_id, Cap.SURROUNDINGS_MANAGE)
    replay = already_saved(SurroundingsProblem, payload.client_uuid, school=school)
    kind = get_visible_or_404(request.user, ProblemType, payload.kind_id, ProblemType.objects)
    data = payload.dict(exclude={"kind_id"})
    problem = services.report_problem(actor=request.user, school=school, kind=kind, **data)
    return Status(200 if replay else 201, problem)


@router.post(
    "/schools/{school_id}/surroundings/{problem_id}/refer", response=SurroundingsProblemOut
)
def problem_refer(request, school_id: int, problem_id: int, payload: ReferIn):
    problem = _problem(request, school_id, problem_id, Cap.SURROUNDINGS_MANAGE)
    referred_to = None
    if payload.department_id is not None:
        referred_to = get_visible_or_404(
            request.user,
            OutsideDepartment,
            payload.department_id,
            departments_for_school(problem.school),
        )
    return services.refer_problem(
        actor=request.user,
        problem=problem,
        department=payload.department,
        referred_to=referred_to,
    )


@router.post(
    "/schools/{school_id}/surroundings/{problem_id}/answer", response=SurroundingsProblemOut
)
def problem_answer(request, school_id: int, problem_id: int, payload: SurroundingsAnswerIn):
    problem = _problem(request, school_id, problem_id, Cap.SURROUNDINGS_MANAGE)
    return services.record_answer(actor=request.user, problem=problem, **payload.dict())


@router.post(
    "/schools/{school_id}/surroundings/{problem_id}/recheck", response=SurroundingsProblemOut
)
def problem_recheck(request, school_id: int, problem_id: int, payload: RecheckIn):
    problem = _problem(request, school_id, problem_id, Cap.SURROUNDINGS_MANAGE)
    return services.recheck_problem(actor=request.user, problem=problem, **payload.dict())
