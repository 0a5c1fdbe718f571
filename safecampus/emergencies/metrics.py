"""Drills and alarms per school, for the bureau (core.metrics)."""

from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count, org_link
from safecampus.core.roles import Cap
from safecampus.emergencies.models import Alarm, AlarmStatus, Drill, DrillStatus


def drills_held(schools, period):
    return grouped_count(
        Drill.objects.filter(
            school__in=schools.values("pk"),
            status=DrillStatus.DONE,
            planned_on__gte=period.start,
            planned_on__lte=period.end,
        )
    )


def _alarms(schools, period):
    start, end = period.bounds
    return Alarm.objects.filter(
        school__in=schools.values("pk"), raised_at__gte=start, raised_at__lt=end
    )


def alarms_raised(schools, period):
    """Real alarms: a cancelled (false) alarm is counted apart."""
    return grouped_count(_alarms(schools, period).exclude(status=AlarmStatus.CANCELLED))


def false_alarms(schools, period):
    return grouped_count(_alarms(schools, period).filter(status=AlarmStatus.CANCELLED))


def active_alarms(schools, _period):
    return grouped_count(
        Alarm.objects.filter(school__in=schools.values("pk"), status=AlarmStatus.ACTIVE)
    )


GROUP = _("Emergencies")
DRILLS = org_link("emergencies:overview", "emergencies:drills")
ALARMS = org_link("emergencies:overview", "emergencies:index")

METRICS = [
    Metric("drills.held", _("Drills held"), drills_held, Cap.DRILL_VIEW, better="higher",
           group=GROUP, link=DRILLS),
    Metric("alarms.raised", _("Alarms raised"), alarms_raised, Cap.ALARM_VIEW, group=GROUP,
           link=ALARMS),
    Metric("alarms.false", _("False alarms"), false_alarms, Cap.ALARM_VIEW, group=GROUP,
           link=ALARMS),
    Metric("alarms.active", _("Alarms not yet closed"), active_alarms, Cap.ALARM_VIEW,
           per_period=False, group=GROUP, link=ALARMS),
]  # fmt: skip
