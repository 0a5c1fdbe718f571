"""The gate on a school home page: visitors on site for the gate's staff and, in a
kindergarten, the children not picked up yet (one count query each)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.models import SchoolKind
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.gate.models import Visit, VisitStatus
from safecampus.gate.services.pickups import closing_passed, not_picked_up
from safecampus.students import queries as student_queries


def home_counts(user, school):
    counts = []
    if school.school_kind == SchoolKind.KINDERGARTEN and has_cap(user, Cap.STUDENT_VIEW, school):
        students = student_queries.students(user=user, school=school).order_by()
        waiting = not_picked_up(students, timezone.localdate())
        counts.append(
            HomeCount(
                "pickups-waiting",
                _("Children not picked up yet"),
                waiting.count(),
                reverse("gate:pickups", args=[school.pk]),
                Cap.STUDENT_VIEW,
                # Before closing time a child still at school is the normal case.
                urgent=closing_passed(school),
            )
        )
    if has_cap(user, Cap.GATE_VIEW, school):
        on_site = Visit.objects.filter(school=school, status=VisitStatus.ON_CAMPUS).count()
        counts.append(
            HomeCount(
                "visitors-on-site",
                _("Visitors on site"),
                on_site,
                reverse("gate:desk", args=[school.pk]),
                Cap.GATE_VIEW,
                urgent=False,
            )
        )
    return counts
