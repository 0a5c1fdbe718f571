"""The org tree and a bureau's home: totals on every bureau, every school in the tree for a small
bureau, and for a big one its bureaus with their totals and its schools a page at a time, found
by name, in a fixed number of queries however many schools there are."""

import pytest
from django.db.models import Sum

from safecampus.core import queries
from safecampus.core.models import Membership, Org, OrgKind, User, Zone
from safecampus.core.roles import Role
from safecampus.core.services import orgs
from tests import budgets
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
MORE = 30


@pytest.fixture
def big(monkeypatch):
    """The demo district counts as a big bureau: more schools than the tree lists."""
    monkeypatch.setattr(queries, "SCHOOLS_IN_TREE", 3)


def _district():
    return Org.objects.get(code="demo-district")


def _schools():
    return Org.objects.filter(path__startswith=_district().path, kind=OrgKind.SCHOOL)


def _students():
    total = _schools().aggregate(n=Sum("day_students") + Sum("boarding_students"))["n"]
    assert total > 0
    return total


def grow_schools(s01, n=MORE):
    """n new schools in s01's street, each with a zone and an officer."""
    for i in range(n):
        school = orgs.create_org(
            actor=None,
            parent=s01.parent,
            kind=OrgKind.SCHOOL,
            name=f"树新学校{i:02d}",
            code=f"t{i:02d}",
            school_kind="primary",
            day_students=100 + i,
        )
        Zone.objects.create(school=school, name="南大门", kind="gate")
        make_user(f"t{i:02d}.officer", f"树主任{i:02d}", school, Role.SAFETY_OFFICER)


def _user(username="bureau.admin"):
    return User.objects.get(username=username)


def _row(tree, code):
    return next(o for o in tree.rows if o.code == code)


def test_a_small_bureau_sees_every_school_with_its_zones_and_people(login):
    admin = login("bureau.admin")
    page = admin.get("/orgs/").content.decode()
    for school in _schools():
        assert school.name in page
    tree = queries.org_tree(user=_user(), root=_district())
    assert tree.schools_shown and tree.school_count == _schools().count()
    s01 = Org.objects.get(code="s01")
    row = _row(tree, "s01")
    # Counted apart: a join of zones and members would multiply one by the other.
    assert row.zone_count == Zone.objects.filter(school=s01).count() > 1
    assert row.member_count == Membership.objects.active().filter(org=s01).count() > 1
    assert _row(tree, "demo-district").school_total == tree.school_count
    assert _row(tree, "demo-district").student_total == tree.student_count == _students()
    street = s01.parent
    assert _row(tree, street.code).school_total == _schools().filter(parent=street).count()


def test_a_bureau_home_shows_its_tree_and_totals(login):
    page = login("bureau.admin").get("/").content.decode()
    assert 'id="org-tree"' in page and 'id="find-school"' not in page
    for school in _schools():
        assert school.name in page
    assert f'<div class="stat">{_students()}</div>' in page


def test_a_big_bureau_sees_its_bureaus_with_totals_and_its_schools_by_page(big, login):
    admin = login("bureau.admin")
    tree = queries.org_tree(user=_user(), root=_district())
    assert not tree.schools_shown
    assert [o.kind for o in tree.rows if o.is_school] == []
    assert _row(tree, "demo-district").school_total == _schools().count()
    assert tree.student_count == _students()
    page = admin.get("/orgs/").content.decode()
    assert "东城街道" in page and "西湖镇" in page
    assert 'id="tree-schools"' in page
    first = _schools().order_by("path").first()
    assert first.name in page


def test_a_big_bureau_finds_a_school_by_name(big, login):
    s08 = Org.objects.get(code="s08")
    admin = login("bureau.admin")
    page = admin.get("/orgs/", {"q": s08.name}).content.decode()
    assert s08.name in page
    others = _schools().exclude(pk=s08.pk).exclude(name__contains=s08.name)
    assert all(o.name not in page for o in others)
    part = admin.get("/orgs/", {"q": s08.name}, **HX).content.decode()
    assert part.lstrip().startswith('<div id="tree-schools">') and s08.name in part
    none = admin.get("/orgs/", {"q": "没有这所学校"}, **HX).content.decode()
    assert '<td colspan="6"' in none and "/schools/" not in none


def test_a_big_bureau_home_lists_no_school_and_links_to_the_search(big, login):
    page = login("bureau.admin").get("/").content.decode()
    assert 'id="find-school"' in page
    assert all(school.name not in page for school in _schools())
    assert "东城街道" in page
    assert f'<div class="stat">{_schools().count()}</div>' in page


def test_a_school_member_sees_only_their_school(login):
    tree = queries.org_tree(
        user=_user("s01.officer"),
        root=Org.objects.get(code="s01"),
    )
    assert [o.code for o in tree.rows] == ["s01"]
    assert tree.school_count == 1 and tree.schools_shown


# name: (who, url, grow(s01), text the grown page shows, query budget). With the tree cut down
# to 3 schools, the demo data already pages its schools; 30 more must cost nothing more.
# Measured (SQLite): org tree 7, home 10.
CASES = {
    "org_tree_paged": ("bureau.admin", "/orgs/?q=学", grow_schools, "树新学校", 9),
    "home_bureau_summary": ("bureau.admin", "/", grow_schools, 'id="find-school"', 12),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_big_bureau_tree_costs_the_same_however_many_schools(name, big, login):
    budgets.assert_case(name, CASES[name], login, Org.objects.get(code="s01"), MORE)
