"""The PostgreSQL options the product runs with: values bound on the server, statements not kept
prepared (a prepared statement's plan for any values read the bureau's overview ten times
slower than a plan for the values at hand)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, safecampus.settings as s; "
    "print(json.dumps({k: v for k, v in s.DATABASES['default']['OPTIONS'].items() if k != 'pool'}))"
)


def test_postgresql_binds_values_on_the_server_and_keeps_no_statement_prepared():
    environment = {**os.environ, "DATABASE_URL": "postgres://app@db.example:5432/safecampus"}
    done = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert json.loads(done.stdout) == {"server_side_binding": True}
