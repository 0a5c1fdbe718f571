"""What every browser test needs: the demo on a live server, phones and desktops, logging in,
screenshots.

Each worker starts one live server and loads the demo once, then keeps a copy of the loaded
database in memory (SQLite's backup API). A live-server test runs with transaction=True, so
its writes are committed and the database is flushed after it; the copy is put back before
each test, so every test starts from the freshly loaded demo for the price of a page copy.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from playwright.sync_api import expect

from tests.helpers import image_file

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class DemoCopy:
    """The demo as loaded once in this worker: the database's pages and the media folder."""

    def __init__(self, media):
        self.media = media
        self.pages = None

    def load(self):
        from safecampus.core.demo import load_demo

        with override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=self.media):
            load_demo()
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.pages = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.pages)

    def restore(self):
        """The database as the demo left it (loaded anew where there is no copy)."""
        from django.contrib.contenttypes.models import ContentType

        if self.pages is None:
            self.load()
            return
        connection.ensure_connection()
        self.pages.backup(connection.connection)
        # The flush after the last test re-created content types under other ids.
        ContentType.objects.clear_cache()

    def write_to(self, folder):
        """A copy for another process: the database file and media a server in `folder` uses
        (SAFECAMPUS_VAR_DIR)."""
        target = sqlite3.connect(folder / "safecampus.sqlite3")
        self.pages.backup(target)
        target.close()
        shutil.copytree(self.media, folder / "media", dirs_exist_ok=True)


@pytest.fixture(scope="session")
def demo_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    copy = DemoCopy(tmp_path_factory.mktemp("demo-media"))
    with django_db_blocker.unblock():
        copy.load()
    yield copy
    if copy.pages is not None:
        copy.pages.close()


@pytest.fixture
def demo(live_server, demo_copy, settings):
    """The live server, on the demo as freshly loaded."""
    settings.MEDIA_ROOT = demo_copy.media
    demo_copy.restore()
    return live_server


@pytest.fixture
def _contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def _opener(browser, opened, defaults):
    def open_page(**options):
        context = browser.new_context(**{**defaults, **options})
        opened.append(context)
        return context.new_page()

    return open_page


@pytest.fixture
def phone(browser, _contexts):
    """phone() opens a page on a touch phone of its own (one person's cookies), in Chinese;
    options such as viewport= override. Every context is closed after the test."""
    defaults = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
    return _opener(browser, _contexts, defaults)


@pytest.fixture
def desktop(browser, _contexts):
    """desktop() opens a page on a desktop screen of its own, in Chinese."""
    return _opener(browser, _contexts, {"viewport": DESKTOP, "locale": "zh-CN"})


@pytest.fixture
def photo(tmp_path):
    """A phone photo to upload."""
    return image_file(tmp_path / "photo.jpg")


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-2026")
    page.click("main form button[type=submit]")
    expect(page.locator("#bell")).to_be_visible()


def shot(page, name, folder=SHOTS):
    """A full-page screenshot once the page has loaded: Chromium refuses to capture a page still
    loading after a click ("Unable to capture screenshot"), which a busy machine makes likely."""
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state()
    page.screenshot(path=folder / f"{name}.png", full_page=True)
