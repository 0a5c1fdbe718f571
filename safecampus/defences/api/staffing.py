"""Staffing computed over the API: for a school its one row, for a bureau its schools (those
short of guards first), each with the rule set applied and its source."""

from ninja import Router, Schema
from ninja.pagination import paginate

from safecampus.core.api_helpers import org_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.defences.queries import staffing as queries

router = Router()


class StaffingOut(Schema):
    school_id: int
    school: str
    required: int
    actual: int
    short: int
    papers_wrong: int
    rule_set: str
    rule_source: str


@router.get("/orgs/{org_id}/defences/staffing", response=list[StaffingOut])
@paginate(Pagination)
def staffing(request, org_id: int, short: bool = False):
    org = org_for(request, org_id, Cap.DEFENCE_VIEW)
    rows = queries.schools_staffing(request.user, org, short_only=short)
    rows.sort(key=lambda r: (-r.short, r.school.path))
    return [
        {
            "school_id": r.school.pk,
            "school": r.school.name,
            "required": r.required,
            "actual": r.actual,
            "short": r.short,
            "papers_wrong": r.problems,
            "rule_set": r.rules.name,
            "rule_source": r.rules.source,
        }
        for r in rows
    ]
