"""Outside departments as users: a problem referred to a department is seen by its people and
no one else's; they answer or return it from their phone; the school sees who answered; the
bureau keeps the departments and their accounts."""

import re

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.metrics import Period
from safecampus.core.models import AuditEvent, Membership, Notification, Org, User
from safecampus.core.roles import Role
from safecampus.core.services import people as people_services
from safecampus.transport import metrics
from safecampus.transport.models import (
    DepartmentKind,
    OutsideDepartment,
    ProblemStatus,
    ProblemType,
    SurroundingsProblem,
)
from safecampus.transport.queries.departments import departments_for_school
from safecampus.transport.services import departments as department_services
from safecampus.transport.services import surroundings as services
from tests import budgets

pytestmark = pytest.mark.django_db
# As tests/core/test_links_allowed.py: files and the language form are not pages.
SKIP = re.compile(r"^/(static|media|api|logout|language)/|/attachments/\d+/")


def _department(name):
    return OutsideDepartment.objects.get(name=name)


def _referred(person, org, department, school="s01", place="测试出租屋"):
    officer = person(f"{school}.officer")
    problem = services.report_problem(
        actor=officer,
        school=org(school),
        kind=ProblemType.objects.get(org=None, code="rental_housing"),
        place=place,
        distance_m=90,
    )
    return services.refer_problem(actor=officer, problem=problem, referred_to=department)


def _row(problem):
    return list(SurroundingsProblem.objects.filter(pk=problem.pk).values())


def test_a_referred_problem_is_seen_by_its_department_and_no_other(login, person, org):
    problem = _referred(person, org, _department("城南派出所"))
    police, market = login("dept.police"), login("dept.market")
    assert "测试出租屋" in police.get("/surroundings/referred/").content.decode()
    assert police.get(problem.department_url()).status_code == 200
    assert "测试出租屋" not in market.get("/surroundings/referred/").content.decode()
    assert market.get(problem.department_url()).status_code == 404
    assert market.get(f"/api/v1/referred-problems/{problem.pk}").status_code == 404
    listed = {p["id"] for p in police.get("/api/v1/referred-problems").json()["items"]}
    assert problem.pk in listed
    # The school's own pages stay closed to the department.
    assert police.get(problem.get_absolute_url()).status_code == 403
    # The department is told at once, with a link to its own page of the problem.
    note = Notification.objects.get(user__username="dept.police", url=problem.department_url())
    assert "城南实验小学" in note.title


