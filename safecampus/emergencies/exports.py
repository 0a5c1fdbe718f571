"""The drill record (应急演练记录) as rows for the ledger pack: each drill of a period with its
alarm, evacuation time, classes counted and problems found."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.xlsx import DATE, NUMBER, TEXT
from safecampus.emergencies import queries


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
