"""The phone without signal: the service worker shows the offline page, a field task's page
still opens, a hazard report with a photo waits in the queue (the badge counts it) and is sent
once when the signal returns."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hazard_reported_offline_is_sent_once_when_the_signal_returns(demo, phone, photo):
    from safecampus.core.models import Org
    from safecampus.hazards.models import Hazard

    school = Org.objects.get(code="s01")
    page = phone()
    log_in(page, demo.url, "s01.teacher")
    report = f"{demo.url}/schools/{school.pk}/hazards/new/"
    page.goto(report)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    # Opened once more under the worker, the report page is kept for use without signal.
    page.reload()
    expect(page.locator("#report-form")).to_be_visible()

    page.context.set_offline(True)
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/")
    expect(page.locator("#offline-page")).to_be_visible()
    shot(page, "phone-1-offline-page")
    page.goto(report)
    page.set_input_files("#id_photos", str(photo))
    page.fill("#id_place", "操场东侧围栏")
    page.select_option("#id_category", "structure")
    page.fill("#id_description", "围栏立柱松动，离线时报告。")
    page.click("#report-form button[type=submit]")
    expect(page.locator("#report-form .queue-notice")).to_be_visible()
    expect(page.locator("#queue-count")).to_have_text("1")
    shot(page, "phone-2-saved-offline")
    page.click("#queue-badge")
    expect(page.locator(".queue-item")).to_have_count(1)
    expect(page.locator(".queue-item")).to_contain_text("操场东侧围栏")
    shot(page, "phone-3-waiting")
    assert not Hazard.objects.filter(place="操场东侧围栏").exists()

    # The signal returns: the queue sends it, the badge and the list empty.
    page.context.set_offline(False)
    expect(page.locator("#queue-empty")).to_be_visible()
    expect(page.locator("#queue-badge")).to_be_hidden()
    hazard = Hazard.objects.get(place="操场东侧围栏")
    assert hazard.events.get(action="report").photos.count() == 1
    # A reload sends nothing again.
    page.reload()
    expect(page.locator("#queue-empty")).to_be_visible()
    assert Hazard.objects.filter(place="操场东侧围栏").count() == 1
