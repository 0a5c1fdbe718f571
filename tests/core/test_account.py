"""A person's own page: opening it writes nothing, the language switch goes through a service."""

import pytest

from safecampus.core.models import NotificationSettings
from safecampus.core.services import people as people_services

pytestmark = pytest.mark.django_db


def test_opening_the_page_creates_no_settings_row(login, person):
    guard = person("s01.guard")
    NotificationSettings.objects.filter(user=guard).delete()
    response = login("s01.guard").get("/me/")
    assert response.status_code == 200
    assert response.context["settings_form"]["email_enabled"].value() is True
    assert not NotificationSettings.objects.filter(user=guard).exists()


def test_the_page_shows_the_saved_settings(login, person):
    guard = person("s01.guard")
    NotificationSettings.objects.update_or_create(user=guard, defaults={"email_enabled": False})
    response = login("s01.guard").get("/me/")
    assert response.context["settings_form"]["email_enabled"].value() is False


def test_set_own_language_changes_only_the_persons_own_language(person):
    officer, principal = person("s01.officer"), person("s01.principal")
    people_services.set_own_language(user=officer, language="en")
    officer.refresh_from_db()
    principal.refresh_from_db()
    assert (officer.language, principal.language) == ("en", "")
