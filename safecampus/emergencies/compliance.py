"""Drill compliance: is each school holding its drills as often as its bureau's rules ask?

The windows come from the school's terms (the core calendar: a school's own terms replace its
bureau's for the dates they cover). "Once a term" is one window per term; "monthly" and
"quarterly" cut each term at calendar month or quarter boundaries, and a piece shorter than
half a window (a term starting on 23 February) is joined to its neighbour in the same term, so
a school is never asked for a drill in a week. Days outside terms belong to no window.

A school is behind when its last finished window had no drill and its current one has none
yet: one drill now puts it right. While it is behind, the drills it owes are those the rules
asked for and it has not held: every window missed since its last drill, and the current one.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from safecampus.core.models import Term
from safecampus.emergencies.models import Drill, DrillPeriod, DrillStatus, EmergencyRuleSet
from safecampus.emergencies.rules import DEFAULT, drill_period

HISTORY_DAYS = 400
MIN_DAYS = {DrillPeriod.MONTH: 15, DrillPeriod.QUARTER: 45}


@dataclass
class Window:
    start: date
    end: date
    term: str
    drills: list = field(default_factory=list)

    @property
    def met(self):
        return bool(self.drills)


@dataclass
class Compliance:
    school: object
    period: str
    windows: list
    current: Window | None
    previous: Window | None

    @property
    def behind(self):
        return (
            self.previous is not None
            and not self.previous.met
            and not (self.current is not None and self.current.met)
        )

    @property
    def missed(self):
        """The finished windows without a drill since the last one that had a drill, oldest
        first (within the history looked at)."""
        run = []
        for window in reversed(self.windows):
            if window is self.current:
                continue
            if window.met:
                break
            run.append(window)
        return run[::-1]

    @property
    def owed(self):
        """How many drills the rules ask for that are not held, while the school is behind:
        one per window missed since its last drill, and the current window's."""
        if not self.behind:
            return 0
        return len(self.missed) + (1 if self.current is not None else 0)

    @property
    def period_label(self):
        return DrillPeriod(self.period).label

    @property
    def last_drill(self):
        dates = [d for w in self.windows for d in w.drills]
        return max(dates) if dates else None


def effective_terms(chain, terms):
    """The terms a school follows: the nearest org's term wins where terms overlap."""
    rank = {org_id: i for i, org_id in enumerate(reversed(chain))}
    chosen = []
    for term in sorted((t for t in terms if t.org_id in rank), key=lambda t: rank[t.org_id]):
        if not any(c.start <= term.end and term.start <= c.end for c in chosen):
            chosen.append(term)
    return sorted(chosen, key=lambda t: t.start)


def _cuts(start, end, months):
    """[start, end] cut at the first day of every `months`-th calendar month (1, 4, 7, 10)."""
    pieces, day = [], start
    while day <= end:
        month = ((day.month - 1) // months + 1) * months + 1
        year = day.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        nxt = date(year, month, 1)
        pieces.append([day, min(end, nxt - timedelta(days=1))])
        day = nxt
    return pieces


def windows_of(terms, period):
    out = []
    for term in terms:
        if period == DrillPeriod.TERM:
            out.append(Window(term.start, term.end, term.name))
            continue
        pieces = _cuts(term.start, term.end, 1 if period == DrillPeriod.MONTH else 3)
        short = MIN_DAYS[period]
        merged = []
        for piece in pieces:
            if merged and (piece[1] - piece[0]).days + 1 < short:
                merged[-1][1] = piece[1]  # a short tail joins the window before it
            elif merged and (merged[-1][1] - merged[-1][0]).days + 1 < short:
                merged[-1][1] = piece[1]  # a short head joins the window after it
            else:
                merged.append(piece)
        out.extend(Window(s, e, term.name) for s, e in merged)
    return out


def compute(school, period, terms, drill_dates, today):
    windows = windows_of(terms, period)
    for day in sorted(drill_dates):
        for window in windows:
            if window.start <= day <= window.end:
                window.drills.append(day)
                break
    past = [w for w in windows if w.start <= today]
    current = next((w for w in past if w.end >= today), None)
    finished = [w for w in past if w.end < today]
    return Compliance(
        school=school,
        period=period,
        windows=past,
        current=current,
        previous=finished[-1] if finished else None,
    )


def for_schools(schools, today=None):
    """Compliance of each school, from three queries whatever the number of schools."""
    today = today or timezone.localdate()
    since = today - timedelta(days=HISTORY_DAYS)
    schools = list(schools)
    chains = {s.pk: s.ancestor_ids() for s in schools}
    org_ids = {pk for chain in chains.values() for pk in chain}
    rules = {r.org_id: r for r in EmergencyRuleSet.objects.filter(org_id__in=org_ids)}
    terms = list(Term.objects.filter(org_id__in=org_ids, end__gte=since, start__lte=today))
    dates = {}
    for school_id, day in Drill.objects.filter(
        school__in=[s.pk for s in schools],
        status=DrillStatus.DONE,
        planned_on__gte=since,
        planned_on__lte=today,
    ).values_list("school_id", "planned_on"):
        dates.setdefault(school_id, []).append(day)
    out = []
    for school in schools:
        chain = chains[school.pk]
        rule = next((rules[pk] for pk in reversed(chain) if pk in rules), DEFAULT)
        out.append(
            compute(
                school,
                drill_period(rule, school),
                effective_terms(chain, terms),
                dates.get(school.pk, []),
                today,
            )
        )
    return out


def for_school(school, today=None):
    return for_schools([school], today)[0]
