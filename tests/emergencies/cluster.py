"""Two ASGI app processes and a Redis on loopback, sharing one SQLite file: the rig of the
cross-process alarm test and of bench/alarm_latency.py.

Process A takes the alarm over HTTP; a WebSocket client connected to process B must hear it,
which only works when the channel layer is Redis (REDIS_URL), not in-memory.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.testdb import migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

SETUP = """
import json, django
django.setup()
from django.conf import settings
from importlib import import_module
from safecampus.core.models import Membership, Org, OrgKind, User
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import Role
from safecampus.core.services import orgs
from safecampus.core.services.tokens import create_token
district = orgs.create_org(actor=None, parent=None, kind=OrgKind.DISTRICT, name="D", code="d")
school = orgs.create_org(actor=None, parent=district, kind=OrgKind.SCHOOL, name="S", code="s",
                         school_kind=SchoolKind.PRIMARY)
guard = User.objects.create_user("guard", display_name="Guard")
officer = User.objects.create_user("officer", display_name="Officer")
Membership.objects.create(user=guard, org=school, role=Role.GUARD)
Membership.objects.create(user=officer, org=school, role=Role.SAFETY_OFFICER)
_token, key = create_token(user=guard, name="cluster")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(officer.pk)
store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
store["_auth_user_hash"] = officer.get_session_auth_hash()
store.create()
print(json.dumps({"school": school.pk, "key": key, "session": store.session_key}))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


class Cluster:
    """Start with `with Cluster() as c:`; everything started is stopped on exit."""

    def __init__(self):
        self.processes = []
        self.folder = None

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        redis = shutil.which("redis-server")
        if redis is None:
            raise RuntimeError("redis-server is not installed: run `make system-test-deps`")
        self.folder = tempfile.mkdtemp(prefix="safecampus-cluster-")
        redis_port = free_port()
        self._spawn(
            [redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            port=redis_port,
        )  # fmt: skip
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "safecampus.settings",
            "SAFECAMPUS_VAR_DIR": self.folder,
            "SAFECAMPUS_DEBUG": "1",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("DATABASE_URL", None)  # the shared SQLite file, whatever the caller uses
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        migrated = migrated_sqlite()  # none under bench/, nor when the tests run on PostgreSQL
        if migrated is not None:
            # The test run's own migrated database: the same file `migrate` would write here.
            shutil.copyfile(migrated, Path(self.folder) / "safecampus.sqlite3")
        else:
            subprocess.run(
                [PYTHON, "manage.py", "migrate", "--no-input", "-v0"],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
        out = subprocess.run(
            [PYTHON, "-c", SETUP], cwd=ROOT, env=self.env, check=True, capture_output=True
        )
        self.data = json.loads(out.stdout.decode().strip().splitlines()[-1])
        self.ports = []
        for _ in range(2):
            port = free_port()
            self._spawn(
                [PYTHON, "-m", "uvicorn", "safecampus.asgi:application", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning"],
                port=port,
                env=self.env,
            )  # fmt: skip
            self.ports.append(port)

    def _spawn(self, args, port, env=None):
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.processes.append(process)
        _wait_for_port(port, process)
        return process

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr:
                process.stderr.close()
        self.processes = []
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
        return False

    def raise_alarm(self, port, kind="intrusion"):
        """POST an alarm to the app on `port` as the guard; returns the alarm's id."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/schools/{self.data['school']}/alarms",
            data=json.dumps({"kind": kind, "place": "校门口"}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.data['key']}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["id"]

    def websocket(self, port):
        """An open WebSocket to the alarm feed of the app on `port`, as the safety officer."""
        from websockets.asyncio.client import connect

        return connect(
            f"ws://127.0.0.1:{port}/ws/alarms/",
            additional_headers={
                "Cookie": f"sessionid={self.data['session']}",
                "Origin": f"http://127.0.0.1:{port}",
            },
            open_timeout=10,
        )
