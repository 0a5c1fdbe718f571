"""The JSON API under /api/v1/: session and token auth, scoping, masking, zone creation, OpenAPI."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from safecampus.core.access import active_memberships, has_cap
from safecampus.core.models import ApiToken, AuditEvent, Membership, User, Zone
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.core.services.tokens import create_token, revoke_token, user_for_key

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(params=["session", "bearer"])
def api(request, login):
    """api("s01.officer") -> a client that sends that person's session or bearer token."""

    def _api(username):
        if request.param == "session":
            return login(username)
        _token, key = create_token(user=User.objects.get(username=username), name="tests")
        return Client(headers={"Authorization": f"Bearer {key}"})

    return _api


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_me_lists_memberships_with_capabilities(api, person):
    body = api("s01.officer").get(f"{API}/me").json()
    assert body["username"] == "s01.officer"
    assert body["display_name"] == person("s01.officer").display_name
    [membership] = body["memberships"]
    assert membership["role"] == Role.SAFETY_OFFICER
    assert set(membership["capabilities"]) == CAPABILITIES[Role.SAFETY_OFFICER]


def test_orgs_and_schools_are_scoped(api, org):
    client = api("bureau.admin")
    codes = {o["code"] for o in items(client.get(f"{API}/orgs"))}
    assert codes == {"demo-district", "demo-street-1", "demo-street-2"} | {
        f"s0{i}" for i in range(1, 9)
    }
    schools = items(api("s01.teacher").get(f"{API}/schools"))
    assert [s["code"] for s in schools] == ["s01"]
    s01 = org("s01")
    detail = client.get(f"{API}/schools/{s01.pk}").json()
    assert (detail["name"], detail["day_students"]) == (s01.name, s01.day_students)
    assert client.get(f"{API}/orgs/{s01.pk}").json()["path"] == s01.path


def test_zones_list_and_detail(api, org):
    s01 = org("s01")
    client = api("s01.guard")
    zones = items(client.get(f"{API}/zones?school_id={s01.pk}"))
    assert {z["name"] for z in zones} == set(
        Zone.objects.filter(school=s01).values_list("name", flat=True)
    )
    assert {z["school_id"] for z in items(client.get(f"{API}/zones"))} == {s01.pk}
    gate = Zone.objects.get(school=s01, name="南大门")
    assert client.get(f"{API}/zones/{gate.pk}").json()["kind"] == "gate"


def test_posts_list_and_detail_name_their_holders(api, org, person):
    s01 = org("s01")
    client = api("s01.teacher")
    posts = items(client.get(f"{API}/posts?school_id={s01.pk}"))
    guard_post = next(p for p in posts if p["kind"] == "guard")
    holders = {person("s01.guard").pk, person("s01.guard2").pk}
    assert set(guard_post["holder_ids"]) == holders
    assert set(client.get(f"{API}/posts/{guard_post['id']}").json()["holder_ids"]) == holders


def test_people_list_and_detail(api, org, person):
    s01 = org("s01")
    client = api("s01.headteacher")
    people = items(client.get(f"{API}/people?school_id={s01.pk}"))
    assert "s01.officer" in {p["username"] for p in people}
    assert "s02.officer" not in {p["username"] for p in people}
    officer = person("s01.officer")
    detail = client.get(f"{API}/people/{officer.pk}").json()
    assert detail["roles"] == [{"org_id": s01.pk, "org_name": s01.name, "role": "safety_officer"}]


def test_mobile_numbers_come_masked(api, org, person):
    response = api("bureau.admin").get(f"{API}/people?school_id={org('s01').pk}")
    people = items(response)
    assert people and all(re.fullmatch(r"1\d\d\*{4}\d{4}", p["mobile"]) for p in people)
    officer = person("s01.officer")
    assert officer.mobile not in response.content.decode()
    detail = api("bureau.admin").get(f"{API}/people/{officer.pk}").json()
    assert detail["mobile"] == f"{officer.mobile[:3]}****{officer.mobile[-4:]}"


def test_a_persons_roles_elsewhere_are_not_shown(login, org, person):
    teacher = person("s01.teacher2")
    Membership.objects.create(user=teacher, org=org("s02"), role=Role.GUARD)
    roles = login("s01.officer").get(f"{API}/people/{teacher.pk}").json()["roles"]
    assert {r["org_id"] for r in roles} == {org("s01").pk}
    both = login("bureau.admin").get(f"{API}/people/{teacher.pk}").json()["roles"]
    assert {r["org_id"] for r in both} == {org("s01").pk, org("s02").pk}


