"""Reads for patrols, each starting from what the viewer may see."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from safecampus.core.access import active_memberships, has_cap, visible_orgs, visible_to
from safecampus.core.models import OrgKind, User
from safecampus.core.roles import Cap, Role
from safecampus.core.routine import RoutineRow
from safecampus.patrols.completion import ScanFact, compute
from safecampus.patrols.models import (
    OPEN_ROUND_STATUSES,
    Checkpoint,
    Round,
    RoundStatus,
    Route,
    Scan,
    ScanMethod,
)
from safecampus.patrols.rounds import ensure_rounds


def can_see_rounds(user, school):
    return has_cap(user, Cap.PATROL_VIEW, school) or has_cap(user, Cap.PATROL_RUN, school)


def guards_of(school):
    """The school's guards now: the people a route can be given to."""
    return User.objects.filter(
        memberships__org=school, memberships__role=Role.GUARD, memberships__ended_at__isnull=True
    ).distinct()


def checkpoints(*, user, school):
    return (
        visible_to(user, Checkpoint)
        .filter(school=school)
        .select_related("zone")
        .order_by("code", "pk")
    )


def routes(*, user, school):
    return (
        visible_to(user, Route)
        .filter(school=school)
        .select_related("guard")
        .prefetch_related("windows", "stops__checkpoint")
        .order_by("-active", "name", "pk")
    )


def rounds_of_day(*, user, school, day):
    if day == timezone.localdate():
        ensure_rounds(school, day)
    return (
        visible_to(user, Round)
        .filter(school=school, date=day)
        .select_related("route", "window", "guard")
        .order_by("starts_at", "pk")
    )


def rounds_of_school(*, user, school):
    """The school's rounds, to look one up by id."""
    return visible_to(user, Round).filter(school=school).select_related("route", "window", "guard")


def rounds_for_api(*, user):
    """Rounds where the person may view or walk patrols."""
    return (
        visible_to(user, Round, Cap.PATROL_VIEW) | visible_to(user, Round, Cap.PATROL_RUN)
    ).select_related("route", "window")


def rounds_today(user):
    """The person's patrol rounds for today, in time order: rounds of routes given to them, rounds
    they walked, and, for a guard, rounds of routes given to no one. Each round has `starts_at`,
    `ends_at`, `status` (and `get_status_display()`), `route` and `window`."""
    today = timezone.localdate()
    memberships = [m for m in active_memberships(user) if m.org.kind == OrgKind.SCHOOL]
    schools = [m.org for m in memberships if has_cap(user, Cap.PATROL_RUN, m.org)]
    if not schools:
        return Round.objects.none()
    for school in {s.pk: s for s in schools}.values():
        ensure_rounds(school, today)
    guard_at = [m.org_id for m in memberships if m.role == Role.GUARD]
    mine = Q(route__guard=user) | Q(guard=user) | Q(route__guard__isnull=True, school__in=guard_at)
    return (
        Round.objects.filter(school__in=schools, date=today)
        .filter(mine)
        .select_related("route", "window", "school")
        .order_by("starts_at", "pk")
    )


def round_rows(user, school, now):
    """The person's patrol rounds today at the school, as steps of their day (registered in
    core's routine by this app's registry)."""
    if not has_cap(user, Cap.PATROL_RUN, school):
        return []
    return [
        RoutineRow(
            "patrol",
            round_.starts_at,
            round_.ends_at,
            round_.route.name,
            str(round_.window),
            round_.status,
            round_.get_status_display(),
            round_.get_absolute_url(),
            round_.status not in OPEN_ROUND_STATUSES,
        )
        for round_ in rounds_today(user).filter(school=school)
    ]


@dataclass
class StopRow:
    position: int
    checkpoint: Checkpoint
    scan: Scan | None
    late: bool
    out_of_order: bool
    duplicates: int
    typed: bool  # visited by typing the code only, never by scanning the label


