"""Every read of reports, from `visible_to`."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from safecampus.core import rulesets
from safecampus.core.access import first_or_404, get_visible_or_404, has_cap, visible_to
from safecampus.core.models import Term
from safecampus.core.queries import SchoolCalendar
from safecampus.core.reporting import REPORT_KINDS
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import items_for
from safecampus.reports.models import CalendarFeed, ReportSchedule, Summary


def summaries(user, org):
    """The summaries of one org, newest first (index summary_org_recent)."""
    return (
        visible_to(user, Summary)
        .filter(org=org)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


def summary(user, pk):
    return get_visible_or_404(user, Summary, pk)


def schedules(org, caps):
    """[(report kind, rule)] of the reports the system writes for `org` on a schedule, for the
    kinds a holder of `caps` may read: one query."""
    rows = {}
    found = ReportSchedule.objects.filter(Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids()))
    for row in found.select_related("org").order_by("pk"):
        rows.setdefault(row.kind, []).append(row)
    out = []
    for key, kind_rows in sorted(rows.items()):
        kind = REPORT_KINDS.get(key)
        rule = rulesets.nearest(kind_rows, org.path)
        if kind is not None and kind.cap in caps and rule is not None and rule.active:
            out.append((kind, rule))
    return out


def terms_for(org, limit=8):
    """The terms set at the org or above it that have begun, latest first (the term under way
    is the first choice): a summary usually covers one."""
    return list(
        Term.objects.filter(org_id__in=org.ancestor_ids(), start__lte=timezone.localdate())
        .select_related("org")
        .order_by("-start", "pk")[:limit]
    )


# The safety calendar ------------------------------------------------------------------------


def calendar_terms(school, limit=6):
    """The terms the school's calendar offers: set at the school or above, latest first (next
    term included, so a school plans ahead)."""
    return list(
        Term.objects.filter(org_id__in=school.ancestor_ids())
        .select_related("org")
        .order_by("-start", "pk")[:limit]
    )


def chosen_term(terms, term_id, today):
    """The term asked for, else the one under way, else the next one, else the latest."""
    by_id = {str(t.pk): t for t in terms}
    if term_id in by_id:
        return by_id[term_id]
    under_way = [t for t in terms if t.start <= today <= t.end]
    if under_way:
        return under_way[0]
    coming = sorted((t for t in terms if t.start > today), key=lambda t: t.start)
    if coming:
        return coming[0]
    return terms[0] if terms else None


def calendar_items(school, start, end):
    """The school's calendar between two days (every module's items, tasks moved off
    holidays), with no viewer: the pages ask for REPORT_VIEW first."""
    return items_for(school, start, end)


def my_feeds(user, school):
    """The person's working links to the school's calendar (at most one)."""
    return list(
        CalendarFeed.objects.filter(user=user, school=school, revoked_at__isnull=True).order_by(
            "-created_at"
        )
    )


def my_feed(user, pk):
    return first_or_404(CalendarFeed.objects.filter(user=user, pk=pk))


def public_feed(key):
    """The working link with this key, or None (read with no viewer: the key is the person's
    proof; a revoked key, or one whose holder lost the school, finds nothing)."""
    feed = (
        CalendarFeed.objects.filter(key_hash=CalendarFeed.hash_key(key), revoked_at__isnull=True)
        .select_related("user", "school")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    if not has_cap(feed.user, Cap.REPORT_VIEW, feed.school):
        return None
    return feed


@dataclass
class Day:
    day: date
    in_month: bool
    school_day: bool
    items: list

    @property
    def weekend(self):
        return self.day.weekday() >= 5


def month_grid(school, first, rows):
    """The weeks (Monday first) of the month starting `first`, each day with whether it is a
    school day (holidays and make-up days of the calendar in force) and the rows (item, link)
    on it. Items longer than a week (a season) are left to the month's band, not each day."""
    last = first.replace(day=monthrange(first.year, first.month)[1])
    begin = first - timedelta(days=first.weekday())
    finish = last + timedelta(days=6 - last.weekday())
    calendar = SchoolCalendar(school, begin, finish)
    weeks, week, day = [], [], begin
    while day <= finish:
        on_day = [r for r in rows if r[0].days <= 7 and r[0].start <= day <= r[0].end]
        week.append(Day(day, day.month == first.month, calendar.is_school_day(day), on_day))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    band = [r for r in rows if r[0].days > 7 and r[0].start <= last and r[0].end >= first]
    return weeks, band
