"""An attendant's bus trip on a phone: the roll call on and off from the route's list, one
child not tapped off, the school alerted once, the child found and the trip closed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bus_trip_with_one_child_missing_at_alighting(demo, phone):
    from safecampus.core.models import Notification, User
    from safecampus.transport.models import BusRoute, Trip, TripStatus

    route = BusRoute.objects.get(school__code="s01", name="东线")
    riders = list(route.riders.order_by("stop__position", "student__name"))
    officer = User.objects.get(username="s01.officer")
    alerts = Notification.objects.filter(user=officer, kind="transport.unaccounted").count()

    page = phone()
    log_in(page, demo.url, "s01.teacher2")
    page.goto(f"{demo.url}/schools/{route.school_id}/transport/")
    page.click(f"#route-{route.pk} button[value='to_school']")
    expect(page.locator("#roll")).to_be_visible()
    for rider in riders:
        page.click(f"#student-{rider.student_id} .mark-board")
        expect(page.locator(f"#student-{rider.student_id}")).to_have_attribute(
            "data-state", "on_board"
        )
    shot(page, "bus-trip-all-on-phone")
    missing = riders[-1]
    for rider in riders[:-1]:
        page.click(f"#student-{rider.student_id} .mark-alight")
    page.click("#end-trip button")
    expect(page.locator("#trip-alert")).to_be_visible()
    expect(page.locator(f"#student-{missing.student_id}")).to_have_attribute(
        "data-state", "on_board"
    )
    shot(page, "bus-trip-unaccounted-phone")

    trip = Trip.objects.get(route=route, status=TripStatus.UNACCOUNTED)
    after = Notification.objects.filter(user=officer, kind="transport.unaccounted")
    assert after.count() == alerts + 1
    assert missing.student.name in after.order_by("-pk").first().body

    page.fill(f"#student-{missing.student_id} input[name='note']", "在站点由奶奶接走，电话核实")
    page.click(f"#student-{missing.student_id} .account-form button")
    page.click("#close-trip button")
    expect(page.locator("#end-trip")).to_have_count(0)
    trip.refresh_from_db()
    assert trip.status == TripStatus.CLOSED
    assert Notification.objects.filter(user=officer, kind="transport.unaccounted").count() == (
        alerts + 1
    )
    shot(page, "bus-trip-closed-phone")
