"""A worker loads its URLs, reverse lookups and backends before its first request (issue 11:
the first alarm after a start waited 2.5 s for them)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import safecampus.asgi
from django.conf import settings
from django.urls import get_resolver
resolver = get_resolver()
print(resolver._populated)
print(sorted(resolver._reverse_dict) == sorted(code for code, _name in settings.LANGUAGES))
print("safecampus.emergencies.api" in sys.modules)
# Libraries only a few requests use are loaded by those requests (issue 11: 10 MB a worker).
lazy = ("PIL", "segno", "icalendar", "openpyxl", "docx")
print(",".join(sorted(m for m in lazy if m in sys.modules)) or "-")
"""


def _environment(tmp_path):
    """A worker's environment with nothing of this session's: the settings and a new database."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "safecampus.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/worker.sqlite3",
    }


def test_the_asgi_entry_point_warms_the_worker_before_any_request(tmp_path):
    env = _environment(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "True", "-"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_deploy_command_with_several_workers_serves_pages(tmp_path):
    """docs/deploy.md runs uvicorn with `--workers 4`: then uvicorn imports the app inside its
    event loop, where the warm-up's database call once killed every worker at start."""
    port = _free_port()
    env = _environment(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "safecampus.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "2", "--no-access-log"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        answers = []
        deadline = time.monotonic() + 90
        while len(answers) < 4 and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read()[-3000:]
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/manifest.webmanifest", headers={"Host": "localhost"}
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    answers.append((response.status, "name" in json.loads(response.read())))
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.3)
        assert answers == [(200, True)] * 4
        assert "Traceback" not in _stderr_so_far(server)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _stderr_so_far(process):
    os.set_blocking(process.stderr.fileno(), False)
    return process.stderr.read() or ""
