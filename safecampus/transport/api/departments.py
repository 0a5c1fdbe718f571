"""An outside department over the API: what is referred to it, one problem, its answer and
its return of a problem that is not its own. Anyone without the department role gets 403."""

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from safecampus.core.access import active_memberships, first_or_404
from safecampus.core.errors import PermissionRefused
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap, capabilities_of
from safecampus.transport.api.surroundings import SurroundingsProblemOut
from safecampus.transport.models import ProblemStatus
from safecampus.transport.queries import departments as queries
from safecampus.transport.services import surroundings as services

router = Router()


class ReferredProblemOut(SurroundingsProblemOut):
    school: str = Field(alias="school.name")


class DepartmentAnswerIn(Schema):
    answer: str = Field(max_length=2000)


class DepartmentReturnIn(Schema):
    note: str = Field(max_length=2000)


def _answerer(request):
    if not any(
        Cap.SURROUNDINGS_ANSWER in capabilities_of(m.role) for m in active_memberships(request.user)
    ):
        raise PermissionRefused(_("Only an outside department's people use this."))


def _referred(request, problem_id):
    _answerer(request)
    return first_or_404(queries.referred_problem(request.user, problem_id))


@router.get("/referred-problems", response=list[ReferredProblemOut])
@paginate(Pagination, page_size=50)
def referred_list(request, status: ProblemStatus | None = None):
    _answerer(request)
    return queries.referred_to_me(user=request.user, status=status or "")


@router.get("/referred-problems/{problem_id}", response=ReferredProblemOut)
def referred_detail(request, problem_id: int):
    return _referred(request, problem_id)


@router.post("/referred-problems/{problem_id}/answer", response=ReferredProblemOut)
def referred_answer(request, problem_id: int, payload: DepartmentAnswerIn):
    problem = _referred(request, problem_id)
    return services.record_answer(actor=request.user, problem=problem, answer=payload.answer)


@router.post("/referred-problems/{problem_id}/return", response=ReferredProblemOut)
def referred_return(request, problem_id: int, payload: DepartmentReturnIn):
    problem = _referred(request, problem_id)
    return services.return_problem(actor=request.user, problem=problem, note=payload.note)
