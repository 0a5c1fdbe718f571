"""Supervision on a school's home page: what the bureau is waiting for from this school (one
aggregate query per kind of work), each linking to the supervision hub."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.supervision.queries.hub import school_counts


def home_counts(user, school):
    if not has_cap(user, Cap.SUPERVISION_RESPOND, school):
        return []
    counts = school_counts(user, school)
    url = reverse("supervision:hub", args=[school.pk])
    shown = [
        ("bureau-tasks", _("Tasks from the bureau to answer"), counts["tasks"]),
        ("bureau-notices", _("Notices to acknowledge"), counts["notices"]),
        ("campaign-stages", _("Campaign stages to hand in"), counts["stages"]),
        ("visit-notices", _("Supervision notices to answer"), counts["visit_notices"]),
    ]
    return [
        HomeCount(key, label, n, url, Cap.SUPERVISION_VIEW)
        for key, label, n in shown
        if n or key == "bureau-tasks"
    ]
