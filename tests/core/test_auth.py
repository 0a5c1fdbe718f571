import re

import pytest
from django.test import Client

from safecampus.core.clientip import client_address
from safecampus.core.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def test_login_with_username_or_mobile(client, person):
    guard = person("s01.guard")
    response = client.post("/login/", {"username": "s01.guard", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/logout/")
    response = client.post("/login/", {"username": guard.mobile, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_says_so_and_logs_nobody_in(client):
    response = client.post(
        "/login/", {"username": "s01.guard", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "do not match" in response.content.decode()
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/login/", {"username": "s01.guard", "password": "wrong"})
    locked = client.post("/login/", {"username": "s01.guard", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_a_deactivated_person_cannot_log_in(client, person):
    guard = person("s01.guard")
    guard.is_active = False
    guard.save()
    response = client.post("/login/", {"username": "s01.guard", "password": PASSWORD})
    assert response.status_code == 400


def test_the_next_parameter_never_leaves_the_site(client):
    response = client.post(
        "/login/", {"username": "s01.guard", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_pages_need_a_login(client, org):
    response = client.get(f"/schools/{org('s01').pk}/zones/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_chinese_is_the_default_and_the_switch_remembers_english(login, person):
    client = login("s01.officer")
    assert 'lang="zh-hans"' in client.get("/").content.decode()
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "My zones" in page
    assert User.objects.get(username="s01.officer").language == "en"
    client.post("/language/", {"language": "zh-hant", "next": "/"})
    assert 'lang="zh-hant"' in client.get("/").content.decode()


def test_an_unknown_language_changes_nothing(login):
    client = login("s01.officer")
    client.post("/language/", {"language": "xx", "next": "/"})
    assert 'lang="zh-hans"' in client.get("/").content.decode()


def test_pages_carry_a_strict_csp(login):
    response = login("s01.officer").get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    # No inline script or external source anywhere in the page.
    body = response.content.decode()
    assert "<script>" not in body
    assert "http://" not in body.replace("http://www.w3.org", "")


def test_a_token_is_shown_once_and_only_its_hash_is_kept(login, person):
    from safecampus.core.models import ApiToken

    client = login("s01.officer")
    response = client.post("/me/", {"create_token": "1", "name": "手机"})
    key = re.search(r'id="new-token">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=person("s01.officer"), name="手机")
    assert key not in token.key_hash
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in client.get("/me/").content.decode()


def test_a_spoofed_forwarded_address_does_not_escape_the_lock(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(6):
        client.post(
            "/login/",
            {"username": "s01.guard", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    locked = client.post(
        "/login/",
        {"username": "s01.guard", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_the_lock_holds_whatever_the_connecting_address(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(3):
        Client(REMOTE_ADDR=f"10.1.0.{attempt}").post(
            "/login/", {"username": "s01.guard", "password": "wrong"}
        )
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    locked = elsewhere.post("/login/", {"username": "s01.guard", "password": PASSWORD})
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_configured_proxies(
    settings, rf, proxies, forwarded, expected
):
    settings.SAFECAMPUS_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.parametrize("target", ["home", "core:home", "javascript:alert(1)", "//evil.example/"])
def test_a_next_that_is_not_a_path_here_goes_home(client, target):
    response = client.post(
        "/login/", {"username": "s01.guard", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == "/"
    language = client.post("/language/", {"language": "en", "next": target})
    assert language.status_code == 302
    assert language["Location"] == "/"
