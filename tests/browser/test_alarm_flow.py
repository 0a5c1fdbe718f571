"""The one-key alarm in real browsers: the guard raises it on a phone, placed by one tap on
the list of places, the safety officer's open page shows the banner without a reload and names
the place by its full path (issue 22, point 1), the officer acknowledges and arrives, the
bureau's list of active alarms names school, kind and place, and the 1-3-5 timeline shows each
stage met or missed.

WebSockets need an ASGI server, which Django's live server is not: the demo runs here in its
own uvicorn process (in-memory channel layer) on a scratch SQLite file (a copy of the worker's
loaded demo), stopped at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.emergencies.cluster import ROOT, _wait_for_port, free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def asgi_demo(demo_copy):
    folder = Path(tempfile.mkdtemp(prefix="safecampus-alarm-browser-"))
    env = {**os.environ, "SAFECAMPUS_VAR_DIR": str(folder), "SAFECAMPUS_DEBUG": "1"}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    python = sys.executable
    process = None
    try:
        if demo_copy.pages is not None:
            # The worker's demo, copied: its logins were hashed with the suite's fast hasher.
            demo_copy.write_to(folder)
            env["DJANGO_SETTINGS_MODULE"] = "tests.browser.server_settings"
        else:
            subprocess.run(
                [python, "manage.py", "migrate", "--no-input", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            subprocess.run(
                [python, "manage.py", "load_demo"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        port = free_port()
        process = subprocess.Popen(
            [python, "-m", "uvicorn", "safecampus.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def stage(page, name):
    return page.locator(f'#timeline [data-stage="{name}"]')


PHONE_390 = {"width": 390, "height": 844}


def test_guard_raises_officer_sees_banner_acknowledges_and_arrives(asgi_demo, phone, desktop):
    base = asgi_demo
    officer = desktop()
    log_in(officer, base, "s01.officer")
    # The officer is on some other page, with the alarm feed connected.
    officer.goto(f"{base}/")
    expect(officer.locator("body")).to_have_attribute("data-alarm-feed", "connected")
    expect(officer.locator("#alarm-banner")).to_be_hidden()

    guard = phone(viewport=PHONE_390)
    log_in(guard, base, "s01.guard")
    expect(guard.locator("#alarm-button")).to_have_attribute("data-ready", "true")
    # One tap opens the kinds (a pocket press stops here); the second tap raises the alarm.
    guard.click("#alarm-button")
    expect(guard.locator("#alarm-kinds")).to_be_visible()
    # The guard stands at the gatehouse: the alarm is placed there before anything is tapped;
    # one tap on the list moves it.
    where = guard.locator("#alarm-zone")
    expect(where.locator("option:checked")).to_have_text("门卫室")
    where.select_option(label="教学楼B › 2楼")
    shot(guard, "alarm-1-guard-home-kinds")
    guard.click('#alarm-kinds button[data-kind="intrusion"]')
    expect(guard.locator("#alarm-page")).to_be_visible()
    expect(guard.locator("#alarm-where")).to_contain_text("教学楼B › 2楼")
    expect(stage(guard, "self_rescue")).to_have_attribute("data-state", "pending")

    # Without a reload, the officer's page shows the full-screen banner, naming the place.
    banner = officer.locator("#alarm-banner")
    expect(banner).to_be_visible(timeout=10_000)
    expect(banner.locator("[data-alarm-school]")).to_have_text("城南实验小学")
    expect(banner.locator("[data-alarm-place]")).to_have_text("教学楼B › 2楼")
    shot(officer, "alarm-2-officer-banner")

    # The guard records what was done on site within the first minute.
    guard.fill("#self-rescue-note", "关闭校门，持钢叉拦阻")
    guard.click("#self-rescue-note ~ button")
    expect(stage(guard, "self_rescue")).to_have_attribute("data-state", "met")

    # The officer acknowledges (the banner goes, the alarm page opens), sets off and arrives.
    officer.click("#alarm-ack")
    expect(officer.locator("#alarm-page")).to_be_visible()
    expect(banner).to_be_hidden()
    officer.click("#on-my-way")
    expect(officer.locator("#responders tbody tr td")).to_have_count(5)
    officer.click("#arrived")
    expect(stage(officer, "mutual_rescue")).to_have_attribute("data-state", "met")
    expect(stage(officer, "reinforcement")).to_have_attribute("data-state", "pending")
    shot(officer, "alarm-3-officer-arrived")

    # The guard's open alarm page hears of the arrival without a reload.
    expect(stage(guard, "mutual_rescue")).to_have_attribute("data-state", "met", timeout=10_000)

    # The bureau's list of active alarms names the school, the kind and the place.
    bureau = desktop()
    log_in(bureau, base, "bureau.admin")
    bureau.locator("#alarm-banner [data-alarm-ack]").click()
    expect(bureau.locator("#alarm-page")).to_be_visible()
    overview = bureau.locator('a[href^="/orgs/"][href$="/emergencies/"]').first
    bureau.goto(base + overview.get_attribute("href"))
    expect(bureau.locator(".alert-danger li a").first).to_contain_text(
        "城南实验小学 · 入侵或暴力 · 教学楼B › 2楼"
    )
    shot(bureau, "alarm-bureau-overview")

    # Closed before police or bureau arrived, and before the reinforcement deadline: that stage
    # was still running when the alarm ended, so it is neither met nor missed (issue 22, point 3).
    officer.click("#alarm-status details summary")
    officer.fill("#id_note", "嫌疑人已被控制，民警未到场前解除")
    # The status is redrawn every 5 s and on every event: the open form and the note survive it.
    officer.evaluate("document.getElementById('id_note').dataset.old = '1'")
    alarm_id = officer.locator("#alarm-page").get_attribute("data-alarm")
    officer.evaluate(
        "id => document.dispatchEvent(new CustomEvent('sc:alarm', {detail: {id: id}}))", alarm_id
    )
    redrawn = officer.locator("#id_note:not([data-old])")
    expect(redrawn).to_be_visible()
    expect(redrawn).to_have_value("嫌疑人已被控制，民警未到场前解除")
    officer.click("#alarm-status details form button")
    expect(officer.locator("#alarm-status")).to_contain_text("已解除")
    expect(stage(officer, "reinforcement")).to_have_attribute("data-state", "")
    expect(stage(officer, "self_rescue")).to_have_attribute("data-state", "met")
    shot(officer, "alarm-4-timeline-met-missed")
    shot(guard, "alarm-5-guard-phone-timeline")
