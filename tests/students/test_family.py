"""Guardians as users: a guardian logs in with the mobile number on their children's records
and a one-time SMS code (hashed, expiring, rate-limited, locked after wrong tries), sees only
their own children and the notices sent to them, acknowledges one in two taps, records their
consent; every other route of the project is refused to them."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from safecampus.core.models import AuditEvent, Channel, Delivery
from safecampus.students import phone_login
from safecampus.students.models import Consent, Guardian, GuardianLetter, PhoneCode
from tests.roles import GUARDIAN_PHONE
from tests.scope import every_route

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _code_sent(phone):
    text = Delivery.objects.filter(channel=Channel.SMS, address=phone).latest("pk").text
    return re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)


def _log_in(phone=GUARDIAN_PHONE):
    client = Client()
    response = client.post("/family/login/", {"phone": phone})
    assert response.status_code == 302 and response["Location"] == "/family/login/code/"
    response = client.post("/family/login/code/", {"code": _code_sent(phone)})
    assert response.status_code == 302 and response["Location"] == "/family/"
    return client


@pytest.fixture
def parent():
    return _log_in()


def test_a_guardian_logs_in_with_a_code_and_sees_only_their_children(parent):
    page = parent.get("/family/").content.decode()
    mine = Guardian.objects.filter(phone=GUARDIAN_PHONE).select_related("student")
    assert mine.count() == 2
    for guardian in mine:
        assert guardian.student.name in page
    others = Guardian.objects.filter(student__school__code="s01").exclude(
        student__in=[g.student for g in mine]
    )
    names = {g.student.name for g in others[:30]} - {g.student.name for g in mine}
    assert names and not any(name in page for name in names)
    assert "寒假安全告家长书" in page
    stored = PhoneCode.objects.filter(phone=GUARDIAN_PHONE).latest("created_at")
    assert stored.used_at is not None and len(stored.code_hash) == 64
    assert AuditEvent.objects.filter(action="guardian.login").exists()


def test_an_unknown_number_gets_the_same_answer_and_no_code():
    client = Client()
    response = client.post("/family/login/", {"phone": "13999999999"})
    assert response.status_code == 302
    assert not PhoneCode.objects.filter(phone="13999999999").exists()
    assert not Delivery.objects.filter(address="13999999999").exists()
    assert client.post("/family/login/code/", {"code": "123456"}).status_code == 400
    assert client.get("/family/").status_code == 302


def test_a_bad_number_is_a_form_error():
    response = Client().post("/family/login/", {"phone": "12345"})
    assert response.status_code == 400
    assert not PhoneCode.objects.filter(phone="12345").exists()


def test_an_expired_code_is_refused():
    client = Client()
    client.post("/family/login/", {"phone": GUARDIAN_PHONE})
    code = _code_sent(GUARDIAN_PHONE)
    PhoneCode.objects.filter(phone=GUARDIAN_PHONE).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post("/family/login/code/", {"code": code})
    assert response.status_code == 400
    assert client.get("/family/").status_code == 302


def test_wrong_codes_lock_the_number():
    client = Client()
    client.post("/family/login/", {"phone": GUARDIAN_PHONE})
    code = _code_sent(GUARDIAN_PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _try in range(phone_login.MAX_FAILURES):
        assert client.post("/family/login/code/", {"code": wrong}).status_code == 400
    locked = client.post("/family/login/code/", {"code": code})
    assert locked.status_code == 400
    assert client.get("/family/").status_code == 302
    again = Client().post("/family/login/", {"phone": GUARDIAN_PHONE})
    assert again.status_code == 400
    assert PhoneCode.objects.filter(phone=GUARDIAN_PHONE).count() == 1


def test_codes_are_rate_limited_per_number():
    for _try in range(phone_login.SENDS_PER_NUMBER):
        assert Client().post("/family/login/", {"phone": GUARDIAN_PHONE}).status_code == 302
    refused = Client().post("/family/login/", {"phone": GUARDIAN_PHONE})
    assert refused.status_code == 400
    assert PhoneCode.objects.filter(phone=GUARDIAN_PHONE).count() == phone_login.SENDS_PER_NUMBER


def test_two_taps_acknowledge_a_notice(parent):
    copy = GuardianLetter.objects.filter(
        guardian__phone=GUARDIAN_PHONE, acknowledged_at__isnull=True
    ).first()
    page = parent.get(f"/family/notices/{copy.pk}/")
    assert copy.letter.title in page.content.decode()
    assert parent.post(f"/family/notices/{copy.pk}/").status_code == 302
    copy.refresh_from_db()
    assert copy.acknowledged_at is not None and copy.acknowledged_name == copy.guardian.name


def test_another_familys_notice_and_child_are_not_found(parent):
    mine = Guardian.objects.filter(phone=GUARDIAN_PHONE).values("student")
    other = GuardianLetter.objects.exclude(guardian__student__in=mine).first()
    assert parent.get(f"/family/notices/{other.pk}/").status_code == 404
    assert parent.post(f"/family/notices/{other.pk}/").status_code == 404
    other.refresh_from_db()
    student = other.guardian.student
    consent = parent.post(f"/family/children/{student.pk}/consent/", {"given": "yes"})
    assert consent.status_code == 404
    assert not Consent.objects.filter(student=student).exists()


def test_consent_is_given_and_withdrawn(parent):
    child = Guardian.objects.filter(phone=GUARDIAN_PHONE).first().student
    url = f"/family/children/{child.pk}/consent/"
    assert parent.post(url, {"given": "yes"}).status_code == 302
    consent = Consent.objects.get(student=child)
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert parent.post(url, {"given": "no"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    actions = AuditEvent.objects.filter(object_id=str(child.pk)).values_list("action", flat=True)
    assert {"guardian.consent", "guardian.consent_withdrawn"} <= set(actions)


OPEN = ("/family/", "/logout/", "/language/", "/g/")


def test_every_other_route_is_refused_to_a_guardian(parent):
    tried = 0
    for url, name in every_route():
        if url.startswith(OPEN):
            continue
        response = parent.get(url)
        if url == "/":
            assert response.status_code == 302 and response["Location"] == "/family/"
            continue
        assert response.status_code == 403, (url, name, response.status_code)
        assert parent.post(url).status_code == 403, (url, name)
        tried += 1
    assert tried > 200


def test_staff_have_no_family_page(login):
    assert login("s01.principal").get("/family/").status_code == 403
