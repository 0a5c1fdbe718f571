"""Drills and alarms per school, for the bureau (core.metrics)."""

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.metrics import Metric, grouped_count, org_link
from safecampus.core.reporting import SummaryPart, Table
from safecampus.core.roles import Cap
from safecampus.emergencies.models import (
    Alarm,
    AlarmStatus,
    Drill,
    DrillStatus,
    Incident,
    StageState,
)


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


def _incidents(schools, period):
    start, end = period.bounds
    return Incident.objects.filter(
        school__in=schools.values("pk"), occurred_at__gte=start, occurred_at__lt=end
    )


def incidents_with_injuries(schools, period):
    """Incidents in which someone was hurt: what a veto list's "accident with casualties"
    is matched against (the inspector still judges whether it was major)."""
    return grouped_count(_incidents(schools, period).filter(injured__gt=0))


def incidents_unreported(schools, period):
    """Incidents never reported up to a bureau: what "concealment" is matched against."""
    return grouped_count(_incidents(schools, period).filter(reports__isnull=True))


GROUP = _("Emergencies")
INCIDENTS = org_link(None, "emergencies:incidents")
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
    Metric("incidents.injuries", _("Incidents with people hurt"), incidents_with_injuries,
           Cap.INCIDENT_VIEW, group=GROUP, link=INCIDENTS),
    Metric("incidents.unreported", _("Incidents not reported to the bureau"),
           incidents_unreported, Cap.INCIDENT_VIEW, group=GROUP, link=INCIDENTS),
]  # fmt: skip


def _minutes(delta):
    if delta is None:
        return "—"
    seconds = int(delta.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


def drill_table(school, period):
    """Each drill held in the period: its evacuation time and its head count."""
    drills = (
        Drill.objects.filter(
            school=school,
            status=DrillStatus.DONE,
            planned_on__gte=period.start,
            planned_on__lte=period.end,
        )
        .annotate(expected=Sum("classes__expected"), present=Sum("classes__present"))
        .order_by("planned_on", "pk")
    )
    return [
        Table(
            _("Drills held"),
            (_("Date"), _("Kind"), _("Evacuation time (min:s)"), _("Present / expected")),
            [
                (
                    d.planned_on,
                    d.get_kind_display(),
                    _minutes(d.evacuation_time),
                    f"{d.present or 0} / {d.expected or 0}" if d.expected else "—",
                )
                for d in drills
            ],
        )
    ]


def alarm_table(school, period):
    """Each alarm of the period with its 1-3-5 outcome: each stage met in time or missed."""
    start, end = period.bounds
    alarms = (
        Alarm.objects.filter(school=school, raised_at__gte=start, raised_at__lt=end)
        .select_related("zone")
        .order_by("raised_at", "pk")
    )
    marks = {StageState.MET: _("met"), StageState.MISSED: _("missed"), StageState.PENDING: "…"}
    rows = []
    for alarm in alarms:
        stages = [str(marks.get(state, "—")) for _stage, _deadline, _at, state in alarm.stages()]
        rows.append(
            (
                timezone.localtime(alarm.raised_at).strftime("%Y-%m-%d %H:%M"),
                alarm.get_kind_display(),
                alarm.where or "—",
                alarm.get_status_display(),
                " / ".join(stages),
            )
        )
    return [
        Table(
            _("Alarms"),
            (_("Raised"), _("Kind"), _("Place"), _("Status"), _("1 / 3 / 5 minutes")),
            rows,
        )
    ]


def emergency_tables(school, period):
    return drill_table(school, period) + alarm_table(school, period)


PARTS = [
    SummaryPart(
        "emergencies",
        "emergency",
        _("Drills and alarms"),
        (Cap.DRILL_VIEW, Cap.ALARM_VIEW),
        metrics=("drills.held", "alarms.raised", "alarms.false", "alarms.active"),
        details=emergency_tables,
    ),
]
