"""On a 390 px phone: a guard's round page gives no checkpoint codes (the label is the proof) and
a typed code is marked; a failed gate check reads in the ledger as the problem, at the zone's
full path. Screenshots go to a temporary folder (printed) to be looked at."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir()) / "safecampus-field-ready-checks"


def snap(page, name):
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")


def test_the_round_page_shows_no_codes_and_marks_a_typed_one(demo, phone):
    from safecampus.patrols.models import Scan, ScanMethod
    from tests.patrols.helpers import open_round

    round_, cps = open_round(stops=3)
    page = phone(viewport=PHONE_390)
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/rounds/{round_.pk}/")
    stops = page.locator("#stops")
    for checkpoint in cps:
        expect(stops).to_contain_text(checkpoint.name)
    text = page.locator("main").inner_text()
    assert all(checkpoint.code not in text for checkpoint in cps)
    expect(page.locator("label[for=id_code]")).to_contain_text("标签扫不出")
    snap(page, "patrol-1-round-without-codes")

    # The label of the first stop is torn: the guard types the code printed on it.
    page.fill("#id_code", cps[0].code)
    page.click("#scan-submit")
    stop = page.locator(f"#stops li[data-checkpoint='{cps[0].pk}']")
    expect(stop.locator(".patrol-typed")).to_have_text("手输简码")
    expect(page.locator("#typed-count")).to_be_visible()
    snap(page, "patrol-2-typed-checkpoint")
    assert Scan.objects.get(round=round_, checkpoint=cps[0]).method == ScanMethod.CODE
    page.context.close()

    # The officer sees the same mark on the round.
    page = phone(viewport=PHONE_390)
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/rounds/{round_.pk}/")
    expect(page.locator(".patrol-typed")).to_have_count(1)
    snap(page, "patrol-3-officer-sees-typed")


def test_a_failed_gate_check_reads_as_the_problem_in_the_ledger(demo, phone, photo):
    from safecampus.core.models import Org, Zone
    from safecampus.hazards.models import Hazard
    from safecampus.inspections.models import ChecklistTemplate, Inspection

    school = Org.objects.get(code="s01")
    gate = ChecklistTemplate.objects.get(school=school, library_key="gate_daily")
    zone = Zone.objects.filter(school=school, kind="gate").order_by("pk").first()
    page = phone(viewport=PHONE_390)
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{school.pk}/checks/checklists/{gate.pk}/run/?zone={zone.pk}")
    expect(page.locator("#run-form")).to_be_visible()
    items = page.locator(".check-item")
    for i in range(items.count()):
        item = items.nth(i)
        text = item.locator(".fw-semibold").inner_text()
        if item.get_attribute("data-kind") == "number":
            item.locator("input[type=number]").fill("1")
            item.locator("input[type=file]").set_input_files(str(photo))
        elif "访客登记本" in text:
            item.locator("label[for^='fail-']").click()
        else:
            item.locator("label[for^='pass-']").click()
    snap(page, "checks-1-gate-check-run")
    page.click("#submit-check")
    expect(page.locator("#failed-badge")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("1 人")
    snap(page, "checks-2-gate-check-done")

    inspection = Inspection.objects.filter(school=school, version__template=gate).latest("pk")
    hazards = {
        r.item.text: Hazard.objects.get(pk=r.hazard_id)
        for r in inspection.results.filter(outcome="fail").select_related("item")
    }
    assert hazards["访客登记本/系统可用"].description == "不合格：访客登记本/系统可用"
    assert hazards["今日值班保安人数"].description == "今日值班保安人数 1 人，应不少于 2 人"
    assert {h.place for h in hazards.values()} == {zone.path_name}
    page.context.close()

    # The safety officer opens the hazard on a phone: the problem, where, the check it came from.
    page = phone(viewport=PHONE_390)
    log_in(page, demo.url, "s01.officer")
    hazard = hazards["今日值班保安人数"]
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/{hazard.pk}/")
    expect(page.locator("main")).to_contain_text("今日值班保安人数 1 人，应不少于 2 人")
    expect(page.locator("h1")).to_contain_text(zone.path_name)
    expect(page.locator("main")).not_to_contain_text("21.00")
    expect(page.locator("#hazard-origin")).to_contain_text(gate.name)
    snap(page, "checks-3-hazard-from-check")
    page.goto(f"{demo.url}/schools/{school.pk}/hazards/?q=不合格")
    expect(
        page.locator(f"a[href$='/hazards/{hazards['访客登记本/系统可用'].pk}/']")
    ).to_be_visible()
    snap(page, "checks-4-ledger")
