"""The test database of a run: built once, then copied into each xdist worker's database.

Building it (the tables, the migrations' data steps, then the demo district through the
services) is the most expensive thing a test session does: half a minute of CPU on SQLite and
more on PostgreSQL, where the database server works as hard as the test process. Each worker
used to build its own. Now the first worker to need a database builds it and leaves a copy
(SQLite: a file written with the backup API; PostgreSQL: a template database); every other
worker copies that (a page copy, or CREATE DATABASE ... TEMPLATE), which takes a second or two.
What a test finds is the same database as before: migrated, the demo loaded and committed.

The workers of a run meet in a folder the controller makes (SHARED_FOLDER in the environment,
inherited by the workers); a file lock makes one of them the builder and the others wait for it.
"""

import contextlib
import fcntl
import json
import os
import sqlite3
import tempfile
from pathlib import Path

SHARED_FOLDER = "SAFECAMPUS_TEST_SHARED_DB"
MIGRATED = "migrated.sqlite3"


def make_shared_folder():
    """The controller's folder for its workers (None when a parent run already made one)."""
    if os.environ.get(SHARED_FOLDER):
        return None
    folder = tempfile.mkdtemp(prefix="safecampus-testdb-")
    os.environ[SHARED_FOLDER] = folder
    return folder


@contextlib.contextmanager
def _locked(folder):
    with open(folder / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _state(folder):
    path = folder / "state.json"
    return json.loads(path.read_text()) if path.exists() else {"users": 0}


def _save(folder, state):
    (folder / "state.json").write_text(json.dumps(state))


# The copy of the built database this process may copy from: {"vendor", "source", "own"}.
_built = None


def _folder():
    folder = os.environ.get(SHARED_FOLDER)
    return Path(folder) if folder and Path(folder).is_dir() else None


def _build(build, verbosity, keepdb, folder=None):
    from django.db import connection
    from django.test.utils import setup_databases

    with _tables_from_models(not keepdb):
        old_config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases={"default"},
            # No test restores the database from a serialized copy (serialized_rollback: conftest
            # refuses it); serializing every row after the migrations cost each build seconds.
            serialized_aliases=set(),
            keepdb=keepdb,
        )
    _apply_data_migrations()
    if folder is not None and connection.vendor == "sqlite":
        _backup_to(folder / MIGRATED)
    build()
    return old_config


@contextlib.contextmanager
def _tables_from_models(enabled):
    """Make the test database's tables from the models instead of replaying every migration.

    Replaying the migrations renders the project's model states again at each of their ~600
    operations: 40 to 60 s of CPU a build at 200 models, a build being on the critical path of
    each test run (and three of them in CI). The tables made from the models are the same: `make
    lint` refuses models that differ from their migrations (makemigrations --check), and CI
    applies the migrations themselves to PostgreSQL when it loads the demo as `make run` does.
    The rows the migrations write (rule sets, catalogues) come from `_apply_data_migrations`.
    A database kept from an earlier run (--reuse-db) is migrated as usual: it may lack the
    columns of a migration written since, which only the migration adds.
    """
    from django.apps import apps
    from django.conf import settings

    if not enabled:
        yield
        return

    saved = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    try:
        yield
    finally:
        settings.MIGRATION_MODULES = saved


