"""The teacher's duty check on a phone, with one failure that lands in the hazard ledger."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_completes_todays_duty_check_with_one_failure(demo, phone, desktop, photo):
    from safecampus.core.models import Org, User
    from safecampus.hazards.models import Hazard, Source
    from safecampus.inspections import services
    from safecampus.inspections.models import ChecklistTemplate, Inspection

    school = Org.objects.get(code="s01")
    teacher = User.objects.get(username="s01.teacher")
    duty = ChecklistTemplate.objects.get(school=school, library_key="duty_teacher_daily")
    # Whatever day the suite runs (a weekend, a holiday), the teacher has this check today.
    services.create_schedule(
        actor=User.objects.get(username="s01.officer"),
        school=school,
        template=duty,
        person=teacher,
        recurrence="daily",
        at=time(0, 0),
        window_minutes=24 * 60 - 1,
        starts_on=timezone.localdate(),
        school_days_only=False,
    )

    page = phone()
    log_in(page, demo.url, "s01.teacher")
    row = page.locator("#home-checks li", has_text=duty.name).filter(has=page.locator("a.btn-sc"))
    shot(page, "checks-1-home")
    row.first.locator("a.btn-sc").click()
    expect(page.locator("#run-form")).to_be_visible()

    items = page.locator(".check-item")
    count = items.count()
    assert count == 7
    # The first pass/fail item fails (with a photo); the rest pass; the text item gets a note.
    failed_text = items.nth(0).locator(".fw-semibold").inner_text()
    for i in range(count):
        item = items.nth(i)
        kind = item.get_attribute("data-kind")
        if kind == "pass_fail":
            choice = "fail" if i == 0 else "pass"
            item.locator(f"label[for^='{choice}-']").click()
        elif kind == "text":
            item.locator("textarea").fill("二楼东侧楼梯扶手松动，已设警示。")
    items.nth(0).locator("textarea").fill("扶手螺丝脱落")
    items.nth(0).locator("input[type=file]").set_input_files(str(photo))
    shot(page, "checks-2-run")
    page.click("#submit-check")

    expect(page.locator("#failed-badge")).to_be_visible()
    shot(page, "checks-3-done")
    inspection = Inspection.objects.filter(school=school, inspector=teacher).latest("pk")
    assert inspection.failed_count == 1
    assert inspection.device_time is not None
    hazard = Hazard.objects.get(pk=inspection.results.get(outcome="fail").hazard_id)
    assert hazard.source == Source.CHECKLIST
    assert failed_text.split(". ", 1)[1] in hazard.description
    page.context.close()

    # The safety officer finds it in the ledger, with its link back to the check.
    page = desktop()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/?q={hazard.place}")
    expect(page.locator(f"a[href$='/hazards/{hazard.pk}/']").first).to_be_visible()
    shot(page, "checks-4-ledger")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/{hazard.pk}/")
    page.click("#hazard-origin")
    expect(page.locator("#failed-badge")).to_be_visible()
    assert page.url.endswith(f"/checks/inspections/{inspection.pk}/")
