"""The foundation's main flow in a real browser on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_adds_a_zone_on_a_phone_and_sees_it_in_english(demo, phone):
    from safecampus.core.models import Org, Zone

    page = phone()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    log_in(page, demo.url, "s01.officer")
    shot(page, "home-officer-phone")

    school = Org.objects.get(code="s01")
    page.goto(f"{demo.url}/schools/{school.pk}/zones/")
    page.click("#add-zone")
    page.fill("#id_name", "科技楼")
    page.select_option("#id_kind", "building")
    page.select_option("#id_responsible", label=str(school.memberships.first().user))
    page.click("main form button[type=submit]")
    expect(page.locator("#zone-rows")).to_contain_text("科技楼")
    assert Zone.objects.filter(school=school, name="科技楼").exists()

    # The footer's language switch submits on change.
    page.select_option("#language-select", "en")
    expect(page.locator("h1")).to_contain_text("Zones")
    expect(page.locator("#zone-rows")).to_contain_text("科技楼")
    expect(page.locator("#zone-rows")).to_contain_text("Building")
    shot(page, "zones-english-phone")
    assert not [e for e in errors if "Content Security Policy" in e], errors
