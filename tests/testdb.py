"""The test database of a run: built once, then copied into each xdist worker's database.

Building it (every migration, then the demo district through the services) is the most
expensive thing a test session does: about a minute of CPU on SQLite and more on PostgreSQL,
where the database server works as hard as the test process. Each worker used to build its own.
Now the first worker to need a database builds it and leaves a copy (SQLite: a file written with
the backup API; PostgreSQL: a template database); every other worker copies that (a page copy,
or CREATE DATABASE ... TEMPLATE), which takes a second or two. What a test finds is the same
database as before: migrated, the post-migration rows serialized for serialized_rollback, the
demo loaded and committed.

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


def setup(*, build, verbosity, shared, keepdb=False):
    """Set up the default test database with `build()` run once in it; return the old config
    for django.test.utils.teardown_databases. `shared`: copy it between the run's workers."""
    from django.test.utils import setup_databases

    folder = Path(os.environ.get(SHARED_FOLDER, "")) if shared else None
    if folder is None or not folder.is_dir():
        old_config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases={"default"},
            serialized_aliases={"default"},
            keepdb=keepdb,
        )
        build()
        return old_config
    with _locked(folder):
        state = _state(folder)
        if "source" in state:
            old_config = _copy(folder, state)
        else:
            old_config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases={"default"},
                serialized_aliases={"default"},
            )
            build()
            state.update(_leave_a_copy(folder))
        state["users"] += 1
        _save(folder, state)
    return old_config


def teardown(old_config, *, verbosity, shared):
    """Drop this worker's database; the last worker out drops the shared copy."""
    from django.db import connection
    from django.test.utils import teardown_databases

    teardown_databases(old_config, verbosity=verbosity)
    folder = Path(os.environ.get(SHARED_FOLDER, "")) if shared else None
    if folder is None or not folder.is_dir():
        return
    with _locked(folder):
        state = _state(folder)
        state["users"] -= 1
        if state["users"] <= 0 and "source" in state:
            if state["vendor"] == "postgresql":
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{state["source"]}"')
            else:
                Path(state["source"]).unlink(missing_ok=True)
            state = {"users": 0}
        _save(folder, state)


def _leave_a_copy(folder):
    """A copy of this worker's freshly built database for the others."""
    from django.db import connection

    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized is not None:
        (folder / "serialized.json").write_text(serialized)
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
        source = str(folder / "built.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(source)
        connection.connection.backup(target)
        target.close()
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
    serialized = folder / "serialized.json"
    if serialized.exists():
        connection._test_serialized_contents = serialized.read_text()
    connection.ensure_connection()
    return [(connection, old_name, True)]
