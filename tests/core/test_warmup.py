"""A worker loads its URLs, reverse lookups and backends before its first request (issue 11:
the first alarm after a start waited 2.5 s for them)."""

import subprocess
import sys
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


def test_the_asgi_entry_point_warms_the_worker_before_any_request(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "safecampus.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/warm.sqlite3",
    }
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
