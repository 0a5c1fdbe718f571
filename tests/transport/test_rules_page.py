"""The bureau's transport rules page: its own bus and outing rows, saved and dropped, applied
to the schools under it, named with their source; refused input and people change nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.models import AuditEvent
from safecampus.transport.models import BusRules, Driver, OutingRules
from safecampus.transport.outing_rules import rules_for as outing_rules_for
from safecampus.transport.rules import driver_eligibility, rules_for
from tests.transport.helpers import id_number_born

pytestmark = pytest.mark.django_db

BUS = {
    "kind": "bus",
    "bus-name": "某区校车细则",
    "bus-source": "某区教育局〔2026〕12号",
    "bus-inspection_months": "6",
    "bus-driver_min_age": "25",
    "bus-driver_max_age": "55",
    "bus-driving_years": "5",
    "bus-reexam_months": "12",
    "bus-background_months": "12",
    "bus-equipment": "逃生锤\n干粉灭火器\n急救箱",
}


def _url(district):
    return f"/orgs/{district.pk}/transport/rules/"


def _driver_aged(school, years):
    today = timezone.localdate()
    born = date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=1)
    return Driver(
        school=school,
        name="某",
        id_number=id_number_born(born),
        licensed_on=date(2000, 1, 1),
        reexamined_on=today,
        background_checked_on=today,
    )


def test_a_bureau_saves_its_own_bus_rules_and_a_school_under_it_is_checked_against_them(login, org):
    district, s01 = org("demo-district"), org("s01")
    driver = _driver_aged(s01, 58)
    assert driver_eligibility(driver, rules_for(s01)).ok
    admin = login("bureau.admin")
    assert admin.post(_url(district), BUS).status_code == 302

    rules = rules_for(s01)
    assert (rules.org, rules.driver_max_age, rules.driving_years) == (district, 55, 5)
    assert not driver_eligibility(driver, rules).ok
    assert AuditEvent.objects.filter(org=district, action="transport.rules.bus").exists()
    page = admin.get(_url(district)).content.decode()
    assert "某区教育局〔2026〕12号" in page and "某区校车细则" in page
    school_page = login("s01.officer").get(f"/schools/{s01.pk}/transport/drivers/")
    assert "某区教育局〔2026〕12号" in school_page.content.decode()

    assert admin.post(_url(district), {"kind": "bus", "drop": "1"}).status_code == 302
    assert not BusRules.objects.filter(org=district).exists()
    assert rules_for(s01).org is None
    assert driver_eligibility(driver, rules_for(s01)).ok


def test_a_bureau_sets_the_outing_ratio_for_its_schools(login, org):
    district, s01 = org("demo-district"), org("s01")
    admin = login("bureau.admin")
    typed = {
        "kind": "outing",
        "outing-name": "研学旅行师生比",
        "outing-source": "某区研学实施细则 第8条",
        "outing-students_per_staff": "15",
        "outing-min_staff": "3",
    }
    assert admin.post(_url(district), typed).status_code == 302
    rules = outing_rules_for(s01)
    assert (rules.org, rules.students_per_staff, rules.min_staff) == (district, 15, 3)
    assert "某区研学实施细则 第8条" in admin.get(_url(district)).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bus-driver_max_age", "99"),
        ("bus-driver_min_age", "61"),
        ("bus-source", ""),
        ("bus-inspection_months", "0"),
        ("bus-equipment", ""),
        ("bus-driving_years", "abc"),
    ],
)
def test_bad_figures_save_nothing_and_are_shown_again(login, org, field, value):
    district = org("demo-district")
    before = AuditEvent.objects.count()
    response = login("bureau.admin").post(_url(district), {**BUS, field: value})
    assert response.status_code == 400
    assert not BusRules.objects.filter(org=district).exists()
    assert AuditEvent.objects.count() == before
    assert "某区校车细则" in response.content.decode()


def test_bad_outing_figures_save_nothing(login, org):
    district = org("demo-district")
    typed = {"kind": "outing", "outing-name": "x", "outing-source": "y"}
    typed |= {"outing-students_per_staff": "500", "outing-min_staff": "1"}
    response = login("bureau.admin").post(_url(district), typed)
    assert response.status_code == 400
    assert not OutingRules.objects.filter(org=district).exists()


def test_school_people_and_an_inspector_cannot_change_the_rules(login, org):
    district, s01 = org("demo-district"), org("s01")
    principal = login("s01.principal")
    assert principal.get(f"/orgs/{s01.pk}/transport/rules/").status_code == 403
    assert principal.post(_url(district), BUS).status_code in (403, 404)
    inspector = login("bureau.inspector")
    page = inspector.get(_url(district))
    assert page.status_code == 200 and "校车安全管理条例" in page.content.decode()
    assert 'name="kind"' not in page.content.decode()
    assert inspector.post(_url(district), BUS).status_code == 403
    assert not BusRules.objects.filter(org=district).exists()


def test_the_menu_links_the_page_only_for_the_keeper(login, org):
    url = _url(org("demo-district"))
    assert url in login("bureau.admin").get("/").content.decode()
    assert url not in login("bureau.inspector").get("/").content.decode()


def _api(district):
    return f"/api/v1/orgs/{district.pk}/transport/rules"


def test_the_api_reads_and_saves_the_bureaus_rules(login, org):
    district, s01 = org("demo-district"), org("s01")
    admin = login("bureau.admin")
    shown = admin.get(_api(district)).json()
    assert shown["bus"]["name"] == "校车安全管理条例" and shown["bus"]["own"] is False
    bus = {
        "name": "某区校车细则",
        "source": "某区教育局〔2026〕12号",
        "inspection_months": 6,
        "driver_min_age": 25,
        "driver_max_age": 55,
        "driving_years": 3,
        "reexam_months": 12,
        "background_months": 12,
        "equipment": ["逃生锤", "急救箱"],
    }
    response = admin.put(_api(district), {"bus": bus}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["bus"]["own"] is True
    assert rules_for(s01).driver_max_age == 55


@pytest.mark.parametrize(
    "bad",
    [
        {"driver_max_age": 200},
        {"source": "   "},
        {"equipment": []},
        {"driver_min_age": 60, "driver_max_age": 50},
    ],
)
def test_the_api_refuses_bad_figures_and_saves_nothing(login, org, bad):
    district = org("demo-district")
    bus = {
        "name": "x",
        "source": "y",
        "inspection_months": 6,
        "driver_min_age": 25,
        "driver_max_age": 60,
        "driving_years": 3,
        "reexam_months": 12,
        "background_months": 12,
        "equipment": ["急救箱"],
    } | bad
    response = login("bureau.admin").put(
        _api(district), {"bus": bus}, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert not BusRules.objects.filter(org=district).exists()


def test_the_api_refuses_an_inspector_and_a_school(login, org):
    district, s01 = org("demo-district"), org("s01")
    outing = {"outing": {"name": "x", "source": "y", "students_per_staff": 10, "min_staff": 2}}
    inspector = login("bureau.inspector")
    assert inspector.get(_api(district)).status_code == 200
    assert inspector.put(_api(district), outing, content_type="application/json").status_code == 403
    assert login("s01.principal").get(_api(s01)).status_code == 403
    assert not OutingRules.objects.filter(org=district).exists()
