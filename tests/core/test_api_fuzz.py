"""Schemathesis over the whole OpenAPI: no input, however odd, makes the API answer 5xx.

The suite runs a few generated cases per operation to stay fast; a full run sets
SAFECAMPUS_FUZZ_EXAMPLES (docs/api.md). Requests carry a school officer's token on the demo
district, so they reach the handlers rather than stopping at the authentication check.

Schemathesis's coverage phase (each parameter at its bounds, just past them, of the wrong type,
missing) was four fifths of this file's time (measured on 17 hazard operations: 32 s of 36 s).
It runs on PostgreSQL, the stricter database (a NUL in a text, an integer past 32 bits, a string
past its column are refused there and taken by SQLite), which CI runs the suite on after SQLite;
SAFECAMPUS_FUZZ_COVERAGE=1 runs it on SQLite too, =0 leaves it out anywhere.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from safecampus.api import api
from safecampus.core.services.tokens import create_token
from safecampus.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SAFECAMPUS_FUZZ_EXAMPLES", "5"))

# The OpenAPI document is built without the database, so it loads at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")
COVERAGE = os.environ.get("SAFECAMPUS_FUZZ_COVERAGE", "1" if ON_POSTGRESQL else "0") == "1"
schema.config.phases.coverage.enabled = COVERAGE


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Schemathesis calls the WSGI application directly, whose request signals close old
    database connections; inside the test's transaction that would end it (PostgreSQL's pool
    refuses to open another). Django's own test client disconnects them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(person):
    return create_token(user=person("s01.officer"), name="fuzz")[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
def test_no_server_error(case, officer_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"}, checks=[not_a_server_error]
    )


def test_every_operation_documents_its_refusals():
    spec = api.get_openapi_schema()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {400, 404, 422} <= documented, (method, path)
            if operation.get("security"):
                assert {401, 403} <= documented, (method, path)
    assert spec["components"]["schemas"]["Error"]["required"] == ["detail"]
