"""What a bureau sees of its schools' gates: the counts of a date range."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router

from safecampus.core.api_helpers import org_for
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.gate import queries

router = Router()


@router.get("/orgs/{org_id}/gate-counts")
def gate_counts(request, org_id: int, start: date, end: date):
    """Per school under the bureau: visits, watchlist holds, exits, refused pick-ups,
    confiscations, and gate duty coverage in the range."""
    org = org_for(request, org_id, Cap.GATE_OVERSIGHT)
    if end < start or (end - start).days > 366:
        raise DomainError(_("Choose a range of at most a year, ending after it starts."))
    counts = queries.bureau_counts(user=request.user, bureau=org, start=start, end=end)
    cover = {
        c["school"].pk: c
        for c in queries.coverage(user=request.user, bureau=org, start=start, end=end)
    }
    return [
        {
            "school_id": school.pk,
            "school": school.name,
            **numbers,
            "duty_sessions": cover[school.pk]["sessions"],
            "duty_logged": cover[school.pk]["logged"],
            "duty_with_police": cover[school.pk]["police"],
        }
        for school, numbers in counts
    ]
