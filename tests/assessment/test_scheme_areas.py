"""A bureau shapes its own scheme: areas and indicators added, renamed and removed, in place
while no round has used the version, on the next version once one has; bad input and the
starter scheme are refused and change nothing."""

from datetime import date

import pytest
from django.utils import translation

from safecampus.assessment.models import Area, Indicator, SchemeVersion
from safecampus.assessment.services import rounds as services
from safecampus.assessment.services import schemes as scheme_services
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from tests.assessment.rounds_helpers import admin, starter_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def mine(org):
    own = scheme_services.copy_scheme(
        actor=admin(), bureau=org("demo-district"), scheme=starter_version().scheme, name="本区方案"
    )
    return own.versions.get()


def _names(version):
    return [(a.position, a.name) for a in version.areas.order_by("position")]


def test_areas_are_added_renamed_and_removed_in_place_and_renumbered(mine):
    before = _names(mine)
    added = scheme_services.add_area(actor=admin(), version=mine, name=" 心理健康 ")
    assert (added.version_id, added.position, added.name) == (mine.pk, len(before) + 1, "心理健康")
    scheme_services.rename_area(actor=admin(), area=added, name="心理健康教育")
    first = mine.areas.order_by("position").first()
    gone = list(first.indicators.values_list("pk", flat=True))
    assert scheme_services.remove_area(actor=admin(), area=first) == mine
    names = _names(mine)
    assert [p for p, _n in names] == list(range(1, len(before) + 1))
    assert names[-1][1] == "心理健康教育" and before[0][1] not in dict(names).values()
    assert not Indicator.objects.filter(pk__in=gone).exists()
    assert mine.scheme.versions.count() == 1


def test_indicators_are_added_and_removed_with_the_same_checks_as_an_edit(mine):
    area = mine.areas.order_by("position").first()
    count = area.indicators.count()
    added = scheme_services.add_indicator(
        actor=admin(),
        area=area,
        name="欺凌防治",
        max_points="4",
        rule="metric",
        metric="hazards.overdue",
        thresholds=[[0, 4], [3, 2]],
    )
    assert (added.position, added.max_points, added.thresholds) == (count + 1, 4, [[0, 4], [3, 2]])
    with pytest.raises(InvalidFields, match="threshold"):
        scheme_services.add_indicator(
            actor=admin(),
            area=area,
            name="x",
            max_points="4",
            rule="metric",
            metric="hazards.overdue",
        )
    with pytest.raises(InvalidFields, match="0 to 1000"):
        scheme_services.add_indicator(
            actor=admin(), area=area, name="x", max_points="1001", rule="manual"
        )
    assert area.indicators.count() == count + 1
    first = area.indicators.order_by("position").first()
    scheme_services.remove_indicator(actor=admin(), indicator=first)
    assert list(area.indicators.order_by("position").values_list("position", flat=True)) == list(
        range(1, count + 1)
    )


def test_on_a_used_version_the_change_lands_on_the_next(mine, org):
    services.create_round(
        actor=admin(),
        bureau=org("demo-district"),
        version=mine,
        title="本区考核",
        starts_on=date(2002, 1, 1),
        ends_on=date(2002, 12, 31),
        self_due=date(2002, 12, 1),
        appeal_days=5,
    )
    before = _names(mine)
    first = mine.areas.order_by("position").first()
    changed = scheme_services.remove_area(actor=admin(), area=first)
    assert changed.number == 2 and len(_names(changed)) == len(before) - 1
    assert _names(mine) == before  # the round's sheet is untouched
    area = scheme_services.add_area(actor=admin(), version=changed, name="交通安全")
    assert area.version_id == changed.pk  # the next version is not used: edited in place
    indicator = mine.areas.order_by("position").last().indicators.first()
    scheme_services.remove_indicator(actor=admin(), indicator=indicator)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert SchemeVersion.objects.filter(scheme=mine.scheme).count() == 3


def test_refusals_change_nothing(mine, person):
    starter = starter_version()
    with pytest.raises(DomainError, match="starter"):
        scheme_services.add_area(actor=admin(), version=starter, name="x")
    with pytest.raises(InvalidFields, match="name"):
        scheme_services.add_area(actor=admin(), version=mine, name="  ")
    with pytest.raises(PermissionRefused):
        scheme_services.add_area(actor=person("s01.principal"), version=mine, name="x")
    areas = list(mine.areas.all())
    for area in areas[1:]:
        scheme_services.remove_area(actor=admin(), area=area)
    with pytest.raises(DomainError, match="at least one area"):
        scheme_services.remove_area(actor=admin(), area=areas[0])
    assert Area.objects.filter(version=mine).count() == 1


def test_the_pages_add_an_area_and_an_indicator_and_show_them(mine, login):
    client = login("bureau.admin")
    page = client.get(mine.get_absolute_url()).content.decode()
    assert f"/assessment/versions/{mine.pk}/areas/new/" in page
    response = client.post(f"/assessment/versions/{mine.pk}/areas/new/", {"name": "心理健康"})
    assert response.status_code == 302
    area = mine.areas.get(name="心理健康")
    response = client.post(
        f"/assessment/areas/{area.pk}/indicators/new/",
        {"name": "心理健康档案", "max_points": "3", "rule": "manual"},
    )
    assert response.status_code == 302
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "心理健康档案" in page and f"/assessment/areas/{area.pk}/remove/" in page
    bad = client.post(
        f"/assessment/areas/{area.pk}/indicators/new/", {"name": "", "max_points": "x"}
    )
    assert bad.status_code == 400 and area.indicators.count() == 1


def test_a_reader_sees_no_edit_buttons(mine, login):
    page = login("bureau.inspector").get(mine.get_absolute_url()).content.decode()
    assert "/areas/new/" not in page and "/remove/" not in page


def test_the_api_adds_an_area_and_an_indicator(mine, login):
    client = login("bureau.admin")
    response = client.post(
        f"/api/v1/assessment/versions/{mine.pk}/areas",
        {"name": "交通"},
        content_type="application/json",
    )
    assert response.status_code == 201
    area = response.json()
    response = client.post(
        f"/api/v1/assessment/areas/{area['id']}/indicators",
        {"name": "护学岗", "max_points": 2, "rule": "manual"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Indicator.objects.get(pk=response.json()["id"]).area_id == area["id"]
