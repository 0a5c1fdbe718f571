"""Issue 20, what it must show: the live roster across two browser contexts, and
reunification refused to a person not on the list.

A head teacher raises a fire alarm from the phone's home page: the roll opens. On their phone
(375 px) they open their class's roll and mark a student missing; the principal, on a desktop
with the roll's counts open, sees the missing count change in under a second (the mark goes
through the phone's queue, the push over the WebSocket, the counts are read again). Then at
the gate someone not on the student's pick-up list asks for them: refused, with the reason.

Runs on the alarm flow's uvicorn demo (WebSockets need an ASGI server)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.browser.test_alarm_banner_flow import raise_from_home
from tests.browser.test_alarm_flow import asgi_demo  # noqa: F401  (the module's server)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_375 = {"width": 375, "height": 812}
DESKTOP_1280 = {"width": 1280, "height": 900}


def test_the_principal_sees_a_teachers_mark_at_once_and_a_stranger_is_refused(
    asgi_demo,  # noqa: F811
    phone,
    desktop,
):
    base = asgi_demo
    teacher = phone(viewport=PHONE_375)
    log_in(teacher, base, "s01.headteacher")
    raise_from_home(teacher, base, "fire")
    school_id = re.search(r"/schools/(\d+)/", teacher.url).group(1)

    # The roll opened with the alarm: the principal opens its counts from the alarm.
    principal = desktop(viewport=DESKTOP_1280)
    log_in(principal, base, "s01.principal")
    ack = principal.locator("#alarm-ack")
    ack.wait_for(state="visible", timeout=10_000)
    ack.click()
    # Acknowledged, the alarm's page opens: its roll is a tap away.
    expect(principal.locator("#alarm-page")).to_be_visible()
    principal.click("#alarm-roll")
    expect(principal.locator("#roll-counts")).to_be_visible()
    missing = principal.locator("#count-missing")
    expect(missing).to_have_text(re.compile(r"^\s*0\D"))

    # The head teacher takes their class's roll on the phone.
    teacher.goto(f"{base}/")
    teacher.click("#count-rolls-open")
    teacher.locator("#take-roll a").first.click()
    first = teacher.locator(".roll-student").first
    expect(first).to_be_visible()
    shot(teacher, "roster-1-teacher-class-roll-375")
    # The principal's page has joined the roll's feed by now (its socket opens on load).
    principal.wait_for_timeout(500)
    started = time.monotonic()
    first.locator("button.mark-missing").click()
    expect(missing).to_have_text(re.compile(r"^\s*1\D"), timeout=1_000)
    took = time.monotonic() - started
    assert took < 1.0, f"the principal saw the mark after {took:.2f}s"
    expect(first).to_have_attribute("data-status", "missing")
    expect(principal.locator("#roll-missing li")).to_have_count(1)
    shot(principal, "roster-2-principal-counts-1280")

    # At the gate: a stranger asks for a student and is refused with the reason.
    roll_url = principal.url.split("#")[0]
    roll_id = re.search(r"/rolls/(\d+)/", roll_url).group(1)
    principal.goto(f"{base}/schools/{school_id}/gate/reunification/{roll_id}/")
    principal.locator("#waiting a.btn").first.click()
    principal.check('input[name="who"][value="other"]')
    principal.fill("#id_claimed_name", "陌生人")
    principal.click("#release-form button.btn-sc")
    refusal = principal.locator("#release-form .alert-danger")
    expect(refusal).to_contain_text("陌生人")
    expect(refusal).to_contain_text("接送名单")
    shot(principal, "roster-3-reunification-refused-1280")
    principal.goto(f"{base}/schools/{school_id}/gate/reunification/{roll_id}/")
    expect(principal.locator("#count-released")).to_have_text(re.compile(r"^\s*0"))
