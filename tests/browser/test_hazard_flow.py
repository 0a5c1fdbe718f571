"""The hazard ledger's closed loop in a real browser on a phone, from report to closure."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The narrowest phones in use: the action forms must still fit.
NARROW = {"width": 360, "height": 780}


def test_report_confirm_assign_rectify_accept_close(demo, phone, photo):
    from safecampus.core.models import Org, User
    from safecampus.hazards.models import Hazard, Status

    school = Org.objects.get(code="s01")
    head = User.objects.get(username="s01.headteacher")

    # The teacher reports from the home page with a photo.
    page = phone(viewport=NARROW)
    log_in(page, demo.url, "s01.teacher")
    page.click("#report-hazard")
    # A photo over the limit is refused on the phone before it is sent.
    too_large = {"name": "big.jpg", "mimeType": "image/jpeg", "buffer": bytes(11 * 1024 * 1024)}
    page.set_input_files("#id_photos", files=[too_large])
    expect(page.locator("[data-upload-error]")).to_contain_text("文件过大")
    assert page.eval_on_selector("#id_photos", "input => input.files.length") == 0
    page.set_input_files("#id_photos", str(photo))
    expect(page.locator("[data-upload-error]")).to_have_count(0)
    page.select_option("#id_zone", label="南大门")
    page.fill("#id_place", "南大门右侧伸缩门")
    page.select_option("#id_category", "structure")
    page.fill("#id_description", "伸缩门轨道变形，推拉时卡住，有夹手风险。")
    shot(page, "hazard-1-report")
    page.click("#report-form button[type=submit]")
    expect(page.locator("#status-badge")).to_be_visible()
    hazard = Hazard.objects.get(school=school, place="南大门右侧伸缩门")
    assert hazard.events.get(action="report").photos.count() == 1
    page.context.close()

    # The officer confirms it as general and assigns it to the head teacher.
    page = phone(viewport=NARROW)
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/{hazard.pk}/")
    page.check("#action-confirm input[value=general]")
    page.click("#action-confirm button[type=submit]")
    expect(page.locator("#action-assign")).to_be_visible()
    page.select_option("#action-assign select[name=responsible_person]", str(head.pk))
    page.fill("#action-assign input[name=responsible_unit]", "总务处")
    page.fill("#action-assign textarea[name=measures]", "更换变形轨道，加装防夹护板。")
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    page.fill("#action-assign input[name=deadline]", deadline)
    shot(page, "hazard-2-assign")
    page.click("#action-assign button[type=submit]")
    expect(page.locator("#status-badge")).to_contain_text("整改中")
    page.context.close()

    # The head teacher finds it under "my hazards" and rectifies with a photo.
    page = phone(viewport=NARROW)
    log_in(page, demo.url, "s01.headteacher")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/mine/")
    page.click(f"#to-fix a[href$='/hazards/{hazard.pk}/']")
    page.fill("#action-rectify textarea[name=note]", "已更换轨道并加装护板，试运行正常。")
    page.set_input_files("#action-rectify input[name=photos]", str(photo))
    shot(page, "hazard-3-rectify")
    page.click("#action-rectify button[type=submit]")
    expect(page.locator("#status-badge")).to_contain_text("待验收")
    page.context.close()

    # The principal accepts; the ledger shows it closed.
    page = phone(viewport=NARROW)
    log_in(page, demo.url, "s01.principal")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/{hazard.pk}/")
    page.fill("#action-accept input[name=note]", "现场验收合格。")
    page.click("#action-accept button[type=submit]")
    expect(page.locator("#status-badge")).to_contain_text("已销号")
    shot(page, "hazard-4-closed")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/?status=closed&q=伸缩门")
    expect(page.locator("#ledger-rows")).to_contain_text("南大门右侧伸缩门")
    expect(page.locator("#ledger-rows")).to_contain_text("已销号")
    shot(page, "hazard-5-ledger")

    hazard.refresh_from_db()
    assert hazard.status == Status.CLOSED
    assert hazard.rectified_by == head
    assert hazard.accepted_by.username == "s01.principal"
    assert list(hazard.events.values_list("action", flat=True)) == [
        "report",
        "confirm",
        "assign",
        "rectify",
        "accept",
    ]
