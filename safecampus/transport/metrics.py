"""Transport's figures per school, for the bureau (core.metrics): trips run, trips that ended
with a child unaccounted for, and buses not fit for the road today."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count, org_link
from safecampus.core.roles import Cap
from safecampus.transport.models import (
    JointInspection,
    Outing,
    OutingStatus,
    ProblemStatus,
    SurroundingsProblem,
    Trip,
    Vehicle,
    VolunteerShift,
)


def trips(schools, period):
    start, end = period.bounds
    return grouped_count(
        Trip.objects.filter(
            school__in=schools.values("pk"), started_at__gte=start, started_at__lt=end
        )
    )


def unaccounted(schools, period):
    """Trips that ended with a child on the list as boarded and not got off (alerted), whether
    or not the child was found since: each is a roll call that failed."""
    start, end = period.bounds
    return grouped_count(
        Trip.objects.filter(
            school__in=schools.values("pk"), alerted_at__gte=start, alerted_at__lt=end
        )
    )


def unfit_buses(schools, _period):
    """Buses in service whose inspection is overdue or whose insurance ran out (today)."""
    today = timezone.localdate()
    return grouped_count(
        Vehicle.objects.filter(school__in=schools.values("pk"), is_active=True).filter(
            Q(inspection_due__lt=today) | Q(insured_until__lt=today)
        )
    )


def open_problems(schools, _period):
    """Problems near the school not yet re-checked and closed (now)."""
    return grouped_count(
        SurroundingsProblem.objects.filter(school__in=schools.values("pk")).exclude(
            status=ProblemStatus.CLOSED
        )
    )


def awaiting_department(schools, _period):
    """Problems referred to an outside department and not yet answered (now): what the bureau
    raises with the departments of its area."""
    return grouped_count(
        SurroundingsProblem.objects.filter(
            school__in=schools.values("pk"), status=ProblemStatus.REFERRED
        )
    )


def department_answers(schools, period):
    """Answers the outside departments gave on the platform themselves, in the period."""
    start, end = period.bounds
    return grouped_count(
        SurroundingsProblem.objects.filter(
            school__in=schools.values("pk"),
            answered_by__outside_department__isnull=False,
            answered_at__gte=start,
            answered_at__lt=end,
        )
    )


APPROVED_OUTINGS = [OutingStatus.APPROVED, OutingStatus.UNACCOUNTED, OutingStatus.CLOSED]


def outings(schools, period):
    """Off-campus activities approved that leave in the period (gone and back ones too)."""
    start, end = period.bounds
    return grouped_count(
        Outing.objects.filter(
            school__in=schools.values("pk"),
            status__in=APPROVED_OUTINGS,
            starts_at__gte=start,
            starts_at__lt=end,
        )
    )


def outings_unaccounted(schools, period):
    """Activities that came back in the period with a student not back (each one alerted)."""
    start, end = period.bounds
    return grouped_count(
        Outing.objects.filter(
            school__in=schools.values("pk"), alerted_at__gte=start, alerted_at__lt=end
        )
    )


def volunteer_shifts(schools, period):
    """Volunteer (小黄帽) shifts on the schools' crossing posts in the period."""
    return grouped_count(
        VolunteerShift.objects.filter(
            post__school__in=schools.values("pk"),
            day__gte=period.start,
            day__lte=period.end,
        ),
        "post__school",
    )


def joint_inspections(schools, period):
    return grouped_count(
        JointInspection.objects.filter(
            school__in=schools.values("pk"), held_on__gte=period.start, held_on__lte=period.end
        )
    )


GROUP = _("School transport")
SURROUNDINGS = _("Surroundings")

METRICS = [
    Metric("transport.trips", _("School-bus trips run"), trips, Cap.TRANSPORT_VIEW,
           better="higher", group=GROUP, link=org_link(None, "transport:trips")),
    Metric("transport.unaccounted", _("Bus trips ending with a student unaccounted for"),
           unaccounted, Cap.TRANSPORT_VIEW, group=GROUP, link=org_link(None, "transport:trips")),
    Metric("transport.unfit_buses", _("School buses overdue for inspection or uninsured"),
           unfit_buses, Cap.TRANSPORT_VIEW, per_period=False, group=GROUP,
           link=org_link(None, "transport:vehicles")),
    Metric("surroundings.open", _("Problems near the school not yet closed"), open_problems,
           Cap.SURROUNDINGS_VIEW, per_period=False, group=SURROUNDINGS,
           link=org_link(None, "transport:problems")),
    Metric("surroundings.awaiting", _("Problems near the school awaiting a department's answer"),
           awaiting_department, Cap.SURROUNDINGS_VIEW, per_period=False, group=SURROUNDINGS,
           link=org_link(None, "transport:problems")),
    Metric("surroundings.department_answers", _("Answers given by outside departments"),
           department_answers, Cap.SURROUNDINGS_VIEW, better="higher", group=SURROUNDINGS,
           link=org_link(None, "transport:problems")),
    # No link: the list is the school staff's (outing.request), not the bureau's.
    Metric("transport.outings", _("Off-campus activities approved"), outings,
           Cap.TRANSPORT_VIEW, better="higher", group=GROUP),
    Metric("transport.outings_unaccounted",
           _("Off-campus activities back with a student unaccounted for"), outings_unaccounted,
           Cap.TRANSPORT_VIEW, group=GROUP),
    Metric("transport.volunteer_shifts", _("Volunteer shifts on crossing posts (小黄帽)"),
           volunteer_shifts, Cap.TRANSPORT_VIEW, better="higher", group=GROUP,
           link=org_link(None, "transport:traffic")),
    Metric("surroundings.joint", _("Joint inspections of the surroundings"), joint_inspections,
           Cap.SURROUNDINGS_VIEW, better="higher", group=SURROUNDINGS,
           link=org_link(None, "transport:joint")),
]  # fmt: skip
