"""The ledger's figures on a school's home page: what leaders must move on, and for everyone
else what they have to fix and what they reported (one aggregate query either way)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.hazards.models import OPEN_STATUSES, Hazard, Status
from safecampus.hazards.queries import overdue_q


def home_counts(user, school):
    if has_cap(user, Cap.HAZARD_VIEW, school):
        return _ledger_counts(school)
    if has_cap(user, Cap.HAZARD_REPORT, school):
        return _own_counts(user, school)
    return []


def _ledger_counts(school):
    figures = Hazard.objects.filter(school=school).aggregate(
        reported=Count("id", filter=Q(status=Status.REPORTED)),
        rectified=Count("id", filter=Q(status=Status.RECTIFIED)),
        overdue=Count("id", filter=overdue_q()),
    )
    ledger = reverse("hazards:ledger", args=[school.pk])
    return [
        HomeCount(
            "hazards-reported",
            _("Reports to confirm"),
            figures["reported"],
            f"{ledger}?status={Status.REPORTED}",
            Cap.HAZARD_VIEW,
        ),
        HomeCount(
            "hazards-rectified",
            _("Fixes to accept"),
            figures["rectified"],
            f"{ledger}?status={Status.RECTIFIED}",
            Cap.HAZARD_VIEW,
        ),
        HomeCount(
            "hazards-overdue",
            _("Overdue hazards"),
            figures["overdue"],
            f"{ledger}?overdue=on&sort=deadline",
            Cap.HAZARD_VIEW,
        ),
    ]


def _own_counts(user, school):
    figures = Hazard.objects.filter(school=school).aggregate(
        to_fix=Count("id", filter=Q(responsible_person=user, status=Status.RECTIFYING)),
        reported=Count("id", filter=Q(reporter=user, status__in=OPEN_STATUSES)),
    )
    mine = reverse("hazards:mine", args=[school.pk])
    return [
        HomeCount(
            "hazards-to-fix", _("Hazards I must fix"), figures["to_fix"], mine, Cap.HAZARD_REPORT
        ),
        HomeCount(
            "hazards-reported-by-me",
            _("My reports still open"),
            figures["reported"],
            mine,
            Cap.HAZARD_REPORT,
            urgent=False,
        ),
    ]