def _apply_data_migrations():
    """Run the data steps (RunPython) of our apps' migrations not recorded yet, in the order
    `migrate` would, on the current models, and record every migration as applied, as `migrate`
    leaves a new database. A database kept from an earlier run has them all recorded.

    Not run: a step marked `elidable` (Django's mark for a step that squashing may drop: ours
    convert rows an older database holds, and a new one has none), and other packages' steps,
    which convert rows an older version of the package left, on fields their current models
    no longer have.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations.special import RunPython, RunSQL

    executor = MigrationExecutor(connection)
    executor.recorder.ensure_schema()
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    with connection.schema_editor() as editor:
        for migration, _backwards in plan:
            ours = apps.get_app_config(migration.app_label).name.startswith("safecampus.")
            for operation in migration.operations:
                if isinstance(operation, RunSQL):
                    raise RuntimeError(f"{migration}: SQL steps are not replayed for tests")
                if isinstance(operation, RunPython) and ours and not operation.elidable:
                    operation.code(apps, editor)
            executor.recorder.record_applied(migration.app_label, migration.name)


def _backup_to(path):
    from django.db import connection

    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()


def migrated_sqlite():
    """A SQLite file with every migration applied and nothing else, as `manage.py migrate`
    leaves a new database, when this run built one (None otherwise): for a test that starts
    servers of its own on a database file (tests/emergencies/cluster.py)."""
    folder = _folder()
    path = folder / MIGRATED if folder else None
    return path if path and path.exists() else None


def setup(*, build, verbosity, shared, keepdb=False, keep_a_copy=True):
    """Set up the default test database with `build()` run once in it; return the old config
    for django.test.utils.teardown_databases.

    `shared`: copy the database another worker of the run built, or build it and leave a copy
    for them. Otherwise build it here (and, with `keep_a_copy`, leave a copy for copy_built)."""
    global _built
    folder = _folder()
    if folder is None or not keep_a_copy:
        return _build(build, verbosity, keepdb)
    if not shared:
        old_config = _build(build, verbosity, keepdb, folder)
        _built = {**_leave_a_copy(folder), "own": True}
        return old_config
    with _locked(folder):
        state = _state(folder)
        if "source" in state:
            old_config = _copy(folder, state)
        else:
            old_config = _build(build, verbosity, keepdb, folder)
            state.update(_leave_a_copy(folder))
        state["users"] += 1
        _save(folder, state)
    _built = {"vendor": state["vendor"], "source": state["source"], "own": False}
    return old_config


def teardown(old_config, *, verbosity, shared):
    """Drop this worker's database; the last worker out drops the shared copy."""
    from django.test.utils import teardown_databases

    global _built
    _end_other_sessions()
    teardown_databases(old_config, verbosity=verbosity)
    if _built is None:
        return
    built, _built = _built, None
    if built["own"]:
        _drop(built)
        return
    folder = _folder()
    with _locked(folder):
        state = _state(folder)
        state["users"] -= 1
        if state["users"] <= 0 and "source" in state:
            _drop(state)
            state = {"users": 0}
        _save(folder, state)


def _end_other_sessions():
    """End every session still connected to this worker's PostgreSQL database but this one's.

    A connection a test left checked out in another thread (a socket consumer's, run by
    database_sync_to_async) is not closed with the pool, and DROP DATABASE refuses a database
    that is in use: the run ended with every test passed and an error at teardown.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.close_pool()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def _drop(built):
    from django.db import connection

    if built["vendor"] == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{built["source"]}"')
    else:
        Path(built["source"]).unlink(missing_ok=True)


def copy_built(target):
    """A fresh copy of the database as built (migrated, demo loaded, committed), for a test that
    needs committed data in several connections: `target` is a file path on SQLite, a database
    name on PostgreSQL (dropped with drop_copy)."""
    from django.db import connection

    if _built is None:
        raise RuntimeError("no built test database to copy (run under tests/conftest.py)")
    if _built["vendor"] == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{_built["source"]}"')
    else:
        source = sqlite3.connect(_built["source"])
        copy = sqlite3.connect(target)
        source.backup(copy)
        copy.close()
        source.close()


def drop_copy(target):
    """Drop a copy copy_built made (its connections closed first)."""
    _drop({"vendor": _built["vendor"], "source": target})


def _leave_a_copy(folder):
    """A copy of this worker's freshly built database for the others."""
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        source = f"{name}_template"
        # CREATE DATABASE ... TEMPLATE needs every connection to the source closed.
        connection.close()
        connection.close_pool()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{source}"')
            cursor.execute(f'CREATE DATABASE "{source}" TEMPLATE "{name}"')
        return {"vendor": "postgresql", "source": source}
    if connection.vendor == "sqlite":
        source = str(folder / f"built-{os.getpid()}.sqlite3")
        _backup_to(source)
        return {"vendor": "sqlite", "source": source}
    raise NotImplementedError(f"no copy of a {connection.vendor} test database")


def _copy(folder, state):
    """This worker's test database as a copy of the built one, set up as setup_databases would
    have (settings and connection renamed to the test database)."""
    from django.conf import settings
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    if state["vendor"] == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{state["source"]}"')
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    if state["vendor"] == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(state["source"])
        source.backup(connection.connection)
        source.close()
    connection.ensure_connection()
    return [(connection, old_name, True)]
