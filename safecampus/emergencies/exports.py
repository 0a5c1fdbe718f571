"""The drill record (应急演练记录) and the alarm record (一键报警记录) as rows for the ledger
pack: each drill of a period with its alarm, evacuation time, classes counted and problems
found; each alarm with its 1-3-5 outcome."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.metrics import Period
from safecampus.core.xlsx import DATE, NUMBER, TEXT
from safecampus.emergencies import queries
from safecampus.emergencies.models import StageState


def drill_columns():
    return [
        _("Date"),
        _("Kind"),
        _("Status"),
        _("Scenario"),
        _("Alarm sounded"),
        _("Evacuation complete"),
        _("Evacuation time (min:s)"),
        _("Classes counted"),
        _("Problems found"),
    ]


DRILL_WIDTHS = (12, 12, 10, 40, 16, 16, 10, 10, 10)
DRILL_KINDS = (DATE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, NUMBER, NUMBER)


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _duration(delta):
    """An evacuation time as m:ss (drills are judged in minutes and seconds)."""
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


def drill_rows(user, school, start, end):
    """The school's drills planned from `start` to `end`, oldest first."""
    rows = (
        queries.drills(user=user, school=school)
        .filter(planned_on__range=(start, end))
        .order_by("planned_on", "pk")
    )
    for drill in rows.iterator(chunk_size=500):
        yield [
            drill.planned_on,
            drill.get_kind_display(),
            drill.get_status_display(),
            drill.scenario,
            _moment(drill.alarm_at),
            _moment(drill.evacuated_at),
            _duration(drill.evacuation_time),
            drill.class_count,
            drill.problem_count,
        ]


# The alarm record (一键报警记录): each alarm of a period with its 1-3-5 outcome ---------------


def alarm_columns():
    return [
        _("Raised"),
        _("Kind"),
        _("Place"),
        _("Status"),
        _("Self-rescue (1 min) reached"),
        _("Self-rescue (1 min)"),
        _("Mutual rescue (3 min) reached"),
        _("Mutual rescue (3 min)"),
        _("Reinforcement (5 min) reached"),
        _("Reinforcement (5 min)"),
        _("Closed"),
        _("Note"),
    ]


ALARM_WIDTHS = (18, 12, 30, 14, 18, 8, 18, 8, 18, 8, 18, 40)
ALARM_KINDS = (TEXT,) * 12


def _state(state):
    """A stage's outcome as the alarm's page says it; "—" where it was never due (a false
    alarm, or one closed before the stage's deadline)."""
    return str(StageState(state).label) if state else "—"


def alarm_rows(user, school, start, end):
    """The school's alarms raised from `start` to `end` (school days, the server's time zone),
    oldest first, each stage with when it was reached and whether in time."""
    since, until = Period(start, end).bounds
    rows = (
        queries.alarms(user=user, school=school)
        .filter(raised_at__gte=since, raised_at__lt=until)
        .order_by("raised_at", "pk")
    )
    for alarm in rows.iterator(chunk_size=500):
        stages = []
        for _stage, _deadline, at, state in alarm.stages():
            stages += [_moment(at), _state(state)]
        yield [
            _moment(alarm.raised_at),
            alarm.get_kind_display(),
            alarm.where,
            alarm.get_status_display(),
            *stages,
            _moment(alarm.closed_at),
            alarm.close_note,
        ]
