"""Technical systems (技防): bad input refused with the field named; retention judged against the
region's rule set (its source on the page); a failed test files a hazard at the place; a test
moves the next due day by the type's interval; the bureau's figures and the "four 100%" police
link; the 器材台账 and 技防设施台账 as xlsx and in the ledger pack's registry."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core import ledgers
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.metrics import table
from safecampus.core.models import Org, User, Zone
from safecampus.defences.models import SystemTest, SystemType, TechSystem
from safecampus.defences.services import systems as services
from safecampus.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def officer(code="s02"):
    return User.objects.get(username=f"{code}.officer")


def place(school):
    return Zone.objects.filter(school=school).order_by("pk").first()


def add(school, code="video", **fields):
    video = code == "video"
    values = {
        "zone": place(school),
        "kind": SystemType.objects.get(code=code),
        "cameras": 8 if video else None,
        "cameras_working": 8 if video else None,
        "retention_days": 30 if video else None,
        "installed_on": date(2024, 1, 1),
    } | fields
    return services.add_system(actor=officer(school.code), school=school, **values)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cameras", -1),
        ("cameras_working", 9),  # more working than installed
        ("retention_days", None),  # video must say how long it keeps
        ("installed_on", date(2099, 1, 1)),
    ],
)
def test_bad_input_is_refused_with_the_field_named(field, value, org):
    school = org("s02")
    before = TechSystem.objects.count()
    with pytest.raises(InvalidFields) as refused:
        add(school, **{field: value})
    assert field in refused.value.fields
    assert TechSystem.objects.count() == before


def test_cameras_typed_for_an_alarm_box_are_refused_not_dropped(org):
    with pytest.raises(InvalidFields) as refused:
        add(org("s02"), code="alarm-box", cameras=3)
    assert "cameras" in refused.value.fields


def test_retention_is_judged_against_the_regions_rule_set_with_its_source(login, org):
    school = org("s02")
    short = add(school, retention_days=29)
    enough = add(school, retention_days=30)
    page = login("s02.officer").get(f"/orgs/{school.pk}/defences/systems/").content.decode()
    assert page.count('data-state="retention_short"') == 1
    assert "GB/T 29315-2012" in page and "GB/T 29315-2022" in page  # the source and the doubt
    detail = login("s02.officer").get(short.get_absolute_url()).content.decode()
    assert 'data-state="retention_short"' in detail
    detail = login("s02.officer").get(enough.get_absolute_url()).content.decode()
    assert 'data-state="retention_short"' not in detail


def test_a_failed_test_files_a_hazard_at_the_systems_place(org):
    school = org("s02")
    system = add(school, code="alarm-box", police_linked=True)
    today = timezone.localdate()
    with pytest.raises(InvalidFields) as refused:
        services.test_system(actor=officer(), system=system, tested_on=today, ok=False)
    assert "note" in refused.value.fields
    assert not SystemTest.objects.filter(system=system).exists()
    made = services.test_system(
        actor=officer(), system=system, tested_on=today, ok=False, note="110未回拨"
    )
    hazard = Hazard.objects.get(pk=made.hazard_id)
    assert hazard.zone == system.zone and "110未回拨" in hazard.description
    assert hazard.origin_url == system.get_absolute_url()
    system.refresh_from_db()
    assert system.last_test_ok is False
    assert system.test_due_on == today + timedelta(days=system.kind.test_every_days)


def test_a_test_replayed_by_the_phone_is_kept_once(org):
    system = add(org("s02"))
    uuid = "6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"
    today = timezone.localdate()
    first = services.test_system(
        actor=officer(), system=system, tested_on=today, ok=True, client_uuid=uuid
    )
    again = services.test_system(
        actor=officer(), system=system, tested_on=today, ok=True, client_uuid=uuid
    )
    assert first.pk == again.pk and system.tests.count() == 1


QUEUE = {"HTTP_X_SAFECAMPUS_QUEUE": "1"}


def test_a_guard_records_a_test_from_the_phones_queue_once(login, org):
    school = org("s02")
    system = add(school, code="alarm-box")
    guard = login("s02.guard")
    page = guard.get(system.get_absolute_url())
    assert page.status_code == 200 and page["X-SafeCampus-Offline"] == "keep"
    assert 'data-queue="' in page.content.decode() and 'name="client_uuid"' in page.content.decode()
    listing = guard.get(f"/orgs/{school.pk}/defences/systems/").content.decode()
    assert system.get_absolute_url() in listing
    data = {
        "tested_on": timezone.localdate().isoformat(),
        "ok": "0",
        "note": "按下无反应",
        "client_uuid": "0b6f7a4e-9c1d-4e2a-8f3b-5d6c7e8f9a0b",
    }
    url = f"/defences/systems/{system.pk}/test/"
    first = guard.post(url, data, **QUEUE)
    again = guard.post(url, data, **QUEUE)  # the queue sends it again after a lost answer
    assert first.status_code == again.status_code == 200 and first.json()["ok"]
    made = SystemTest.objects.get(system=system)
    assert made.tested_by.username == "s02.guard" and made.hazard_id is not None
    assert Hazard.objects.filter(pk=made.hazard_id).count() == 1
    # The guard does not keep the records: no retiring, no adding.
    assert guard.post(f"/defences/systems/{system.pk}/retire/").status_code == 403
    assert guard.get(f"/orgs/{school.pk}/defences/systems/new/").status_code == 403


def test_a_teacher_may_not_test_a_system(login, org):
    system = add(org("s02"), code="alarm-box")
    with pytest.raises(PermissionRefused):
        services.test_system(
            actor=User.objects.get(username="s02.teacher"),
            system=system,
            tested_on=timezone.localdate(),
            ok=True,
        )
    assert not system.tests.exists()


def test_a_video_test_counts_the_cameras_working(login, org):
    school = org("s02")
    system = add(school)
    client = login("s02.officer")
    url = f"/defences/systems/{system.pk}/test/"
    response = client.post(url, {"tested_on": "2026-11-01", "ok": "1", "cameras_working": "99"})
    assert response.status_code == 400 and "cameras_working" in response.context["form"].errors
    assert not system.tests.exists()
    response = client.post(url, {"tested_on": "2026-11-01", "ok": "1", "cameras_working": "6"})
    assert response.status_code == 302
    page = client.get(system.get_absolute_url()).content.decode()
    assert 'data-state="cameras_down"' in page


def test_a_system_out_of_use_takes_no_test(org):
    system = add(org("s02"))
    services.retire_system(actor=officer(), system=system)
    with pytest.raises(DomainError):
        services.test_system(
            actor=officer(), system=system, tested_on=timezone.localdate(), ok=True
        )


def test_the_bureau_sees_the_demos_gaps_in_its_figures(login, org):
    district = org("demo-district")
    schools = Org.objects.filter(code__in=["s02", "s03", "s05", "s06", "s07"])
    keys = [
        "defences.systems_failing",
        "defences.systems_overdue",
        "defences.retention_short",
        "defences.police_link",
    ]
    figures = table(keys, schools, None)
    by_code = {s.code: {k: figures[k][s.pk] for k in keys} for s in schools}
    assert by_code["s02"]["defences.systems_failing"] == 1
    assert by_code["s06"]["defences.systems_overdue"] == 1
    assert by_code["s03"]["defences.retention_short"] == 1
    assert by_code["s05"]["defences.police_link"] == 0
    assert by_code["s07"]["defences.police_link"] == 100
    page = login("bureau.admin").get(f"/orgs/{district.pk}/defences/systems/").content.decode()
    assert org("s02").name in page and org("s05").name in page


def _sheet(response):
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def test_the_equipment_and_systems_ledgers_download_and_join_the_pack(login, org):
    school = org("s03")
    client = login("s03.officer")
    rows = _sheet(client.get(f"/orgs/{school.pk}/defences/systems.xlsx"))
    video = next(r for r in rows[1:] if "校门及周界监控" in r)
    assert video[5] == 15 and video[6] == 30 and video[-1]  # kept 15 of 30 days: flagged
    rows = _sheet(client.get(f"/orgs/{school.pk}/defences/equipment.xlsx"))
    assert len(rows) > 1 and rows[1][0]
    assert {"defences_equipment", "defences_systems"} <= set(ledgers.LEDGERS)


def test_the_schools_overview_shows_its_systems_and_duty_gaps_first(login, org):
    s02 = org("s02")
    page = login("s02.officer").get(f"/orgs/{s02.pk}/defences/").content.decode()
    assert 'data-wrong="system"' in page and 'data-state="failed"' in page
    assert 'data-wrong="duty"' in page
