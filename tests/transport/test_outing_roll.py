"""An off-campus activity's roll call out and back on the staff's phones: an activity cannot
close while a student who left is not back or accounted for (with a reason), and a student not
found at return alerts the safety officers exactly once; a repeated tap (the phone's queue)
writes nothing; the request form and the API."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Notification
from safecampus.students.models import SchoolClass, Student
from safecampus.transport.models import MarkKind, Outing, OutingMark, OutingStatus
from safecampus.transport.services import outings as services
from safecampus.transport.services import rollcall
from safecampus.transport.workflow import OUTING_ROLL, RollState
from tests import budgets
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_SAFECAMPUS_QUEUE": "1"}


def _approved(person, org, students=3):
    school = org("s01")
    start = timezone.now() + timedelta(hours=1)
    outing = Outing.objects.create(
        school=school,
        kind="outing",
        title="湿地研学",
        destination="城南湿地公园",
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        plan="步行前往",
        security_plan="分组点名",
        insurance="校方责任险",
        status=OutingStatus.APPROVED,
        requested_by=person("s01.teacher"),
    )
    outing.students.set(Student.objects.filter(school=school).order_by("pk")[:students])
    outing.staff.set([person("s01.teacher2")])
    return outing


def _pupils(outing):
    return list(outing.students.order_by("pk"))


def _trace(outing):
    return (
        list(Outing.objects.filter(pk=outing.pk).values()),
        list(OutingMark.objects.filter(outing=outing).order_by("pk").values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_a_student_not_back_keeps_the_activity_open_and_alerts_once(person, org):
    outing = _approved(person, org)
    lead, officer = person("s01.teacher2"), person("s01.officer")
    back, lost, home = _pupils(outing)
    for student in (back, lost):
        services.mark_outing(actor=lead, outing=outing, student=student, kind=MarkKind.BOARD)
    services.mark_outing(actor=lead, outing=outing, student=home, kind=MarkKind.ABSENT)
    services.mark_outing(actor=lead, outing=outing, student=back, kind=MarkKind.ALIGHT)
    before = Notification.objects.filter(user=officer).count()

    returned = services.return_outing(actor=lead, outing=outing)
    assert returned.status == OutingStatus.UNACCOUNTED and returned.alerted_at
    alerts = Notification.objects.filter(user=officer).order_by("-pk")
    assert alerts.count() == before + 1
    assert lost.name in alerts.first().body and back.name not in alerts.first().body

    # Returning again is refused and alerts nobody a second time.
    with pytest.raises(DomainError):
        services.return_outing(actor=lead, outing=outing)
    # It does not close while the student is missing, nor on a found mark without a reason.
    with pytest.raises(DomainError):
        services.close_outing(actor=lead, outing=outing)
    with pytest.raises(DomainError):
        services.mark_outing(actor=lead, outing=outing, student=lost, kind=MarkKind.ACCOUNT)
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.UNACCOUNTED
    services.mark_outing(
        actor=lead, outing=outing, student=lost, kind=MarkKind.ACCOUNT, note="家长在公园接走"
    )
    closed = services.close_outing(actor=lead, outing=outing)
    assert closed.status == OutingStatus.CLOSED and closed.closed_at
    assert Notification.objects.filter(user=officer).count() == before + 1


def test_a_student_never_marked_at_departure_keeps_the_return_refused(person, org):
    outing = _approved(person, org, students=2)
    lead = person("s01.teacher2")
    gone, unmarked = _pupils(outing)
    services.mark_outing(actor=lead, outing=outing, student=gone, kind=MarkKind.BOARD)
    services.mark_outing(actor=lead, outing=outing, student=gone, kind=MarkKind.ALIGHT)
    before = _trace(outing)
    with pytest.raises(DomainError):
        services.return_outing(actor=lead, outing=outing)
    assert _trace(outing) == before
    services.mark_outing(actor=lead, outing=outing, student=unmarked, kind=MarkKind.ABSENT)
    assert services.return_outing(actor=lead, outing=outing).status == OutingStatus.CLOSED


def test_everyone_back_closes_on_return_without_alert(person, org):
    outing = _approved(person, org, students=2)
    lead = person("s01.teacher2")
    for student in _pupils(outing):
        services.mark_outing(actor=lead, outing=outing, student=student, kind=MarkKind.BOARD)
        services.mark_outing(actor=lead, outing=outing, student=student, kind=MarkKind.ALIGHT)
    before = Notification.objects.count()
    assert services.return_outing(actor=lead, outing=outing).status == OutingStatus.CLOSED
    assert Notification.objects.count() == before


def test_only_the_activitys_staff_or_the_principal_take_the_roll(person, org):
    outing = _approved(person, org)
    student = _pupils(outing)[0]
    before = _trace(outing)
    with pytest.raises(PermissionRefused):
        services.mark_outing(
            actor=person("s01.headteacher"), outing=outing, student=student, kind="board"
        )
    assert _trace(outing) == before
    services.mark_outing(
        actor=person("s01.principal"), outing=outing, student=student, kind="board"
    )
    # The organiser leads too.
    services.mark_outing(actor=person("s01.teacher"), outing=outing, student=student, kind="alight")


def test_a_student_not_on_the_list_is_refused_and_a_repeat_writes_nothing(person, org):
    outing = _approved(person, org, students=1)
    lead = person("s01.teacher2")
    stranger = Student.objects.filter(school=outing.school).exclude(outings=outing).first()
    with pytest.raises(DomainError):
        services.mark_outing(actor=lead, outing=outing, student=stranger, kind="board")
    tap = uuid.uuid4()
    student = _pupils(outing)[0]
    first = services.mark_outing(
        actor=lead, outing=outing, student=student, kind="board", client_uuid=tap
    )
    before = _trace(outing)
    again = services.mark_outing(
        actor=lead, outing=outing, student=student, kind="board", client_uuid=tap
    )
    assert again.pk == first.pk and _trace(outing) == before


def test_the_bus_and_the_outing_share_one_roll_call(person, org):
    """The shared service writes the mark for both; the bus's trip and the activity read
    'still out' the same way."""
    outing = _approved(person, org, students=1)
    student = _pupils(outing)[0]
    rollcall.write_mark(
        actor=person("s01.teacher2"),
        holder=outing,
        table=OUTING_ROLL,
        student=student,
        kind="board",
        note="",
        client_uuid=None,
        now=None,
        action="outing",
    )
    assert outing.still_out() == [student.pk]


MARKS_BEFORE = {
    RollState.WAITING: [],
    RollState.ON_BOARD: [MarkKind.BOARD],
    RollState.ABSENT: [MarkKind.ABSENT],
    RollState.OFF: [MarkKind.BOARD, MarkKind.ALIGHT],
    RollState.ACCOUNTED: [MarkKind.BOARD, MarkKind.ACCOUNT],
}


@every_move(OUTING_ROLL)
def test_a_students_marks_on_an_outing_follow_their_table(state, action, person, org):
    lead = person("s01.teacher2")

    def make(state):
        outing = _approved(person, org, students=1)
        student = _pupils(outing)[0]
        for kind in MARKS_BEFORE[state]:
            OutingMark.objects.create(
                outing=outing, student=student, kind=kind, at=timezone.now(), by=lead
            )
        return rollcall.entry(outing, student)

    def act(entry, kind):
        services.mark_outing(
            actor=lead, outing=entry.trip, student=entry.student, kind=kind, note="在家"
        )

    check_move(
        OUTING_ROLL,
        state,
        action,
        make=make,
        act=act,
        trace=lambda entry: _trace(entry.trip),
        again=lambda entry: rollcall.entry(entry.trip, entry.student),
    )


def test_the_phone_page_marks_and_a_queued_replay_is_answered_once(login, person, org):
    outing = _approved(person, org, students=2)
    student = _pupils(outing)[0]
    lead = login("s01.teacher2")
    page = lead.get(outing.get_absolute_url())
    assert page.headers.get("X-SafeCampus-Offline") == "keep"
    html = page.content.decode()
    assert 'id="roll"' in html and "data-queue" in html and 'id="outing-return"' in html
    url = f"{outing.get_absolute_url()}mark/"
    tap = {"student": student.pk, "kind": "board", "client_uuid": str(uuid.uuid4())}
    for _ in range(2):
        response = lead.post(url, tap, **QUEUE)
        assert response.status_code == 200 and response.json()["ok"]
    assert OutingMark.objects.filter(outing=outing, student=student).count() == 1
    refused = lead.post(url, {**tap, "client_uuid": str(uuid.uuid4())}, **QUEUE)
    # A second "left" for the same student is refused with the table's reason, kept on the
    # phone's queue list.
    assert refused.status_code == 400 and refused.json()["detail"]
    assert OutingMark.objects.filter(outing=outing, student=student).count() == 1
    # The second student was never marked: the return is refused until they are.
    assert lead.post(f"{outing.get_absolute_url()}return/").status_code == 302
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.APPROVED
    other = _pupils(outing)[1]
    lead.post(url, {"student": other.pk, "kind": "absent", "client_uuid": str(uuid.uuid4())})
    assert lead.post(f"{outing.get_absolute_url()}return/").status_code == 302
    assert Outing.objects.get(pk=outing.pk).status == OutingStatus.UNACCOUNTED
    html = lead.get(outing.get_absolute_url()).content.decode()
    assert 'id="outing-alert"' in html and "account-form" in html


def test_the_request_form_takes_classes_students_and_staff(login, person, org):
    school = org("s01")
    klass = SchoolClass.objects.filter(school=school, students__isnull=False).first()
    single = Student.objects.filter(school=school).exclude(school_class=klass).first()
    teacher = login("s01.teacher")
    form = teacher.get(f"/schools/{school.pk}/outings/new/")
    assert form.status_code == 200 and 'id="rule-source"' in form.content.decode()
    day = timezone.localdate() + timedelta(days=10)
    data = {
        "kind": "outing",
        "title": "秋季研学",
        "destination": "市博物馆",
        "starts_at": f"{day}T08:30",
        "ends_at": f"{day}T07:30",
        "plan": "乘大巴",
        "classes": [klass.pk],
        "students": [single.pk],
        "staff": [person("s01.teacher").pk, person("s01.teacher2").pk],
    }
    before = Outing.objects.count()
    refused = teacher.post(f"/schools/{school.pk}/outings/new/", data)
    assert refused.status_code == 400 and Outing.objects.count() == before
    assert "秋季研学" in refused.content.decode()  # what was typed is shown again
    response = teacher.post(
        f"/schools/{school.pk}/outings/new/", {**data, "ends_at": f"{day}T16:00"}
    )
    assert response.status_code == 302
    outing = Outing.objects.latest("pk")
    expected = set(klass.students.filter(is_active=True).values_list("pk", flat=True))
    assert set(outing.students.values_list("pk", flat=True)) == expected | {single.pk}
    assert outing.staff.count() == 2 and outing.status == OutingStatus.DRAFT


def test_the_api_requests_reads_and_takes_the_roll(login, person, org):
    school = org("s01")
    api = login("s01.teacher")
    pupils = list(Student.objects.filter(school=school).order_by("pk")[:2])
    start = timezone.now() + timedelta(days=3)
    created = api.post(
        f"/api/v1/schools/{school.pk}/outings",
        {
            "kind": "sports_meet",
            "title": "区运动会",
            "destination": "区体育场",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=6)).isoformat(),
            "student_ids": [p.pk for p in pupils],
            "staff_ids": [person("s01.teacher").pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and len(body["roll"]) == 2 and body["problems"]
    outing = Outing.objects.get(pk=body["id"])
    Outing.objects.filter(pk=outing.pk).update(status=OutingStatus.APPROVED)
    url = f"/api/v1/schools/{school.pk}/outings/{outing.pk}/marks"
    tap = {"student_id": pupils[0].pk, "kind": "board", "client_uuid": str(uuid.uuid4())}
    first = api.post(url, tap, content_type="application/json")
    again = api.post(url, tap, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    detail = api.get(f"/api/v1/schools/{school.pk}/outings/{outing.pk}").json()
    assert {r["student_id"]: r["state"] for r in detail["roll"]}[pupils[0].pk] == "on_board"
    foreign = api.post(
        f"/api/v1/schools/{school.pk}/outings",
        {
            **{k: body[k] for k in ("kind", "title", "destination", "starts_at", "ends_at")},
            "student_ids": [2**31 - 1],
        },
        content_type="application/json",
    )
    assert foreign.status_code == 400


def test_the_roll_call_page_costs_the_same_however_many_students(login, person, org):
    outing = _approved(person, org, students=2)
    lead = person("s01.teacher2")
    extra = list(Student.objects.filter(school=outing.school).exclude(outings=outing)[:4])

    def grow():
        for student in extra:
            outing.students.add(student)
            services.mark_outing(actor=lead, outing=outing, student=student, kind="board")
        return [student.name for student in extra]

    loads = budgets.grow_between_loads(login("s01.teacher2"), outing.get_absolute_url(), grow)
    budgets.assert_shows(loads, loads.grown[-1:])
    budgets.assert_bounded(loads, 20, "outing roll call")
