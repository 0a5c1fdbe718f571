"""Hiring checks over the API: a school's staff with their check's state; recording a check."""

from datetime import date

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.defences.models import CheckKind, CheckResult
from safecampus.defences.queries import checks as queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import checks as services

router = Router()


class PersonCheckOut(Schema):
    key: str
    name: str
    post: str
    last_on: date | None
    due: date | None
    status: str


class CheckIn(Schema):
    person: str = Field(max_length=24, description='"u-<user id>" or "s-<security staff id>"')
    kind: CheckKind
    checked_on: date
    result: CheckResult
    note: str = Field("", max_length=200)


class CheckOut(Schema):
    id: int
    kind: str
    checked_on: date
    result: str


@router.get("/orgs/{school_id}/defences/checks", response=list[PersonCheckOut])
@paginate(Pagination)
def check_list(request, school_id: int):
    school = school_for(request, school_id, Cap.DEFENCE_VIEW)
    return queries.school_people(request.user, school, rules_for(school))


@router.post("/orgs/{school_id}/defences/checks", response={201: CheckOut})
def check_add(request, school_id: int, payload: CheckIn):
    school = school_for(request, school_id, Cap.DEFENCE_MANAGE)
    data = payload.dict()
    person = services.person_of(school, data.pop("person"))
    made = services.record_check(actor=request.user, school=school, person=person, **data)
    return Status(201, made)