def test_tokens_authenticate_until_revoked(person):
    officer = person("s01.officer")
    token, key = create_token(user=officer, name="巡查终端")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get(f"{API}/me").json()["username"] == "s01.officer"
    assert Client(headers={"X-API-Key": key}).get(f"{API}/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoke_token(user=officer, token=token)
    assert client.get(f"{API}/me").status_code == 401
    assert client.get(f"{API}/zones").status_code == 401


def test_a_tokens_last_use_is_written_once_a_minute(person, django_assert_num_queries):
    """The profile shows the last use to the minute; a phone's burst of calls writes it once."""
    token, key = create_token(user=person("s01.officer"), name="巡查终端")
    assert user_for_key(key) is not None
    token.refresh_from_db()
    first = token.last_used_at
    with django_assert_num_queries(1):
        assert user_for_key(key) is not None
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=1))
    assert user_for_key(key) is not None
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_tokens_person_comes_with_their_roles(person, org, django_assert_num_queries):
    """The key's person is read with their active roles and orgs, which every endpoint reads
    next; someone whose roles have all ended still has a working key, and no roles."""
    officer, school = person("s01.officer"), org("s01")
    _token, key = create_token(user=officer, name="巡查终端")
    roles = {(m.org.code, m.role) for m in Membership.objects.active().filter(user=officer)}
    user = user_for_key(key)
    with django_assert_num_queries(0):
        assert {(m.org.code, m.role) for m in active_memberships(user)} == roles
        assert has_cap(user, Cap.HAZARD_VIEW, school)
    Membership.objects.filter(user=officer).update(ended_at=timezone.now())
    user = user_for_key(key)
    assert user == officer
    with django_assert_num_queries(0):
        assert active_memberships(user) == []
        assert not has_cap(user, Cap.HAZARD_VIEW, school)


@pytest.mark.parametrize("header", ["Bearer sc_not-a-real-key", "Bearer ", "Basic abc"])
def test_a_wrong_token_is_401(header):
    assert Client(headers={"Authorization": header}).get(f"{API}/me").status_code == 401


def test_a_deactivated_persons_token_stops_working(person):
    guard = person("s01.guard")
    _token, key = create_token(user=guard, name="门卫终端")
    User.objects.filter(pk=guard.pk).update(is_active=False)
    assert Client(headers={"Authorization": f"Bearer {key}"}).get(f"{API}/me").status_code == 401


