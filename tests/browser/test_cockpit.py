"""The cockpit in a real browser: bureau.admin lands on it from the home page, its charts are
drawn (a canvas per chart), nothing goes wrong in the console (the CSP allows every script and
style it uses), and a tile opens the matching filtered list. Screenshots at desktop and phone
width (also saved under /tmp/shots-cockpit/ to be looked at)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOK = Path("/tmp/shots-cockpit")


def _watch(page):
    """The console's errors, but for the live server's missing websockets (it serves no
    Channels routes; the real server does)."""
    errors = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and "WebSocket" not in msg.text and errors.append(msg.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _look(page, name):
    shot(page, name)
    LOOK.mkdir(exist_ok=True)
    page.screenshot(path=LOOK / f"{name}.png", full_page=True)


def _charts_drawn(page):
    charts = page.locator(".cockpit-chart")
    expect(charts.first.locator("canvas")).to_be_visible()
    assert charts.count() >= 3  # the trends, hazards by category, risk points by level
    for n in range(charts.count()):
        expect(charts.nth(n).locator("canvas")).to_have_count(1)


def test_the_bureau_cockpit_draws_its_charts_and_opens_a_filtered_list(demo, desktop):
    from safecampus.core.models import Org

    district = Org.objects.get(code="demo-district")
    page = desktop()
    errors = _watch(page)
    log_in(page, demo.url, "bureau.admin")
    page.click("#home-cockpit")
    expect(page).to_have_url(f"{demo.url}/orgs/{district.pk}/cockpit/")
    _charts_drawn(page)
    expect(page.locator("#ranking-table tbody tr")).not_to_have_count(0)
    page.locator("#table-trends").evaluate("t => t.closest('details').open = true")
    expect(page.locator("#table-trends tbody tr")).to_have_count(12)
    _look(page, "cockpit-desktop")
    page.click("#tile-hazardsoverdue")
    expect(page).to_have_url(f"{demo.url}/orgs/{district.pk}/hazards/#overdue-list")
    expect(page.locator("#overdue-list")).to_be_visible()
    page.go_back()
    page.click("#tile-patrolsmissed")
    expect(page).to_have_url(f"{demo.url}/orgs/{district.pk}/patrols/")
    assert errors == []


def test_the_cockpit_reads_on_a_phone(demo, phone):
    from safecampus.core.models import Org

    district = Org.objects.get(code="demo-district")
    page = phone()
    errors = _watch(page)
    log_in(page, demo.url, "bureau.admin")
    page.goto(f"{demo.url}/orgs/{district.pk}/cockpit/")
    _charts_drawn(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "nothing runs off the side of a phone"
    _look(page, "cockpit-phone")
    page.click("#ranking-table tbody tr:first-child a")
    expect(page.locator("#figures")).to_be_visible()
    _look(page, "cockpit-profile-phone")
    assert errors == []


def test_a_school_sees_its_own_cockpit(demo, desktop):
    from safecampus.core.models import Org

    s01 = Org.objects.get(code="s01")
    page = desktop()
    errors = _watch(page)
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/orgs/{s01.pk}/cockpit/")
    _charts_drawn(page)
    expect(page.locator("#figures")).to_be_visible()
    _look(page, "cockpit-school-desktop")
    assert errors == []
