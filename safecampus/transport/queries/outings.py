"""Reads of off-campus activities."""

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.transport.models import Outing


def outings(*, user, school):
    rows = visible_to(user, Outing, Cap.OUTING_REQUEST).filter(school=school)
    return rows.select_related("requested_by").order_by("-starts_at", "-pk")


def outing_for(user, school, outing_id):
    return (
        outings(user=user, school=school)
        .filter(pk=outing_id)
        .select_related("decided_by")
        .prefetch_related("staff")
    )
