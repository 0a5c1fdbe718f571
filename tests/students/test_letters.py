"""Responsibility letters to the guardians of a class: one copy each, acknowledged by link."""

import pytest

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, ResponsibilityLetter
from safecampus.students import letters
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org):
    school = org("s01")
    return (
        ResponsibilityLetter.objects.filter(school=school).earliest("issued_at"),
        SchoolClass.objects.filter(school=school).order_by("pk").first(),
    )


def test_each_guardian_gets_a_copy_once(setup, person):
    letter, school_class = setup
    copies = letters.send_to_guardians(
        actor=person("s01.principal"), letter=letter, school_class=school_class
    )
    guardians = Guardian.objects.filter(student__school_class=school_class)
    assert len(copies) == guardians.count() > 0
    assert AuditEvent.objects.filter(action="letter.guardians").latest("pk").changes[
        "guardians"
    ] == len(copies)
    with pytest.raises(DomainError):
        letters.send_to_guardians(
            actor=person("s01.principal"), letter=letter, school_class=school_class
        )


def test_only_letter_managers_send(setup, person):
    letter, school_class = setup
    with pytest.raises(PermissionRefused):
        letters.send_to_guardians(
            actor=person("s01.headteacher"), letter=letter, school_class=school_class
        )


def test_the_guardian_acknowledges_by_link(setup, person, client):
    letter, school_class = setup
    copy = letters.send_to_guardians(
        actor=person("s01.principal"), letter=letter, school_class=school_class
    )[0]
    page = client.get(f"/g/{copy.token}/")
    assert letter.title in page.content.decode()
    client.post(f"/g/{copy.token}/", {"name": "家长签名"})
    copy.refresh_from_db()
    assert copy.acknowledged_name == "家长签名" and copy.acknowledged_at is not None
    assert client.get("/g/not-a-token/").status_code == 404
    assert GuardianLetter.objects.filter(acknowledged_at__isnull=False).count() >= 1
