"""The cockpit's snapshot (cockpit.take_snapshot, every 10 minutes): it holds the same figures
the cockpit computes live, the pages read it and say when it was taken, a snapshot of another
day is not read, and with it the pages' query counts stay flat as the schools grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safecampus.assessment import cockpit
from safecampus.assessment.models import CockpitFigures
from safecampus.assessment.tasks import take_cockpit_snapshot
from safecampus.core import metrics, schedule
from safecampus.core.models import Org, OrgKind
from safecampus.core.services import orgs
from safecampus.hazards import tally
from safecampus.hazards.models import Hazard, Status

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"assessment:{name}", args=args)


def _make_overdue(school):
    """One more hazard of the school past its deadline."""
    today = timezone.localdate()
    hazard = (
        Hazard.objects.filter(school=school)
        .exclude(status=Status.CLOSED)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .first()
    )
    Hazard.objects.filter(pk=hazard.pk).update(
        status=Status.RECTIFYING, deadline=today - timedelta(days=3)
    )
    tally.rebuild([school.pk])


def test_the_snapshot_holds_the_figures_computed_live(org, person):
    _make_overdue(org("s01"))
    assert take_cockpit_snapshot.call() > 0
    admin, officer = person("bureau.admin"), person("s01.officer")
    district, street, s01 = org("demo-district"), org("demo-street-2"), org("s01")
    for who, node in ((admin, district), (admin, street), (officer, s01)):
        schools = cockpit.schools_of(node)
        snap = cockpit.snapshot(node, list(cockpit.weights_for(node)[1]))
        assert snap is not None, node
        for figures in (cockpit.tiles, cockpit.trends, cockpit.distributions):
            assert figures(who, node, schools, snap) == figures(who, node, schools), (
                node,
                figures.__name__,
            )
    for node in (district, street):
        assert (
            cockpit.ranking(admin, node, snap=cockpit.snapshot(node, ["hazards.overdue"]))[0]
            == (cockpit.ranking(admin, node)[0])
        )
    school = Org.objects.schools().under(street).order_by("pk").first()
    rows, taken_at = cockpit.profile(admin, district, school, district)
    assert taken_at is not None
    CockpitFigures.objects.all().delete()
    live, none = cockpit.profile(admin, district, school, district)
    assert none is None
    assert rows == live
    overdue = {t.key: t for t in cockpit.tiles(admin, district)}["hazards.overdue"]
    assert overdue.total >= 1


def test_the_pages_read_the_snapshot_and_say_when_it_was_taken(login, org):
    district, s01 = org("demo-district"), org("s01")
    cockpit.take_snapshot()
    admin = login("bureau.admin")
    before = admin.get(f"/api/v1/orgs/{district.pk}/cockpit").json()
    html = admin.get(_url("cockpit", district.pk)).content.decode()
    assert 'id="snapshot-at"' in html
    taken_at = timezone.localtime(CockpitFigures.objects.first().taken_at)
    assert taken_at.strftime("%Y-%m-%d %H:%M") in html
    profile = admin.get(_url("school_profile", district.pk, s01.pk)).content.decode()
    assert 'id="figures-at"' in profile
    # A hazard turns overdue: the cockpit shows it at the next snapshot, not before.
    overdue = {t["key"]: t["total"] for t in before["tiles"]}["hazards.overdue"]
    _make_overdue(s01)
    again = admin.get(f"/api/v1/orgs/{district.pk}/cockpit").json()
    assert {t["key"]: t["total"] for t in again["tiles"]}["hazards.overdue"] == overdue
    cockpit.take_snapshot()
    later = admin.get(f"/api/v1/orgs/{district.pk}/cockpit").json()
    assert {t["key"]: t["total"] for t in later["tiles"]}["hazards.overdue"] == overdue + 1


def test_a_snapshot_of_another_day_is_not_read(login, org):
    district = org("demo-district")
    cockpit.take_snapshot()
    CockpitFigures.objects.update(day=timezone.localdate() - timedelta(days=1))
    assert cockpit.snapshot(district) is None
    html = login("bureau.admin").get(_url("cockpit", district.pk)).content.decode()
    assert 'id="snapshot-at"' not in html
    # A hazard turned overdue since is counted: the figures are live.
    week = metrics.Period.week(timezone.localdate())
    _make_overdue(org("s01"))
    schools = Org.objects.schools().under(district)
    total = sum(metrics.values("hazards.overdue", schools, week).values())
    data = login("bureau.admin").get(f"/api/v1/orgs/{district.pk}/cockpit").json()
    assert {t["key"]: t["total"] for t in data["tiles"]}["hazards.overdue"] == total


def test_the_snapshot_is_taken_by_the_scheduler():
    entry = next(e for e in schedule.REGISTRY if e.name == "cockpit_snapshot")
    assert entry.task_path == "safecampus.assessment.tasks.take_cockpit_snapshot"
    assert entry.every == cockpit.SNAPSHOT_EVERY


def _grow(n):
    street = Org.objects.get(code="demo-street-2")
    for k in range(n):
        orgs.create_org(
            actor=None, parent=street, kind=OrgKind.SCHOOL, name=f"新校{k}", code=f"grow{k}"
        )


def _counts(client, urls):
    found = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found.append(len(queries))
    return found


def test_with_the_snapshot_the_query_count_does_not_grow_with_the_schools(login, org):
    district, s01 = org("demo-district"), org("s01")
    urls = [
        _url("cockpit", district.pk),
        _url("school_profile", district.pk, s01.pk),
        f"/api/v1/orgs/{district.pk}/cockpit",
        f"/api/v1/orgs/{district.pk}/cockpit/ranking",
    ]
    cockpit.take_snapshot()
    admin = login("bureau.admin")
    first = _counts(admin, urls)
    _grow(20)
    cockpit.take_snapshot()
    second = _counts(admin, urls)
    assert 'id="snapshot-at"' in admin.get(urls[0]).content.decode()
    assert second <= first, (first, second)
    # The bureau's cockpit reads a handful of rows, not one query per metric.
    assert first[0] <= 15, first
