"""API lists count their items up to a cap: beyond it `count` is the cap and `count_capped` is
true, and every page is still served by `page` and `page_size` as before."""

import pytest

from safecampus.core import pagination

pytestmark = pytest.mark.django_db


def _orgs(client, **params):
    response = client.get("/api/v1/orgs", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_a_list_under_the_cap_has_its_exact_count(login):
    body = _orgs(login("bureau.admin"))
    assert body["count"] == len(body["items"]) > 3
    assert body["count_capped"] is False


def test_a_list_over_the_cap_says_so_and_still_pages(monkeypatch, login):
    client = login("bureau.admin")
    every = _orgs(client, page_size=200)["items"]
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    body = _orgs(client, page_size=2)
    assert body["count"] == 3 and body["count_capped"] is True
    paged = []
    for page in range(1, len(every)):
        items = _orgs(client, page=page, page_size=2)["items"]
        if not items:
            break
        paged += items
    assert paged == every


def test_a_list_at_the_cap_is_exact(monkeypatch, login):
    client = login("bureau.admin")
    n = len(_orgs(client)["items"])
    monkeypatch.setattr(pagination, "COUNT_CAP", n)
    body = _orgs(client)
    assert (body["count"], body["count_capped"]) == (n, False)


def test_the_schema_names_the_cap():
    from safecampus.api import api

    schema = api.get_openapi_schema()
    text = str(schema)
    assert "count_capped" in text and f"{pagination.COUNT_CAP:,}" in text
