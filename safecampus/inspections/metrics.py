"""The day's checks per school, for the bureau (core.metrics): what was due in the period up to
today, and how much of it was done."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_by_month, grouped_count, grouped_rate, org_link
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap
from safecampus.core.rollups import Daily
from safecampus.inspections.models import CheckTask, TaskStatus


def _due(schools, period):
    happened = period.until_today()
    if happened is None:
        return CheckTask.objects.none()
    return CheckTask.objects.filter(
        school__in=schools.values("pk"), day__gte=happened.start, day__lte=happened.end
    )


def completion(schools, period):
    return grouped_rate(_due(schools, period), Q(status=TaskStatus.DONE))


def _missed(schools, period):
    return _due(schools, period).filter(status=TaskStatus.MISSED)


def _task_rows(schools):
    return CheckTask.objects.filter(school__in=schools.values("pk"))


def _missed_rows(schools):
    return _task_rows(schools).filter(status=TaskStatus.MISSED)


def missed(schools, period):
    return grouped_count(_missed(schools, period))


def missed_by_month(schools, period):
    return grouped_by_month(_missed(schools, period), "day")


GROUP = _("Checks")
LIST = org_link("inspections:bureau", "inspections:oversight")

METRICS = [
    Metric("checks.completion", _("Checks done of those due"), completion, Cap.CHECK_VIEW,
           unit="percent", better="higher", group=GROUP, link=LIST,
           daily=Daily(_task_rows, "day", done=Q(status=TaskStatus.DONE))),
    Metric("checks.missed", _("Checks missed"), missed, Cap.CHECK_VIEW, group=GROUP,
           link=LIST, monthly=missed_by_month, daily=Daily(_missed_rows, "day")),
]  # fmt: skip

PARTS = [
    SummaryPart(
        "checks",
        "daily",
        _("Checks"),
        Cap.CHECK_VIEW,
        order=20,
        metrics=("checks.completion", "checks.missed"),
    ),
]
