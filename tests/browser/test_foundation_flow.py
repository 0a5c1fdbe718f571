"""The foundation's main flow in a real browser on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_officer_adds_a_zone_on_a_phone_and_sees_it_in_english(demo, browser):
    from safecampus.core.models import Org, Zone

    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    log_in(page, demo.url, "s01.officer")
    page.screenshot(path=SHOTS / "home-officer-phone.png", full_page=True)

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
    page.screenshot(path=SHOTS / "zones-english-phone.png", full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_bureau_admin_sees_the_tree_of_schools(demo, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    log_in(page, demo.url, "bureau.admin")
    expect(page.locator("#org-tree")).to_contain_text("城南实验小学")
    expect(page.locator("#org-tree")).to_contain_text("西湖镇")
    page.screenshot(path=SHOTS / "home-bureau-desktop.png", full_page=True)
    context.close()
