"""Issue 22, point 1: an alarm says where. The guard's two-tap alarm on a 390 px phone starts at
the gatehouse (his post's zone), one tap on the list moves it to a floor named by its full path,
and the guard's alarm page, the officer's banner and the bureau's list all name that place.

Runs on the alarm flow's uvicorn demo (WebSockets need an ASGI server)."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_alarm_flow import asgi_demo  # noqa: F401  (the module's server)

# The mark makes pytest-django set up the test database, which the demo copy is loaded into,
# when these tests run on their own (the server itself runs on a copy in a file).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir()) / "safecampus-alarm-shots"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_the_guards_alarm_names_its_place_everywhere(asgi_demo, phone, desktop):  # noqa: F811
    base = asgi_demo
    officer = desktop()
    log_in(officer, base, "s01.officer")
    officer.goto(f"{base}/")
    expect(officer.locator("body")).to_have_attribute("data-alarm-feed", "connected")

    guard = phone(viewport=PHONE_390)
    log_in(guard, base, "s01.guard")
    expect(guard.locator("#alarm-button")).to_have_attribute("data-ready", "true")
    guard.click("#alarm-button")
    where = guard.locator("#alarm-zone")
    expect(where).to_be_visible()
    # The guard stands at the gatehouse: the alarm is placed there before anything is tapped.
    expect(where.locator("option:checked")).to_have_text("门卫室")
    expect(where.locator("option", has_text="教学楼B › 2楼")).to_have_count(1)
    shot(guard, "place-1-guard-kinds-at-post-zone")

    # One tap on the list moves it; the second tap on a kind raises the alarm.
    where.select_option(label="教学楼B › 2楼")
    guard.click('#alarm-kinds button[data-kind="fire"]')
    expect(guard.locator("#alarm-page")).to_be_visible()
    expect(guard.locator("#alarm-where")).to_contain_text("教学楼B › 2楼")
    expect(guard.locator("#alarm-where")).not_to_contain_text("—")
    shot(guard, "place-2-guard-alarm-page")

    banner = officer.locator("#alarm-banner")
    expect(banner).to_be_visible(timeout=10_000)
    expect(banner.locator("[data-alarm-place]")).to_have_text("教学楼B › 2楼")
    expect(banner.locator("[data-alarm-school]")).to_have_text("城南实验小学")
    shot(officer, "place-3-officer-banner")

    # The bureau's list of active alarms names the school, the kind and the place.
    bureau = desktop()
    log_in(bureau, base, "bureau.admin")
    bureau.locator("#alarm-banner [data-alarm-ack]").click()
    expect(bureau.locator("#alarm-page")).to_be_visible()
    bureau.goto(
        base
        + bureau.locator('a[href^="/orgs/"][href$="/emergencies/"]').first.get_attribute("href")
    )
    expect(bureau.locator(".alert-danger li a").first).to_contain_text(
        "城南实验小学 · 火灾 · 教学楼B › 2楼"
    )
    shot(bureau, "place-4-bureau-overview")
