"""The gate on a guard's phone: register a visitor, the host is told, the guard checks out
(confirming on the row) and takes the check-out back."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guard_registers_host_is_told_guard_checks_out(demo, phone):
    from safecampus.core.models import Notification, Org, User
    from safecampus.gate.models import Visit, VisitStatus

    school = Org.objects.get(code="s01")
    host = User.objects.get(username="s01.teacher2")

    # The guard starts from the home page's gate block and registers a walk-in visitor.
    page = phone()
    log_in(page, demo.url, "s01.guard")
    shot(page, "gate-1-home")
    page.click("#gate-quick a[href$='/gate/visits/new/']")
    page.fill("#id_name", "韩立新")
    page.select_option("#id_id_type", "resident")
    page.fill("#id_id_number", "110101199003074477")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_organisation", "城南供水公司")
    page.fill("#id_purpose", "检修二次供水水箱")
    page.select_option("#id_host", str(host.pk))
    page.fill("#id_vehicle_plate", "浙A·12345")
    page.fill("#id_stay_minutes", "45")
    shot(page, "gate-2-register")
    page.click("#visit-submit")
    expect(page.locator("#visit-status")).to_contain_text("在校")
    # The page masks what the guard typed.
    expect(page.locator("main")).not_to_contain_text("110101199003074477")
    expect(page.locator("main")).to_contain_text("139****5678")
    shot(page, "gate-3-checked-in")
    visit = Visit.objects.get(school=school, name="韩立新")
    assert visit.status == VisitStatus.ON_CAMPUS and visit.host == host

    # The host sees the notification on their own phone.
    host_page = phone()
    log_in(host_page, demo.url, "s01.teacher2")
    expect(host_page.locator("#bell-count")).to_be_visible()
    host_page.click("#bell")
    expect(host_page.locator("main")).to_contain_text("韩立新")
    shot(host_page, "gate-4-host-inbox")
    assert Notification.objects.filter(user=host, kind="gate.visitor").exists()
    host_page.context.close()

    # The guard finds the visitor on the desk's on-campus list and checks them out.
    page.goto(f"{demo.url}/schools/{school.pk}/gate/")
    row = page.locator(f"#visit-{visit.pk}")
    expect(row).to_contain_text("韩立新")
    shot(page, "gate-5-desk")
    row.locator("button.check-out").click()
    # The check-out asks on the row first; nothing has happened yet.
    expect(row.locator(".confirm-step")).to_contain_text("韩立新")
    shot(page, "gate-6a-confirm")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS
    row.locator("button.check-out-confirm").click()
    expect(page.locator("#on-campus")).not_to_contain_text("韩立新")
    shot(page, "gate-6-checked-out")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.LEFT and visit.checked_out_at is not None

    # A check-out on the wrong row is taken back from the desk within minutes.
    expect(page.locator("#undo-check-out")).to_contain_text("韩立新")
    page.click("#undo-check-out-button")
    expect(page.locator("#on-campus")).to_contain_text("韩立新")
    shot(page, "gate-7-undone")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS and visit.checked_out_at is None
