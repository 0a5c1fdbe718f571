"""Shared fixtures: the demo district loaded once per test session, and named demo people."""

import os
import shutil
import tempfile
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import testdb
from tests.roles import ROLE_OF

# On PostgreSQL the scope matrices try each route as the two people who open the most of it: a
# school's safety officer (every school page in full) and the bureau's admin (every bureau page
# in full, a school's pages through the district). The refusals of the others are permission
# checks in Python, and their scopes (a class, the schools a liaison serves) are the same kind of
# filter on a school; both run in full on SQLite in the same CI run.
PEOPLE_ON_POSTGRESQL = ("s01.officer", "bureau.admin")

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

# From this local hour on, a run could end tomorrow: the whole suite on PostgreSQL under CI
# load takes about 15 minutes, and 3 hours leaves room for a slow machine.
LAST_SAFE_HOUR = 21

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


def _settings_for_tests(folder):
    return {
        "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "MEDIA_ROOT": folder / "media",
        "AXES_ENABLED": False,
        "SAFECAMPUS_AUDIT_ANCHOR_FILE": folder / "audit-anchors.jsonl",
        "SAFECAMPUS_AUDIT_KEY": "test-only-audit-key",
    }


@pytest.fixture(autouse=True)
def _test_settings(request, settings, tmp_path):
    # A module sharing rows keeps the settings module_rows gave it: the files of its rows (a
    # photo, an upload) are in the module's folder, not in each test's.
    if "module_rows" in request.fixturenames:
        return
    for name, value in _settings_for_tests(tmp_path).items():
        setattr(settings, name, value)


@pytest.fixture(scope="module")
def module_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """Rows every test of a module starts from, built once per module and worker.

    The scope matrices try each route as each person on the same objects, hundreds of tests a
    module; building the objects for every test was most of the suite's time. Here a module-level
    fixture calls build(make) while the module's transaction is open; each test's own transaction
    then nests in it as a savepoint and rolls back to the rows untouched, and the module's
    transaction rolls back after its last test. Only a module-scoped (autouse) fixture may call
    build: inside a test the rows would go with the test's rollback.
    """
    from django.db import transaction
    from django.test import override_settings

    overrides = override_settings(**_settings_for_tests(tmp_path_factory.mktemp("module")))
    overrides.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked as a test's transaction, so the product's own blocks nest in it as they would
        # in a test's.
        outer._from_testcase = True
        outer.__enter__()

    def build(make):
        with django_db_blocker.unblock():
            return make()

    yield build
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    overrides.disable()


def _start_clock_inside_one_day(config):
    """A run that crosses local midnight would meet the demo district and the module-level dates
    of its collection dated yesterday (CI failed so, nine tests at 00:00 in Shanghai). A run
    started in the last hours of the day therefore runs on a clock moved to just after midnight:
    it still ticks, every date stays relative to it, and a whole run fits in the day ahead.

    Not for the browser tests: their server is another process, on the real clock.
    """
    marks = config.getoption("-m") or ""
    if "browser" in marks and "not browser" not in marks:
        return None
    zone = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE, read before Django is set up
    now = datetime.now(zone)
    if now.hour < LAST_SAFE_HOUR:
        return None
    tomorrow = now.date() + timedelta(days=1)
    traveller = time_machine.travel(datetime.combine(tomorrow, time(0, 5), zone), tick=True)
    traveller.start()
    return traveller


def pytest_configure(config):
    config.safecampus_clock = _start_clock_inside_one_day(config)
    # The controller makes the folder its xdist workers share the built test database in.
    if not hasattr(config, "workerinput"):
        config.safecampus_shared_db = testdb.make_shared_folder()


def pytest_runtest_setup(item):
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        # The test database is built without the serialized copy it would restore from.
        raise pytest.UsageError(f"{item.nodeid}: serialized_rollback is not supported here")


