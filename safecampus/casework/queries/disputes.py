"""Read side of the disputes and the screening rounds. Every function takes the viewer and
starts from scope; overdue (past the level's deadline) and a screening round due are derived."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from safecampus.casework.models import (
    Dispute,
    DisputeLevel,
    DisputeStatus,
    DisputeType,
    Screening,
    ScreeningScope,
)
from safecampus.casework.rules import rules_for
from safecampus.core.access import visible_to
from safecampus.core.roles import Cap

OPEN = (DisputeStatus.OPEN, DisputeStatus.MEDIATING)


def disputes(*, user, school, status="", level=None, overdue=False):
    today = timezone.localdate()
    qs = visible_to(user, Dispute, Cap.CASEWORK_VIEW).filter(school=school)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if level is not None:
        qs = qs.filter(level=level)
    if overdue:
        qs = qs.filter(status__in=OPEN, deadline__lt=today)
    return qs.select_related("school", "type", "level", "handler").order_by(
        "status", "deadline", "-pk"
    )


def dispute_of(*, user, dispute_id):
    return (
        visible_to(user, Dispute, Cap.CASEWORK_VIEW)
        .select_related("school", "type", "level", "handler", "created_by")
        .filter(pk=dispute_id)
    )


def mediations(dispute):
    return dispute.mediations.select_related("by").order_by("-held_on", "-pk")


def counts(*, user, school):
    today = timezone.localdate()
    return (
        visible_to(user, Dispute, Cap.CASEWORK_VIEW)
        .filter(school=school, status__in=OPEN)
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
            major=Count("pk", filter=Q(level__leader_takes_on=True)),
        )
    )


def types():
    return DisputeType.objects.order_by("order", "pk")


def levels():
    return DisputeLevel.objects.order_by("rank", "pk")


def screenings(*, user, school):
    return (
        visible_to(user, Screening, Cap.CASEWORK_VIEW)
        .filter(school=school)
        .select_related("by")
        .order_by("-done_on", "-pk")
    )


def screening_due(*, user, school):
    """[(round, last done on, due on, overdue)] by the school's rule: the weekly small check
    and the monthly big one (a big check counts as a small one too)."""
    rules = rules_for(school)
    last = dict(
        visible_to(user, Screening, Cap.CASEWORK_VIEW)
        .filter(school=school)
        .order_by()
        .values_list("scope")
        .annotate(last=Max("done_on"))
    )
    today = timezone.localdate()
    small = max(filter(None, [last.get(ScreeningScope.SMALL), last.get(ScreeningScope.BIG)]),
                default=None)  # fmt: skip
    rows = []
    for scope, done, days in (
        (ScreeningScope.SMALL, small, rules.screen_small_days),
        (ScreeningScope.BIG, last.get(ScreeningScope.BIG), rules.screen_big_days),
    ):
        due = done + timedelta(days=days) if done else today
        rows.append((ScreeningScope(scope).label, done, due, due < today or done is None))
    return rows
