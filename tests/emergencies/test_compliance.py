"""Drill compliance across term boundaries: which window a drill counts for, what "behind"
means at the start of a term and in the holidays, monthly and quarterly windows cut inside
terms, a school's own terms, and a bureau's rule set."""

import re
from datetime import date

import pytest

from safecampus.core.models import Term
from safecampus.emergencies import compliance
from safecampus.emergencies.compliance import compute, effective_terms, windows_of
from safecampus.emergencies.models import DrillPeriod, EmergencyRuleSet

SPRING = Term(org_id=1, name="春季学期", start=date(2026, 2, 23), end=date(2026, 7, 3))
AUTUMN = Term(org_id=1, name="秋季学期", start=date(2026, 9, 1), end=date(2027, 1, 22))
TERMS = [SPRING, AUTUMN]


def status(drills, today, period=DrillPeriod.TERM, terms=TERMS):
    return compute(None, period, terms, drills, today)


def test_a_drill_on_the_last_day_of_a_term_counts_for_that_term():
    report = status([date(2026, 7, 3)], date(2026, 9, 10))
    assert report.previous.term == "春季学期" and report.previous.met
    assert not report.current.met
    assert not report.behind


def test_a_drill_on_the_first_day_of_a_term_counts_only_for_the_new_term():
    report = status([date(2026, 9, 1)], date(2026, 9, 10))
    assert not report.previous.met
    assert report.current.met
    assert not report.behind  # the missed spring term is made up by this term's drill


def test_a_drill_in_the_holidays_counts_for_no_term():
    report = status([date(2026, 8, 20)], date(2026, 9, 10))
    assert not report.previous.met and not report.current.met
    assert report.behind
    assert [w.drills for w in report.windows] == [[], []]


def test_in_the_holidays_the_last_term_decides():
    assert status([], date(2026, 8, 1)).current is None
    assert status([], date(2026, 8, 1)).behind
    assert not status([date(2026, 3, 1)], date(2026, 8, 1)).behind


def test_a_school_is_not_behind_in_its_first_term():
    report = status([], date(2026, 3, 1))
    assert report.previous is None
    assert not report.behind
    assert report.current.end == date(2026, 7, 3)


def test_a_term_is_due_until_its_last_day():
    assert not status([], date(2026, 7, 3)).behind
    assert status([], date(2026, 7, 4)).behind


def test_monthly_windows_join_short_pieces_at_term_edges():
    windows = [(w.start, w.end) for w in windows_of([SPRING], DrillPeriod.MONTH)]
    assert windows == [
        (date(2026, 2, 23), date(2026, 3, 31)),  # six days of February join March
        (date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 5, 31)),
        (date(2026, 6, 1), date(2026, 7, 3)),  # three days of July join June
    ]
    # Monthly: a drill in the last days of the term covers June; May was missed.
    report = status([date(2026, 7, 2)], date(2026, 7, 3), DrillPeriod.MONTH)
    assert report.current.met
    assert not report.behind
    report = status([date(2026, 5, 31)], date(2026, 6, 10), DrillPeriod.MONTH)
    assert report.previous.met and not report.behind
    report = status([date(2026, 4, 30)], date(2026, 6, 10), DrillPeriod.MONTH)
    assert report.behind


def test_monthly_windows_cross_into_the_next_term_without_the_holidays():
    report = status([date(2026, 6, 15)], date(2026, 9, 20), DrillPeriod.MONTH)
    # The previous window is June–3 July (met), not the summer: September is still due.
    assert report.previous.end == date(2026, 7, 3)
    assert not report.behind
    report = status([date(2026, 6, 15)], date(2026, 10, 2), DrillPeriod.MONTH)
    assert report.previous.start == date(2026, 9, 1)
    assert report.behind


