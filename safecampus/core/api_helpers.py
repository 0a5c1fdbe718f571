"""What every API router shares: the org or school a request names, checked before use."""

from safecampus.core.access import get_school_or_404, get_visible_or_404
from safecampus.core.models import Org
from safecampus.core.services.permissions import require


def school_for(request, school_id, capability):
    """The school, if the caller may see it (404 otherwise, as for a missing id) and holds
    `capability` there (403 otherwise). `capability` is None for a list narrowed to one school
    whose query already keeps only the rows the caller's capabilities show."""
    school = get_school_or_404(request.user, school_id)
    if capability is not None:
        require(request.user, capability, school)
    return school


def org_for(request, org_id, capability):
    """Any org in the caller's scope (a bureau or a school), with `capability` there."""
    org = get_visible_or_404(request.user, Org, org_id)
    require(request.user, capability, org)
    return org
