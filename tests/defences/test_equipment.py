"""Equipment (物防): bad input refused with the field named; an expired extinguisher files
exactly one hazard however often the sweep runs; the reminder before expiry goes out once; a
failed inspection files a hazard; replacing an item retires the old one."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import InvalidFields
from safecampus.core.models import Notification, User, Zone
from safecampus.defences.models import Equipment, EquipmentType
from safecampus.defences.services import equipment as services
from safecampus.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def officer(code="s02"):
    return User.objects.get(username=f"{code}.officer")


def gatehouse(school):
    return Zone.objects.filter(school=school).order_by("pk").first()


def add(school, code="extinguisher-powder", **fields):
    values = {
        "zone": gatehouse(school),
        "kind": EquipmentType.objects.get(code=code),
        "count": 2,
        "made_on": date(2020, 1, 1),
    } | fields
    return services.add_item(actor=officer(school.code), school=school, **values)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", -1),
        ("count", 0),
        ("expires_on", date(2019, 12, 31)),  # before it was bought
        ("made_on", date(2099, 1, 1)),
    ],
)
def test_bad_input_is_refused_with_the_field_named(field, value, org):
    school = org("s02")
    before = Equipment.objects.count()
    with pytest.raises(InvalidFields) as refused:
        add(school, **{field: value})
    assert field in refused.value.fields
    assert Equipment.objects.count() == before


def test_a_place_of_another_school_is_refused(org):
    with pytest.raises(InvalidFields) as refused:
        add(org("s02"), zone=gatehouse(org("s01")))
    assert "zone" in refused.value.fields


def test_the_type_gives_the_expiry_when_none_is_typed(org):
    item = add(org("s02"), code="extinguisher-water", made_on=date(2020, 3, 1))
    assert item.expires_on == date(2026, 3, 1)


def test_an_expired_extinguisher_creates_exactly_one_hazard(org):
    school = org("s02")
    today = timezone.localdate()
    item = add(school, code="extinguisher-water", made_on=date(today.year - 7, 1, 1))
    filed = Hazard.objects.filter(school=school, origin_url=item.get_absolute_url())
    services.sweep(today)
    services.sweep(today)
    services.sweep(today + timedelta(days=3))
    assert filed.count() == 1
    item.refresh_from_db()
    assert item.hazard == filed.get()
    assert filed.get().category == "fire"


def test_the_expiry_reminder_is_sent_once(org):
    school = org("s02")
    today = timezone.localdate()
    add(school, expires_on=today + timedelta(days=10))
    told = Notification.objects.filter(user=officer(), kind="defence.item_remind")
    before = told.count()
    services.sweep(today)
    services.sweep(today + timedelta(days=1))
    assert told.count() == before + 1


def test_a_failed_inspection_files_a_hazard_at_the_items_place(org):
    school = org("s02")
    item = add(school)
    made = services.inspect_item(
        actor=officer(), item=item, checked_on=timezone.localdate(), ok=False, note="压力不足"
    )
    assert made.hazard is not None
    assert made.hazard.zone == item.zone and "压力不足" in made.hazard.description
    with pytest.raises(InvalidFields):
        services.inspect_item(actor=officer(), item=item, checked_on=timezone.localdate(), ok=False)


def test_replacing_an_item_retires_the_old_one(login, org):
    school = org("s02")
    old = add(school)
    client = login("s02.officer")
    response = client.post(
        f"/orgs/{school.pk}/defences/equipment/new/?replaces={old.pk}",
        {"zone": old.zone_id, "kind": old.kind_id, "count": "3", "made_on": "2026-11-01"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.retired_on == timezone.localdate()
    page = client.get(f"/orgs/{school.pk}/defences/equipment/").content.decode()
    assert page.count(old.zone.path_name) >= 1


def test_the_demo_shows_its_expired_extinguisher_with_its_hazard(login, org):
    school = org("s01")
    page = login("s01.officer").get(f"/orgs/{school.pk}/defences/equipment/").content.decode()
    assert 'data-state="expired"' in page
    item = Equipment.objects.get(school=school, kind__code="extinguisher-water")
    assert item.hazard is not None
