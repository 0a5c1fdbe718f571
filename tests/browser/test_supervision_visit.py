"""A supervision visit end to end: the inspector runs it on a phone and fails one item; the
school's officer finds the hazard in the ledger and the rectification notice on the visit, and
replies; the inspector re-checks and closes the visit."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import shot as take_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-visits")
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def shot(page, name):
    take_shot(page, name, SHOTS)


def test_inspector_runs_a_visit_and_the_school_answers(demo, phone, desktop, photo):
    from safecampus.core.models import Org, OrgKind, User
    from safecampus.hazards.models import Hazard, Source
    from safecampus.supervision.models import VisitKind, VisitStatus
    from safecampus.supervision.services import visits as services

    school = Org.objects.get(code="s01")
    bureau = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    inspector = User.objects.get(username="bureau.inspector")
    (visit,) = services.plan_visits(
        actor=inspector,
        bureau=bureau,
        kind=VisitKind.SPECIAL,
        title="校园安全专项督导（浏览器）",
        planned_on=timezone.localdate(),
        lead=inspector,
        inspectors=[User.objects.get(username="bureau.admin")],
        schools=[school],
        version=services.checklist_versions(bureau)[0],
    )

    # The inspector on a phone: today's visit first, start it, fail the first item.
    page = phone(viewport=PHONE)
    log_in(page, demo.url, "bureau.inspector")
    page.goto(f"{demo.url}/supervision/visits/mine/")
    shot(page, "phone-1-my-visits")
    page.locator("#upcoming-visits a", has_text=visit.title).click()
    page.click("#start-visit")
    expect(page.locator(".check-item").first).to_be_visible()
    first = page.locator(".check-item").first
    first.locator("label[for^='fail-']").click()
    first.locator("textarea").fill("三楼东侧灭火器压力不足")
    first.locator("input[type=file]").set_input_files(str(photo))
    shot(page, "phone-2-run")
    first.locator("button[id^='save-']").click()
    expect(page.locator(".check-item").first.locator(".badge.text-bg-danger")).to_be_visible()
    second = page.locator(".check-item").nth(1)
    second.locator("label[for^='pass-']").click()
    second.locator("button[id^='save-']").click()
    expect(page.locator("#done-count")).to_contain_text("2")
    hazard = Hazard.objects.get(source=Source.SUPERVISION, origin_url=visit.get_absolute_url())
    assert hazard.school == school and "灭火器压力不足" in hazard.description
    page.click("#to-issue")
    page.fill("#id_opinion", "消防设施维护不到位，限期整改。")
    page.fill("#id_rectify_by", f"{timezone.localdate() + timedelta(days=10)}")
    shot(page, "phone-3-issue")
    page.click("#issue-notice")
    expect(page.locator("#notice")).to_be_visible()
    shot(page, "phone-4-notice")

    # The school's officer: the hazard in the ledger, the notice on the visit, a reply.
    office = desktop(viewport=WIDE)
    log_in(office, demo.url, "s01.officer")
    office.goto(f"{demo.url}/schools/{school.pk}/hazards/")
    expect(office.locator(f"a[href='{hazard.get_absolute_url()}']").first).to_be_visible()
    office.goto(f"{demo.url}{visit.get_absolute_url()}")
    expect(office.locator("#notice")).to_contain_text("三楼东侧灭火器压力不足")
    expect(office.locator("#notice-findings a").first).to_have_attribute(
        "href", hazard.get_absolute_url()
    )
    shot(office, "desktop-1-notice")
    office.goto(f"{demo.url}/orgs/{school.pk}/supervision/visits/")
    expect(office.locator("#visit-rows")).to_contain_text(visit.title)
    shot(office, "desktop-4-school-list")
    office.goto(f"{demo.url}{visit.get_absolute_url()}")
    office.select_option("#id_kind", "rectification")
    office.fill("#id_text", "已更换灭火器并对全校消防设施进行了排查。")
    office.click("#respond-submit")
    expect(office.locator("#response")).to_be_visible()

    # Back on the phone: the re-check closes the visit.
    page.goto(f"{demo.url}{visit.get_absolute_url()}")
    page.fill("#id_note", "复查：灭火器已更换，整改到位。")
    page.click("#close-visit")
    expect(page.locator("#recheck")).to_be_visible()
    # One hazard filed, not yet fixed in the ledger.
    expect(page.locator("#fixed-count")).to_have_text("1 项隐患中已整改 0 项。")
    shot(page, "phone-5-closed")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED

    # The bureau's list on a desktop.
    office = desktop(viewport=WIDE)
    log_in(office, demo.url, "bureau.admin")
    office.goto(f"{demo.url}/orgs/{bureau.pk}/supervision/visits/")
    expect(office.locator("#visit-rows")).to_contain_text(visit.title)
    shot(office, "desktop-2-bureau-list")
    office.goto(f"{demo.url}/orgs/{bureau.pk}/supervision/visits/new/")
    shot(office, "desktop-3-plan")
    page.goto(f"{demo.url}/orgs/{bureau.pk}/supervision/visits/")
    shot(page, "phone-6-bureau-list")
