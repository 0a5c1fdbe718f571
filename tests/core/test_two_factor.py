"""The second factor: bureau accounts and people managers confirm a TOTP code after the
password when it is required; recovery codes work once; school staff without user management
are not asked; an unconfirmed session reaches nothing else, pages or session API."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.core.twofactor import required_for

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.SAFECAMPUS_REQUIRE_TWO_FACTOR = True


def password_login(username):
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(device, ahead=0):
    """The app's code, `ahead` steps on: a step's code is accepted once, as a real app's is."""
    t0 = device.t0 - ahead * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def set_up(client, user):
    client.post("/me/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post("/me/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert page.status_code == 200
    return device, re.findall(r'font-monospace user-select-all">(\w+)<', page.content.decode())


def test_who_must_use_it(person):
    assert required_for(person("bureau.inspector"))
    assert required_for(person("s01.officer"))  # manages the school's people
    assert not required_for(person("s01.teacher"))
    assert not required_for(person("s01.guard"))


def test_a_bureau_account_sets_it_up_before_anything_else(person):
    client = password_login("bureau.inspector")
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/me/two-factor/")
    assert client.get("/api/v1/me").status_code == 403
    device, codes = set_up(client, person("bureau.inspector"))
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_the_next_login_asks_for_the_code_and_a_wrong_one_is_refused(person):
    inspector = person("bureau.inspector")
    device, _codes = set_up(password_login("bureau.inspector"), inspector)
    client = password_login("bureau.inspector")
    assert client.get("/schools/")["Location"].startswith("/login/verify/")
    right_code = code_for(device, ahead=1)
    wrong = client.post("/login/verify/", {"code": "000000" if right_code != "000000" else "1"})
    assert wrong.status_code == 400
    assert client.get("/schools/").status_code == 302
    # A wrong code holds the next try back for a moment (django-otp's throttle): let it pass.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    right = client.post("/login/verify/", {"code": right_code, "next": "/schools/"})
    assert right["Location"] == "/schools/"
    assert client.get("/schools/").status_code == 200


def test_a_recovery_code_works_once(person):
    _device, codes = set_up(password_login("bureau.inspector"), person("bureau.inspector"))
    first = password_login("bureau.inspector")
    assert first.post("/login/verify/", {"code": codes[0]}).status_code == 302
    again = password_login("bureau.inspector")
    assert again.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert again.get("/").status_code == 302


def test_school_staff_without_user_management_are_not_asked():
    client = password_login("s01.teacher")
    assert client.get("/").status_code == 200


def test_nothing_is_asked_when_it_is_not_required(settings):
    settings.SAFECAMPUS_REQUIRE_TWO_FACTOR = False
    assert password_login("bureau.inspector").get("/").status_code == 200


def test_bad_codes_are_a_clear_error_not_a_crash(person):
    client = password_login("bureau.inspector")
    client.post("/me/two-factor/", {"action": "start"})
    for code in ["", "12 34", "x" * 40, "<script>"]:
        response = client.post(
            "/me/two-factor/", {"action": "confirm", "code": code}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=person("bureau.inspector"), confirmed=True).exists()
