"""The cockpit and a school's profile: the figures shown are core.metrics' figures, a school
sees only its own, the bureau's weights change the ranking, and the cockpit costs the same
number of queries for 8 schools as for 28."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safecampus.assessment import cockpit, services
from safecampus.assessment.models import CockpitWeight
from safecampus.core import metrics
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.metrics import Period
from safecampus.core.models import AuditEvent, Org, OrgKind
from safecampus.core.services import orgs
from safecampus.hazards import tally
from safecampus.hazards.models import Hazard, Status

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"assessment:{name}", args=args)


@pytest.fixture
def district(org):
    return org("demo-district")


def _tile(html, key):
    """The figure of the tile of `key` on the page."""
    found = re.search(
        rf'id="tile-{re.escape(key.replace(".", ""))}".*?<div class="stat[^"]*">(\d+)</div>',
        html,
        re.S,
    )
    assert found, key
    return int(found.group(1))


def test_the_tiles_show_the_metrics_totals(login, district):
    schools = Org.objects.schools().under(district)
    s01 = Org.objects.get(code="s01")
    # One hazard past its deadline, to make the overdue tile non-zero whatever the demo holds.
    hazard = Hazard.objects.filter(school=s01).exclude(status=Status.CLOSED).first()
    Hazard.objects.filter(pk=hazard.pk).update(
        status=Status.RECTIFYING, deadline=timezone.localdate() - timedelta(days=3)
    )
    tally.rebuild([s01.pk])
    response = login("bureau.admin").get(_url("cockpit", district.pk))
    assert response.status_code == 200
    html = response.content.decode()
    week = Period.week(timezone.localdate())
    for key, _when in cockpit.TILES:
        expected = sum(metrics.values(key, schools, week).values())
        assert _tile(html, key) == expected, key
    assert _tile(html, "hazards.overdue") >= 1
    # Each tile opens its list: the overdue one, the bureau's hazard overview at its list.
    overview = reverse("hazards:overview", args=[district.pk])
    assert f'href="{overview}#overdue-list" id="tile-hazardsoverdue"' in html
    assert reverse("patrols:bureau", args=[district.pk]) in html
    assert reverse("inspections:bureau", args=[district.pk]) in html
    assert reverse("emergencies:overview", args=[district.pk]) in html


def test_trends_and_distributions_are_the_metrics(login, district):
    schools = Org.objects.schools().under(district)
    data = login("bureau.admin").get(f"/api/v1/orgs/{district.pk}/cockpit").json()
    periods = metrics.months(timezone.localdate(), 12)
    found = {s["key"]: s["data"] for s in data["trends"]["series"]}
    for key in ("hazards.found", "hazards.closed"):
        by_month = [sum(metrics.values(key, schools, p).values()) for p in periods]
        assert found[key] == by_month, key
    assert sum(found["hazards.found"]) > 0, "the demo district shows hazards found"
    categories = {d["key"]: d for d in data["distributions"]}["hazards.by_category"]
    year = Period.year(timezone.localdate().year)
    assert categories["total"] == sum(metrics.values("hazards.found", schools, year).values())
    levels = {d["key"]: d for d in data["distributions"]}["risks.by_level"]
    by_level = {r["value"]: r["n"] for r in levels["rows"]}
    assert by_level["major"] == sum(metrics.values("risks.major", schools, year).values())
    tiles = {t["key"]: t for t in data["tiles"]}
    assert tiles["hazards.major_open"]["total"] == sum(
        metrics.values("hazards.major_open", schools, year).values()
    )


def test_a_month_grouped_trend_equals_one_query_per_month(district):
    schools = Org.objects.schools().under(district)
    periods = metrics.months(timezone.localdate(), 12)
    for key in ("hazards.found", "hazards.closed", "checks.missed", "patrols.missed"):
        metric = metrics.get(key)
        looped = [sum(metric.compute(schools, p).values()) for p in periods]
        assert [n for _p, n in metrics.trend(key, schools, periods)] == looped, key


def test_supervised_hazards_due_soon(district):
    s01 = Org.objects.get(code="s01")
    schools = Org.objects.schools().under(district)
    before = metrics.values("hazards.supervised_due_soon", schools, None)[s01.pk]
    open_ones = Hazard.objects.filter(school=s01, status=Status.CONFIRMED)[:2]
    today = timezone.localdate()
    soon, later = [h.pk for h in open_ones]
    Hazard.objects.filter(pk=soon).update(
        supervised=True, supervision_deadline=today + timedelta(days=5)
    )
    Hazard.objects.filter(pk=later).update(
        supervised=True, supervision_deadline=today + timedelta(days=30)
    )
    assert metrics.values("hazards.supervised_due_soon", schools, None)[s01.pk] == before + 1


def test_the_ranking_follows_the_weights(login, district):
    admin = login("bureau.admin")
    user = admin.get("/").wsgi_request.user
    services.set_weights(actor=user, org=district, weights={"hazards.found": 100})
    ranked, used, _weights = cockpit.ranking(user, district)
    assert [m.key for m in used] == ["hazards.found"]
    month = Period.month(timezone.localdate())
    found = metrics.values("hazards.found", Org.objects.schools().under(district), month)
    fewest = min(found.values())
    # Fewest hazards found is best: the first school has the fewest, with score 100.
    assert found[ranked[0].school_id] == fewest and ranked[0].score == 100.0
    services.set_weights(actor=user, org=district, weights={"hazards.open": 100})
    reranked, _used, _weights = cockpit.ranking(user, district)
    open_now = metrics.values("hazards.open", Org.objects.schools().under(district), month)
    assert open_now[reranked[0].school_id] == min(open_now.values())
    assert [r.school_id for r in ranked] != [r.school_id for r in reranked]
    page = admin.get(_url("cockpit", district.pk)).content.decode()
    assert "× 100" in page and str(metrics.get("hazards.open").label) in page
    assert AuditEvent.objects.filter(action="cockpit.weights", org=district).count() == 2


def test_weights_page_saves_and_resets(login, district):
    admin = login("bureau.admin")
    response = admin.post(_url("weights", district.pk), {"hazards.overdue": "50"})
    assert response.status_code == 302
    assert dict(CockpitWeight.objects.filter(org=district).values_list("metric", "weight")) == {
        "hazards.overdue": 50
    }
    assert admin.post(_url("weights", district.pk), {"hazards.overdue": "101"}).status_code == 400
    assert admin.post(_url("weights", district.pk), {}).status_code == 400
    admin.post(_url("weights", district.pk), {"reset": "1"})
    assert not CockpitWeight.objects.filter(org=district).exists()
    assert cockpit.weights_for(district)[0] is None


def test_only_a_bureau_admin_sets_weights(person, district):
    with pytest.raises(PermissionRefused):
        services.set_weights(
            actor=person("bureau.inspector"), org=district, weights={"hazards.open": 1}
        )
    with pytest.raises(DomainError):
        services.set_weights(actor=person("bureau.admin"), org=district, weights={"nope": 1})


def test_a_street_takes_the_districts_weights_until_it_sets_its_own(person, org, district):
    street = org("demo-street-1")
    admin = person("bureau.admin")
    services.set_weights(actor=admin, org=district, weights={"hazards.open": 7})
    assert cockpit.weights_for(street) == (district.pk, {"hazards.open": 7})
    services.set_weights(actor=admin, org=street, weights={"hazards.found": 3})
    assert cockpit.weights_for(street) == (street.pk, {"hazards.found": 3})


def test_a_streets_cockpit_ranks_only_its_schools(login, org):
    street = org("demo-street-1")
    response = login("bureau.admin").get(_url("cockpit", street.pk))
    assert response.status_code == 200
    names = set(Org.objects.schools().under(street).values_list("name", flat=True))
    others = set(
        Org.objects.schools().exclude(path__startswith=street.path).values_list("name", flat=True)
    )
    html = response.content.decode()
    assert all(name in html for name in names)
    assert not any(f">{name}</a>" in html for name in others)


def test_a_school_sees_its_figures_against_the_districts_median(login, org, district):
    s01 = org("s01")
    response = login("s01.officer").get(_url("cockpit", s01.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ranking"' not in html
    month = Period.month(timezone.localdate())
    schools = Org.objects.schools().under(district)
    found = metrics.values("hazards.found", schools, month)
    row = re.search(r'id="figure-hazardsfound">.*?</tr>', html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells[0] == str(found[s01.pk])
    assert cells[1] == str(metrics.median(found.values()))


def test_a_school_cannot_see_another_schools_profile_nor_the_bureaus_cockpit(login, org, district):
    s01, s02 = org("s01"), org("s02")
    officer = login("s01.officer")
    assert officer.get(_url("school_profile", s01.pk, s02.pk)).status_code == 404
    assert officer.get(_url("school_profile", s01.pk, s01.pk)).status_code == 200
    assert officer.get(_url("cockpit", district.pk)).status_code == 404
    assert officer.get(_url("cockpit", s02.pk)).status_code == 404
    assert officer.get(f"/api/v1/orgs/{s01.pk}/schools/{s02.pk}/profile").status_code == 404


def test_a_bureau_cannot_see_a_sibling_bureaus_cockpit(login, org):
    city = org("demo-city")
    north = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    school = orgs.create_org(
        actor=None, parent=north, kind=OrgKind.SCHOOL, name="城北小学", code="n01"
    )
    admin = login("bureau.admin")
    assert admin.get(_url("cockpit", north.pk)).status_code == 404
    assert admin.get(_url("school_profile", north.pk, school.pk)).status_code == 404
    district = org("demo-district")
    assert admin.get(_url("school_profile", district.pk, school.pk)).status_code == 404


def test_the_profile_shows_every_visible_metric_beside_the_median(login, district):
    s02 = Org.objects.get(code="s02")
    response = login("bureau.inspector").get(_url("school_profile", district.pk, s02.pk))
    assert response.status_code == 200
    html = response.content.decode()
    user = response.wsgi_request.user
    for metric in metrics.visible(user, district):
        assert f'id="figure-{metric.key.replace(".", "")}"' in html, metric.key
    assert reverse("hazards:ledger", args=[s02.pk]) in html


def _grow(district, n):
    street = Org.objects.get(code="demo-street-2")
    for k in range(n):
        orgs.create_org(
            actor=None, parent=street, kind=OrgKind.SCHOOL, name=f"新校{k}", code=f"grow{k}"
        )


def test_the_cockpits_query_count_does_not_grow_with_the_schools(login, district):
    admin = login("bureau.admin")
    url = _url("cockpit", district.pk)
    admin.get(url)
    with CaptureQueriesContext(connection) as first:
        assert admin.get(url).status_code == 200
    _grow(district, 20)
    with CaptureQueriesContext(connection) as second:
        response = admin.get(url)
    assert response.status_code == 200
    assert "新校19" in response.content.decode() or "page=2" in response.content.decode()
    assert len(second) <= len(first), (len(first), len(second))
    api = f"/api/v1/orgs/{district.pk}/cockpit/ranking?page=2&page_size=5"
    with CaptureQueriesContext(connection) as third:
        page = admin.get(api).json()
    assert page["count"] == Org.objects.schools().under(district).count()
    assert len(page["items"]) == 5 and page["items"][0]["rank"] == 6
    _grow(district, 0)
    assert len(third) < 40


def test_the_ranking_api_bounds_its_parameters(login, district):
    admin = login("bureau.admin")
    base = f"/api/v1/orgs/{district.pk}/cockpit/ranking"
    assert admin.get(base + "?page_size=500").status_code == 422
    assert admin.get(base + "?page=0").status_code == 422


def test_the_bureau_home_leads_to_the_cockpit(login, district):
    html = login("bureau.admin").get("/").content.decode()
    assert f'href="{_url("cockpit", district.pk)}" id="home-cockpit"' in html
    assert 'id="home-cockpit"' not in login("s01.officer").get("/").content.decode()
