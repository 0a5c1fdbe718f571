"""Issue 22, point 2: a new alarm is never hidden behind old ones. With alarms of other people
waiting, the principal's banner on a 390 px phone shows the newest and lists every other one,
newest first; when he raises his own, neither the raise page nor his alarm page is covered: the
waiting alarms are a strip above it, each a tap away, and he records self-rescue without
acknowledging anything.

Runs on the alarm flow's uvicorn demo (WebSockets need an ASGI server)."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import shot as take_shot
from tests.browser.test_alarm_flow import asgi_demo  # noqa: F401  (the module's server)

# The mark makes pytest-django set up the test database, which the demo copy is loaded into,
# when these tests run on their own (the server itself runs on a copy in a file).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir()) / "safecampus-alarm-shots"


def shot(page, name):
    take_shot(page, name, SHOTS)


def raise_from_home(page, base, kind):
    """The two-tap alarm of the home page; returns the new alarm's id."""
    page.goto(f"{base}/")
    expect(page.locator("#alarm-button")).to_have_attribute("data-ready", "true")
    page.click("#alarm-button")
    page.click(f'#alarm-kinds button[data-kind="{kind}"]')
    expect(page.locator("#alarm-page")).to_be_visible()
    return page.locator("#alarm-page").get_attribute("data-alarm")


def test_every_waiting_alarm_is_reachable_and_none_covers_the_raisers_page(
    asgi_demo,  # noqa: F811
    phone,
):
    base = asgi_demo
    teacher = phone()
    log_in(teacher, base, "s01.teacher")
    older = raise_from_home(teacher, base, "stampede")
    school_id = re.search(r"/schools/(\d+)/", teacher.url).group(1)
    colleague = phone()
    log_in(colleague, base, "s01.teacher2")
    newer = raise_from_home(colleague, base, "medical")

    principal = phone(viewport=PHONE_390)
    log_in(principal, base, "s01.principal")
    banner = principal.locator("#alarm-banner")
    others = banner.locator("[data-alarm-list] a")
    expect(banner).to_be_visible(timeout=10_000)
    # The newest is the one shown; the older one is listed below it, a tap away.
    expect(banner).to_have_attribute("data-alarm-id", newer)
    expect(others).to_have_count(1)
    expect(others.first).to_have_attribute("data-alarm-id", older)
    expect(banner.locator("[data-alarm-more]")).to_have_text("还有 1 个报警待确认")
    shot(principal, "banner-1-principal-newest-first")

    # A third alarm arrives while he looks: it goes on top, the others below, newest first.
    newest = raise_from_home(teacher, base, "intrusion")
    expect(banner).to_have_attribute("data-alarm-id", newest, timeout=10_000)
    expect(others).to_have_count(2)
    expect(others.nth(0)).to_have_attribute("data-alarm-id", newer)
    expect(others.nth(1)).to_have_attribute("data-alarm-id", older)
    shot(principal, "banner-2-principal-three-waiting")

    # The raise page is not covered either: the waiting alarms are a strip above its buttons.
    principal.goto(f"{base}/schools/{school_id}/emergencies/alarm/")
    expect(banner).to_have_class(re.compile(r"\balarm-inline\b"), timeout=10_000)
    expect(others).to_have_count(2)
    principal.click('#raise-page button[data-kind="fire"]')
    page = principal.locator("#alarm-page")
    expect(page).to_be_visible()
    own = page.get_attribute("data-alarm")

    # On his own alarm page the waiting alarms are a strip above it, in the page's flow.
    expect(banner).to_be_visible(timeout=10_000)
    expect(banner).to_have_class(re.compile(r"\balarm-inline\b"))
    expect(banner).to_have_attribute("data-alarm-id", newest)
    expect(others).to_have_count(2)
    assert own not in {others.nth(i).get_attribute("data-alarm-id") for i in range(2)}
    strip, body = banner.bounding_box(), page.bounding_box()
    assert strip["y"] + strip["height"] <= body["y"]
    expect(principal.locator("body")).not_to_have_class(re.compile(r"\balarm-open\b"))
    shot(principal, "banner-3-raiser-own-page-strip")

    # His page's controls are his: self-rescue is recorded with the others still waiting.
    principal.fill("#self-rescue-note", "用灭火器扑灭初起火情")
    principal.click("#self-rescue-note ~ button")
    stage = principal.locator('#timeline [data-stage="self_rescue"]')
    expect(stage).to_have_attribute("data-state", "met")
    expect(others).to_have_count(2, timeout=10_000)
    shot(principal, "banner-4-raiser-self-rescue-recorded")

    # Every waiting alarm is a tap away: the oldest opens from the strip, and its own page
    # does not list it again.
    others.nth(1).click()
    expect(principal.locator("#alarm-page")).to_have_attribute("data-alarm", older)
    expect(banner).to_have_attribute("data-alarm-id", newest, timeout=10_000)
    expect(others).to_have_count(1)
    expect(others.first).to_have_attribute("data-alarm-id", newer)
    shot(principal, "banner-5-oldest-opened-from-the-strip")


def test_the_home_alarm_button_stays_free_under_the_banner(asgi_demo, phone):  # noqa: F811
    """Issue 22: with alarms waiting, a responder's home page still has its own alarm button:
    the full-screen banner stops above it, and a second emergency is raised in two taps."""
    base = asgi_demo
    teacher = phone()
    log_in(teacher, base, "s01.teacher")
    waiting = raise_from_home(teacher, base, "stampede")

    principal = phone(viewport=PHONE_390)
    log_in(principal, base, "s01.principal")
    banner = principal.locator("#alarm-banner")
    expect(banner).to_have_attribute("data-alarm-id", waiting, timeout=10_000)
    expect(principal.locator("body")).to_have_class(re.compile(r"\balarm-open\b"))
    home_shots = Path(tempfile.gettempdir()) / "shots-field22"
    home_shots.mkdir(exist_ok=True)
    principal.screenshot(path=home_shots / "home-banner-390.png")
    button = principal.locator("#alarm-button")
    expect(button).to_have_attribute("data-ready", "true")
    box, cover = button.bounding_box(), banner.bounding_box()
    assert box["y"] + box["height"] <= PHONE_390["height"]  # on screen, not scrolled away
    assert cover["y"] + cover["height"] <= box["y"]  # the banner ends above the button
    button.click()  # Playwright refuses a click another element would receive
    expect(principal.locator("#alarm-kinds")).to_be_visible()
    principal.screenshot(path=home_shots / "home-banner-390-kinds.png")
    principal.click('#alarm-kinds button[data-kind="fire"]')
    own = principal.locator("#alarm-page")
    expect(own).to_be_visible()
    assert own.get_attribute("data-alarm") != waiting
