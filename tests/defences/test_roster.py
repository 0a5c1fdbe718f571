"""Duty roster (值守): a band of a gate with no one on duty is a gap the school sees and the
bureau counts; guards are set per gate, band and day (a foreign gate or a non-guard refused);
leaders on night duty only at a boarding school; a guard's home shows their own duty."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.metrics import table
from safecampus.core.models import AuditEvent, Org, User, Zone
from safecampus.defences.models import DutyBand, DutySlot
from safecampus.defences.queries import roster as queries
from safecampus.defences.services import roster as services

pytestmark = pytest.mark.django_db


def user(name):
    return User.objects.get(username=name)


def monday():
    return queries.week_of(timezone.localdate())


def test_the_demos_gaps_are_seen_by_the_school_and_counted_for_the_bureau(login, org):
    s02, s05, s08 = org("s02"), org("s05"), org("s08")
    page = login("s02.officer").get(f"/orgs/{s02.pk}/defences/roster/").content.decode()
    assert page.count("data-gap") == 1
    figures = table(
        ["defences.duty_gaps", "defences.nights_without_leader"],
        Org.objects.filter(code__in=["s01", "s02", "s05", "s08"]),
        None,
    )
    gaps, nights = figures["defences.duty_gaps"], figures["defences.nights_without_leader"]
    assert (gaps[org("s01").pk], gaps[s02.pk], gaps[s05.pk]) == (0, 1, 1)
    assert nights[s08.pk] == 1 and nights[s02.pk] == 0
    bureau = login("bureau.admin").get(f"/orgs/{org('demo-district').pk}/defences/roster/")
    assert s05.name in bureau.content.decode()


def test_a_school_without_bands_counts_each_day_as_one_band(org):
    school = org("s03")
    DutyBand.objects.filter(school=school).delete()
    gates = Zone.objects.filter(school=school, kind="gate").count()
    found = queries.gaps_by_school(Org.objects.filter(pk=school.pk), monday())
    assert found[school.pk] == (gates * 7, 0)


def test_setting_and_clearing_the_guards_of_a_band(login, org):
    school = org("s01")
    gate = Zone.objects.filter(school=school, kind="gate").first()
    band = DutyBand.objects.filter(school=school).first()
    day = monday() + timedelta(days=3)
    client = login("s01.officer")
    url = f"/orgs/{school.pk}/defences/roster/duty/"
    data = {"zone": gate.pk, "band": band.pk, "day": day.isoformat()}
    assert client.post(url, data).status_code == 302
    assert not DutySlot.objects.filter(zone=gate, band=band, day=day).exists()
    page = client.get(f"/orgs/{school.pk}/defences/roster/").content.decode()
    assert page.count("data-gap") == 1
    guard = user("s01.guard")
    assert client.post(url, data | {"guards": [guard.pk]}).status_code == 302
    assert list(DutySlot.objects.get(zone=gate, band=band, day=day).guards.all()) == [guard]


def test_a_foreign_gate_or_a_teacher_is_refused_and_nothing_changes(org):
    school = org("s01")
    band = DutyBand.objects.filter(school=school).first()
    foreign = Zone.objects.filter(school=org("s02"), kind="gate").first()
    before = DutySlot.objects.count()
    with pytest.raises(InvalidFields) as refused:
        services.set_duty(
            actor=user("s01.officer"), school=school, zone=foreign, band=band, day=monday(),
            guards=[user("s01.guard")],
        )  # fmt: skip
    assert "zone" in refused.value.fields
    gate = Zone.objects.filter(school=school, kind="gate").first()
    with pytest.raises(InvalidFields) as refused:
        services.set_duty(
            actor=user("s01.officer"), school=school, zone=gate, band=band, day=monday(),
            guards=[user("s01.teacher")],
        )  # fmt: skip
    assert "guards" in refused.value.fields
    assert DutySlot.objects.count() == before


def test_a_band_that_ends_when_it_starts_is_refused(org):
    with pytest.raises(InvalidFields) as refused:
        services.add_band(
            actor=user("s01.officer"), school=org("s01"), name="错班", starts=time(8), ends=time(8)
        )
    assert "ends" in refused.value.fields


def test_leaders_on_night_duty_only_at_a_boarding_school(org):
    with pytest.raises(DomainError):
        services.set_leader(
            actor=user("s01.officer"), school=org("s01"), day=monday(), leader=user("s01.principal")
        )
    with pytest.raises(InvalidFields) as refused:
        services.set_leader(
            actor=user("s08.officer"), school=org("s08"), day=monday(), leader=user("s08.teacher")
        )
    assert "leader" in refused.value.fields
    sunday = monday() + timedelta(days=6)
    services.set_leader(
        actor=user("s08.officer"), school=org("s08"), day=sunday, leader=user("s08.principal")
    )
    found = queries.gaps_by_school(Org.objects.filter(code="s08"), monday())
    assert found[org("s08").pk][1] == 0


def test_the_guards_home_shows_their_own_duty(login, org):
    school = org("s01")
    guard = user("s01.guard")
    slots = list(queries.my_duty(guard, school, timezone.localdate()))
    assert slots
    page = login("s01.guard").get("/").content.decode()
    assert slots[0].zone.path_name in page
    mine = login("s01.guard").get(f"/orgs/{school.pk}/defences/roster/?mine=1").content.decode()
    assert mine.count("<strong>") >= len(slots)


def test_copying_last_week_keeps_what_is_set_and_skips_guards_gone(login, org):
    school = org("s03")
    gate = Zone.objects.filter(school=school, kind="gate").order_by("path_name").first()
    band = DutyBand.objects.filter(school=school).order_by("starts").first()
    this_week = monday()
    last_week = this_week - timedelta(days=7)
    DutySlot.objects.filter(school=school, day__gte=last_week).delete()
    officer, guard = user("s03.officer"), user("s03.guard")
    services.set_duty(actor=officer, school=school, zone=gate, band=band, day=last_week,
                      guards=[guard])  # fmt: skip
    services.set_duty(actor=officer, school=school, zone=gate, band=band,
                      day=last_week + timedelta(days=1), guards=[guard])  # fmt: skip
    # Tuesday of this week is already set (closed): it stays as it is.
    services.set_duty(actor=officer, school=school, zone=gate, band=band,
                      day=this_week + timedelta(days=1), guards=[], closed=True)  # fmt: skip
    client = login("s03.officer")
    page = client.get(f"/orgs/{school.pk}/defences/roster/").content.decode()
    assert 'id="copy-form"' in page
    answer = client.post(
        f"/orgs/{school.pk}/defences/roster/copy/", {"week": this_week.isoformat()}
    )
    assert answer.status_code == 302
    monday_slot = DutySlot.objects.get(zone=gate, band=band, day=this_week)
    assert list(monday_slot.guards.all()) == [guard]
    tuesday = DutySlot.objects.get(zone=gate, band=band, day=this_week + timedelta(days=1))
    assert tuesday.closed and not tuesday.guards.exists()
    assert DutySlot.objects.filter(school=school, day__gte=this_week).count() == 2
    event = AuditEvent.objects.filter(action="defence.roster_copy", org=school).latest("pk")
    assert event.changes["slots"] == [None, 1]
    # Copied again: nothing new, every band already set.
    assert services.copy_last_week(actor=officer, school=school, monday=this_week) == 0


def test_copying_needs_the_keepers_capability(login, org):
    school = org("s03")
    guard = login("s03.guard")
    page = guard.get(f"/orgs/{school.pk}/defences/roster/").content.decode()
    assert 'id="copy-form"' not in page
    before = DutySlot.objects.filter(school=school).count()
    answer = guard.post(f"/orgs/{school.pk}/defences/roster/copy/", {"week": monday().isoformat()})
    assert answer.status_code == 403
    assert DutySlot.objects.filter(school=school).count() == before