def test_quarterly_windows_within_terms():
    """A quarter piece shorter than half a quarter joins its neighbour: with these terms each
    term is one window (37 days of Q1 join Q2, and 3 days of July join them; September joins
    Q4, and 22 days of January join it)."""
    windows = [(w.start, w.end) for w in windows_of(TERMS, DrillPeriod.QUARTER)]
    assert windows == [
        (date(2026, 2, 23), date(2026, 7, 3)),
        (date(2026, 9, 1), date(2027, 1, 22)),
    ]
    long_term = Term(org_id=1, name="长学期", start=date(2026, 1, 5), end=date(2026, 7, 3))
    windows = [(w.start, w.end) for w in windows_of([long_term], DrillPeriod.QUARTER)]
    assert windows == [
        (date(2026, 1, 5), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 7, 3)),
    ]


def test_a_schools_own_term_replaces_the_bureaus_where_they_overlap():
    own = Term(org_id=2, name="本校春季学期", start=date(2026, 2, 16), end=date(2026, 7, 10))
    chosen = effective_terms([1, 2], [SPRING, AUTUMN, own])
    assert [t.name for t in chosen] == ["本校春季学期", "秋季学期"]
    report = status([date(2026, 7, 8)], date(2026, 9, 10), terms=chosen)
    assert report.previous.met


@pytest.mark.django_db
def test_the_bureau_rule_set_and_the_demo_calendar(org, person):
    """The demo district's terms, one school behind, and kindergartens made monthly."""
    district = org("demo-district")
    today = date(2026, 11, 22)
    schools = [org(f"s0{i}") for i in range(1, 9)]
    before = {c.school.code: c for c in compliance.for_schools(schools, today)}
    assert before["s04"].behind
    assert not before["s03"].behind and before["s03"].period == DrillPeriod.TERM
    assert Term.objects.filter(org=district).exists()
    EmergencyRuleSet.objects.create(
        org=district,
        school_period=DrillPeriod.TERM,
        kindergarten_period=DrillPeriod.MONTH,
        source="区教育局通知",
    )
    after = {c.school.code: c for c in compliance.for_schools(schools, today)}
    assert after["s03"].period == DrillPeriod.MONTH  # a kindergarten
    assert after["s01"].period == DrillPeriod.TERM
    assert after["s03"].current.start == date(2026, 11, 1)
    # The demo kindergarten held its autumn drill in September: October was missed.
    assert after["s03"].behind


def test_the_drills_owed_count_every_missed_window_since_the_last_drill_and_the_current():
    """Monthly: a drill in September, none in October or November, none yet in December: the
    rules asked for three drills that were not held."""
    report = status([date(2026, 9, 15)], date(2026, 12, 10), DrillPeriod.MONTH)
    assert report.behind and report.owed == 3
    assert [(w.start, w.end) for w in report.missed] == [
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 30)),
    ]
    # One drill in December puts the school right: nothing is owed any more.
    assert status([date(2026, 9, 15), date(2026, 12, 5)], date(2026, 12, 10), "month").owed == 0


def test_the_drills_owed_by_term_and_in_the_holidays():
    assert status([], date(2026, 9, 10)).owed == 2  # spring missed, autumn not held yet
    assert status([], date(2026, 8, 1)).owed == 1  # holidays: spring missed, no window now
    assert status([date(2026, 3, 1)], date(2026, 9, 10)).owed == 0  # not behind
    assert status([], date(2026, 3, 1)).owed == 0  # the first term is never behind


@pytest.mark.django_db
def test_the_home_page_and_the_drills_page_count_the_drills_owed(login, org):
    from safecampus.emergencies.models import Drill, DrillStatus

    school = org("s01")
    Drill.objects.filter(school=school).update(status=DrillStatus.PLANNED)
    owed = compliance.for_school(school).owed
    assert owed >= 2  # every window of the demo's terms so far, none held
    client = login("s01.officer")
    home = client.get("/").content.decode()
    shown = re.search(r'id="count-drills-owed">.*?<div class="stat[^"]*">(\d+)', home, re.S)
    assert shown and int(shown.group(1)) == owed
    drills = client.get(f"/schools/{school.pk}/emergencies/drills/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"{owed} drills owed" in drills.content.decode()
