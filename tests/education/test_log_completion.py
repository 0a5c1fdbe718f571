"""Completion of the 1530 log against hand-built data: per class with its missing days, per
school, and as the bureau's metric, in a number of queries that does not grow with schools."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safecampus.core import metrics
from safecampus.core.metrics import Period
from safecampus.core.models import Org
from safecampus.education.models import Reminder1530
from safecampus.education.queries.log import class_books, completion, completion_rolled
from safecampus.education.services.rollup import rebuild_due
from safecampus.students.models import SchoolClass
from tests.education.helpers import clear, s01_class, topic

pytestmark = pytest.mark.django_db

# Monday 16 to Friday 20 November 2026: five school days.
WEEK = (date(2026, 11, 16), date(2026, 11, 20))


def _entries(school, position, days, person):
    for day in days:
        Reminder1530.objects.create(
            school=school,
            school_class=s01_class(position),
            day=day,
            slot="day",
            minutes=1,
            topic=topic("fire"),
            recorded_by=person,
        )


@pytest.fixture
def week(org, person):
    """s01's week with known entries: class 0 every day, class 1 on Monday and Tuesday,
    classes 2 and 3 none: 7 of 20."""
    school = org("s01")
    clear(school, *WEEK)
    teacher = person("s01.principal")
    _entries(school, 0, [date(2026, 11, d) for d in range(16, 21)], teacher)
    _entries(school, 1, [date(2026, 11, 16), date(2026, 11, 17)], teacher)
    return school


def test_each_class_shows_its_missing_days(week, person):
    books = class_books(person("s01.principal"), week, *WEEK)
    assert [(b.done, b.due) for b in books] == [(5, 5), (2, 5), (0, 5), (0, 5)]
    assert [d for d, _slot in books[1].missing] == [date(2026, 11, d) for d in (20, 19, 18)]
    assert books[1].rate == 40.0


def test_a_head_teacher_sees_only_their_class(week, person):
    books = class_books(person("s01.teacher"), week, *WEEK)
    assert [(b.school_class.pk, b.done) for b in books] == [(s01_class(1).pk, 2)]


def test_the_school_figure_and_the_metric(week):
    assert completion(Org.objects.filter(pk=week.pk), *WEEK) == {week.pk: (7, 20)}
    period = Period(*WEEK)
    schools = Org.objects.filter(pk=week.pk)
    assert metrics.values("education.log1530_rate", schools, period) == {week.pk: 35.0}
    assert metrics.values("education.log1530_missing", schools, period) == {week.pk: 13}


def test_the_metric_costs_the_same_for_one_school_or_all(week):
    period = Period(*WEEK)
    with CaptureQueriesContext(connection) as one:
        metrics.values("education.log1530_rate", Org.objects.filter(pk=week.pk), period)
    with CaptureQueriesContext(connection) as every:
        found = metrics.values("education.log1530_rate", Org.objects.schools(), period)
    assert len(every) == len(one)
    assert len(found) == Org.objects.schools().count()


def test_the_roll_up_gives_the_figures_of_the_calendars(week):
    """The nightly roll-up of what is due, with the entries counted live, gives what the
    schools' calendars give (a week, and the term so far, for every school)."""
    schools = Org.objects.schools()
    assert completion_rolled(schools, *WEEK) == {
        pk: figures for pk, figures in completion(schools, *WEEK).items() if figures[1]
    }
    term = (date(2026, 9, 1), date(2026, 12, 1))
    assert completion_rolled(schools, *term) == {
        pk: figures for pk, figures in completion(schools, *term).items() if figures[1]
    }


def test_each_1530_metric_is_one_query_for_every_school(week):
    period = Period(*WEEK)
    for key in ("education.log1530_rate", "education.log1530_missing"):
        with CaptureQueriesContext(connection) as every:
            found = metrics.METRICS[key].figures(Org.objects.schools(), period)
        assert len(every) == 1 and found[week.pk] in (35.0, 13)


def test_a_class_opened_counts_from_the_next_rebuild(week):
    schools = Org.objects.filter(pk=week.pk)
    SchoolClass.objects.create(school=week, grade=9, name="新班")
    assert completion_rolled(schools, *WEEK) == {week.pk: (7, 20)}
    rebuild_due(schools=schools)
    assert completion_rolled(schools, *WEEK) == {week.pk: (7, 25)}
