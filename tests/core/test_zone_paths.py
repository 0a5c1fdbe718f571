"""A zone's full path ("教学楼 › 2楼 › 201") is stored on the zone and kept exact by the zone
services; the migration fills it for zones that predate it."""

import importlib

import pytest
from django.apps import apps as django_apps

from safecampus.core.errors import DomainError
from safecampus.core.models import Zone
from safecampus.core.services import zones as zone_services

pytestmark = pytest.mark.django_db

fill = importlib.import_module("safecampus.core.migrations.0005_zone_path_name").fill_zone_paths


def _tree(school, officer):
    building = zone_services.create_zone(
        actor=officer, school=school, name="实验楼", kind="building"
    )
    floor = zone_services.create_zone(
        actor=officer, school=school, name="2楼", kind="floor", parent=building
    )
    room = zone_services.create_zone(
        actor=officer, school=school, name="201", kind="room", parent=floor
    )
    return building, floor, room


def _paths(*zones):
    return [Zone.objects.get(pk=z.pk).path_name for z in zones]


def test_a_new_zone_is_named_by_its_full_path(org, person):
    building, floor, room = _tree(org("s01"), person("s01.officer"))
    assert _paths(building, floor, room) == ["实验楼", "实验楼 › 2楼", "实验楼 › 2楼 › 201"]
    assert str(room) == "实验楼 › 2楼 › 201"


def test_a_rename_rewrites_every_descendant_path(org, person):
    officer = person("s01.officer")
    building, floor, room = _tree(org("s01"), officer)
    zone_services.update_zone(actor=officer, zone=building, name="科技楼")
    assert _paths(building, floor, room) == ["科技楼", "科技楼 › 2楼", "科技楼 › 2楼 › 201"]
    zone_services.update_zone(actor=officer, zone=Zone.objects.get(pk=floor.pk), name="二层")
    assert _paths(floor, room) == ["科技楼 › 二层", "科技楼 › 二层 › 201"]


def test_a_move_rewrites_every_descendant_path(org, person):
    s01, officer = org("s01"), person("s01.officer")
    _building, floor, room = _tree(s01, officer)
    other = Zone.objects.get(school=s01, name="食堂", parent=None)
    zone_services.move_zone(actor=officer, zone=floor, parent=other)
    assert _paths(floor, room) == ["食堂 › 2楼", "食堂 › 2楼 › 201"]
    zone_services.move_zone(actor=officer, zone=Zone.objects.get(pk=floor.pk), parent=None)
    assert _paths(floor, room) == ["2楼", "2楼 › 201"]


def test_a_path_too_long_to_store_is_refused_and_nothing_changes(org, person):
    s01, officer = org("s01"), person("s01.officer")
    zone = zone_services.create_zone(actor=officer, school=s01, name="短", kind="building")
    top = zone
    for name, size in (("乙", 80), ("丙", 80), ("丁", 80), ("戊", 40)):
        zone = zone_services.create_zone(
            actor=officer, school=s01, name=name * size, kind="room", parent=zone
        )
    assert len(zone.path_name) == 293
    with pytest.raises(DomainError):
        zone_services.create_zone(
            actor=officer, school=s01, name="己" * 20, kind="room", parent=zone
        )
    with pytest.raises(DomainError):
        zone_services.update_zone(actor=officer, zone=top, name="甲" * 80)
    assert Zone.objects.get(pk=top.pk).name == "短"
    assert _paths(zone) == [zone.path_name]


def test_the_migration_fills_the_path_of_existing_zones_top_down(org, person):
    building, floor, room = _tree(org("s01"), person("s01.officer"))
    Zone.objects.all().update(path_name="")
    fill(django_apps, None)
    assert _paths(building, floor, room) == ["实验楼", "实验楼 › 2楼", "实验楼 › 2楼 › 201"]
    assert not Zone.objects.filter(path_name="").exists()
    a_floor = Zone.objects.filter(parent__name="教学楼A", parent__parent=None).first()
    assert a_floor.path_name == f"教学楼A › {a_floor.name}"


def test_zone_pickers_show_full_paths_in_path_order(login, org):
    s01 = org("s01")
    page = login("s01.officer").get(f"/schools/{s01.pk}/hazards/new/").content.decode()
    assert "教学楼A › 1楼" in page
    assert "— 1楼" not in page
    a, b = page.index(">教学楼A<"), page.index(">教学楼A › 1楼<")
    assert a < b
