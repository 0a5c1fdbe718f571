"""The school's safety calendar (安全工作序列表): what is due when in a term, gathered from every
module through a registry.

Each module registers a source from its `registry.py` (`register_source(fn)`);
`fn(school, start, end)` gives the `Item`s of one school between two days (theme days, drills
due, campaign stages, assessment deadlines, ...). The kernel adds its own: the holidays and
make-up days of the school calendar, and the responsibility letters that run out. The reports
app shows, exports and feeds the calendar and sends the reminders; it never imports a module.

A task that must be done on a school day (`school_day=True`: an inspection, a deadline) and
falls on a holiday or a weekend is moved to the next school day; a make-up day (调休) counts as a
school day. A theme day keeps its date whatever the day is.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from safecampus.core.models import CalendarException, DayKind, ResponsibilityLetter
from safecampus.core.queries import SchoolCalendar


class Kind:
    """What an item is; the page colours and filters by it."""

    THEME = "theme"
    LESSON = "lesson"
    DRILL = "drill"
    INSPECTION = "inspection"
    CAMPAIGN = "campaign"
    ASSESSMENT = "assessment"
    LETTER = "letter"
    HOLIDAY = "holiday"
    SCHOOL_DAY = "school_day"


KIND_LABELS = {
    Kind.THEME: _("Theme day"),
    Kind.LESSON: _("Education"),
    Kind.DRILL: _("Drill"),
    Kind.INSPECTION: _("Inspection"),
    Kind.CAMPAIGN: _("Campaign stage"),
    Kind.ASSESSMENT: _("Assessment"),
    Kind.LETTER: _("Responsibility letters"),
    Kind.HOLIDAY: _("Holiday"),
    Kind.SCHOOL_DAY: _("Make-up school day"),
}

# The furthest a task is moved to find a school day: past it (a long holiday at the end of a
# term) the item keeps its date and says it falls in the holidays.
LONGEST_MOVE = 21


@dataclass(frozen=True)
class Item:
    """One entry. `key` is stable across runs (a reminder is sent once per key); `lead_days`
    is how many days ahead to remind (None: the calendar rules' default; 0: no reminder).
    `moved_from`: the day a task fell on before it was moved to a school day."""

    key: str
    start: date
    end: date
    title: str
    kind: str
    source: str = ""
    url: str = ""
    # The capability a person needs to follow `url`: the page shows the link only to them.
    cap: str = ""
    lead_days: int | None = None
    school_day: bool = False
    moved_from: date | None = None

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def days(self):
        return (self.end - self.start).days + 1


SOURCES = []


def register_source(source):
    """Add a module's items, from its registry.py."""
    if source not in SOURCES:
        SOURCES.append(source)


def _on_school_day(item, calendar):
    if calendar.is_school_day(item.start):
        return item
    day = item.start
    for _step in range(LONGEST_MOVE):
        day += timedelta(days=1)
        if calendar.is_school_day(day):
            return replace(item, start=day, end=max(item.end, day), moved_from=item.start)
    return item


def items_for(school, start, end):
    """Every item of `school` that overlaps [start, end], by date: tasks moved off holidays."""
    calendar = SchoolCalendar(school, start - timedelta(days=1), end + timedelta(days=LONGEST_MOVE))
    found = []
    for source in [kernel_items, *SOURCES]:
        for item in source(school, start, end):
            if item.school_day:
                item = _on_school_day(item, calendar)
            if item.start <= end and item.end >= start:
                found.append(item)
    return sorted(found, key=lambda i: (i.start, i.kind == Kind.HOLIDAY, i.title, i.key))


def kernel_items(school, start, end):
    """The kernel's own: holidays and make-up days of the calendar in force at the school (the
    nearest org's), and letters that run out (to renew)."""
    chain = school.ancestor_ids()
    for row in CalendarException.objects.filter(
        org_id__in=chain, start__lte=end, end__gte=start
    ).order_by("start", "pk"):
        holiday = row.kind == DayKind.HOLIDAY
        yield Item(
            f"day:{row.pk}",
            row.start,
            row.end,
            row.name,
            Kind.HOLIDAY if holiday else Kind.SCHOOL_DAY,
            lead_days=0,
        )
    for letter in ResponsibilityLetter.objects.filter(
        school=school, term_end__gte=start, term_end__lte=end
    ).order_by("term_end", "pk"):
        yield Item(
            f"letter:{letter.pk}",
            letter.term_end,
            letter.term_end,
            _("Responsibility letter “%(title)s” runs out: issue the next one")
            % {"title": letter.title},
            Kind.LETTER,
            school_day=True,
        )
