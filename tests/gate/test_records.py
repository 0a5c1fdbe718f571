"""Confiscations (head teacher told), the gate duty log (one row a session, corrections
audited), the bureau's coverage and counts, the xlsx report (masked)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Notification
from safecampus.gate import queries
from safecampus.gate.models import DutyLog
from safecampus.gate.services import confiscations, duty, visits
from safecampus.students.models import Student

pytestmark = pytest.mark.django_db


def test_a_confiscation_tells_the_students_head_teacher(org, person):
    student = Student.objects.filter(
        school=org("s01"), school_class__head_teacher=person("s01.headteacher")
    ).first()
    record = confiscations.record_confiscation(
        actor=person("s01.guard"),
        school=org("s01"),
        kind="knife",
        item="弹簧刀",
        student=student,
        place="南大门",
        handling="police",
    )
    note = Notification.objects.filter(
        user=person("s01.headteacher"), kind="gate.confiscation"
    ).latest("pk")
    assert "弹簧刀" in note.title
    assert record.found_by == person("s01.guard")


def test_a_confiscation_refuses_bad_input(org, person):
    with pytest.raises(DomainError):
        confiscations.record_confiscation(
            actor=person("s01.guard"),
            school=org("s01"),
            kind="knife",
            item="刀",
            place="门口",
            handling="police",
            found_at=timezone.now() + timedelta(hours=1),
        )
    other = Student.objects.filter(school=org("s02")).first()
    with pytest.raises(DomainError):
        confiscations.record_confiscation(
            actor=person("s01.guard"),
            school=org("s01"),
            kind="knife",
            item="刀",
            place="门口",
            handling="police",
            student=other,
        )


def test_duty_is_one_row_a_session_and_corrections_are_audited(org, person):
    school = org("s01")
    day = timezone.localdate() - timedelta(days=60)
    first = duty.record_duty(
        actor=person("s01.guard"),
        school=school,
        day=day,
        session="arrival",
        guards=2,
        teachers=1,
        police=0,
        barriers=True,
    )
    again = duty.record_duty(
        actor=person("s01.guard"),
        school=school,
        day=day,
        session="arrival",
        guards=2,
        teachers=1,
        police=1,
        barriers=True,
    )
    assert first.pk == again.pk
    assert DutyLog.objects.filter(school=school, day=day).count() == 1
    event = AuditEvent.objects.filter(action="duty.record").latest("pk")
    assert event.changes == {"police": [0, 1]}


def test_coverage_counts_sessions_with_police(org, person):
    school = org("s02")
    day = timezone.localdate() - timedelta(days=1)
    while not queries.SchoolCalendar(school, day, day).is_school_day(day):
        day -= timedelta(days=1)
    DutyLog.objects.filter(school=school, day=day).delete()
    for session, police in (("arrival", 1), ("dismissal", 0)):
        duty.record_duty(
            actor=person("s02.guard"),
            school=school,
            day=day,
            session=session,
            guards=1,
            teachers=1,
            police=police,
            barriers=False,
        )
    rows = queries.coverage(
        user=person("bureau.admin"), bureau=org("demo-district"), start=day, end=day
    )
    row = next(r for r in rows if r["school"] == school)
    assert (row["sessions"], row["logged"], row["police"], row["police_rate"]) == (2, 2, 1, 50)


def test_bureau_counts_show_watchlist_holds_per_school(org, person):
    from safecampus.gate.services import watchlist

    watchlist.add_entry(
        actor=person("police.liaison"),
        org=org("demo-district"),
        name="甲",
        phone="19700009999",
        reason="r",
    )
    visits.register_visit(
        actor=person("s02.guard"), school=org("s02"), name="甲", phone="19700009999", purpose="x"
    )
    today = timezone.localdate()
    counts = {
        s.code: n
        for s, n in queries.bureau_counts(
            user=person("police.liaison"), bureau=org("demo-district"), start=today, end=today
        )
    }
    assert counts["s02"]["holds"] >= 1
    assert set(counts) == {f"s0{i}" for i in range(1, 9)}


def test_the_report_has_every_sheet_and_masks_identifiers(org, person, login):
    school = org("s01")
    visits.register_visit(
        actor=person("s01.guard"),
        school=school,
        name="报表访客",
        id_number="11010519491231002X",
        phone="13912345678",
        purpose="x",
    )
    today = timezone.localdate()
    start = (today - timedelta(days=30)).isoformat()
    response = login("s01.officer").get(
        f"/schools/{school.pk}/gate/reports/?start={start}&end={today.isoformat()}&download=1"
    )
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(wb.sheetnames) == 5
    cells = " ".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
    )
    assert "报表访客" in cells and "110105********002X" in cells
    assert "11010519491231002X" not in cells and "13912345678" not in cells


def test_the_report_refuses_a_reversed_range(org, login):
    school = org("s01")
    response = login("s01.officer").get(
        f"/schools/{school.pk}/gate/reports/?start=2026-11-20&end=2026-11-01&download=1"
    )
    assert response["Content-Type"].startswith("text/html")
