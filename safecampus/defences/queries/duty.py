"""Reads of the shift handovers: a school's latest (the open items handed to the viewer first)."""

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.defences.models import Handover


def handovers_of(user, school):
    return (
        visible_to(user, Handover, Cap.DEFENCE_DUTY)
        .filter(school=school)
        .select_related("zone", "handed_by", "handed_to")
        .order_by("-handed_at", "-pk")
    )


def passed_to(user, school):
    """The latest handover to this person with open items, if any."""
    return handovers_of(user, school).filter(handed_to=user).exclude(open_items="").first()
