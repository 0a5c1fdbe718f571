"""技防 one-key alarm boxes linked to the emergencies module's alarm devices through the kernel's
registry (core.alarm_devices): the keeper links a box to a device of its school and the box
shows the device's last use on its page, the school's list and the bureau's table; a device of
another school, or a link from a system that is not an alarm box, is refused and changes
nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.alarm_devices import devices_of
from safecampus.core.errors import InvalidFields
from safecampus.core.models import AuditEvent, User, Zone
from safecampus.defences.models import SystemType, TechSystem
from safecampus.defences.services import systems as services
from safecampus.emergencies.models import AlarmDevice

pytestmark = pytest.mark.django_db


def box(school, **fields):
    return services.add_system(
        actor=User.objects.get(username=f"{school.code}.officer"),
        school=school,
        zone=Zone.objects.filter(school=school).first(),
        kind=SystemType.objects.get(code="alarm-box"),
        installed_on=date(2024, 1, 1),
        **fields,
    )


def device(school, name="测试一键报警", used=None):
    return AlarmDevice.objects.create(
        school=school, name=name, prefix="t", key_hash=f"test-{school.pk}-{name}", last_used_at=used
    )


def test_the_registry_offers_the_schools_devices_in_use_only(org):
    school = org("s01")
    revoked = device(school, "已停用")
    AlarmDevice.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    names = [d.name for d in devices_of(school)]
    assert "门卫室一键报警" in names and "已停用" not in names
    assert all(d.school_id == school.pk for d in devices_of(school))


def test_a_box_linked_to_a_device_shows_its_last_use(login, org):
    school = org("s01")
    used = timezone.now() - timedelta(days=3)
    found = device(school, used=used)
    system = box(school)
    client = login("s01.officer")
    answer = client.post(f"/defences/systems/{system.pk}/device/", {"alarm_device_id": found.pk})
    assert answer.status_code == 302
    system.refresh_from_db()
    assert system.alarm_device_id == found.pk
    assert AuditEvent.objects.filter(action="defence.system_device", object_id=str(system.pk))
    detail = client.get(system.get_absolute_url()).content.decode()
    assert f'data-device="{found.pk}"' in detail
    assert timezone.localtime(used).strftime("%Y-%m-%d") in detail
    listing = client.get(f"/orgs/{school.pk}/defences/systems/").content.decode()
    assert f'data-device="{found.pk}"' in listing
    api = client.get(f"/api/v1/orgs/{school.pk}/defences/systems?page_size=200").json()
    mine = next(row for row in api["items"] if row["id"] == system.pk)
    assert mine["alarm_device_id"] == found.pk and mine["alarm_device_last_used_at"]


def test_a_device_of_another_school_is_refused(login, org):
    school, other = org("s01"), org("s02")
    theirs = device(other)
    system = box(school)
    with pytest.raises(InvalidFields) as refused:
        services.link_device(
            actor=User.objects.get(username="s01.officer"),
            system=system,
            alarm_device_id=theirs.pk,
        )
    assert "alarm_device_id" in refused.value.fields
    answer = login("s01.officer").post(
        f"/api/v1/defences/systems/{system.pk}/device",
        {"alarm_device_id": theirs.pk},
        content_type="application/json",
    )
    assert answer.status_code == 400
    with pytest.raises(InvalidFields):
        box(school, alarm_device_id=theirs.pk)
    system.refresh_from_db()
    assert system.alarm_device_id is None


def test_only_an_alarm_box_is_linked(org):
    school = org("s01")
    video = TechSystem.objects.filter(school=school, kind__code="video").first()
    with pytest.raises(InvalidFields) as refused:
        services.link_device(
            actor=User.objects.get(username="s01.officer"),
            system=video,
            alarm_device_id=devices_of(school)[0].id,
        )
    assert "alarm_device_id" in refused.value.fields


def test_the_bureau_sees_each_schools_boxes_and_their_oldest_use(login, org):
    district = org("demo-district")
    page = login("bureau.admin").get(f"/orgs/{district.pk}/defences/systems/").content.decode()
    # The demo: s03's box is linked to no device, s04's device never used, s01's used.
    for code, linked, never in (("s03", 0, 0), ("s04", 1, 1), ("s01", 1, 0)):
        cell = f'data-boxes="{org(code).pk}" data-linked="{linked}" data-never="{never}"'
        assert cell in page, code