def test_a_token_stops_working_when_it_expires(person, settings):
    settings.SAFECAMPUS_API_TOKEN_DAYS = 30
    token, key = create_token(user=person("s01.guard"), name="门卫终端")
    assert token.expires_at - timezone.now() > timedelta(days=29)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get(f"{API}/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"{API}/me").status_code == 401


def test_a_device_rotates_its_own_token(person):
    guard = person("s01.guard")
    token, key = create_token(user=guard, name="门卫终端")
    old = Client(headers={"Authorization": f"Bearer {key}"})
    response = old.post(f"{API}/me/tokens/{token.pk}/rotate")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "门卫终端" and body["key"] != key
    assert old.get(f"{API}/me").status_code == 401
    fresh = Client(headers={"Authorization": f"Bearer {body['key']}"})
    assert fresh.get(f"{API}/me").json()["username"] == "s01.guard"


def test_nobody_rotates_another_persons_token(person):
    token, _key = create_token(user=person("s01.guard"), name="门卫终端")
    _mine, key = create_token(user=person("s01.officer"), name="tests")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.post(f"{API}/me/tokens/{token.pk}/rotate").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_account_page_shows_expiry_and_rotates_with_the_new_key_shown_once(login, person):
    guard = person("s01.guard")
    token, key = create_token(user=guard, name="门卫终端")
    client = login("s01.guard")
    page = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"expires on {timezone.localtime(token.expires_at):%Y-%m-%d}" in page
    rotated = client.post("/me/", {"rotate_token": token.pk}).content.decode()
    new = ApiToken.objects.get(user=guard, name="门卫终端", revoked_at__isnull=True)
    assert new.pk != token.pk
    assert 'id="new-token"' in rotated
    assert Client(headers={"Authorization": f"Bearer {key}"}).get(f"{API}/me").status_code == 401


# Creating a zone ----------------------------------------------------------------------------


def post_zone(client, school, **payload):
    body = {"name": "新实验楼", "kind": "building", **payload}
    return client.post(f"{API}/schools/{school.pk}/zones", body, content_type="application/json")


def test_an_officer_creates_a_zone(api, org, person):
    s01 = org("s01")
    response = post_zone(api("s01.officer"), s01, responsible_id=person("s01.guard").pk)
    assert response.status_code == 201, response.content
    zone = Zone.objects.get(pk=response.json()["id"])
    assert (zone.school, zone.name, zone.responsible) == (s01, "新实验楼", person("s01.guard"))
    assert AuditEvent.objects.filter(org=s01, action="zone.create", object_id=str(zone.pk)).exists()


def test_a_teacher_may_not_create_zones(api, org):
    response = post_zone(api("s01.teacher"), org("s01"))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Zone.objects.filter(name="新实验楼").exists()


def test_another_schools_zones_are_not_found(api, org):
    response = post_zone(api("s01.officer"), org("s02"))
    assert response.status_code == 404
    assert not Zone.objects.filter(name="新实验楼").exists()


def test_a_bad_kind_is_refused_with_a_message(api, org):
    response = post_zone(api("s01.officer"), org("s01"), kind="spaceship")
    assert response.status_code in (400, 422)
    with translation.override(settings.LANGUAGE_CODE):
        assert response.json()["detail"] == gettext("Unknown zone kind.")
    assert not Zone.objects.filter(name="新实验楼").exists()


def test_a_missing_name_is_422(api, org):
    response = post_zone(api("s01.officer"), org("s01"), name="")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_parent_from_another_school_is_not_found(api, org):
    foreign = Zone.objects.filter(school=org("s02")).first()
    response = post_zone(api("s01.officer"), org("s01"), parent_id=foreign.pk)
    assert response.status_code == 404
    assert not Zone.objects.filter(name="新实验楼").exists()


def test_a_responsible_person_outside_scope_is_answered_like_a_missing_one(login, org, person):
    client = login("s01.officer")
    missing = post_zone(client, org("s01"), responsible_id=User.objects.latest("pk").pk + 1000)
    foreign = post_zone(client, org("s01"), responsible_id=person("s05.officer").pk)
    assert missing.status_code == 404
    assert foreign.status_code == missing.status_code
    assert not Zone.objects.filter(name="新实验楼").exists()


def test_a_session_post_needs_the_csrf_token(person, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person("s01.officer"))
    assert post_zone(client, org("s01")).status_code == 403
    assert not Zone.objects.filter(name="新实验楼").exists()


# OpenAPI --------------------------------------------------------------------------------------

PATHS = [
    "/me",
    "/orgs",
    "/orgs/{org_id}",
    "/schools",
    "/schools/{school_id}",
    "/zones",
    "/zones/{zone_id}",
    "/schools/{school_id}/zones",
    "/posts",
    "/posts/{post_id}",
    "/people",
    "/people/{person_id}",
]


def test_the_openapi_document_lists_every_path(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "SafeCampus API"
    assert {API + p for p in PATHS} <= set(spec["paths"])
    assert "post" in spec["paths"][f"{API}/schools/{{school_id}}/zones"]
    masked = spec["components"]["schemas"]["PersonOut"]["properties"]["mobile"]
    assert "masked" in masked["description"]


def test_the_api_docs_load_nothing_from_outside_the_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "//cdn" not in page and "https://" not in page.split("<body")[1]


def test_every_api_schema_has_its_own_name():
    """The spec names schemas by class name: two classes of one name would share one entry,
    and one of the two endpoints would be documented with the other's fields."""
    from ninja import Schema

    import safecampus.api  # noqa: F401  (loads every router and its schemas)

    def ours(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("safecampus."):
                yield sub
            yield from ours(sub)

    names = [cls.__name__ for cls in set(ours(Schema))]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    spec = Client().get(f"{API}/openapi.json").json()
    assert len(spec["components"]["schemas"]) >= len(set(names)) // 2