def test_the_department_answers_from_its_phone_and_the_school_sees_who(login, person, org):
    problem = _referred(person, org, _department("城南派出所"))
    police = login("dept.police")
    response = police.post(f"{problem.department_url()}answer/", {"answer": "已上门核查登记住户"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ANSWERED
    assert problem.answered_by.username == "dept.police"
    page = login("s01.officer").get(problem.get_absolute_url()).content.decode()
    assert "已上门核查登记住户" in page
    assert "李警官" in page and "城南派出所" in page
    assert Notification.objects.filter(
        user__username="s01.officer", url=problem.get_absolute_url()
    ).exists()
    # Answered once: a second answer is refused with the table's message and changes nothing.
    before = _row(problem)
    again = police.post(f"{problem.department_url()}answer/", {"answer": "再答一次"})
    assert again.status_code == 400
    assert _row(problem) == before


def test_a_department_returns_what_is_not_its_own_and_the_school_refers_again(login, person, org):
    problem = _referred(person, org, _department("城南派出所"))
    police = login("dept.police")
    empty = police.post(f"{problem.department_url()}return/", {"note": ""})
    assert empty.status_code == 400
    assert SurroundingsProblem.objects.get(pk=problem.pk).status == ProblemStatus.REFERRED
    response = police.post(f"{problem.department_url()}return/", {"note": "属市场监管职责"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.referred_to) == (ProblemStatus.REPORTED, None)
    assert police.get(problem.department_url()).status_code == 404
    page = login("s01.officer").get(problem.get_absolute_url()).content.decode()
    assert "属市场监管职责" in page
    market = _department("城南市场监管所")
    services.refer_problem(actor=person("s01.officer"), problem=problem, referred_to=market)
    assert login("dept.market").get(problem.department_url()).status_code == 200


def test_one_department_cannot_answer_for_another(person, org):
    problem = _referred(person, org, _department("城南派出所"))
    before = (_row(problem), AuditEvent.objects.count())
    with pytest.raises(PermissionRefused):
        services.record_answer(actor=person("dept.market"), problem=problem, answer="代答")
    with pytest.raises(PermissionRefused):
        services.return_problem(actor=person("dept.market"), problem=problem, note="退回")
    assert (_row(problem), AuditEvent.objects.count()) == before


def test_a_street_department_is_offered_only_to_the_schools_of_its_street(person, org):
    """西湖镇's street office answers for s05..s08; s01 (东城街道) cannot refer to it."""
    west = Org.objects.get(code="demo-street-2")
    office = department_services.add_department(
        actor=person("bureau.admin"), area=west, kind=DepartmentKind.STREET, name="西湖镇综治办"
    )
    officer = person("s01.officer")
    problem = services.report_problem(
        actor=officer,
        school=org("s01"),
        kind=ProblemType.objects.get(org=None, code="food_stall"),
        place="测试摊",
        distance_m=20,
    )
    before = _row(problem)
    with pytest.raises(DomainError):
        services.refer_problem(actor=officer, problem=problem, referred_to=office)
    assert _row(problem) == before
    s05 = org("s05")
    assert office in departments_for_school(s05)
    assert office not in departments_for_school(org("s01"))


def test_the_bureau_adds_a_department_and_an_account_that_can_log_in(login, org, client):
    district = org("demo-district")
    admin = login("bureau.admin")
    url = f"/orgs/{district.pk}/outside-departments/"
    response = admin.post(url, {"area": district.pk, "kind": "urban", "name": "城南城管中队"})
    assert response.status_code == 302
    department = OutsideDepartment.objects.get(area=district, name="城南城管中队")
    typed = {"display_name": "赵队长", "username": "dept.police", "password": "Urban-pass-2026!"}
    taken = admin.post(f"{url}{department.pk}/accounts/", typed)
    assert taken.status_code == 400
    assert 'value="赵队长"' in taken.content.decode()  # nothing typed is lost
    typed["username"] = "dept.urban"
    assert admin.post(f"{url}{department.pk}/accounts/", typed).status_code == 302
    user = User.objects.get(username="dept.urban")
    membership = Membership.objects.get(user=user)
    assert (membership.org, membership.role) == (district, Role.OUTSIDE_DEPARTMENT)
    assert client.login(username="dept.urban", password="Urban-pass-2026!")
    assert client.get("/surroundings/referred/").status_code == 200
    assert login("bureau.inspector").get(url).status_code == 403
    assert login("s01.officer").get(url).status_code == 404


def test_the_departments_home_and_menu_lead_only_where_they_may_go(login):
    client = login("dept.police")
    home = client.get("/").content.decode()
    assert 'id="home-referred"' in home
    assert 'id="org-menu"' not in home  # the district's schools are not theirs to read
    for start in ("/", "/surroundings/referred/"):
        html = client.get(start).content.decode()
        for href in _links(html):
            assert client.get(href).status_code != 403, (start, href)


def _links(html):
    return {
        h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', html) if not SKIP.search(h)
    }


def test_the_bureau_reads_what_waits_for_the_departments(person, org):
    s01 = org("s01")
    schools = Org.objects.filter(code__in=["s01", "s02"])
    period = Period.month(timezone.localdate())
    waiting = dict(metrics.awaiting_department(schools, period))
    answers = dict(metrics.department_answers(schools, period))
    problem = _referred(person, org, _department("城南派出所"))
    assert dict(metrics.awaiting_department(schools, period))[s01.pk] == waiting.get(s01.pk, 0) + 1
    services.record_answer(actor=person("dept.police"), problem=problem, answer="已处置")
    assert dict(metrics.department_answers(schools, period))[s01.pk] == answers.get(s01.pk, 0) + 1
    assert dict(metrics.awaiting_department(schools, period)).get(s01.pk, 0) == waiting.get(
        s01.pk, 0
    )


@pytest.mark.parametrize(
    ("url", "budget"), [("/surroundings/referred/", 10), ("/api/v1/referred-problems", 8)]
)
def test_the_inbox_costs_the_same_however_many_rows(url, budget, login, person, org):
    police = _department("城南派出所")

    def grow():
        return [
            _referred(person, org, police, school=code, place=f"增长{code}{i}").place
            for i in range(3)
            for code in ("s01", "s02")
        ]

    loads = budgets.grow_between_loads(login("dept.police"), url, grow)
    budgets.assert_shows(loads, loads.grown[-1:])
    budgets.assert_bounded(loads, budget, url)


def test_an_area_is_a_district_or_a_street(person, org):
    with pytest.raises(DomainError):
        department_services.add_department(
            actor=person("bureau.admin"), area=org("s01"), kind="police", name="校内派出所"
        )
    assert not OutsideDepartment.objects.filter(name="校内派出所").exists()


def test_the_outside_department_role_is_given_only_with_a_department(person, org, login):
    """The people pages cannot make a department person without a department (their inbox
    would be empty): the role is refused there with a pointer to the bureau's page, and not
    offered; the bureau's departments page gives it with the department."""
    someone = person("s01.teacher")
    before = Membership.objects.filter(user=someone).count()
    with pytest.raises(DomainError) as refused:
        people_services.grant_role(
            actor=person("s01.principal"),
            org=org("s01"),
            person=someone,
            role=Role.OUTSIDE_DEPARTMENT,
        )
    assert not isinstance(refused.value, PermissionRefused)
    assert any(name in str(refused.value) for name in ("Outside departments", "外部门"))
    assert Membership.objects.filter(user=someone).count() == before
    page = login("s01.principal").get(f"/schools/{org('s01').pk}/people/").content.decode()
    assert f'value="{Role.OUTSIDE_DEPARTMENT.value}"' not in page
    assert f'value="{Role.TEACHER.value}"' in page
