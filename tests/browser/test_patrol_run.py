"""A guard's patrol on a phone, and the QR label decoded by the page's own scanning code."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_guard_runs_a_patrol_by_typing_checkpoint_codes(demo, phone):
    from safecampus.patrols.models import Checkpoint, RoundStatus, Scan
    from tests.patrols.helpers import open_round

    round_, cps = open_round(stops=3)
    foreign = Checkpoint.objects.filter(school__code="s01").exclude(pk__in=[c.pk for c in cps])[0]
    page = phone()
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/")
    expect(page.locator("#today-rounds")).to_contain_text(round_.route.name)
    shot(page, "patrol-today-phone")
    page.click(f"#today-rounds a[href$='/rounds/{round_.pk}/']")
    expect(page.locator("#scan-panel")).to_be_visible()
    expect(page.locator("#start-round")).to_be_visible()

    # A checkpoint that is not on the route is refused with its name, and nothing is recorded.
    page.fill("#id_code", foreign.code)
    page.click("#scan-submit")
    expect(page.locator("#scan-message")).to_contain_text(foreign.code)
    expect(page.locator("#scan-message")).to_have_class("alert alert-danger")

    for i, checkpoint in enumerate(cps):
        page.fill("#id_code", checkpoint.code.lower())
        if i == 1:
            page.click("#scan-more summary")
            page.fill("#id_note", "灭火器压力不足")
            page.check("#id_problem")
            page.select_option("#id_category", "fire")
        page.click("#scan-submit")
        stop = page.locator(f"#stops li[data-checkpoint='{checkpoint.pk}']")
        expect(stop).to_have_class(re.compile("patrol-stop-done"))
        # One sentence as Chinese writes it: the full-width colon, no space before the code.
        expect(page.locator("#scan-message")).to_have_text(f"\u2713 已打卡：{checkpoint.code}")
    expect(page.locator("#sheet")).to_contain_text("已完成")
    # The first scan started the round: Start is no longer offered.
    expect(page.locator("#start-round")).to_have_count(0)
    expect(page.locator("#scan-queue")).to_be_hidden()
    shot(page, "patrol-round-done-phone")

    round_.refresh_from_db()
    assert round_.status == RoundStatus.DONE
    scans = list(Scan.objects.filter(round=round_).order_by("scanned_at"))
    assert [s.checkpoint_id for s in scans] == [c.pk for c in cps]
    assert scans[1].note == "灭火器压力不足"
    assert all(s.recorded_at is not None for s in scans)
    assert scans[1].hazard is not None and scans[1].hazard.source == "patrol"

    # The problem is in the hazard ledger, with a link back to the round.
    page.click("#stops a[href*='/hazards/']")
    expect(page.locator("#hazard-origin")).to_have_attribute(
        "href", f"/schools/{round_.school_id}/patrols/rounds/{round_.pk}/"
    )
    expect(page.locator("main")).to_contain_text("灭火器压力不足")
    shot(page, "patrol-hazard-from-round-phone")


def test_a_generated_label_is_decoded_by_the_pages_scanning_code(demo, phone):
    from tests.patrols.helpers import open_round

    round_, cps = open_round(stops=2)
    page = phone()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/rounds/{round_.pk}/")
    label = f"/schools/{round_.school_id}/patrols/checkpoints/{cps[0].pk}/label.png"
    decoded = page.evaluate(
        """async (url) => {
            const img = new Image();
            img.src = url;
            await img.decode();
            return window.SafeCampusQR.decodeImage(img);
        }""",
        label,
    )
    assert decoded == cps[0].qr_text
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/checkpoints/{cps[0].pk}/")
    shot(page, "patrol-checkpoint-label-phone")


def test_scans_made_without_signal_are_sent_in_one_request_and_judged_each(demo, phone):
    from safecampus.patrols.models import Checkpoint, Scan
    from tests.patrols.helpers import open_round

    round_, cps = open_round(stops=2)
    foreign = Checkpoint.objects.filter(school__code="s01").exclude(pk__in=[c.pk for c in cps])[0]
    page = phone()
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/rounds/{round_.pk}/")
    page.context.set_offline(True)
    for n, checkpoint in enumerate((cps[0], foreign, cps[1]), start=1):
        page.fill("#id_code", checkpoint.code)
        page.click("#scan-submit")
        expect(page.locator("#scan-queue-count")).to_have_text(str(n))
    expect(page.locator("#scan-queue")).to_be_visible()
    shot(page, "patrol-offline-queue-phone")
    assert not Scan.objects.filter(round=round_).exists()

    # The signal is back: the three scans travel in one request; the two on the route are
    # recorded, the one that is not stays on the phone with its reason.
    sent = []
    page.on(
        "response",
        lambda r: sent.append(r.status) if r.url.endswith("/patrol-scans") else None,
    )
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#scan-queue")).to_be_hidden()
    expect(page.locator("#sheet")).to_contain_text("2 / 2")
    expect(page.locator("#start-round")).to_have_count(0)
    expect(page.locator("#scan-message")).to_contain_text(foreign.code)
    expect(page.locator("#scan-message")).to_contain_text(f"已打卡：{cps[0].code}, {cps[1].code}")
    expect(page.locator("#queue-count")).to_have_text("1")
    assert sent == [200]
    page.reload()
    page.wait_for_load_state("networkidle")
    assert sent == [200]
    assert Scan.objects.filter(round=round_).count() == 2
    assert all(s.recorded_at <= s.received_at for s in Scan.objects.filter(round=round_))


def test_a_code_typed_while_the_last_scan_is_saved_on_the_phone_is_kept(demo, phone):
    """Saving a scan on the phone takes a moment; the form is cleared when it is saved. A guard
    quick enough to type the next code in that moment once lost it (issue 11)."""
    from tests.patrols.helpers import open_round

    round_, cps = open_round(stops=2)
    page = phone()
    log_in(page, demo.url, "s01.guard")
    page.goto(f"{demo.url}/schools/{round_.school_id}/patrols/rounds/{round_.pk}/")
    page.context.set_offline(True)
    # The phone's save of the first scan waits until the test lets it finish.
    page.evaluate(
        """() => {
            const queue = window.SafeCampusQueue, add = queue.add;
            window.finishSave = null;
            queue.add = (item) => new Promise((done) => {
                window.finishSave = () => { queue.add = add; done(add(item)); };
            });
        }"""
    )
    page.fill("#id_code", cps[0].code)
    page.click("#scan-submit")
    page.wait_for_function("window.finishSave !== null")
    page.fill("#id_code", cps[1].code)
    page.evaluate("window.finishSave()")
    expect(page.locator("#scan-queue-count")).to_have_text("1")
    expect(page.locator("#id_code")).to_have_value(cps[1].code)
    page.click("#scan-submit")
    expect(page.locator("#scan-queue-count")).to_have_text("2")
    expect(page.locator("#id_code")).to_have_value("")
