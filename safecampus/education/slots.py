"""Which school days a class owes a 1530 reminder, and of which length, from the school
calendar (seed 003: 1 minute before dismissal each school day, 5 before the weekend, 30 before
a holiday).

A school day's slot is decided by the days after it up to the next school day: none (the next
day is a school day) is an ordinary day; one or two days that are all Saturday or Sunday is a
weekend; anything longer, or a weekday without school (a holiday, the end of term), is a
holiday. A make-up day (调休) is a school day like any other.
"""

from datetime import timedelta

from safecampus.education.models import Slot

# Enough days to tell a weekend from a longer break.
LOOKAHEAD = 3


def slot_of(calendar, day):
    """The slot due on `day`, or None when it is no school day."""
    if not calendar.is_school_day(day):
        return None
    gap = []
    following = day + timedelta(days=1)
    while not calendar.is_school_day(following) and len(gap) < LOOKAHEAD:
        gap.append(following)
        following += timedelta(days=1)
    if not gap:
        return Slot.DAY
    if len(gap) <= 2 and all(d.weekday() >= 5 for d in gap):
        return Slot.WEEKEND
    return Slot.HOLIDAY


def due_slots(calendar, start, end):
    """[(day, slot)] of every school day from `start` to `end`. The calendar must cover
    `end + LOOKAHEAD` days."""
    found = []
    day = start
    while day <= end:
        slot = slot_of(calendar, day)
        if slot is not None:
            found.append((day, slot))
        day += timedelta(days=1)
    return found


def minutes(rules, slot):
    return {
        Slot.DAY: rules.minutes_daily,
        Slot.WEEKEND: rules.minutes_weekend,
        Slot.HOLIDAY: rules.minutes_holiday,
    }[slot]


def suggested_topic(topics, themes, day, slot):
    """The topic a 1530 entry offers first: a theme day of the safety calendar falling on the
    day or in the next three; before a holiday, a holiday topic in season; else the topics in
    season in turn, one a day."""
    for theme in themes:
        if theme.topic_id is None:
            continue
        first, last = theme.dates(day.year)
        if first - timedelta(days=3) <= day <= last and (last - first).days < 14:
            found = next((t for t in topics if t.pk == theme.topic_id), None)
            if found is not None:
                return found
    season = [t for t in topics if t.in_season(day.month)]
    if slot == Slot.HOLIDAY:
        holiday = [t for t in season if t.for_holidays]
        if holiday:
            return holiday[0]
    ordinary = [t for t in season if not t.for_holidays] or season or topics
    return ordinary[day.toordinal() % len(ordinary)] if ordinary else None