def _left_out(config, item):
    if item.get_closest_marker("slow") and "slow" not in (config.getoption("-m") or ""):
        return True
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return False
    params = getattr(item, "callspec", None)
    username = params.params.get("username") if params else None
    return (
        ("module_rows" in item.fixturenames or item.originalname == "test_scope")
        and username in ROLE_OF
        and username not in PEOPLE_ON_POSTGRESQL
    )


def pytest_collection_modifyitems(config, items):
    """Slow tests (LibreOffice converting a summary to PDF) run only when asked for by name
    (`-m slow`): `make test` and .ci/run, whose -m names other markers, leave them out.

    On PostgreSQL, the scope matrices try each route as PEOPLE_ON_POSTGRESQL only: the whole
    matrix (every route as every demo person) runs on SQLite in the same CI run, and what the
    second engine adds is each route's SQL, which these two people open in full.
    """
    left_out = [item for item in items if _left_out(config, item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        kept = set(map(id, items)) - set(map(id, left_out))
        items[:] = [item for item in items if id(item) in kept]


def pytest_unconfigure(config):
    clock = getattr(config, "safecampus_clock", None)
    if clock:
        clock.stop()
    folder = getattr(config, "safecampus_shared_db", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(testdb.SHARED_FOLDER, None)


def _load_demo():
    from django.test import override_settings

    from safecampus.core.demo import load_demo

    # The demo's photos go to a scratch folder, not to the developer's var/media.
    media = tempfile.mkdtemp(prefix="safecampus-test-media-")
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media
    ):
        load_demo()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
):
    """Non-browser sessions get the demo district once; each test rolls back its changes.

    The database is built once per run and copied into each xdist worker's (tests/testdb.py).
    Browser sessions get the migrated database alone (tests/browser/conftest.py loads the demo).
    """
    from pytest_django.fixtures import _disable_migrations

    browser = request.config.getoption("-m") == "browser"
    workers = getattr(request.config, "workerinput", {}).get("workercount", 1)
    keepdb = django_db_keepdb and not django_db_createdb
    options = {
        "verbosity": request.config.option.verbose,
        # --reuse-db keeps each worker's own database from one run to the next.
        "shared": workers > 1 and not browser and not keepdb,
    }
    if not django_db_use_migrations:
        _disable_migrations()
    with django_db_blocker.unblock():
        old_config = testdb.setup(
            build=(lambda: None) if browser else _load_demo,
            keepdb=keepdb,
            keep_a_copy=not browser,
            **options,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            testdb.teardown(old_config, **options)


@pytest.fixture
def race_db(tmp_path):
    """The demo district, committed, in a copy every connection of the test is switched to: for
    races, which need committed transactions in several connections.

    The copy is of the test database as built for the run (migrated, the demo district loaded
    and committed, tests/testdb.py): each test gets a fresh one, every connection of the test
    (its own and one per racing thread) is switched to it, and it is dropped afterwards. The
    worker's own test database, which the test's rolled-back transaction wraps, is never
    touched, so nothing has to be flushed or loaded again for the tests that run after.

    The SQLite *test* database lives in memory with a shared cache, where a second writer is
    refused at once with "database table is locked" instead of waiting: on SQLite the copy is a
    file, opened with the product's own settings (WAL, BEGIN IMMEDIATE, busy_timeout)."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections

    test_settings = connections.settings[DEFAULT_DB_ALIAS]
    test_connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        copy = str(tmp_path / "race.sqlite3")
        options = test_settings["OPTIONS"]
    else:
        copy = f"{test_settings['NAME']}_race"
        # Plain connections: the pool is kept per alias and would hand out the test database's.
        options = {k: v for k, v in test_settings["OPTIONS"].items() if k != "pool"}
    testdb.copy_built(copy)
    # New connections (one per thread) are made from these settings; this thread's one now.
    connections.settings[DEFAULT_DB_ALIAS] = {**test_settings, "NAME": copy, "OPTIONS": options}
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = test_connection
        connections.settings[DEFAULT_DB_ALIAS] = test_settings
        testdb.drop_copy(copy)


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
