"""The "four 100%" figures computed from hand-built records: closed management (each gate staffed
or closed in every band of the week and a working access control or intrusion alarm at it),
video coverage (each place of the kinds the rule set lists with a working camera at or inside
it), an empty school with no figure; shown with their definitions on the school's pages and in
the bureau's table."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.metrics import table
from safecampus.core.models import Org, Zone
from safecampus.core.services import orgs
from safecampus.defences.models import DutyBand, DutySlot, SystemType, TechSystem
from safecampus.defences.queries import compliance
from safecampus.defences.queries.roster import week_of

pytestmark = pytest.mark.django_db

KEYS = ["defences.closed_management", "defences.video_coverage", "defences.police_link"]


def new_school(org, code):
    return orgs.create_org(
        actor=None,
        parent=org("demo-district").children.first(),
        kind="school",
        name=f"四个百分百{code}",
        code=code,
        school_kind="primary",
        day_students=300,
    )


def zone(school, name, kind, parent=None):
    return Zone.objects.create(school=school, name=name, kind=kind, parent=parent)


def system(school, where, code, *, ok=None, cameras=None, working=None, retired=False):
    return TechSystem.objects.create(
        school=school,
        zone=where,
        kind=SystemType.objects.get(code=code),
        cameras=cameras,
        cameras_working=working,
        retention_days=30 if cameras is not None else None,
        installed_on=date(2024, 1, 1),
        test_due_on=timezone.localdate() + timedelta(days=10),
        last_test_ok=ok,
        retired_on=timezone.localdate() if retired else None,
    )


def staff_week(school, gate, band, *, skip_day=None, closed=False):
    monday = week_of(timezone.localdate())
    for n in range(7):
        if n == skip_day:
            continue
        DutySlot.objects.create(
            school=school, zone=gate, band=band, day=monday + timedelta(days=n), closed=closed
        )


def figures(*schools):
    found = table(KEYS, Org.objects.filter(pk__in=[s.pk for s in schools]), None)
    return {s.pk: tuple(found[key][s.pk] for key in KEYS) for s in schools}


def test_closed_management_counts_gates_staffed_all_week_with_a_working_entry_system(org):
    school = new_school(org, "four-a")
    south, north, east = (zone(school, n, "gate") for n in ("南门", "北门", "东门"))
    band = DutyBand.objects.create(school=school, name="全天", starts=time(0), ends=time(23, 59))
    # South: a closed band counts as covered; access control at a part of the gate counts.
    staff_week(school, south, band, closed=True)
    system(school, zone(school, "闸机", "other", parent=south), "access")
    # North: staffed every day, but its intrusion alarm failed its last test.
    staff_week(school, north, band, closed=True)
    system(school, north, "intrusion", ok=False)
    # East: a working access control, but Thursday is a gap.
    staff_week(school, east, band, skip_day=3, closed=True)
    system(school, east, "access", ok=True)
    assert compliance.closed_gates(Org.objects.filter(pk=school.pk), week_of(timezone.localdate()))[
        school.pk
    ] == (1, 3)
    assert figures(school)[school.pk][0] == 33.3


def test_video_coverage_counts_the_rule_sets_places_covered_by_a_working_camera(org):
    school = new_school(org, "four-b")
    gate = zone(school, "大门", "gate")
    canteen = zone(school, "食堂", "canteen")
    kitchen = zone(school, "操作间", "room", parent=canteen)
    ground = zone(school, "操场", "sports_ground")
    zone(school, "周界", "perimeter")  # not a place the rule set lists: never counted
    system(school, gate, "video", cameras=4, working=4)
    system(school, kitchen, "video", cameras=2, working=2, ok=True)  # inside the canteen
    system(school, ground, "video", cameras=2, working=0)  # no camera working
    covered, total = compliance.video_places(Org.objects.filter(pk=school.pk))[school.pk]
    assert (covered, total) == (2, 3)
    assert figures(school)[school.pk][1] == 66.7


def test_an_empty_school_has_no_figure_and_a_retired_system_counts_for_nothing(org):
    empty = new_school(org, "four-c")
    gone = new_school(org, "four-d")
    gate = zone(gone, "大门", "gate")
    system(gone, gate, "video", cameras=4, working=4, retired=True)
    system(gone, gate, "access", retired=True)
    assert figures(empty)[empty.pk] == (None, None, None)
    closed, video, _police = figures(gone)[gone.pk]
    assert (closed, video) == (0.0, 0.0)


def test_the_school_sees_its_figures_with_their_definitions_and_sources(login, org):
    school = org("s04")  # the demo: no access control at the north gate, no canteen camera
    page = login("s04.officer").get(f"/orgs/{school.pk}/defences/compliance/").content.decode()
    assert 'data-metric="defences.closed_management"' in page and "50%" in page
    assert "GB/T 29315-2022" in page and "封闭化管理率" in page  # the source and the doubt
    assert page.count('data-covered="0"') == 1
    home = login("s04.officer").get(f"/orgs/{school.pk}/defences/").content.decode()
    assert 'data-metric="defences.video_coverage"' in home


def test_the_bureau_table_lists_the_furthest_from_100_first(login, org):
    district = org("demo-district")
    page = login("bureau.admin").get(f"/orgs/{district.pk}/defences/compliance/").content.decode()
    first = page.index('data-school="')
    assert page.index(org("s05").name) < page.index(org("s01").name)
    assert first < page.index(org("s05").name)
    answer = login("bureau.admin").get(f"/api/v1/orgs/{district.pk}/defences/compliance")
    rows = {row["school_id"]: row for row in answer.json()["items"]}
    assert rows[org("s04").pk]["closed_management"] == 50.0
    assert rows[org("s03").pk]["video_coverage"] == 100.0


def test_the_school_pages_figures_are_the_metrics(login, org):
    """The school's page computes its four from what it holds; the metrics over many schools
    must say the same for every demo school."""
    schools = Org.objects.filter(code__in=[f"s0{n}" for n in range(1, 9)])
    found = table(compliance.FOUR, schools, None)
    for school in schools:
        page = login(f"{school.code}.officer").get(f"/orgs/{school.pk}/defences/").content.decode()
        for key in compliance.FOUR:
            value = found[key][school.pk]
            shown = "" if value is None else f"{value:g}"
            assert f'data-metric="{key}" data-value="{shown}"' in page, (school.code, key)
