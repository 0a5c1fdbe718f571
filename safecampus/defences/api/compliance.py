"""The "four 100%" figures over the API: for a school its one row, for a bureau its schools,
the furthest from 100% first; each figure computed from the records (none where there is
nothing to judge)."""

from ninja import Router, Schema
from ninja.pagination import paginate

from safecampus.core.api_helpers import org_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.defences.queries import compliance as queries
from safecampus.defences.queries import staffing as staffing_queries

router = Router()


class FourOut(Schema):
    school_id: int
    school: str
    staffing_rate: float | None
    closed_management: float | None
    police_link: float | None
    video_coverage: float | None


@router.get("/orgs/{org_id}/defences/compliance", response=list[FourOut])
@paginate(Pagination)
def compliance(request, org_id: int):
    org = org_for(request, org_id, Cap.DEFENCE_VIEW)
    rows = queries.schools_four(staffing_queries.schools_in(request.user, org))
    names = [key.removeprefix("defences.") for key in queries.FOUR]
    return [
        {"school_id": school.pk, "school": school.name, **dict(zip(names, values, strict=True))}
        for school, values in rows
    ]
