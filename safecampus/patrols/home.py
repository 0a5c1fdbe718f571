"""Patrol rounds on a school home page: for leaders the rounds missed this week, for a guard
their rounds today (one aggregate query either way)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.patrols.models import Round, RoundStatus
from safecampus.patrols.queries import rounds_today

WEEK = 7


def home_counts(user, school):
    if has_cap(user, Cap.PATROL_VIEW, school):
        return [_missed(school)]
    if has_cap(user, Cap.PATROL_RUN, school):
        return [_mine_today(user, school)]
    return []


def _missed(school):
    end = timezone.localdate()
    start = end - timedelta(days=WEEK - 1)
    missed = Round.objects.filter(
        school=school,
        date__range=(start, end),
        status__in=[RoundStatus.MISSED, RoundStatus.INCOMPLETE],
    ).count()
    url = reverse("patrols:oversight", args=[school.pk])
    return HomeCount(
        "rounds-missed",
        _("Patrol rounds missed this week"),
        missed,
        f"{url}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        Cap.PATROL_VIEW,
    )


def _mine_today(user, school):
    figures = (
        rounds_today(user)
        .filter(school=school)
        .order_by()
        .aggregate(total=Count("id"), done=Count("id", filter=Q(status=RoundStatus.DONE)))
    )
    return HomeCount(
        "rounds-today",
        _("My patrol rounds done today"),
        figures["done"],
        reverse("patrols:today", args=[school.pk]),
        Cap.PATROL_RUN,
        urgent=False,
        total=figures["total"],
    )
