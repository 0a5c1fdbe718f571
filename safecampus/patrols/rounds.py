"""Making rounds from routes, day by day, and closing them when their time is over.

Both are idempotent: a round is unique per (route, window, date), and closing only touches
rounds still open. Pages call `ensure_rounds` for today (lazily); the periodic task does it for
every school and closes what is due.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.queries import SchoolCalendar
from safecampus.patrols.completion import ScanFact, compute
from safecampus.patrols.models import Round, RoundStatus, Route, ScanMethod
from safecampus.patrols.rules import rules_for
from safecampus.patrols.workflow import ROUND, progress


def window_times(day, window):
    """The window's start and end on `day` in school time; an end before the start is the next
    day (a night round past midnight). Asia/Shanghai has no DST, so every day is 24 hours."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(day, window.start, tzinfo=tz)
    end_day = day + timedelta(days=1) if window.end <= window.start else day
    return start, datetime.combine(end_day, window.end, tzinfo=tz)


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def plan_rounds(school, start, end, routes=None, rules=None):
    """The rounds due in [start, end] (unsaved), from active routes with checkpoints."""
    rules = rules or rules_for(school)
    if routes is None:
        routes = list(
            Route.objects.filter(school=school, active=True).prefetch_related("windows", "stops")
        )
    calendar = SchoolCalendar(school, start, end)
    school_days = {d for d in _days(start, end) if calendar.is_school_day(d)}
    planned = []
    for route in routes:
        stops = [s.checkpoint_id for s in sorted(route.stops.all(), key=lambda s: s.position)]
        windows = [w for w in route.windows.all() if w.active]
        if not stops or not windows:
            continue
        for day in _days(start, end):
            if not route.every_day and day not in school_days:
                continue
            for window in windows:
                starts_at, ends_at = window_times(day, window)
                planned.append(
                    Round(
                        school=school,
                        route=route,
                        window=window,
                        date=day,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        closes_at=ends_at + timedelta(minutes=rules.late_limit_minutes),
                        tolerance_minutes=window.tolerance_minutes,
                        planned=stops,
                    )
                )
    return planned


def ensure_rounds(school, start, end=None):
    """Create the rounds due in [start, end] that do not exist yet. Returns how many were made."""
    end = end or start
    existing = set(
        Round.objects.filter(school=school, date__range=(start, end)).values_list(
            "route_id", "window_id", "date"
        )
    )
    missing = [
        r
        for r in plan_rounds(school, start, end)
        if (r.route_id, r.window_id, r.date) not in existing
    ]
    if missing:
        # Two requests at once may both try: the unique constraint keeps one of each.
        Round.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def refresh(round_):
    """Recount a round from its scans; close it if every checkpoint is visited."""
    scans = list(round_.scans.all())
    completion = compute(
        round_.planned,
        [ScanFact(s.checkpoint_id, s.scanned_at) for s in scans],
        ends_at=round_.ends_at,
        tolerance_minutes=round_.tolerance_minutes,
    )
    round_.visited_count = len(completion.visited)
    round_.late_count = len(completion.late)
    round_.out_of_order_count = len(completion.out_of_order)
    round_.problem_count = sum(1 for s in scans if s.problem)
    scanned = {s.checkpoint_id for s in scans if s.method == ScanMethod.QR}
    round_.typed_count = len({s.checkpoint_id for s in scans} - scanned)
    round_.status = progress(round_, completion)
    if round_.status == RoundStatus.DONE:
        round_.closed_at = round_.closed_at or timezone.now()
    round_.save(
        update_fields=[
            "visited_count",
            "late_count",
            "out_of_order_count",
            "problem_count",
            "typed_count",
            "status",
            "closed_at",
        ]
    )
    return completion


def _due(round_, now):
    """A round not started is due to close by its window's end (plus tolerance); a started one
    may go on until its late limit."""
    if round_.started_at is None:
        return round_.ends_at + timedelta(minutes=round_.tolerance_minutes) < now
    return round_.closes_at < now


def close_if_due(round_, now):
    """Close one round if the table lets the job close it and its time is over: missed if it
    was not started, else as its scans say. Returns whether it closed."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not (ROUND.allowed(locked.status, "close") and _due(locked, now)):
            return False
        locked.closed_at = now
        refresh(locked)
        return True


def close_due_rounds(now=None):
    """Rounds not started by their window's end (plus tolerance) are missed; rounds started but
    still open when their late limit passes close as incomplete. Returns how many changed."""
    now = now or timezone.now()
    due = Round.objects.filter(status__in=list(ROUND.moves("close"))).filter(
        Q(started_at__isnull=True, ends_at__lt=now) | Q(started_at__isnull=False, closes_at__lt=now)
    )
    return sum(close_if_due(round_, now) for round_ in due)


def make_and_close(now=None):
    """The periodic task's work: today's rounds for every school, then close what is due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    for school in Org.objects.filter(kind=OrgKind.SCHOOL):
        ensure_rounds(school, today)
    return close_due_rounds(now)
