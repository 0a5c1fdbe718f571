"""Patrol rounds per school, for the bureau (core.metrics): the rounds of the period up to
today, completed or missed."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_by_month, grouped_count, grouped_rate, org_link
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap
from safecampus.core.rollups import Daily
from safecampus.patrols.models import OPEN_ROUND_STATUSES, Round, RoundStatus


def _round_rows(schools):
    # A round still open today is neither done nor missed yet.
    return Round.objects.filter(school__in=schools.values("pk")).exclude(
        status__in=OPEN_ROUND_STATUSES
    )


def _missed_rows(schools):
    return _round_rows(schools).filter(status=RoundStatus.MISSED)


def _rounds(schools, period):
    happened = period.until_today()
    if happened is None:
        return Round.objects.none()
    return _round_rows(schools).filter(date__gte=happened.start, date__lte=happened.end)


def completion(schools, period):
    return grouped_rate(_rounds(schools, period), Q(status=RoundStatus.DONE))


def _missed(schools, period):
    return _rounds(schools, period).filter(status=RoundStatus.MISSED)


def missed(schools, period):
    return grouped_count(_missed(schools, period))


def missed_by_month(schools, period):
    return grouped_by_month(_missed(schools, period), "date")


GROUP = _("Patrols")
LIST = org_link("patrols:bureau", "patrols:oversight")

METRICS = [
    Metric("patrols.completion", _("Patrol rounds completed"), completion, Cap.PATROL_VIEW,
           unit="percent", better="higher", group=GROUP, link=LIST,
           daily=Daily(_round_rows, "date", done=Q(status=RoundStatus.DONE))),
    Metric("patrols.missed", _("Patrol rounds missed"), missed, Cap.PATROL_VIEW, group=GROUP,
           link=LIST, monthly=missed_by_month, daily=Daily(_missed_rows, "date")),
]  # fmt: skip

PARTS = [
    SummaryPart(
        "patrols",
        "daily",
        _("Patrols"),
        Cap.PATROL_VIEW,
        order=30,
        metrics=("patrols.completion", "patrols.missed"),
    ),
]
