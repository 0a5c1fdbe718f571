"""Recording a 1530 entry: the head teacher's own class on a school day, once; everything else
is refused with a clear message and changes nothing."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent
from safecampus.education.models import Reminder1530, Slot
from safecampus.education.services.log import record_reminder
from tests.education.helpers import SCHOOL_DAY, s01_class, topic

pytestmark = pytest.mark.django_db


def _record(person, position=0, day=SCHOOL_DAY, **kwargs):
    Reminder1530.objects.filter(school_class=s01_class(position), day=day).delete()
    return record_reminder(
        actor=person, school_class=s01_class(position), day=day, topic=topic("traffic"), **kwargs
    )


def test_the_head_teacher_records_their_class(person):
    entry = _record(person("s01.headteacher"), note="过马路看灯")
    assert (entry.slot, entry.minutes, entry.note) == (Slot.DAY, 1, "过马路看灯")
    event = AuditEvent.objects.filter(action="education.record_1530").latest("seq")
    assert event.object_id == str(entry.pk)


def test_before_a_weekend_and_a_holiday_the_minutes_follow_the_rules(person):
    assert _record(person("s01.headteacher"), day=date(2026, 11, 27)).minutes == 5
    assert _record(person("s01.headteacher"), day=date(2026, 9, 30)).minutes == 30


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 10, 1), "不是上课日"),
        (date(2026, 11, 28), "不是上课日"),
        (None, "尚未到来"),
    ],
    ids=["holiday", "saturday", "future"],
)
def test_a_day_without_school_or_to_come_is_refused(person, day, message):
    day = day or timezone.localdate() + timedelta(days=1)
    before = Reminder1530.objects.count()
    with pytest.raises(DomainError, match=message):
        _record(person("s01.headteacher"), day=day)
    assert Reminder1530.objects.count() == before


def test_another_teachers_class_is_refused_but_the_principal_may(person):
    with pytest.raises(PermissionRefused):
        _record(person("s01.headteacher"), position=1)
    assert _record(person("s01.principal"), position=1).recorded_by.username == "s01.principal"


def test_a_guard_may_not_record(person):
    with pytest.raises(PermissionRefused):
        _record(person("s01.guard"))


def test_a_second_entry_for_the_day_is_refused_and_a_replay_answers_the_first(person):
    teacher = person("s01.headteacher")
    client_id = uuid.uuid4()
    first = _record(teacher, client_uuid=client_id)
    again = record_reminder(
        actor=teacher,
        school_class=s01_class(0),
        day=SCHOOL_DAY,
        topic=topic("fire"),
        client_uuid=client_id,
    )
    assert again.pk == first.pk
    with pytest.raises(DomainError, match="已经记录"):
        record_reminder(
            actor=teacher, school_class=s01_class(0), day=SCHOOL_DAY, topic=topic("fire")
        )
    assert Reminder1530.objects.filter(school_class=s01_class(0), day=SCHOOL_DAY).count() == 1
