"""The main menu, which a process renders once for each home org, set of capabilities and
language (`{% main_nav %}`): whoever opens a page still sees only the links they may follow, in
their language."""

import re

import pytest

from safecampus.core.models import Membership
from safecampus.core.roles import Role

pytestmark = pytest.mark.django_db


def _menu(client, language="en"):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>\s*<ul class="navbar-nav">', page,
                     re.S).group(1)  # fmt: skip


def test_two_roles_of_one_school_each_see_their_own_menu(login, org):
    people = f'href="/schools/{org("s01").pk}/people/"'
    officer = _menu(login("s01.officer"))
    teacher = _menu(login("s01.teacher"))
    assert people in officer
    assert people not in teacher
    # The officer's menu, rendered first, is still theirs after the teacher's.
    assert _menu(login("s01.officer")) == officer


def test_the_menu_follows_the_language(login):
    client = login("s01.officer")
    assert "Hazards" in _menu(client, "en")
    assert "隐患" in _menu(client, "zh-hans")
    assert "Hazards" not in _menu(client, "zh-hans")


def test_a_role_given_shows_its_links_on_the_next_page(login, org, person):
    client = login("s01.teacher")
    people = f'href="/schools/{org("s01").pk}/people/"'
    assert people not in _menu(client)
    Membership.objects.create(user=person("s01.teacher"), org=org("s01"), role=Role.PRINCIPAL)
    assert people in _menu(client)


def test_each_school_has_its_own_links(login, org):
    assert f"/schools/{org('s01').pk}/hazards/" in _menu(login("s01.officer"))
    other = _menu(login("s02.officer"))
    assert f"/schools/{org('s02').pk}/hazards/" in other
    assert f"/schools/{org('s01').pk}/" not in other
