"""The PostgreSQL options the deploy variables give: values bound on the server, and statements
kept prepared unless a pooler in front cannot keep them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, safecampus.settings as s; "
    "print(json.dumps({k: v for k, v in s.DATABASES['default']['OPTIONS'].items() if k != 'pool'}))"
)


def _options(**variables):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SAFECAMPUS_DB_")}
    environment.update(DATABASE_URL="postgres://app@db.example:5432/safecampus", **variables)
    return subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_postgresql_binds_values_on_the_server_and_prepares_repeated_statements():
    done = _options()
    assert json.loads(done.stdout) == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_pooler_in_front():
    done = _options(SAFECAMPUS_DB_PREPARED="0")
    assert json.loads(done.stdout) == {"server_side_binding": True, "prepare_threshold": None}


@pytest.mark.parametrize("value", ["maybe", "5"])
def test_a_value_that_is_not_on_or_off_stops_the_start_with_its_name(value):
    done = _options(SAFECAMPUS_DB_PREPARED=value)
    assert done.returncode != 0
    assert "SAFECAMPUS_DB_PREPARED must be a boolean" in done.stderr
