"""Kindergarten pick-up: refused to anyone not authorised (recorded, head teacher told); an
authorised hand-over closes the child's day."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Notification
from safecampus.gate.models import PickupOutcome, PickupRecord
from safecampus.gate.services import pickups
from safecampus.students.models import Student
from tests.helpers import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(org):
    """A child of s03 not picked up yet today."""
    school = org("s03")
    handed = PickupRecord.objects.filter(day=timezone.localdate(), outcome="handed_over")
    return (
        Student.objects.filter(school=school)
        .exclude(pk__in=handed.values("student"))
        .select_related("school_class__head_teacher")
        .first()
    )


def test_someone_not_authorised_is_refused_recorded_and_the_head_teacher_told(person, child, login):
    school = child.school
    head = child.school_class.head_teacher
    events = AuditEvent.objects.filter(action="pickup.refuse").count()
    response = login("s03.guard").post(
        f"/schools/{school.pk}/gate/pickups/children/{child.pk}/refuse/",
        {"claimed_name": "陌生人", "claimed_relation": "叔叔"},
    )
    assert response.status_code == 302
    record = PickupRecord.objects.filter(student=child).latest("pk")
    assert record.outcome == PickupOutcome.REFUSED and record.claimed_name == "陌生人"
    assert AuditEvent.objects.filter(action="pickup.refuse").count() == events + 1
    note = Notification.objects.filter(user=head, kind="gate.pickup_refused").latest("pk")
    assert child.name in note.title
    # The child is still waiting.
    waiting = pickups.not_picked_up(Student.objects.filter(school=school), timezone.localdate())
    assert waiting.filter(pk=child.pk).exists()


def test_an_authorised_hand_over_closes_the_childs_day(person, child):
    guard = person("s03.guard")
    person_ = child.pickup_persons.filter(revoked_at__isnull=True).first()
    record = pickups.hand_over(actor=guard, student=child, person=person_)
    assert record.outcome == PickupOutcome.HANDED_OVER
    waiting = pickups.not_picked_up(Student.objects.filter(school=child.school), record.day)
    assert not waiting.filter(pk=child.pk).exists()
    with pytest.raises(DomainError):
        pickups.hand_over(actor=guard, student=child, person=person_)


def test_a_person_of_another_child_or_withdrawn_cannot_take_the_child(person, child):
    other = (
        Student.objects.filter(school=child.school)
        .exclude(pk=child.pk)
        .first()
        .pickup_persons.first()
    )
    with pytest.raises(DomainError):
        pickups.hand_over(actor=person("s03.guard"), student=child, person=other)
    mine = child.pickup_persons.first()
    pickups.revoke_person(actor=person("s03.headteacher"), person=mine)
    with pytest.raises(DomainError):
        pickups.hand_over(actor=person("s03.guard"), student=child, person=mine)


def test_adding_a_person_needs_recorded_consent(person, child):
    with pytest.raises(DomainError):
        pickups.add_person(
            actor=person("s03.headteacher"),
            student=child,
            name="外婆",
            relation="外婆",
            phone="13900001111",
            consent="",
            consent_by="",
        )
    added = pickups.add_person(
        actor=person("s03.headteacher"),
        student=child,
        name="外婆",
        relation="外婆",
        phone="13900001111",
        consent="家长书面申请",
        consent_by="妈妈",
    )
    assert added.consent == "家长书面申请"


def test_guards_do_not_authorise_persons(person, child):
    with pytest.raises(PermissionRefused):
        pickups.add_person(
            actor=person("s03.guard"),
            student=child,
            name="某",
            relation="某",
            phone="13900001111",
            consent="口头",
            consent_by="某",
        )


def test_the_child_page_shows_masked_phones_and_the_hand_over_buttons(child, login):
    page = (
        login("s03.guard")
        .get(f"/schools/{child.school_id}/gate/pickups/children/{child.pk}/")
        .content.decode()
    )
    person_ = child.pickup_persons.first()
    assert person_.name in page and person_.phone not in page and person_.masked_phone in page
    assert "hand-over" in page


def _board(client, school, q):
    return client.get(f"/schools/{school.pk}/gate/pickups/", {"q": q}).content.decode()


def test_the_board_finds_a_child_by_their_name_or_an_authorised_persons(login, child):
    school = child.school
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()
    guard = login("s03.guard")
    by_child = _board(guard, school, child.name)
    assert f'data-student="{child.pk}"' in by_child
    assert f"/pickups/children/{child.pk}/hand-over/{grandma.pk}/" in by_child
    by_person = _board(guard, school, grandma.name)
    assert f'data-student="{child.pk}"' in by_person
    nobody = _board(guard, school, "查无此人XYZ")
    assert 'id="pickup-found"' in nobody and "pickup-found-child" not in nobody


def test_a_hand_over_from_the_search_goes_back_to_the_board(login, child):
    school = child.school
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()
    response = login("s03.guard").post(
        f"/schools/{school.pk}/gate/pickups/children/{child.pk}/hand-over/{grandma.pk}/",
        {"back": "board"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/schools/{school.pk}/gate/pickups/"
    record = PickupRecord.objects.get(student=child, day=timezone.localdate())
    assert record.person == grandma and record.outcome == PickupOutcome.HANDED_OVER


def test_an_authorised_person_gets_a_photo_shown_at_pick_up(login, child):
    school = child.school
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()
    teacher = login("s03.headteacher")
    response = teacher.post(
        f"/schools/{school.pk}/gate/pickups/children/{child.pk}/photo/{grandma.pk}/",
        {"photo": png()},
    )
    assert response.status_code == 302
    grandma.refresh_from_db()
    assert grandma.photo is not None and grandma.photo.content_type == "image/png"
    assert AuditEvent.objects.filter(action="pickup.photo", object_id=str(grandma.pk)).exists()
    photo = f"/attachments/{grandma.photo_id}/"
    guard = login("s03.guard")
    page = guard.get(f"/schools/{school.pk}/gate/pickups/children/{child.pk}/")
    assert photo in page.content.decode()
    assert photo in _board(guard, school, grandma.name)
    assert guard.get(f"{photo}?inline=1").status_code == 200


def test_a_photo_needs_the_right_to_manage_pick_ups_and_a_real_image(login, child, settings):
    school = child.school
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()
    url = f"/schools/{school.pk}/gate/pickups/children/{child.pk}/photo/{grandma.pk}/"
    assert login("s03.guard").post(url, {"photo": png()}).status_code == 403
    teacher = login("s03.headteacher")
    not_an_image = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    teacher.post(url, {"photo": not_an_image})
    settings.SAFECAMPUS_MAX_UPLOAD_BYTES = 10
    teacher.post(url, {"photo": png()})
    grandma.refresh_from_db()
    assert grandma.photo is None


def test_a_withdrawn_person_gets_no_photo(person, child):
    teacher = person("s03.headteacher")
    grandma = child.pickup_persons.filter(revoked_at__isnull=True).first()
    pickups.revoke_person(actor=teacher, person=grandma)
    with pytest.raises(DomainError):
        pickups.set_person_photo(actor=teacher, person=grandma, photo=png())
