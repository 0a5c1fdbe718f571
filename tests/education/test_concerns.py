"""A guardian raises a concern from their phone (text, an optional photo made smaller on the
server); the class's head teacher and the safety officer are told through the notification
pipeline; the head teacher answers; the guardian reads the answer and closes it. Bad input is
a translated error that keeps what was typed. The routes under /family/ are tried as the
child's guardian, another child's guardian and staff; the table of a concern's states holds
(tests/workflows.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import strategies as st
from PIL import Image

from safecampus.core.models import AuditEvent, Notification, User
from safecampus.education.models import Concern, ConcernStatus
from safecampus.education.services import concerns
from safecampus.education.workflow import CONCERN
from safecampus.students.models import Guardian, GuardianAccount, Student
from safecampus.students.phone_login import open_account
from tests import budgets
from tests.helpers import image_bytes
from tests.roles import GUARDIAN_PHONE
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _as(account):
    client = Client()
    client.force_login(account.user)
    return client


@pytest.fixture
def parent():
    return GuardianAccount.objects.get(phone=GUARDIAN_PHONE)


@pytest.fixture
def child():
    return (
        Student.objects.filter(guardians__phone=GUARDIAN_PHONE, is_active=True)
        .select_related("school_class__head_teacher", "school")
        .order_by("pk")
        .first()
    )


@pytest.fixture
def other():
    guardian = (
        Guardian.objects.filter(student__school__code="s01", student__is_active=True)
        .exclude(student__guardians__phone=GUARDIAN_PHONE)
        .exclude(phone="")
        .select_related("student")
        .order_by("pk")
        .first()
    )
    return open_account(guardian.phone, guardian.name), guardian.student


def test_a_concern_reaches_the_head_teacher_and_the_safety_officer_and_is_answered(parent, child):
    client = _as(parent)
    url = f"/family/children/{child.pk}/concerns/"
    photo = SimpleUploadedFile("p.jpg", image_bytes("JPEG", (1600, 1200)), "image/jpeg")
    response = client.post(url, {"text": "校门口的栏杆松了，孩子靠在上面很危险。", "photo": photo})
    assert response.status_code == 302
    concern = Concern.objects.get(student=child, text__startswith="校门口的栏杆")
    assert concern.status == ConcernStatus.OPEN
    with Image.open(io.BytesIO(concern.photo.file.read())) as stored:
        assert max(stored.size) == 800
    told = set(
        Notification.objects.filter(
            kind="education.concern", url=concern.get_absolute_url()
        ).values_list("user__username", flat=True)
    )
    assert {child.school_class.head_teacher.username, "s01.officer"} <= told
    assert AuditEvent.objects.filter(action="education.concern", object_id=str(concern.pk)).exists()

    head = Client()
    head.force_login(child.school_class.head_teacher)
    school_url = f"/orgs/{child.school.pk}/education/concerns/"
    assert "校门口的栏杆" in head.get(school_url).content.decode()
    assert (
        head.post(school_url + f"{concern.pk}/", {"text": "已报修，明天更换。"}).status_code == 302
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED
    page = client.get(url).content.decode()
    assert "已报修，明天更换。" in page

    assert client.post(f"/family/concerns/{concern.pk}/close/").status_code == 302
    assert Concern.objects.get(pk=concern.pk).status == ConcernStatus.CLOSED
    # Closed: a further answer is refused with the table's message and changes nothing.
    response = head.post(school_url + f"{concern.pk}/", {"text": "补充"})
    assert response.status_code == 400
    assert Concern.objects.get(pk=concern.pk).answer == "已报修，明天更换。"


def test_bad_input_is_a_translated_error_and_nothing_is_lost(parent, child):
    client = _as(parent)
    client.cookies["django_language"] = "zh-hans"
    url = f"/family/children/{child.pk}/concerns/"
    before = Concern.objects.count()
    empty = client.post(url, {"text": "   "})
    assert empty.status_code == 400 and "此项为必填项" in empty.content.decode()
    not_image = SimpleUploadedFile("x.jpg", b"no image here", "image/jpeg")
    typed = "孩子的午餐有异味，想请学校查一下。"
    response = client.post(url, {"text": typed, "photo": not_image})
    assert response.status_code == 400 and typed in response.content.decode()
    too_long = client.post(url, {"text": "长" * 1001})
    assert too_long.status_code == 400 and "长" * 1001 in too_long.content.decode()
    assert Concern.objects.count() == before


def test_another_familys_concerns_are_not_found(parent, child, other):
    account, their_child = other
    mine = Concern.objects.filter(account=parent).first()
    assert _as(account).post(f"/family/concerns/{mine.pk}/close/").status_code == 404
    assert Concern.objects.get(pk=mine.pk).status == mine.status
    assert _as(parent).get(f"/family/children/{their_child.pk}/concerns/").status_code == 404
    response = _as(parent).post(f"/family/children/{their_child.pk}/concerns/", {"text": "x"})
    assert response.status_code == 404
    assert not Concern.objects.filter(student=their_child, account=parent).exists()
    assert (
        mine.text
        not in _as(account).get(f"/family/children/{their_child.pk}/concerns/").content.decode()
    )


@pytest.mark.parametrize(
    "route", ["/family/children/{child}/concerns/", "/family/concerns/{concern}/close/"]
)
def test_each_family_concern_route_by_who_asks(route, parent, child, other, login):
    concern = Concern.objects.filter(account=parent, status=ConcernStatus.OPEN).first()
    url = route.format(child=child.pk, concern=concern.pk)
    post = url.endswith("close/")
    send = (lambda c: c.post(url)) if post else (lambda c: c.get(url))
    assert send(_as(other[0])).status_code == 404
    assert send(login("s01.officer")).status_code == 403
    assert send(login("s01.headteacher")).status_code == 403
    assert send(Client()).status_code == 302
    assert send(_as(parent)).status_code == (302 if post else 200)


def test_the_demo_parent_reads_the_schools_answer(parent, child):
    page = _as(parent).get(f"/family/children/{child.pk}/concerns/").content.decode()
    assert "护学岗" in page and "高年级同学推搡" in page
    home = _as(parent).get("/family/").content.decode()
    assert f"/family/children/{child.pk}/concerns/" in home


def test_a_teacher_of_another_class_cannot_answer(child):
    concern = Concern.objects.filter(student=child, status=ConcernStatus.OPEN).first()
    others = User.objects.filter(username__in=["s01.teacher", "s01.headteacher"]).exclude(
        pk=child.school_class.head_teacher_id
    )
    for teacher in others:
        client = Client()
        client.force_login(teacher)
        url = f"/orgs/{child.school.pk}/education/concerns/{concern.pk}/"
        assert client.post(url, {"text": "越权回答"}).status_code == 404
    assert not Concern.objects.get(pk=concern.pk).answer


@every_move(CONCERN, text=(st.sampled_from(["已了解", "  明天面谈  ", "%(x)s 处理中"]), "已了解"))
def test_a_concern_follows_its_table(state, action, text, person):
    officer = person("s01.officer")
    child = Student.objects.filter(guardians__phone=GUARDIAN_PHONE).order_by("pk").first()
    account = GuardianAccount.objects.get(phone=GUARDIAN_PHONE)

    def make(status):
        return Concern.objects.create(
            school=child.school,
            student=child,
            account=account,
            raised_by="家长",
            text="矩阵关切",
            status=status,
            answer="先前的回答" if status != ConcernStatus.OPEN else "",
        )

    services = {
        "answer": lambda c: concerns.answer(actor=officer, concern=c, text=text),
        "close": lambda c: concerns.close(account=account, concern=c),
    }
    check_move(
        CONCERN,
        state,
        action,
        make=make,
        act=lambda concern, action: services[action](concern),
        trace=lambda concern: (
            list(Concern.objects.filter(pk=concern.pk).values()),
            AuditEvent.objects.count(),
            Notification.objects.count(),
        ),
    )


def test_the_schools_list_costs_the_same_with_more_concerns(parent, child, login):
    def more():
        return [
            Concern.objects.create(
                school=child.school,
                student=child,
                account=parent,
                raised_by="家长",
                text=f"预算关切{k}",
            ).text
            for k in range(12)
        ]

    url = f"/orgs/{child.school.pk}/education/concerns/"
    loads = budgets.grow_between_loads(login("s01.principal"), url, more)
    budgets.assert_shows(loads, loads.grown[-5:])
    budgets.assert_bounded(loads, BUDGET, "concerns")


# Measured: the base page's fixed cost plus one query for the rows and one for their count.
BUDGET = 25


def test_the_school_answers_over_the_api(child, login):
    concern = Concern.objects.filter(student=child, status=ConcernStatus.OPEN).first()
    base = f"/api/v1/orgs/{child.school.pk}/education/concerns"
    officer = login("s01.officer")
    assert concern.pk in [item["id"] for item in officer.get(base).json()["items"]]
    too_long = officer.post(
        f"{base}/{concern.pk}/answer", {"text": "长" * 1001}, "application/json"
    )
    assert too_long.status_code == 422
    answered = officer.post(f"{base}/{concern.pk}/answer", {"text": "明天面谈"}, "application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert officer.post(f"{base}/{concern.pk}/close").json()["status"] == "closed"
    assert officer.post(f"{base}/{concern.pk}/close").status_code == 400
