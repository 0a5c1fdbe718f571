"""The bureau's per-school tally of hazards and the overview that reads it.

The tally is kept by the services in their own transactions; the workflow machine
(test_workflow_machine.py) checks after every random move that it equals a fresh count. Here:
overdue follows the calendar with no move at all, the rebuild command repairs writes that
bypassed the services, and the overview pages its schools, neediest first, in a number of
queries that does not grow with the number of schools.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecampus.core.models import Org, OrgKind
from safecampus.core.services.orgs import create_org
from safecampus.hazards import services, tally
from safecampus.hazards.models import OPEN_STATUSES, Category, Grade, Hazard, Source, Status
from safecampus.hazards.queries import bureau_summary
from tests.helpers import user_named

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = timedelta(days=1)
NEW = 30  # schools added to the demo district's eight
HX = {"HTTP_HX_REQUEST": "true"}


def _in_rectification(school, deadline):
    code = school.code
    officer = user_named(f"{code}.officer")
    hazard = services.report_hazard(
        actor=user_named(f"{code}.teacher"),
        school=school,
        place="计数楼梯",
        category=Category.STRUCTURE,
        description="扶手松动",
    )
    services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL)
    return services.assign(
        actor=officer,
        hazard=hazard,
        responsible_person=user_named(f"{code}.headteacher"),
        responsible_unit="总务处",
        measures="更换扶手",
        deadline=deadline,
    )


def _fresh(schools, on):
    hazards = Hazard.objects.filter(school__in=schools)
    return {
        "total": hazards.exclude(status__in=[Status.REJECTED, Status.MERGED]).count(),
        "open": hazards.filter(status__in=OPEN_STATUSES).count(),
        "closed": hazards.filter(status=Status.CLOSED).count(),
        "overdue": hazards.filter(status=Status.RECTIFYING, deadline__lt=on).count(),
        "major_open": hazards.filter(grade=Grade.MAJOR, status__in=OPEN_STATUSES).count(),
    }


def _totals(user, bureau, on):
    return bureau_summary(user=user, bureau=bureau, on=on)["totals"]


def test_overdue_follows_the_calendar_without_any_move(org):
    district, s01 = org("demo-district"), org("s01")
    schools = Org.objects.under(district).schools()
    admin = user_named("bureau.admin")
    hazard = _in_rectification(s01, TODAY + 3 * DAY)
    for on in (TODAY, TODAY + 3 * DAY, TODAY + 4 * DAY, TODAY + 30 * DAY):
        totals = _totals(admin, district, on)
        assert {k: totals[k] for k in _fresh(schools, on)} == _fresh(schools, on), on
    late = _totals(admin, district, TODAY + 4 * DAY)
    # Granting an extension moves it back out of the overdue count of that day.
    fixer = user_named("s01.headteacher")
    request = services.request_extension(
        actor=fixer, hazard=hazard, new_deadline=TODAY + 10 * DAY, reason="材料未到"
    )
    services.decide_extension(actor=user_named("s01.officer"), extension=request, grant=True)
    after = _totals(admin, district, TODAY + 4 * DAY)
    assert after["overdue"] == late["overdue"] - 1
    assert tally.differences() == {}


def _bulk(school, n, **fields):
    now = timezone.now()
    return [
        Hazard(
            school=school,
            place=f"批量{i}",
            category=Category.FIRE,
            description="批量写入",
            source=Source.PATROL,
            found_on=TODAY - 20 * DAY,
            reported_at=now,
            **fields,
        )
        for i in range(n)
    ]


def test_the_rebuild_command_repairs_writes_that_bypassed_the_services(org):
    s01 = org("s01")
    call_command("rebuild_hazard_tally", "--check")
    Hazard.objects.bulk_create(_bulk(s01, 3, status=Status.RECTIFYING, deadline=TODAY - DAY))
    with pytest.raises(CommandError, match="1 tally row"):
        call_command("rebuild_hazard_tally", "--check")
    call_command("rebuild_hazard_tally", "--org", "demo-district")
    call_command("rebuild_hazard_tally", "--check")
    assert tally.differences() == {}


def _grow_schools(org):
    """NEW schools in the district, school i with i % 4 overdue, i % 3 more open, one closed
    and one rejected hazard; loaded in bulk and counted by a rebuild, as the city generator does."""
    street = org("s01").parent
    made = []
    for i in range(NEW):
        made.append(
            create_org(
                actor=None,
                parent=street,
                kind=OrgKind.SCHOOL,
                name=f"新增学校{i:02d}",
                code=f"tally-{i:02d}",
            )
        )
    rows = []
    for i, school in enumerate(made):
        rows += _bulk(school, i % 4, status=Status.RECTIFYING, deadline=TODAY - 2 * DAY)
        rows += _bulk(school, i % 3, status=Status.CONFIRMED, grade=Grade.MAJOR, supervised=True)
        rows += _bulk(school, 1, status=Status.CLOSED, grade=Grade.GENERAL)
        rows += _bulk(school, 1, status=Status.REJECTED)
    Hazard.objects.bulk_create(rows)
    tally.rebuild([school.pk for school in made])
    return made


def _rows(body):
    table = body.split('id="school-summary"')[1].split("</table>")[0]
    found = re.findall(r'<tr><td><a href="/schools/(\d+)/hazards/">.*?</a></td>(.*?)</tr>', table)
    return [(int(pk), _cells(r)) for pk, r in found]


def _cells(row):
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def _cards(body):
    return [int(n) for n in re.findall(r'<div class="stat[^"]*">(\d+)</div>', body)]


def test_the_overview_costs_the_same_queries_for_more_schools(login, org):
    client = login("bureau.admin")
    url = f"/orgs/{org('demo-district').pk}/hazards/"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    _grow_schools(org)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert response.status_code == 200
    assert len(_rows(response.content.decode())) == 25
    assert len(second) <= len(first) <= 16, [q["sql"][:120] for q in second.captured_queries]


def test_the_overview_pages_schools_neediest_first_with_the_right_counts(login, org):
    district = org("demo-district")
    _grow_schools(org)
    client = login("bureau.admin")
    url = f"/orgs/{district.pk}/hazards/"
    schools = Org.objects.under(district).schools()
    want = []
    for school in schools:
        c = _fresh([school], TODAY)
        rate = f"{round(100 * c['closed'] / c['total'])}%" if c["total"] else "—"
        cells = [str(c[k]) for k in ("total", "open", "overdue", "major_open")] + [rate]
        want.append(((-c["overdue"], -c["open"], school.name, school.pk), school.pk, cells))
    want = [(pk, cells) for _order, pk, cells in sorted(want)]
    assert len(want) == 8 + NEW

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert _rows(first) + _rows(second) == want
    assert 'href="?page=2"' in first
    everywhere = _fresh(schools, TODAY)
    cards = [everywhere["open"], everywhere["overdue"], everywhere["major_open"]]
    assert _cards(first)[:3] == cards

    # A search narrows the table, not the totals above it; htmx gets the table alone.
    found = client.get(url + "?q=新增学校0").content.decode()
    assert [pk for pk, _c in _rows(found)] == [pk for pk, c in want if pk in _named("新增学校0")]
    assert _cards(found)[:3] == cards
    fragment = client.get(url + "?q=新增学校1", **HX).content.decode()
    assert fragment.lstrip().startswith('<div id="school-rows"')
    assert len(_rows(fragment)) == 10 and "supervised-list" not in fragment
    nothing = client.get(url + "?q=没有这所学校", HTTP_ACCEPT_LANGUAGE="en")
    assert "No school matches." in nothing.content.decode()


def _named(prefix):
    return set(Org.objects.filter(name__startswith=prefix).values_list("pk", flat=True))
