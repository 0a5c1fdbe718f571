"""What every browser test needs: the demo on a live server, logging in, screenshots."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture
def demo(live_server):
    from safecampus.core.demo import load_demo

    load_demo()
    return live_server


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-2026")
    page.click("main form button[type=submit]")
    expect(page.locator("#bell")).to_be_visible()


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
