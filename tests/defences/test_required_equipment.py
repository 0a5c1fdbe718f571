"""Required equipment: a rule set's line counted per guard, per gate or per school against the
items in use and unexpired; a shortfall files one hazard however often the sweep runs, and a new
one only after it was made good and fell short again; bad input refused; the pages show it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import InvalidFields
from safecampus.core.models import Org, User, Zone
from safecampus.defences.models import (
    Equipment,
    EquipmentShortfall,
    EquipmentType,
    RequiredEquipment,
    SecurityStaff,
)
from safecampus.defences.queries.equipment import requirements_of
from safecampus.defences.rules import rules_for
from safecampus.defences.services import equipment as item_services
from safecampus.defences.services import required as services
from safecampus.hazards.models import Hazard

pytestmark = pytest.mark.django_db

SOURCE = "test: the district choice"


def admin():
    return User.objects.get(username="bureau.admin")


def district():
    return Org.objects.get(code="demo-district")


def set_line(code, basis, minimum, source=SOURCE):
    return services.set_line(
        actor=admin(),
        org=district(),
        kind=EquipmentType.objects.get(code=code),
        basis=basis,
        minimum=minimum,
        source=source,
    )


def need(school, code):
    return next(r for r in requirements_of(school) if r.line.kind.code == code)


def add(school, code, count, **fields):
    zone = Zone.objects.filter(school=school).order_by("pk").first()
    return item_services.add_item(
        actor=User.objects.get(username=f"{school.code}.officer"),
        school=school,
        zone=zone,
        kind=EquipmentType.objects.get(code=code),
        count=count,
        made_on=fields.pop("made_on", date(2025, 1, 1)),
        **fields,
    )


def kept(school, code):
    today = timezone.localdate()
    return sum(
        item.count
        for item in Equipment.objects.filter(school=school, kind__code=code, retired_on=None)
        if item.expires_on is None or item.expires_on >= today
    )


def test_required_at_each_basis(org):
    school = org("s02")
    guards = SecurityStaff.objects.filter(school=school, left_on=None).count()
    gates = Zone.objects.filter(school=school, kind="gate").count()
    set_line("stab-vest", "guard", 2)
    set_line("steel-fork", "gate", 3)
    set_line("shield", "school", 5)
    assert need(school, "stab-vest").required == 2 * guards
    assert need(school, "steel-fork").required == 3 * gates
    shield = need(school, "shield")
    assert (shield.required, shield.have) == (5, kept(school, "shield"))
    assert shield.short == max(0, 5 - kept(school, "shield"))


def test_expired_and_retired_items_do_not_count(org):
    school = org("s02")
    set_line("emergency-light", "school", 4)
    assert need(school, "emergency-light").have == kept(school, "emergency-light")
    before = need(school, "emergency-light").have
    add(school, "emergency-light", 3, expires_on=date(2025, 6, 1))
    retired = add(school, "emergency-light", 2)
    item_services.retire_item(actor=User.objects.get(username="s02.officer"), item=retired)
    assert need(school, "emergency-light").have == before


def test_a_shortfall_is_filed_once_and_again_after_it_was_made_good(org):
    school = org("s02")
    set_line("shield", "school", kept(school, "shield") + 3)
    today = timezone.localdate()
    filed = Hazard.objects.filter(
        school=school, origin_url=f"/orgs/{school.pk}/defences/equipment/"
    )
    before = filed.count()
    services.sweep(today)
    services.sweep(today + timedelta(days=1))
    assert filed.count() == before + 1
    assert EquipmentShortfall.objects.filter(school=school, made_good_at=None).count() >= 1
    made_good = add(school, "shield", 3)
    services.sweep(today)
    assert not EquipmentShortfall.objects.filter(
        school=school, kind__code="shield", made_good_at=None
    ).exists()
    assert filed.count() == before + 1
    item_services.retire_item(actor=User.objects.get(username="s02.officer"), item=made_good)
    services.sweep(today)
    services.sweep(today)
    assert filed.count() == before + 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("minimum", 0), ("minimum", 1001), ("basis", "per-class"), ("source", "  ")],
)
def test_bad_input_is_refused_and_nothing_saved(field, value):
    values = {"code": "cut-gloves", "basis": "guard", "minimum": 1, "source": SOURCE}
    values[field] = value
    with pytest.raises(InvalidFields) as refused:
        set_line(**values)
    assert field in refused.value.fields
    assert not RequiredEquipment.objects.filter(kind__code="cut-gloves").exists()


def test_the_form_names_the_field_in_the_page_language(login):
    client = login("bureau.admin")
    url = f"/orgs/{district().pk}/defences/rules/equipment/"
    kind = EquipmentType.objects.get(code="cut-gloves").pk
    sent = {"kind": kind, "basis": "guard", "minimum": "0", "source": SOURCE}
    response = client.post(url, sent, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert not RequiredEquipment.objects.filter(kind_id=kind).exists()
    assert "id_minimum" in response.content.decode()
    assert response.context["line_form"].errors["minimum"]


def test_the_bureau_adds_and_removes_a_line_and_others_see_no_buttons(login):
    org = district()
    kind = EquipmentType.objects.get(code="cut-gloves")
    client = login("bureau.admin")
    sent = {"kind": kind.pk, "basis": "guard", "minimum": "2", "source": SOURCE}
    assert client.post(f"/orgs/{org.pk}/defences/rules/equipment/", sent).status_code == 302
    line = RequiredEquipment.objects.get(rule_set=rules_for(org), kind=kind)
    assert (line.minimum, line.basis, line.source) == (2, "guard", SOURCE)
    page = client.get(f"/orgs/{org.pk}/defences/rules/").content.decode()
    assert SOURCE in page and "required-form" in page
    inspector = login("bureau.inspector").get(f"/orgs/{org.pk}/defences/rules/")
    assert SOURCE in inspector.content.decode()
    assert "required-form" not in inspector.content.decode()
    assert "rules_equipment_remove" not in inspector.content.decode()
    removed = client.post(f"/orgs/{org.pk}/defences/rules/equipment/remove/", {"kind": kind.pk})
    assert removed.status_code == 302
    assert not RequiredEquipment.objects.filter(kind=kind).exists()


def test_the_equipment_page_shows_required_kept_short_and_the_source(org, login):
    school = org("s02")
    set_line("shield", "school", kept(school, "shield") + 2, source="本区自定：每校盾牌")
    page = login("s02.officer").get(f"/orgs/{school.pk}/defences/equipment/")
    text = page.content.decode()
    assert "本区自定：每校盾牌" in text
    assert 'data-short="2"' in text


def test_the_demo_district_requires_two_lines_and_a_school_is_short(org):
    lines = RequiredEquipment.objects.filter(rule_set=rules_for(district()))
    assert {line.kind.code for line in lines} == {"steel-fork", "stab-vest"}
    assert all("no published quantity" in line.source for line in lines)
    assert need(org("s04"), "stab-vest").short == 1
    assert EquipmentShortfall.objects.filter(
        school=org("s04"), kind__code="stab-vest", made_good_at=None, hazard__isnull=False
    ).exists()
