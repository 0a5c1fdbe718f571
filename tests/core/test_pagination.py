"""Every paginated API list takes bounded page numbers and sizes: out of bounds is a 422."""

import pytest

from safecampus.core.models import Org
from safecampus.core.pagination import MAX_PAGE, MAX_PAGE_SIZE

pytestmark = pytest.mark.django_db

A = "/api/v1/"
LISTS = [
    "orgs",
    "schools",
    "zones",
    "posts",
    "people",
    "hazards",
    "schools/{school}/checks/checklists",
    "schools/{school}/checks/inspections",
    "checkpoints?school_id={school}",
    "patrol-rounds",
    "risk-points",
    "alarms",
    "drills?school_id={school}",
    "incidents",
    "schools/{school}/plans",
    "schools/{school}/visits",
    "schools/{school}/exit-permits",
    "schools/{school}/students",
    "schools/{school}/confiscations",
    "schools/{school}/duty",
]


def _url(path, **params):
    school = Org.objects.get(code="s01").pk
    url = A + path.format(school=school)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return url + ("&" if "?" in url else "?") + query


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "params",
    [{"page": 10**20}, {"page": MAX_PAGE + 1}, {"page": 0}, {"page_size": MAX_PAGE_SIZE + 1}],
    ids=["huge-page", "page-over-bound", "page-zero", "page-size-over-bound"],
)
def test_a_page_out_of_bounds_is_422(path, params, login):
    response = login("s01.officer").get(_url(path, **params))
    assert response.status_code == 422, response.content[:300]


@pytest.mark.parametrize("path", LISTS)
def test_the_last_page_in_bounds_is_an_empty_page(path, login):
    response = login("s01.officer").get(_url(path, page=MAX_PAGE, page_size=MAX_PAGE_SIZE))
    assert response.status_code == 200, response.content[:300]
    assert response.json()["items"] == []


def test_a_page_size_within_bounds_is_served_whole(login):
    client = login("bureau.admin")
    count = client.get(_url("orgs", page_size=1)).json()["count"]
    assert count > 1
    items = client.get(_url("orgs", page_size=MAX_PAGE_SIZE)).json()["items"]
    assert len(items) == min(count, MAX_PAGE_SIZE)
