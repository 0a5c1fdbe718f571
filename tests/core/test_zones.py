import pytest

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Zone
from safecampus.core.services import zones as zone_services

pytestmark = pytest.mark.django_db


def test_officer_adds_a_zone_and_it_is_audited(login, org):
    s01 = org("s01")
    client = login("s01.officer")
    response = client.post(
        f"/schools/{s01.pk}/zones/new/", {"name": "图书馆", "kind": "building", "notes": ""}
    )
    assert response.status_code == 302
    zone = Zone.objects.get(school=s01, name="图书馆")
    assert AuditEvent.objects.filter(org=s01, action="zone.create", object_id=str(zone.pk)).exists()
    assert "图书馆" in client.get(f"/schools/{s01.pk}/zones/").content.decode()


def test_a_zone_cannot_move_inside_its_own_part(org, person):
    s01 = org("s01")
    building = Zone.objects.get(school=s01, name="教学楼A", parent=None)
    floor = building.children.first()
    with pytest.raises(DomainError):
        zone_services.move_zone(actor=person("s01.officer"), zone=building, parent=floor)
    building.refresh_from_db()
    assert building.parent is None


def test_a_zone_with_parts_cannot_be_deleted(login, org):
    s01 = org("s01")
    building = Zone.objects.get(school=s01, name="教学楼A", parent=None)
    client = login("s01.officer")
    response = client.post(
        f"/schools/{s01.pk}/zones/{building.pk}/delete/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert Zone.objects.filter(pk=building.pk).exists()
    assert "cannot be deleted while" in response.content.decode()


def test_a_teacher_cannot_add_zones(login, org):
    s01 = org("s01")
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/zones/new/", {"name": "X", "kind": "room"}
    )
    assert response.status_code == 403
    assert not Zone.objects.filter(school=s01, name="X").exists()


def test_another_schools_zone_is_not_found(login, org):
    s02_zone = Zone.objects.filter(school=org("s02")).first()
    s01 = org("s01")
    client = login("s01.officer")
    assert client.get(f"/schools/{s01.pk}/zones/{s02_zone.pk}/edit/").status_code == 404
    assert client.get(f"/schools/{org('s02').pk}/zones/").status_code == 404
