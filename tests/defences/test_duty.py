"""The guard's shift handover: equipment checked at the post (a failed item files a hazard,
with its note required), open items passed on to the next guard who is told, a phone's replay
kept once."""

import uuid

import pytest

from safecampus.core.errors import InvalidFields
from safecampus.core.models import Notification, User, Zone
from safecampus.defences.models import Equipment, EquipmentCheck, Handover
from safecampus.defences.services import duty as services

pytestmark = pytest.mark.django_db


def _post(school):
    return Equipment.objects.filter(school=school, retired_on__isnull=True).first().zone


def test_a_guard_hands_over_with_an_equipment_check_from_the_page(login, org):
    school = org("s01")
    zone = _post(school)
    items = list(services.equipment_at(school, zone))
    guard2 = User.objects.get(username="s01.guard2")
    client = login("s01.guard")
    data = {
        "zone": zone.pk,
        "happened": "夜间巡查两次，无异常",
        "open_items": "北侧门门禁故障待修",
        "handed_to": guard2.pk,
        f"item_{items[0].pk}": "1",
        f"item_{items[1].pk}": "0",
        f"note_{items[1].pk}": "盾牌把手断裂",
    }
    response = client.post(f"/orgs/{school.pk}/defences/handover/", data)
    assert response.status_code == 302
    handover = Handover.objects.get(school=school, happened="夜间巡查两次，无异常")
    inspections = EquipmentCheck.objects.filter(handover_check__handover=handover)
    assert sorted(inspections.values_list("ok", flat=True)) == [False, True]
    failed = inspections.get(ok=False)
    assert failed.hazard is not None and failed.hazard.zone == zone
    told = Notification.objects.filter(user=guard2, kind="defence.handover")
    assert told.count() == 1
    page = login("s01.guard2").get(f"/orgs/{school.pk}/defences/handover/").content.decode()
    assert 'id="passed"' in page and "北侧门门禁故障待修" in page


def test_a_failed_item_needs_a_note_and_nothing_is_written(login, org):
    school = org("s01")
    zone = _post(school)
    item = services.equipment_at(school, zone).first()
    before = Handover.objects.count(), EquipmentCheck.objects.count()
    response = login("s01.guard").post(
        f"/orgs/{school.pk}/defences/handover/",
        {"zone": zone.pk, "happened": "保留我", f"item_{item.pk}": "0"},
    )
    assert response.status_code == 400
    assert "保留我" in response.content.decode()
    assert (Handover.objects.count(), EquipmentCheck.objects.count()) == before


def test_a_replayed_handover_is_kept_once(org):
    school = org("s01")
    guard = User.objects.get(username="s01.guard")
    key = uuid.uuid4()
    zone = Zone.objects.filter(school=school).first()
    first = services.hand_over(actor=guard, school=school, zone=zone, client_uuid=key)
    again = services.hand_over(actor=guard, school=school, zone=zone, client_uuid=key)
    assert first.pk == again.pk


def test_a_post_of_another_school_is_refused(org):
    guard = User.objects.get(username="s01.guard")
    with pytest.raises(InvalidFields) as refused:
        services.hand_over(
            actor=guard, school=org("s01"), zone=Zone.objects.filter(school=org("s02")).first()
        )
    assert "zone" in refused.value.fields
