"""The surroundings ledger: a problem's rule (distance, department, source) on its page, the
referral pre-filled with the type's department, a re-check that finds it still there sending it
back to the department, the joint inspections' cadence, and the workflow table."""

import io

import pytest
from hypothesis import strategies as st
from openpyxl import load_workbook

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent
from safecampus.transport.models import (
    JointInspection,
    Outcome,
    OutsideDepartment,
    ProblemStatus,
    ProblemType,
    SurroundingsProblem,
)
from safecampus.transport.queries import surroundings as queries
from safecampus.transport.services import surroundings as services
from safecampus.transport.workflow import PROBLEM
from tests import budgets
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _report(person, org, code="tobacco", metres=60):
    return services.report_problem(
        actor=person("s01.officer"),
        school=org("s01"),
        kind=ProblemType.objects.get(org=None, code=code),
        place="测试烟酒店",
        distance_m=metres,
    )


def test_the_page_shows_the_rule_and_offers_the_types_department(login, person, org):
    problem = _report(person, org)
    page = login("s01.officer").get(problem.get_absolute_url()).content.decode()
    assert "北京未保条例 §29：100米" in page
    assert "本问题在规定距离内" in page
    assert 'value="烟草专卖、市场监管"' in page
    assert login("s01.teacher").get(problem.get_absolute_url()).status_code == 403


def test_a_recheck_that_finds_it_still_there_sends_it_back(person, org):
    officer = person("s01.officer")
    problem = _report(person, org)
    services.refer_problem(actor=officer, problem=problem, department="区烟草专卖局")
    services.record_answer(actor=officer, problem=problem, answer="已责令整改")
    back = services.recheck_problem(
        actor=officer, problem=problem, outcome=Outcome.PERSISTS, note="仍在陈列"
    )
    assert back.status == ProblemStatus.REFERRED
    services.record_answer(actor=officer, problem=problem, answer="已没收并罚款")
    done = services.recheck_problem(
        actor=officer, problem=problem, outcome=Outcome.RESOLVED, note="已撤柜"
    )
    assert done.status == ProblemStatus.CLOSED


def test_a_type_outside_the_schools_list_is_refused(person, org):
    other = ProblemType.objects.create(
        org=org("s02"), code="local", name="外校类型", department="某", position=99
    )
    before = SurroundingsProblem.objects.count()
    with pytest.raises(DomainError):
        services.report_problem(
            actor=person("s01.officer"), school=org("s01"), kind=other, place="某", distance_m=1
        )
    assert SurroundingsProblem.objects.count() == before


def test_the_joint_inspection_cadence(person, org):
    s02 = org("s02")
    assert queries.joint_cadence(person("s02.officer"), s02)["due"] == 1
    services.record_joint_inspection(
        actor=person("s02.officer"),
        school=s02,
        held_on=queries.joint_cadence(person("s02.officer"), s02)["since"],
        departments="派出所、城管",
    )
    assert queries.joint_cadence(person("s02.officer"), s02)["due"] == 0
    assert JointInspection.objects.filter(school=s02).count() == 1


@every_move(PROBLEM, outcome=(st.sampled_from(Outcome.values), Outcome.RESOLVED))
def test_problems_follow_their_table(state, action, outcome, person, org):
    officer = person("s01.officer")
    kind = ProblemType.objects.get(org=None, code="internet_cafe")
    police = OutsideDepartment.objects.get(name="城南派出所")

    def make(status):
        # Every row is the police station's, so its return is refused only by the table.
        return SurroundingsProblem.objects.create(
            school=org("s01"),
            kind=kind,
            place="表",
            distance_m=10,
            status=status,
            referred_to=police,
            reported_by=officer,
            reported_at=officer.date_joined,
        )

    def act(problem, action):
        if action == "refer":
            services.refer_problem(actor=officer, problem=problem, department="文旅")
        elif action == "answer":
            services.record_answer(actor=officer, problem=problem, answer="已处理")
        elif action == "return":
            services.return_problem(actor=person("dept.police"), problem=problem, note="非本所")
        else:
            services.recheck_problem(actor=officer, problem=problem, outcome=outcome, note="看过")

    def trace(problem):
        return (
            list(SurroundingsProblem.objects.filter(pk=problem.pk).values()),
            AuditEvent.objects.count(),
        )

    check_move(PROBLEM, state, action, make=make, act=act, trace=trace)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/schools/{s01}/surroundings/", 14),
        ("/schools/{s01}/surroundings/joint/", 12),
        ("/api/v1/schools/{s01}/surroundings", 10),
    ],
)
def test_the_lists_cost_the_same_however_many_rows(url, budget, login, person, org):
    school = org("s01")
    officer = person("s01.officer")

    def grow():
        made = []
        for i in range(4):
            problem = _report(person, org, code="internet_cafe", metres=10 * i)
            services.refer_problem(actor=officer, problem=problem, department=f"部门{i}")
            services.record_joint_inspection(
                actor=officer, school=school, held_on=problem.reported_at.date(), departments="联检"
            )
            made.append(problem.department)
        return made

    loads = budgets.grow_between_loads(login("s01.officer"), url.format(s01=school.pk), grow)
    budgets.assert_bounded(loads, budget, url)


def test_the_surroundings_ledger_lists_every_problem(login, org):
    school = org("s01")
    response = login("s01.officer").get(f"/schools/{school.pk}/surroundings/ledger.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    places = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert places == set(
        SurroundingsProblem.objects.filter(school=school).values_list("place", flat=True)
    )
