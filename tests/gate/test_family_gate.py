"""A guardian's gate pages on their phone: what the gate recorded for their own child (exits,
pick-ups, refusals), newest first and paginated; the persons they propose to pick up, with a
photo made smaller on the server, which reach the gate's pick-up check only once the child's
head teacher or a school leader confirms them; a refusal's reason shown to the guardian.
Every /family/ route of the gate is tried as the child's guardian, another child's guardian
and a staff member."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from safecampus.core.models import AuditEvent, Notification, User
from safecampus.gate import queries
from safecampus.gate.models import (
    ExitPermit,
    PickupOutcome,
    PickupPerson,
    PickupProposal,
    PickupRecord,
    ProposalStatus,
)
from safecampus.students import phone_login
from safecampus.students.models import Guardian, GuardianAccount, Student
from tests import budgets
from tests.helpers import image_bytes
from tests.roles import GUARDIAN_PHONE

pytestmark = pytest.mark.django_db


def _as(account):
    client = Client()
    client.force_login(account.user)
    return client


@pytest.fixture
def parent():
    return GuardianAccount.objects.get(phone=GUARDIAN_PHONE)


@pytest.fixture
def child(parent):
    return (
        Student.objects.filter(guardians__phone=GUARDIAN_PHONE, school__code="s01")
        .order_by("pk")
        .first()
    )


@pytest.fixture
def other():
    """Another family of the same school: its guardian's account and child."""
    guardian = (
        Guardian.objects.filter(student__school__code="s01", student__is_active=True)
        .exclude(student__guardians__phone=GUARDIAN_PHONE)
        .exclude(phone="")
        .select_related("student")
        .order_by("pk")
        .first()
    )
    return phone_login.open_account(guardian.phone, guardian.name), guardian.student


def _photo(size=(2400, 1800)):
    return SimpleUploadedFile("face.jpg", image_bytes("JPEG", size, (120, 90, 60)), "image/jpeg")


