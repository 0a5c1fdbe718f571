"""Shared fixtures: the demo district loaded once per test session, and named demo people."""

import os
import tempfile

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Time limits measure the machine, not the product: a shared 2-core CI runner under load must
# not fail a property that holds. The number of examples is what gives the test its strength.
hypothesis_settings.register_profile(
    "safecampus", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("safecampus")

# The shared scope and query-budget helpers assert too: show their failures in full.
pytest.register_assert_rewrite("tests.budgets", "tests.scope")

# Sync Playwright in a live_server test touches the ORM from the event loop's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.SAFECAMPUS_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    settings.SAFECAMPUS_AUDIT_KEY = "test-only-audit-key"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Non-browser sessions get the demo district once; each test rolls back its changes."""
    if request.config.getoption("-m") == "browser":
        return
    from django.test import override_settings

    from safecampus.core.demo import load_demo

    # The demo's photos go to a scratch folder, not to the developer's var/media.
    media = tempfile.mkdtemp(prefix="safecampus-test-media-")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media
        ),
    ):
        load_demo()


@pytest.fixture
def org():
    from safecampus.core.models import Org

    return lambda code: Org.objects.get(code=code)


@pytest.fixture
def person():
    from safecampus.core.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def login(client):
    """Log a demo person in on the test client: login("s01.officer")."""
    from safecampus.core.models import User

    def _login(username, target=None):
        c = target or Client()
        c.force_login(User.objects.get(username=username))
        return c

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
