"""A bureau with many schools sees, on its risk overview, the schools with the most serious risks
(ranked by the database) and totals over every school, in a fixed number of queries."""

import pytest
from django.db.models import Count

from safecampus.core.models import Org, OrgKind, User, Zone
from safecampus.core.services import orgs
from safecampus.risks import queries
from safecampus.risks.levels import Level
from safecampus.risks.models import RiskPoint
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(queries, "SCHOOLS_LISTED", 3)
    monkeypatch.setattr(queries, "TOP_SCHOOLS", 2)


def _district():
    return Org.objects.get(code="demo-district")


def _points(school, n, level):
    zone = Zone.objects.create(school=school, name=f"排名区域{school.code}{level}", kind="room")
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                school=school,
                zone=zone,
                name=f"排名风险{school.code}{i:02d}",
                hazard_factors="排名",
                existing_controls="巡查",
                level=level,
                responsible=_user("s01.officer"),
            )
            for i in range(n)
        ]
    )


def _user(username):
    return User.objects.get(username=username)


def _table(page):
    return page.split('id="risk-counts"')[1].split("</table>")[0]


def test_the_schools_with_most_major_risks_come_first(big, login):
    s06, s07 = Org.objects.get(code="s06"), Org.objects.get(code="s07")
    _points(s06, 60, Level.MAJOR)
    _points(s07, 30, Level.MAJOR)
    page = login("bureau.admin").get(f"/orgs/{_district().pk}/risks/").content.decode()
    table = _table(page)
    assert 'id="risk-ranked"' in page
    assert table.index(s06.name) < table.index(s07.name)
    shown = [s for s in Org.objects.filter(kind=OrgKind.SCHOOL) if s.name in table]
    assert sorted(shown, key=lambda s: s.code) == [s06, s07]


def test_the_totals_count_every_school(big, login):
    rows, totals, school_total = queries.school_counts(
        user=_user("bureau.admin"), bureau=_district()
    )
    points = RiskPoint.objects.filter(school__path__startswith=_district().path)
    expected = {
        (level or "unassessed"): n
        for level, n in points.order_by().values_list("level").annotate(n=Count("id"))
    }
    assert totals == expected
    assert (
        school_total
        == Org.objects.filter(path__startswith=_district().path, kind=OrgKind.SCHOOL).count()
    )
    assert len(rows) == queries.TOP_SCHOOLS


def test_a_small_bureau_still_sees_every_school(login):
    page = login("bureau.admin").get(f"/orgs/{_district().pk}/risks/").content.decode()
    assert 'id="risk-ranked"' not in page
    table = _table(page)
    for school in Org.objects.filter(path__startswith=_district().path, kind=OrgKind.SCHOOL):
        assert school.name in table


def grow_schools(s01):
    """MORE new schools, each with more major risks than any demo school."""
    for i in range(MORE):
        school = orgs.create_org(
            actor=None,
            parent=s01.parent,
            kind=OrgKind.SCHOOL,
            name=f"风险新学校{i:02d}",
            code=f"rk{i:02d}",
            school_kind="primary",
        )
        _points(school, 40 + i, Level.MAJOR)


# Measured (SQLite): 12 queries.
CASES = {
    "overview_ranked": (
        "bureau.admin",
        lambda s01: f"/orgs/{_district().pk}/risks/",
        grow_schools,
        "风险新学校29",
        14,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_ranked_overview_costs_the_same_however_many_schools(name, big, login):
    budgets.assert_case(name, CASES[name], login, Org.objects.get(code="s01"), MORE)
