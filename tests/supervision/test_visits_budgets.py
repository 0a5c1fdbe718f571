"""The visit lists cost a fixed number of queries however many visits they show
(tests/budgets.py): the bureau's list, the school's, the inspector's day and the API list."""

import pytest

from safecampus.supervision.models import VisitStatus
from safecampus.supervision.services import visits as services
from tests import budgets
from tests.supervision.visits_helpers import first_item, plan

pytestmark = pytest.mark.django_db


def grow(school):
    """Eight more visits at the school, half of them under way with a failed item."""
    made = []
    for i in range(8):
        visit = plan(school, days=i % 3, more=("bureau.admin",))
        if i % 2:
            services.start_visit(actor=visit.lead, visit=visit)
            services.record_item(
                actor=visit.lead,
                visit=visit,
                item_id=first_item(visit).pk,
                outcome="fail",
                note="预算",
            )
        made.append(visit.title)
    return made


CASES = {
    "bureau list": ("bureau.admin", "/orgs/{district}/supervision/visits/", 14),
    "school list": ("s01.officer", "/orgs/{school}/supervision/visits/", 12),
    "my visits": ("bureau.inspector", "/supervision/visits/mine/", 12),
    "api list": ("bureau.admin", "/api/v1/orgs/{district}/supervision-visits", 10),
}


@pytest.mark.parametrize("name", CASES)
def test_list_queries_are_bounded(name, login, org):
    username, url, budget = CASES[name]
    school = org("s01")
    url = url.format(school=school.pk, district=org("demo-district").pk)
    loads = budgets.grow_between_loads(login(username), url, lambda: grow(school))
    budgets.assert_shows(loads, loads.grown[-3:])
    budgets.assert_bounded(loads, budget, name)


def test_status_is_a_filter(login, org):
    client = login("bureau.admin")
    district = org("demo-district")
    page = client.get(f"/orgs/{district.pk}/supervision/visits/?status={VisitStatus.CLOSED}")
    assert page.status_code == 200
    assert "春季学期经常性督导" in page.content.decode()
    assert "门卫安防专项督导" not in page.content.decode()
