"""Hiring checks (入职查询): who is overdue at the school and across the bureau, a check
recorded from the page, bad input refused, and the reminder before a check lapses sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import InvalidFields
from safecampus.core.models import AuditEvent, Notification, User
from safecampus.defences.models import BackgroundCheck
from safecampus.defences.rules import months_before
from safecampus.defences.services import checks as services
from tests.defences.helpers import add_guard

pytestmark = pytest.mark.django_db


def test_the_school_sees_who_is_overdue_most_urgent_first(login, org):
    school = org("s01")
    page = login("s01.officer").get(f"/orgs/{school.pk}/defences/checks/").content.decode()
    table = page[page.index('id="checks"') :]
    # The demo's s01.teacher3 was never checked; the principal's re-check is due this month.
    assert table.index('data-status="never"') < table.index('data-status="soon"')
    assert table.index('data-status="soon"') < table.index('data-status="ok"')


def test_recording_a_check_puts_the_person_in_order(login, org):
    school = org("s01")
    teacher = User.objects.get(username="s01.teacher3")
    client = login("s01.officer")
    response = client.post(
        f"/orgs/{school.pk}/defences/checks/",
        {"person": f"u-{teacher.pk}", "kind": "recheck", "result": "clear",
         "checked_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    check = BackgroundCheck.objects.get(user=teacher)
    assert check.school == school
    assert AuditEvent.objects.filter(action="defence.check", object_id=str(check.pk)).exists()
    page = client.get(f"/orgs/{school.pk}/defences/checks/").content.decode()
    assert 'data-status="never"' not in page


def test_a_future_date_or_a_stranger_is_refused(org):
    officer = User.objects.get(username="s01.officer")
    stranger = User.objects.get(username="s02.teacher")
    assert services.person_of(org("s01"), f"u-{stranger.pk}") is None
    with pytest.raises(InvalidFields) as refused:
        services.record_check(
            actor=officer,
            school=org("s01"),
            person=None,
            kind="recheck",
            checked_on=timezone.localdate() + timedelta(days=1),
            result="clear",
        )
    assert set(refused.value.fields) == {"person", "checked_on"}


def test_the_bureau_sees_the_schools_with_people_overdue(login, org):
    district = org("demo-district")
    page = login("bureau.inspector").get(f"/orgs/{district.pk}/defences/checks/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "城南实验小学" in text and "table-warning" in text


def test_the_reminder_before_a_check_lapses_is_sent_once(org):
    school = org("s04")
    officer = User.objects.get(username="s04.officer")
    guard = add_guard(school, name="提醒保安")
    today = timezone.localdate()
    services.record_check(
        actor=officer,
        school=school,
        person=guard,
        kind="pre_hire",
        checked_on=months_before(today, 12) + timedelta(days=10),
        result="clear",
    )
    told = Notification.objects.filter(user=officer, kind="defence.check_remind")
    before = told.count()
    services.send_reminders(today)
    assert told.count() == before + 1
    assert "提醒保安" in str(told.order_by("-pk").first().title)
    services.send_reminders(today)
    services.send_reminders(today + timedelta(days=1))
    assert told.count() == before + 1


def test_a_newer_check_is_not_reminded_for_the_old_one(org):
    school = org("s04")
    officer = User.objects.get(username="s04.officer")
    guard = add_guard(school, name="新查保安")
    today = timezone.localdate()
    for day in (months_before(today, 12) + timedelta(days=10), today):
        services.record_check(
            actor=officer, school=school, person=guard, kind="recheck", checked_on=day,
            result="clear",
        )  # fmt: skip
    told = Notification.objects.filter(kind="defence.check_remind", title__contains="新查保安")
    services.send_reminders(today)
    assert not told.exists()
