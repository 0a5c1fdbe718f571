"""Read side of the mandatory reports: from scope; a report not made by the trigger's time is
overdue while open and late once made (derived, never stored)."""

from django.db.models import Count, F, Q
from django.utils import timezone

from safecampus.casework.models import MandatoryReport, MandatoryStatus, MandatoryTrigger
from safecampus.core.access import visible_to
from safecampus.core.roles import Cap


def reports(*, user, school, status="", overdue=False):
    qs = visible_to(user, MandatoryReport, Cap.CASEWORK_VIEW).filter(school=school)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=MandatoryStatus.TO_REPORT, report_by__lt=timezone.now())
    return qs.select_related("school", "trigger", "handler").order_by("-learned_at", "-pk")


def report_of(*, user, report_id):
    return (
        visible_to(user, MandatoryReport, Cap.CASEWORK_VIEW)
        .select_related("school", "trigger", "handler", "created_by")
        .filter(pk=report_id)
    )


def counts(*, user, school):
    now = timezone.now()
    return (
        visible_to(user, MandatoryReport, Cap.CASEWORK_VIEW)
        .filter(school=school)
        .aggregate(
            to_report=Count("pk", filter=Q(status=MandatoryStatus.TO_REPORT)),
            overdue=Count("pk", filter=Q(status=MandatoryStatus.TO_REPORT, report_by__lt=now)),
            late=Count("pk", filter=Q(reported_at__gt=F("report_by"))),
        )
    )


def triggers():
    return MandatoryTrigger.objects.order_by("order", "pk")
