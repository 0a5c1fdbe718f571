"""The defences' lists cost a fixed number of queries however many rows they show."""

import pytest

from safecampus.core.services import orgs
from tests import budgets
from tests.defences.helpers import add_guard

pytestmark = pytest.mark.django_db


def more_guards(school):
    """Six more guards, without a 保安员证: the school's page lists them among what is wrong."""
    return [add_guard(school, name=f"预算保安{i}", certificate_number="").name for i in range(6)]


def more_schools(district):
    street = district.children.first()
    made = []
    for i in range(6):
        school = orgs.create_org(
            actor=None,
            parent=street,
            kind="school",
            name=f"预算学校{i}",
            code=f"budget{i}",
            school_kind="primary",
            day_students=600 + i,
        )
        add_guard(school, name=f"预算{i}")
        made.append(school.name)
    return made


@pytest.mark.parametrize(
    ("name", "username", "url", "budget"),
    [
        ("staff list", "s01.officer", "/orgs/{s}/defences/staff/", 14),
        # Two more than before the four 100%: the school's gates and the places video covers.
        ("school page", "s01.officer", "/orgs/{s}/defences/", 16),
        ("api staff", "s01.officer", "/api/v1/orgs/{s}/defences/staff?page_size=200", 10),
    ],
)
def test_school_lists_are_bounded(name, username, url, budget, login, org):
    school = org("s01")
    loads = budgets.grow_between_loads(
        login(username), url.format(s=school.pk), lambda: more_guards(school)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, budget, name)


@pytest.mark.parametrize(
    ("name", "url", "budget"),
    [
        ("bureau page", "/orgs/{d}/defences/", 14),
        ("bureau staffing", "/orgs/{d}/defences/staffing/", 14),
        ("api staffing", "/api/v1/orgs/{d}/defences/staffing?page_size=200", 10),
        ("bureau systems", "/orgs/{d}/defences/systems/", 14),
        ("bureau roster", "/orgs/{d}/defences/roster/", 14),
        ("bureau four 100%", "/orgs/{d}/defences/compliance/", 18),
        ("api four 100%", "/api/v1/orgs/{d}/defences/compliance?page_size=200", 16),
    ],
)
def test_bureau_pages_do_not_grow_with_the_schools(name, url, budget, login, org):
    district = org("demo-district")
    loads = budgets.grow_between_loads(
        login("bureau.admin"), url.format(d=district.pk), lambda: more_schools(district)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, budget, name)


def more_systems(school):
    """Six more video systems, two keeping video too few days, and a week's duty at a gate."""
    from datetime import date, time, timedelta

    from django.utils import timezone

    from safecampus.core.models import User, Zone
    from safecampus.defences.models import SystemType
    from safecampus.defences.queries.roster import week_of
    from safecampus.defences.services import roster, systems

    officer = User.objects.get(username=f"{school.code}.officer")
    zone = Zone.objects.filter(school=school).first()
    video = SystemType.objects.get(code="video")
    made = []
    for i in range(6):
        system = systems.add_system(
            actor=officer, school=school, zone=zone, kind=video, name=f"预算监控{i}",
            cameras=4, cameras_working=4, retention_days=20 if i < 2 else 30,
            installed_on=date(2024, 1, 1),
        )  # fmt: skip
        made.append(system.name)
    band = roster.add_band(
        actor=officer, school=school, name="预算班", starts=time(12), ends=time(13)
    )
    gate = Zone.objects.filter(school=school, kind="gate").first()
    guard = User.objects.get(username=f"{school.code}.guard")
    monday = week_of(timezone.localdate())
    for n in range(7):
        roster.set_duty(
            actor=officer, school=school, zone=gate, band=band, day=monday + timedelta(n),
            guards=[guard],
        )  # fmt: skip
    return made


@pytest.mark.parametrize(
    ("name", "url", "budget", "shows"),
    [
        ("systems list", "/orgs/{s}/defences/systems/", 14, True),
        ("api systems", "/api/v1/orgs/{s}/defences/systems?page_size=200", 10, True),
        ("roster", "/orgs/{s}/defences/roster/", 16, False),
    ],
)
def test_systems_and_roster_are_bounded(name, url, budget, shows, login, org):
    school = org("s01")
    loads = budgets.grow_between_loads(
        login("s01.officer"), url.format(s=school.pk), lambda: more_systems(school)
    )
    if shows:
        budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, budget, name)
