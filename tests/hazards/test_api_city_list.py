"""The bureau's hazard list across its schools: newest first, the same rows as before, and a
fixed number of queries however many schools and hazards there are."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.services import orgs
from safecampus.hazards.models import Category, Hazard, Source, Status
from tests import budgets

pytestmark = pytest.mark.django_db

MORE = 30


def grow_schools(s01):
    """MORE new schools in s01's street, each with a closed hazard reported just now."""
    now = timezone.now()
    for i in range(MORE):
        school = orgs.create_org(
            actor=None,
            parent=s01.parent,
            kind=OrgKind.SCHOOL,
            name=f"接口新学校{i:02d}",
            code=f"api{i:02d}",
            school_kind="primary",
        )
        Hazard.objects.create(
            school=school,
            place=f"接口新隐患{i:02d}",
            category=Category.FIRE,
            description="城市列表",
            source=Source.PATROL,
            status=Status.CLOSED,
            found_on=now.date(),
            reported_at=now + timedelta(seconds=i),
        )


# Measured (SQLite): 6 queries (session, user, memberships, count, page and the auth lookups).
CASES = {
    "api_city_list": (
        "bureau.admin",
        "/api/v1/hazards?status=closed",
        grow_schools,
        "接口新隐患29",
        8,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_city_wide_list_costs_the_same_however_many_schools(name, login):
    budgets.assert_case(name, CASES[name], login, Org.objects.get(code="s01"), MORE)


def test_the_city_wide_list_is_newest_first_and_whole(login):
    client = login("bureau.admin")
    district = Org.objects.get(code="demo-district")
    expected = list(
        Hazard.objects.filter(school__path__startswith=district.path, status=Status.CLOSED)
        .order_by("-reported_at", "-id")
        .values_list("pk", flat=True)
    )
    assert len(expected) > 2
    seen = []
    page = 1
    while True:
        body = client.get("/api/v1/hazards", {"status": "closed", "page": page, "page_size": 2})
        items = body.json()["items"]
        if not items:
            break
        seen += [h["id"] for h in items]
        page += 1
    assert seen == expected
    assert body.json()["count"] == len(expected)
