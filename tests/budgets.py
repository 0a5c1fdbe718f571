"""The query-budget runner the list pages' tests share: load a page on the demo data, grow what
it lists, load it again, and compare what the two loads cost and showed.

A list must cost a fixed number of queries however many rows it shows: the first load stays
within the page's budget (the measured count plus a small margin) and the grown load needs no
more queries than the first.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from safecampus.core.roles import Role
from tests.helpers import make_user


def people(school, n, serial, *, username, name, role=Role.TEACHER):
    """n new members of the school, named from the test file's own counter so every added row
    can get its own person (username and name are prefixes)."""
    made = []
    for _i in range(n):
        k = next(serial)
        made.append(make_user(f"{school.code}.{username}{k}", f"{name}{k}", school, role))
    return made


def shown(response):
    """What a page or an API answer shows, as text (JSON with its Chinese unescaped)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def load(client, url):
    """One GET that must succeed: its queries and its response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return queries.captured_queries, response


@dataclass
class Loads:
    """The two loads of one page, on the demo data and after it grew."""

    first: list  # the queries of the first load
    second: list
    before: str  # what the first load showed
    after: str
    grown: object  # what grow() returned


def grow_between_loads(client, url, grow):
    """Load the page, grow() its data and load it again. url is a string or a function giving
    it, asked anew for each load (a page about the busiest row may name another one later)."""
    address = url if callable(url) else lambda: url
    first, response = load(client, address())
    before = shown(response)
    grown = grow()
    second, response = load(client, address())
    return Loads(first, second, before, shown(response), grown)


def sql(queries):
    return [q["sql"][:120] for q in queries]


def assert_bounded(loads, budget, label):
    """The first load is within the budget, and the grown load costs no more than the first."""
    first, second = len(loads.first), len(loads.second)
    assert first <= budget, (label, first, sql(loads.first))
    assert second <= first, (label, first, second, sql(loads.second))


def assert_shows(loads, markers):
    """The grown page does show the added rows: every marker is on it."""
    markers = (markers,) if isinstance(markers, str) else markers
    assert [m for m in markers if m not in loads.after] == []


def busiest(rows, related):
    """The row with the most related rows (the first by pk among equals): the page whose cost
    must not grow with them."""
    return rows.annotate(n=Count(related)).order_by("-n", "pk").first()


def assert_case(name, case, login, school, more):
    """One row of an app's budget table, (username, url, grow, marker, budget), on `school`:
    url is a string with {s01} for the school's id or a function of the school; grow(school)
    adds `more` rows; marker is what the grown page must show."""
    username, url, grow, marker, budget = case

    def address():
        return url(school) if callable(url) else url.format(s01=school.pk)

    loads = grow_between_loads(login(username), address, lambda: grow(school))
    assert_shows(loads, marker)
    assert_bounded(loads, budget, f"{name}: the demo data, then {more} more")
