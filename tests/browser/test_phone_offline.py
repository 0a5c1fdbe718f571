"""The phone without signal: the service worker shows the offline page, a field task's page
still opens, a hazard report with a photo and a check wait in the queue (the badge counts them)
and are sent once when the signal returns, however often the phone sends them again; a refused
item stays with its reason."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hazard_and_a_check_done_offline_are_sent_once_when_signal_returns(demo, phone, photo):
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
    # The label and the place joined as Chinese writes it: a full-width colon, no space.
    expect(page.locator(".queue-item")).to_contain_text("隐患上报：操场东侧围栏")
    shot(page, "phone-3-waiting")
    assert not Hazard.objects.filter(place="操场东侧围栏").exists()
    _keep_the_queue(page)

    # The signal returns: the queue sends it, the badge and the list empty.
    page.context.set_offline(False)
    expect(page.locator("#queue-empty")).to_be_visible()
    expect(page.locator("#queue-badge")).to_be_hidden()
    hazard = Hazard.objects.get(place="操场东侧围栏")
    assert hazard.events.get(action="report").photos.count() == 1
    # A phone that lost the server's answers sends the same queue three times more: each is
    # answered as sent, and there is still one hazard with one photo.
    assert _send_again(page, times=3) == 3
    assert Hazard.objects.filter(place="操场东侧围栏").count() == 1
    assert hazard.events.get(action="report").photos.count() == 1
    # A reload sends nothing again.
    page.reload()
    expect(page.locator("#queue-empty")).to_be_visible()
    assert Hazard.objects.filter(place="操场东侧围栏").count() == 1

    # A check run without signal: queued, then sent once.
    from safecampus.inspections.models import ChecklistTemplate, Inspection

    template = ChecklistTemplate.objects.get(school=school, library_key="duty_teacher_daily")
    done_before = Inspection.objects.filter(version__template=template).count()
    page.goto(f"{demo.url}/schools/{school.pk}/checks/checklists/{template.pk}/run/?zone=")
    page.context.set_offline(True)
    for label in page.locator('label[for^="pass-"]').all():
        label.click()
    page.click("#submit-check")
    expect(page.locator("#queue-count")).to_have_text("1")
    assert Inspection.objects.filter(version__template=template).count() == done_before
    _keep_the_queue(page)
    page.context.set_offline(False)
    expect(page.locator("#queue-badge")).to_be_hidden()
    assert Inspection.objects.filter(version__template=template).count() == done_before + 1
    assert _send_again(page, times=3) == 3
    assert Inspection.objects.filter(version__template=template).count() == done_before + 1


def test_drill_head_counts_refused_after_the_signal_returns_stay_with_the_reason(demo, phone):
    from datetime import timedelta

    from django.utils import timezone

    from safecampus.core.models import Org, User
    from safecampus.emergencies.models import Drill
    from safecampus.emergencies.services import drills

    school = Org.objects.get(code="s01")
    day = timezone.localdate() - timedelta(days=1)
    drill = drills.plan_drill(
        actor=User.objects.get(username="s01.officer"), school=school, kind="fire",
        planned_on=day, scenario="离线清点", classes=[("一年级一班", 40)],
    )  # fmt: skip
    row = drill.classes.get()
    page = phone()
    log_in(page, demo.url, "s01.officer")
    page.goto(f"{demo.url}/schools/{school.pk}/emergencies/drills/{drill.pk}/run/")
    page.context.set_offline(True)
    page.fill("#id_started_at", f"{day}T10:00")
    page.fill("#id_alarm_at", f"{day}T10:01")
    page.fill("#id_evacuated_at", f"{day}T10:06")
    page.fill(f"#id_present_{row.pk}", "39")
    page.fill(f"#id_missing_{row.pk}", "一人病假")
    page.click("#drill-run-form button")
    expect(page.locator("#queue-count")).to_have_text("1")

    # Meanwhile the drill was moved to another day: the counts no longer fit it.
    Drill.objects.filter(pk=drill.pk).update(planned_on=day - timedelta(days=1))
    page.context.set_offline(False)
    expect(page.locator("#queue-count")).to_have_class("badge rounded-pill bg-danger")
    page.click("#queue-badge")
    item = page.locator(".queue-item")
    expect(item).to_have_attribute("data-status", "refused")
    expect(item.locator("[role=alert]")).to_contain_text("计划日期")
    shot(page, "phone-4-refused")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot(page, "phone-4-refused-desktop")
    assert Drill.objects.get(pk=drill.pk).status == "planned"

    # Sent again it is refused again and stays; discarded (after the question) it is gone.
    page.click(".queue-retry")
    expect(page.locator(".queue-item[data-status=refused]")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".queue-discard")
    expect(page.locator("#queue-empty")).to_be_visible()
    expect(page.locator("#queue-badge")).to_be_hidden()


def _keep_the_queue(page):
    """The queue's one waiting item as it is (a photo too), kept in the page to send again."""
    assert page.evaluate("SafeCampusQueue.all().then(items => (window.kept = items).length)") == 1


def _send_again(page, times):
    """A phone that lost the server's answers sends the kept item `times` times more; how many
    times the server answered it as sent (the queue emptied)."""
    return page.evaluate(
        """async (times) => {
            let answered = 0;
            for (let round = 0; round < times; round++) {
                await SafeCampusQueue.add(Object.assign({}, window.kept[0]));
                for (let wait = 0; wait < 100 && (await SafeCampusQueue.all()).length; wait++) {
                    await new Promise((done) => setTimeout(done, 50));
                }
                if (!(await SafeCampusQueue.all()).length) answered++;
            }
            return answered;
        }""",
        times,
    )
