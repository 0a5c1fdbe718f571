"""Cadence compliance is computed from the rules in force: per inspector, distinct schools a
week; per school, visits this semester. Changing the bureau's rules changes the verdict, and
the page's cost does not grow with the schools."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.services import orgs
from safecampus.supervision.models import SupervisionVisit, VisitStatus
from safecampus.supervision.queries.visitdocs import (
    inspector_compliance,
    judge_schools,
    rules_under,
    school_compliance,
    semester,
)
from safecampus.supervision.services.visitdocs import set_rules
from tests.budgets import assert_bounded, grow_between_loads
from tests.supervision.visitdocs_data import make_visit

pytestmark = pytest.mark.django_db

RULES = {"comprehensive_min_inspectors": 3, "reminder_days": 2, "source": "测试"}


@pytest.fixture(autouse=True)
def _no_demo_visits():
    """Each test counts the visits it makes: the demo district's own visits are taken away."""
    SupervisionVisit.objects.all().delete()


def _set(person, org, per_week, per_semester):
    set_rules(
        actor=person("bureau.admin"),
        org=org,
        visits_per_inspector_week=per_week,
        visits_per_school_semester=per_semester,
        **RULES,
    )


def _inspector(org, username):
    _mondays, rows = inspector_compliance(org)
    return next(row for row in rows if row.user.username == username)


def test_an_inspector_counts_distinct_schools_a_week(org, person):
    district = org("demo-district")
    today = timezone.localdate()
    make_visit(org("s01"), day=today)
    make_visit(org("s01"), day=today)  # the same school again: still one
    make_visit(org("s02"), day=today, lead="bureau.admin", inspectors=("bureau.inspector",))
    make_visit(org("s03"), day=today, status=VisitStatus.PLANNED)  # not started: not counted
    _set(person, district, 2, 2)
    assert _inspector(district, "bureau.inspector").weeks[-1][1:] == (2, True)
    _set(person, district, 3, 2)
    assert _inspector(district, "bureau.inspector").weeks[-1][1:] == (2, False)


def test_a_school_is_judged_by_the_rules_of_its_bureau(org, person):
    district = org("demo-district")
    term = semester(district)
    make_visit(org("s01"), day=max(term.start, timezone.localdate() - datetime.timedelta(days=1)))

    def verdict():
        judged = judge_schools(school_compliance(district, term), rules_under(district))
        return {school.code: (n, met) for school, n, _rules, met in judged}

    _set(person, district, 2, 1)
    assert verdict()["s01"] == (1, True)
    assert verdict()["s02"] == (0, False)
    _set(person, district, 2, 2)
    assert verdict()["s01"] == (1, False)
    short = {s.code for s in school_compliance(district, term, short_only=True)}
    assert "s01" in short


def test_a_street_with_its_own_rules_judges_its_schools(org, person):
    district, street = org("demo-district"), org("demo-street-1")
    term = semester(district)
    _set(person, district, 2, 2)
    _set(person, street, 2, 0)
    judged = judge_schools(school_compliance(district, term), rules_under(district))
    in_street = {s.code for s in Org.objects.filter(path__startswith=street.path, kind="school")}
    for school, _n, rules, met in judged:
        assert met == (school.code in in_street)
        assert rules.org_id == (street.pk if school.code in in_street else district.pk)
    short = {s.code for s in school_compliance(district, term, short_only=True)}
    assert short and not short & in_street


def test_the_semester_falls_back_to_the_half_year(org):
    far = datetime.date(2031, 3, 5)  # no term in the demo calendar
    term = semester(org("demo-district"), far)
    assert (term.start, term.end, term.from_calendar) == (
        datetime.date(2031, 1, 1),
        datetime.date(2031, 6, 30),
        False,
    )


def test_the_page_shows_the_verdicts_and_the_source(org, login, person):
    district = org("demo-district")
    _set(person, district, 2, 2)
    make_visit(org("s01"))
    page = (
        login("bureau.inspector")
        .get(reverse("supervision:visit_compliance", args=[district.pk]))
        .content.decode()
    )
    assert "李督导" in page and "测试" in page and org("s08").name in page


def test_the_page_costs_the_same_with_more_schools(org, login):
    district = org("demo-district")
    street = org("demo-street-1")
    serial = itertools.count(1)
    make_visit(org("s01"))

    def grow():
        for _ in range(30):
            k = next(serial)
            school = orgs.create_org(
                actor=None, parent=street, kind=OrgKind.SCHOOL, name=f"新校{k}", code=f"x{k}"
            )
            make_visit(school)

    loads = grow_between_loads(
        login("bureau.admin"), reverse("supervision:visit_compliance", args=[district.pk]), grow
    )
    assert_bounded(loads, 20, "visit compliance")


def test_the_briefing_costs_the_same_with_more_visits(org, login):
    district, street = org("demo-district"), org("demo-street-2")
    today = timezone.localdate()
    last_monday = today - datetime.timedelta(days=today.weekday() + 7)
    serial = itertools.count(1)
    make_visit(org("s01"), day=last_monday, failed=["甲"])

    def grow():
        for _ in range(20):
            k = next(serial)
            school = orgs.create_org(
                actor=None, parent=street, kind=OrgKind.SCHOOL, name=f"简报校{k}", code=f"b{k}"
            )
            make_visit(school, day=last_monday + datetime.timedelta(days=k % 5), failed=["乙"])

    loads = grow_between_loads(
        login("bureau.admin"), reverse("supervision:visit_briefing", args=[district.pk]), grow
    )
    assert "简报校20" in loads.after
    assert_bounded(loads, 24, "weekly briefing")
