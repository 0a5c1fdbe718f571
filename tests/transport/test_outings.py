"""Off-campus activities, the request and its approval: the staff-to-student ratio at the
rule's edge, no check without a rule, the principal's decision, and the activity table's
property test (the roll call out and back is in test_outing_roll.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.metrics import Period
from safecampus.core.models import AuditEvent, Notification, Org
from safecampus.students.models import Student
from safecampus.transport import metrics
from safecampus.transport.models import Outing, OutingMark, OutingRules, OutingStatus
from safecampus.transport.services import outings as services
from safecampus.transport.workflow import OUTING
from tests import budgets
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _rule():
    return OutingRules.objects.create(
        org=Org.objects.get(code="demo-district"),
        name="城南区校外活动师生比（测试）",
        source="测试用规则",
        students_per_staff=10,
        min_staff=2,
    )


def _request(person, org, students, staff=("s01.teacher", "s01.headteacher")):
    school = org("s01")
    start = timezone.now() + timedelta(days=7)
    return services.request_outing(
        actor=person("s01.teacher"),
        school=school,
        kind="outing",
        title="春季研学",
        destination="市科技馆",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        plan="乘大巴前往，参观两个展厅，午餐后返校。",
        security_plan="每班两名教师带队，分组点名，随队急救包。",
        insurance="平安校方责任险 P-2026-001",
        students=Student.objects.filter(school=school).order_by("pk")[:students],
        staff=[person(u) for u in staff],
    )


def _row(outing):
    return (
        list(Outing.objects.filter(pk=outing.pk).values()),
        list(OutingMark.objects.filter(outing=outing).values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_the_ratio_holds_at_the_edge_and_is_refused_one_student_beyond(person, org):
    _rule()
    at_edge = _request(person, org, 20)
    services.submit_outing(actor=person("s01.teacher"), outing=at_edge)
    assert Outing.objects.get(pk=at_edge.pk).status == OutingStatus.SUBMITTED
    beyond = _request(person, org, 21)
    before = _row(beyond)
    with pytest.raises(DomainError) as refused:
        services.submit_outing(actor=person("s01.teacher"), outing=beyond)
    message = str(refused.value)
    # 21 students need 3 adults (at most 10 each); the rule's source is in the refusal.
    assert all(part in message for part in ("21", "3", "2", "测试用规则"))
    assert _row(beyond) == before


def test_fewer_adults_than_the_minimum_are_refused_whatever_the_students(person, org):
    _rule()
    outing = _request(person, org, 3, staff=("s01.teacher",))
    with pytest.raises(DomainError):
        services.submit_outing(actor=person("s01.teacher"), outing=outing)
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.DRAFT


def test_without_a_rule_in_force_the_ratio_is_not_checked(person, org):
    outing = _request(person, org, 30, staff=("s01.teacher",))
    services.submit_outing(actor=person("s01.teacher"), outing=outing)
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.SUBMITTED


def test_only_the_principal_decides_and_a_send_back_says_why(person, org):
    outing = _request(person, org, 10)
    services.submit_outing(actor=person("s01.teacher"), outing=outing)
    with pytest.raises(PermissionRefused):
        services.decide_outing(actor=person("s01.officer"), outing=outing, approve=True)
    with pytest.raises(DomainError):
        services.decide_outing(actor=person("s01.principal"), outing=outing, approve=False)
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.SUBMITTED
    services.decide_outing(actor=person("s01.principal"), outing=outing, approve=True)
    outing.refresh_from_db()
    assert (outing.status, outing.decided_by.username) == (OutingStatus.APPROVED, "s01.principal")


def test_a_request_without_insurance_is_not_submitted(person, org):
    outing = _request(person, org, 5)
    Outing.objects.filter(pk=outing.pk).update(insurance="")
    with pytest.raises(DomainError):
        services.submit_outing(actor=person("s01.teacher"), outing=outing)


@every_move(OUTING)
def test_outings_follow_their_table(state, action, person, org):
    def make(status):
        outing = _request(person, org, 4)
        Outing.objects.filter(pk=outing.pk).update(status=status)
        if status == OutingStatus.APPROVED:
            # The group has left: every student marked, so the return is not refused for one
            # never marked (the service's own check, beside the table).
            for student in outing.students.all():
                OutingMark.objects.create(
                    outing=outing, student=student, kind="board", at=timezone.now(), by=teacher
                )
        return Outing.objects.get(pk=outing.pk)

    teacher = person("s01.teacher")

    def act(outing, action):
        if action == "submit":
            services.submit_outing(actor=teacher, outing=outing)
        elif action == "mark":
            student = outing.students.order_by("pk").first()
            kind = "alight" if student.pk in outing.still_out() else "board"
            services.mark_outing(actor=teacher, outing=outing, student=student, kind=kind)
        elif action == "return":
            services.return_outing(actor=teacher, outing=outing)
        elif action == "close":
            services.close_outing(actor=teacher, outing=outing)
        else:
            services.decide_outing(
                actor=person("s01.principal"),
                outing=outing,
                approve=action == "approve",
                note="请补充集合地点",
            )

    check_move(OUTING, state, action, make=make, act=act, trace=_row)


def test_the_page_shows_the_rule_and_the_principal_approves_there(login, person, org):
    outing = _request(person, org, 21)
    teacher = login("s01.teacher")
    page = teacher.get(outing.get_absolute_url()).content.decode()
    assert "不检查师生比" in page  # no rule in force
    _rule()
    page = teacher.get(outing.get_absolute_url()).content.decode()
    assert "测试用规则" in page and 'id="outing-problems"' in page
    Outing.staff.through.objects.create(outing=outing, user=person("s01.principal"))
    assert teacher.post(f"{outing.get_absolute_url()}submit/").status_code == 302
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.SUBMITTED
    before = _row(outing)
    assert teacher.post(f"{outing.get_absolute_url()}approve/").status_code == 403
    assert _row(outing) == before
    principal = login("s01.principal")
    assert 'id="outing-decision"' in principal.get(outing.get_absolute_url()).content.decode()
    response = principal.post(f"{outing.get_absolute_url()}approve/", {"note": "同意"})
    assert response.status_code == 302
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.APPROVED


def test_the_list_costs_the_same_however_many_rows(login, person, org):
    def grow():
        return [_request(person, org, 2).title for _i in range(4)]

    loads = budgets.grow_between_loads(
        login("s01.teacher"), f"/schools/{org('s01').pk}/outings/", grow
    )
    budgets.assert_shows(loads, loads.grown[-1:])
    budgets.assert_bounded(loads, 12, "outings")


def test_the_bureau_counts_the_approved_activities(person, org):
    s01 = org("s01")
    schools = Org.objects.filter(code__in=["s01", "s02"])
    period = Period.month(timezone.localdate() + timedelta(days=7))
    before = dict(metrics.outings(schools, period)).get(s01.pk, 0)
    outing = _request(person, org, 4)
    services.submit_outing(actor=person("s01.teacher"), outing=outing)
    assert dict(metrics.outings(schools, period)).get(s01.pk, 0) == before
    services.decide_outing(actor=person("s01.principal"), outing=outing, approve=True)
    assert dict(metrics.outings(schools, period))[s01.pk] == before + 1
