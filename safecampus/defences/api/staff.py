"""Security staff over the API: a school's list and one record (masked), adding a record."""

from datetime import date

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination, capped_count
from safecampus.core.roles import Cap
from safecampus.defences.models import Employer, StaffRole
from safecampus.defences.queries import staff as queries
from safecampus.defences.services import staff as services

router = Router()


class StaffProblemOut(Schema):
    code: str
    text: str


class StaffOut(Schema):
    id: int
    school_id: int
    name: str
    role: str
    employer: str
    company: str
    id_number_masked: str
    phone_masked: str
    age: int | None
    certificate_number: str
    certificate_valid_until: date | None
    health_checked_on: date | None
    started_on: date
    left_on: date | None
    problems: list[StaffProblemOut]


def _out(staff, problems):
    return {
        "id": staff.pk,
        "school_id": staff.school_id,
        "name": staff.name,
        "role": staff.role,
        "employer": staff.employer,
        "company": staff.company,
        "id_number_masked": staff.masked_id,
        "phone_masked": staff.masked_phone,
        "age": staff.age,
        "certificate_number": staff.certificate_number,
        "certificate_valid_until": staff.certificate_valid_until,
        "health_checked_on": staff.health_checked_on,
        "started_on": staff.started_on,
        "left_on": staff.left_on,
        "problems": [{"code": p.code, "text": str(p.text)} for p in problems],
    }


class StaffIn(Schema):
    name: str = Field(max_length=40)
    role: StaffRole
    employer: Employer
    company: str = Field("", max_length=120)
    id_number: str = Field(max_length=18)
    phone: str = Field("", max_length=20)
    certificate_number: str = Field("", max_length=40)
    certificate_valid_until: date | None = None
    health_checked_on: date | None = None
    started_on: date


@router.get("/orgs/{school_id}/defences/staff", response=list[StaffOut])
@paginate(Pagination)
def staff_list(request, school_id: int, former: bool = False):
    school = school_for(request, school_id, Cap.DEFENCE_VIEW)
    rows = queries.staff_of(request.user, school, former=former)
    return _Judged(rows, school)


class _Judged:
    """The page of rows judged under the school's rules when the paginator slices it."""

    def __init__(self, rows, school):
        self.rows, self.school = rows, school

    def __len__(self):
        return capped_count(self.rows)

    def __getitem__(self, key):
        return [_out(s, p) for s, p in queries.judged(self.rows[key], self.school)]


@router.post("/orgs/{school_id}/defences/staff", response={201: StaffOut})
def staff_add(request, school_id: int, payload: StaffIn):
    school = school_for(request, school_id, Cap.DEFENCE_MANAGE)
    staff = services.add_staff(actor=request.user, school=school, **payload.dict())
    ((staff, problems),) = queries.judged([staff], school)
    return Status(201, _out(staff, problems))


@router.get("/defences/staff/{staff_id}", response=StaffOut)
def staff_detail(request, staff_id: int):
    staff = queries.one(request.user, staff_id)
    ((staff, problems),) = queries.judged([staff], staff.school)
    return _out(staff, problems)