def test_a_guardian_sees_what_the_gate_recorded_for_their_child_newest_first(parent, child):
    page = _as(parent).get(f"/family/children/{child.pk}/gate/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "牙科复诊" in text  # the demo exit
    # Records made now come first, older ones after.
    guard = User.objects.get(username="s01.guard")
    PickupRecord.objects.create(
        school=child.school,
        student=child,
        day=timezone.localdate(),
        outcome=PickupOutcome.REFUSED,
        claimed_name="陌生人甲",
        recorded_by=guard,
        at=timezone.now(),
    )
    text = _as(parent).get(f"/family/children/{child.pk}/gate/").content.decode()
    assert text.index("陌生人甲") < text.index("牙科复诊")


def test_the_timeline_is_paginated(parent, child):
    guard = User.objects.get(username="s01.guard")
    start = timezone.now() - timedelta(days=60)
    PickupRecord.objects.bulk_create(
        PickupRecord(
            school=child.school,
            student=child,
            day=timezone.localdate(start + timedelta(days=i)),
            outcome=PickupOutcome.REFUSED,
            claimed_name=f"来人{i:02d}",
            recorded_by=guard,
            at=start + timedelta(days=i),
        )
        for i in range(25)
    )
    first = _as(parent).get(f"/family/children/{child.pk}/gate/").content.decode()
    second = _as(parent).get(f"/family/children/{child.pk}/gate/?page=2").content.decode()
    # 20 a page: the demo's recent exit and the newest of these first, the oldest on page 2.
    assert "来人24" in first and "来人24" not in second
    assert "来人00" in second and "来人00" not in first
    assert "牙科复诊" in first and "牙科复诊" not in second


def test_another_childs_gate_page_and_proposals_are_not_found(parent, child, other):
    account, their_child = other
    assert _as(parent).get(f"/family/children/{their_child.pk}/gate/").status_code == 404
    response = _as(parent).post(
        f"/family/children/{their_child.pk}/pickup-persons/new/",
        {"name": "某人", "relation": "叔叔", "phone": "13900000031"},
    )
    assert response.status_code == 404
    mine = PickupProposal.objects.filter(account=parent).first()
    before = PickupProposal.objects.get(pk=mine.pk).status
    assert _as(account).post(f"/family/pickup-persons/{mine.pk}/withdraw/").status_code == 404
    assert PickupProposal.objects.get(pk=mine.pk).status == before
    assert not PickupProposal.objects.filter(student=their_child, name="某人").exists()


@pytest.mark.parametrize(
    "route",
    [
        "/family/children/{mine}/gate/",
        "/family/children/{mine}/pickup-persons/new/",
        "/family/pickup-persons/{proposal}/withdraw/",
    ],
)
def test_every_family_gate_route_by_who_asks(route, parent, child, other, login):
    proposal = PickupProposal.objects.filter(account=parent, status=ProposalStatus.PROPOSED).first()
    url = route.format(mine=child.pk, proposal=proposal.pk)
    post = "withdraw" in url
    send = (lambda c: c.post(url)) if post else (lambda c: c.get(url))
    assert send(_as(other[0])).status_code == 404  # a guardian of another child
    assert send(login("s01.principal")).status_code == 403  # staff have no family page
    assert send(login("s01.headteacher")).status_code == 403
    assert send(Client()).status_code == 302  # to the guardian's login
    assert send(_as(parent)).status_code == (302 if post else 200)


def test_a_proposed_person_reaches_the_gate_only_once_confirmed(parent, child, login):
    client = _as(parent)
    response = client.post(
        f"/family/children/{child.pk}/pickup-persons/new/",
        {"name": "赵阿姨", "relation": "姑姑", "phone": "13900000041", "photo": _photo()},
    )
    assert response.status_code == 302
    proposal = PickupProposal.objects.get(student=child, name="赵阿姨")
    assert proposal.status == ProposalStatus.PROPOSED and proposal.proposed_by
    with Image.open(io.BytesIO(proposal.photo.file.read())) as stored:
        assert max(stored.size) == 800  # 2400 x 1800 made smaller on the server
    assert not queries.pickup_persons(child).filter(name="赵阿姨").exists()
    assert "赵阿姨" in client.get(f"/family/children/{child.pk}/gate/").content.decode()
    assert AuditEvent.objects.filter(action="pickup.propose", object_id=str(proposal.pk)).exists()
    head = child.school_class.head_teacher
    assert Notification.objects.filter(user=head, kind="gate.pickup_proposed").exists()

    school = child.school
    # A teacher who does not head the class finds nothing to decide.
    url = f"/schools/{school.pk}/gate/pickups/proposals/{proposal.pk}/"
    assert login("s01.teacher").post(url + "confirm/").status_code == 404
    headteacher = Client()
    headteacher.force_login(head)
    assert (
        "赵阿姨"
        in headteacher.get(f"/schools/{school.pk}/gate/pickups/proposals/").content.decode()
    )
    assert headteacher.post(url + "confirm/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED and proposal.decided_by == head
    person = queries.pickup_persons(child).get(name="赵阿姨")
    assert person.photo_id == proposal.photo_id and person.consent_by == proposal.proposed_by
    page = client.get(f"/family/children/{child.pk}/gate/").content.decode()
    assert "学校已确认" in page  # "Confirmed by the school", in the default language
    # Confirmed once: a second confirmation is refused and adds nobody.
    headteacher.post(url + "confirm/")
    assert PickupPerson.objects.filter(student=child, name="赵阿姨").count() == 1


def test_a_refusal_needs_a_reason_the_guardian_then_reads(parent, child, login):
    proposal = PickupProposal.objects.get(student=child, status=ProposalStatus.PROPOSED)
    url = f"/schools/{child.school.pk}/gate/pickups/proposals/{proposal.pk}/refuse/"
    officer = login("s01.officer")
    assert officer.post(url, {"reason": "  "}).status_code == 400
    assert PickupProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
    assert officer.post(url, {"reason": "请家长到校当面办理"}).status_code == 302
    assert PickupProposal.objects.get(pk=proposal.pk).status == ProposalStatus.REFUSED
    page = _as(parent).get(f"/family/children/{child.pk}/gate/").content.decode()
    assert "请家长到校当面办理" in page
    assert not queries.pickup_persons(child).filter(name=proposal.name).exists()


def test_bad_input_is_a_translated_error_and_keeps_what_was_typed(parent, child):
    client = _as(parent)
    client.cookies["django_language"] = "zh-hans"
    url = f"/family/children/{child.pk}/pickup-persons/new/"
    before = PickupProposal.objects.count()
    bad_phone = client.post(url, {"name": "孙叔叔", "relation": "叔叔", "phone": "12"})
    assert bad_phone.status_code == 400 and "孙叔叔" in bad_phone.content.decode()
    not_an_image = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    response = client.post(
        url, {"name": "孙叔叔", "relation": "叔叔", "phone": "13900000051", "photo": not_an_image}
    )
    assert response.status_code == 400 and "孙叔叔" in response.content.decode()
    assert PickupProposal.objects.count() == before


def test_a_guardian_withdraws_a_waiting_proposal(parent, child):
    proposal = PickupProposal.objects.get(student=child, status=ProposalStatus.PROPOSED)
    client = _as(parent)
    assert client.post(f"/family/pickup-persons/{proposal.pk}/withdraw/").status_code == 302
    assert PickupProposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN
    # Twice: refused with a message, nothing changes.
    client.post(f"/family/pickup-persons/{proposal.pk}/withdraw/")
    assert PickupProposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN


def test_the_home_page_links_to_each_childs_gate_page(parent, child):
    page = _as(parent).get("/family/").content.decode()
    assert f"/family/children/{child.pk}/gate/" in page


def test_exits_of_another_child_never_show(parent, child, other):
    _account, their_child = other
    now = timezone.now()
    ExitPermit.objects.create(
        school=their_child.school,
        student=their_child,
        reason="别家孩子的事由",
        leave_from=now,
        exited_at=now,
        requested_by=User.objects.get(username="s01.principal"),
    )
    text = _as(parent).get(f"/family/children/{child.pk}/gate/").content.decode()
    assert "别家孩子的事由" not in text and "牙科复诊" in text


def test_the_lists_cost_the_same_with_more_rows(parent, child, login):
    guard = User.objects.get(username="s01.guard")

    def more_records():
        now = timezone.now()
        PickupRecord.objects.bulk_create(
            PickupRecord(
                school=child.school,
                student=child,
                day=timezone.localdate(now),
                outcome=PickupOutcome.REFUSED,
                claimed_name=f"预算来人{k}",
                recorded_by=guard,
                at=now + timedelta(seconds=k),
            )
            for k in range(12)
        )
        return ["预算来人11", "预算来人5"]

    # The page reads each kind of record on it with one query: the first load has them all.
    PickupRecord.objects.create(
        school=child.school,
        student=child,
        day=timezone.localdate(),
        outcome=PickupOutcome.REFUSED,
        claimed_name="预算首条",
        recorded_by=guard,
        at=timezone.now() - timedelta(hours=1),
    )
    loads = budgets.grow_between_loads(
        _as(parent), f"/family/children/{child.pk}/gate/", more_records
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, FAMILY_BUDGET, "a guardian's gate page")

    def more_proposals():
        return [
            PickupProposal.objects.create(
                school=child.school,
                student=child,
                account=parent,
                proposed_by="家长",
                name=f"预算提议{k}",
                relation="亲戚",
                phone="13900000061",
            ).name
            for k in range(12)
        ]

    url = f"/schools/{child.school.pk}/gate/pickups/proposals/"
    loads = budgets.grow_between_loads(login("s01.principal"), url, more_proposals)
    budgets.assert_shows(loads, loads.grown[-5:])
    budgets.assert_bounded(loads, SCHOOL_BUDGET, "proposals")


# Measured on the demo: the guardian's page (session, account, child, the UNION page and its
# count, one query per kind, the persons and proposals); the school's list (the base page).
FAMILY_BUDGET = 15
SCHOOL_BUDGET = 25


def test_the_school_decides_over_the_api(parent, child, login):
    proposal = PickupProposal.objects.get(student=child, status=ProposalStatus.PROPOSED)
    base = f"/api/v1/schools/{child.school.pk}/pickup-proposals"
    officer = login("s01.officer")
    listed = officer.get(base).json()
    assert proposal.pk in [item["id"] for item in listed["items"]]
    assert all("*" in item["phone_masked"] for item in listed["items"])
    empty = officer.post(f"{base}/{proposal.pk}/refuse", {"reason": ""}, "application/json")
    assert empty.status_code == 422
    assert PickupProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
    assert login("s01.guard").post(f"{base}/{proposal.pk}/confirm").status_code == 403
    confirmed = officer.post(f"{base}/{proposal.pk}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert queries.pickup_persons(child).filter(pk=confirmed.json()["person_id"]).exists()
    again = officer.post(f"{base}/{proposal.pk}/confirm")
    assert again.status_code == 400
