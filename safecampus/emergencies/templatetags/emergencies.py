from django import template

from safecampus.emergencies import queries
from safecampus.emergencies.models import AlarmKind, StageState

register = template.Library()


@register.simple_tag
def alarm_kinds():
    return AlarmKind.choices


@register.simple_tag
def alarm_places(school, user, assignments):
    """The zones the home page's alarm may name, and the one the person stands at on duty
    (from the post assignments the home page holds already)."""
    return {
        "zones": queries.alarm_zones(school),
        "default": queries.post_zone(user=user, school=school, assignments=assignments),
    }


@register.filter
def elapsed(at, start):
    """'1:07' from `start` to `at`."""
    if not at or not start:
        return ""
    seconds = max(int((at - start).total_seconds()), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


STATE_CLASSES = {
    StageState.MET: "text-bg-success",
    StageState.MISSED: "text-bg-danger",
    StageState.PENDING: "text-bg-warning",
}


@register.filter
def state_class(state):
    return STATE_CLASSES.get(state, "text-bg-secondary")
