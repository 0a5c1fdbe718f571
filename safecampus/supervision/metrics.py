"""Supervision's figures per school, for the bureau (core.metrics): visits received, findings
filed by them, and the school's punctuality in answering tasks."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count
from safecampus.core.reporting import SummaryPart
from safecampus.core.roles import Cap
from safecampus.supervision.models import (
    DispatchKind,
    DispatchStatus,
    SupervisionVisit,
    TaskRecipient,
    TaskReply,
    TaskReplyStatus,
    VisitResult,
)


def visits(schools, period):
    """Visits that took place (started) in the period."""
    start, end = period.bounds
    return grouped_count(
        SupervisionVisit.objects.filter(
            school__in=schools.values("pk"), started_at__gte=start, started_at__lt=end
        )
    )


def findings(schools, period):
    start, end = period.bounds
    return grouped_count(
        VisitResult.objects.filter(
            visit__school__in=schools.values("pk"),
            hazard__isnull=False,
            recorded_at__gte=start,
            recorded_at__lt=end,
        ),
        school_field="visit__school",
    )


def late_replies(schools, period):
    start, end = period.bounds
    return grouped_count(
        TaskReply.objects.filter(
            recipient__school__in=schools.values("pk"),
            late=True,
            submitted_at__gte=start,
            submitted_at__lt=end,
        ),
        school_field="recipient__school",
    )


def overdue_tasks(schools, _period):
    """Open tasks past their deadline that the school has not answered (derived, not stored)."""
    return grouped_count(
        TaskRecipient.objects.filter(
            school__in=schools.values("pk"),
            task__kind=DispatchKind.TASK,
            task__status=DispatchStatus.OPEN,
            task__deadline__lt=timezone.now(),
        ).filter(Q(status=TaskReplyStatus.PENDING) | Q(status=TaskReplyStatus.RETURNED))
    )


GROUP = _("Supervision")

METRICS = [
    Metric("supervision.visits", _("Supervision visits received"), visits, Cap.SUPERVISION_VIEW,
           better="higher", group=GROUP),
    Metric("supervision.findings", _("Findings of supervision visits"), findings,
           Cap.SUPERVISION_VIEW, group=GROUP),
    Metric("supervision.late_replies", _("Task replies sent late"), late_replies,
           Cap.SUPERVISION_VIEW, group=GROUP),
    Metric("supervision.overdue_tasks", _("Tasks overdue without a reply"), overdue_tasks,
           Cap.SUPERVISION_VIEW, per_period=False, group=GROUP),
]  # fmt: skip

PARTS = [
    SummaryPart(
        "supervision",
        "other",
        _("Supervision by the bureau"),
        Cap.SUPERVISION_VIEW,
        metrics=(
            "supervision.visits",
            "supervision.findings",
            "supervision.late_replies",
            "supervision.overdue_tasks",
        ),
    ),
]