def round_sheet(round_):
    """The round's checkpoints in route order with their first scan and what went wrong."""
    scans = list(
        round_.scans.select_related("checkpoint", "by", "hazard", "photo").order_by(
            "scanned_at", "pk"
        )
    )
    completion = compute(
        round_.planned,
        [ScanFact(s.checkpoint_id, s.scanned_at) for s in scans],
        ends_at=round_.ends_at,
        tolerance_minutes=round_.tolerance_minutes,
    )
    by_id = Checkpoint.objects.select_related("zone").in_bulk(round_.planned)
    first, counts, scanned = {}, {}, set()
    for scan in scans:
        first.setdefault(scan.checkpoint_id, scan)
        counts[scan.checkpoint_id] = counts.get(scan.checkpoint_id, 0) + 1
        if scan.method == ScanMethod.QR:
            scanned.add(scan.checkpoint_id)
    rows = [
        StopRow(
            position=i + 1,
            checkpoint=by_id[cp],
            scan=first.get(cp),
            late=cp in completion.late,
            out_of_order=cp in completion.out_of_order,
            duplicates=max(counts.get(cp, 0) - 1, 0),
            typed=cp in first and cp not in scanned,
        )
        for i, cp in enumerate(round_.planned)
        if cp in by_id
    ]
    return rows, completion, scans


CLOSED = [RoundStatus.DONE, RoundStatus.INCOMPLETE, RoundStatus.MISSED]


def _due(qs):
    """Rounds that count in a rate: closed ones, and done ones closed early."""
    return qs.filter(status__in=CLOSED)


def _tally():
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(status=RoundStatus.DONE)),
        "incomplete": Count("pk", filter=Q(status=RoundStatus.INCOMPLETE)),
        "missed": Count("pk", filter=Q(status=RoundStatus.MISSED)),
        "late": Sum("late_count"),
        "out_of_order": Sum("out_of_order_count"),
        "problems": Sum("problem_count"),
        "typed": Sum("typed_count"),
        "key_done": Count("pk", filter=Q(status=RoundStatus.DONE, route__key_areas=True)),
    }


def _rate(row):
    row["rate"] = round(100 * row["done"] / row["total"]) if row["total"] else None
    return row


def school_rounds(*, user, school, start, end):
    return visible_to(user, Round, Cap.PATROL_VIEW).filter(school=school, date__range=(start, end))


def by_day(*, user, school, start, end):
    qs = _due(school_rounds(user=user, school=school, start=start, end=end))
    return [_rate(r) for r in qs.values("date").annotate(**_tally()).order_by("-date")]


def by_route(*, user, school, start, end):
    qs = _due(school_rounds(user=user, school=school, start=start, end=end))
    rows = (
        qs.values("route_id", "route__name")
        .annotate(**_tally())
        .order_by("route__name", "route_id")
    )
    return [_rate(r) for r in rows]


def by_guard(*, user, school, start, end):
    qs = _due(school_rounds(user=user, school=school, start=start, end=end))
    rows = (
        qs.values("guard_id", "guard__display_name", "guard__username")
        .annotate(**_tally())
        .order_by("guard__display_name", "guard_id")
    )
    return [_rate(r) for r in rows]


def missed_rounds(*, user, school, start, end):
    return (
        school_rounds(user=user, school=school, start=start, end=end)
        .filter(status__in=[RoundStatus.MISSED, RoundStatus.INCOMPLETE])
        .select_related("route", "window", "guard")
        .order_by("-starts_at", "-pk")
    )


def problems(*, user, school, start, end):
    return (
        visible_to(user, Scan, Cap.PATROL_VIEW)
        .filter(round__school=school, round__date__range=(start, end), problem=True)
        .select_related("checkpoint__zone", "by", "hazard", "round__route", "round__window")
        .order_by("-scanned_at", "-pk")
    )


def bureau_rates(*, user, bureau, start, end):
    """Every school under the bureau with its patrol completion over [start, end], lowest rate
    first; schools with no rounds at all come first of all (nothing patrolled is the worst)."""
    schools = visible_orgs(user, Cap.PATROL_VIEW).filter(
        kind=OrgKind.SCHOOL, path__startswith=bureau.path
    )
    tallies = {
        row["school_id"]: row
        for row in _due(
            visible_to(user, Round, Cap.PATROL_VIEW).filter(
                school__in=schools.values("pk"), date__range=(start, end)
            )
        )
        .values("school_id")
        .annotate(**_tally())
        .order_by("school_id")
    }
    empty = dict.fromkeys(_tally(), 0)
    rows = []
    for school in schools.order_by("path", "pk"):
        row = _rate({**empty, **tallies.get(school.pk, {})})
        row["school"] = school
        rows.append(row)
    rows.sort(key=lambda r: (-1 if r["rate"] is None else r["rate"], r["school"].path))
    return rows
