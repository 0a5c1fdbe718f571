"""Checklists, schedules and inspections through their services: what a safety officer, a guard
and a teacher would notice."""

import uuid
from datetime import date, time, timedelta

import pytest
from django.utils import timezone, translation

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import CalendarException, DayKind, Post, PostKind, Zone
from safecampus.core.services import calendar as calendar_services
from safecampus.hazards.models import Hazard, Source
from safecampus.inspections import services
from safecampus.inspections.models import (
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    ItemKind,
    Outcome,
    TaskStatus,
)
from safecampus.inspections.queries import my_tasks, task_state
from safecampus.inspections.services.templates import current_version
from tests.helpers import png

pytestmark = pytest.mark.django_db

ITEMS = [
    {"group": "A", "text": "门锁完好", "kind": ItemKind.PASS_FAIL, "category": "public_security"},
    {
        "text": "留样重量",
        "kind": ItemKind.NUMBER,
        "min_value": 125,
        "max_value": 1000,
        "unit": "克",
    },
    {"text": "备注", "kind": ItemKind.TEXT},
]


@pytest.fixture
def school(org):
    return org("s01")


@pytest.fixture
def officer(person):
    return person("s01.officer")


@pytest.fixture
def template(school, officer):
    return services.create_template(
        actor=officer, school=school, name="测试检查表", area="gate", items=ITEMS
    )


def schedule_for(school, officer, template, **extra):
    fields = {
        "recurrence": "daily",
        "at": time(0, 5),
        "window_minutes": 24 * 60 - 10,
        "starts_on": timezone.localdate() - timedelta(days=10),
        "school_days_only": False,
        **extra,
    }
    return services.create_schedule(actor=officer, school=school, template=template, **fields)


def answers(template, outcome="pass", number="200"):
    items = list(current_version(template).items.all())
    return {
        items[0].pk: {"outcome": outcome},
        items[1].pk: {"number": number},
        items[2].pk: {"text": "一切正常"},
    }


# Templates and versions ------------------------------------------------------------------------


def test_editing_a_used_checklist_starts_a_new_version_and_the_old_check_keeps_its_items(
    school, officer, template
):
    first = services.submit_inspection(
        actor=officer,
        school=school,
        template=template,
        client_uuid=uuid.uuid4(),
        answers=answers(template),
    )
    old_item = current_version(template).items.get(text="门锁完好")
    services.update_item(
        actor=officer,
        template=template,
        item_id=old_item.pk,
        text="门锁与门禁完好",
        kind=ItemKind.PASS_FAIL,
        category="public_security",
    )
    assert current_version(template).number == 2
    assert first.version.number == 1
    texts = [r.item.text for r in first.results.select_related("item")]
    assert "门锁完好" in texts and "门锁与门禁完好" not in texts
    assert "门锁与门禁完好" in [i.text for i in current_version(template).items.all()]


def test_editing_an_unused_checklist_keeps_its_version(school, officer, template):
    services.add_item(actor=officer, template=template, text="灯光", kind=ItemKind.PASS_FAIL)
    assert current_version(template).number == 1
    assert current_version(template).items.count() == 4


def test_bad_item_input_is_refused_and_changes_nothing(school, officer, template):
    before = current_version(template).items.count()
    with pytest.raises(DomainError):
        services.add_item(actor=officer, template=template, text="  ", kind=ItemKind.PASS_FAIL)
    with pytest.raises(DomainError):
        services.add_item(
            actor=officer,
            template=template,
            text="温度",
            kind=ItemKind.NUMBER,
            min_value=10,
            max_value=5,
        )
    assert current_version(template).items.count() == before


def test_a_teacher_cannot_edit_checklists(school, person, template):
    with pytest.raises(PermissionRefused):
        services.add_item(
            actor=person("s01.teacher"), template=template, text="x", kind="pass_fail"
        )


def test_the_library_is_adopted_once_per_school(school, officer):
    first = services.adopt_from_library(actor=officer, school=school, key="school_bus_daily")
    again = services.adopt_from_library(actor=officer, school=school, key="school_bus_daily")
    assert first.pk == again.pk
    assert current_version(first).items.count() == 7


# Schedules and tasks ---------------------------------------------------------------------------


def test_generating_twice_creates_no_duplicates(school, officer, template):
    schedule = schedule_for(school, officer, template, person=officer)
    today = timezone.localdate()
    services.generate_tasks(school, today - timedelta(days=10), today)
    again = services.generate_tasks(school, today - timedelta(days=10), today)
    assert again == 0
    days = list(schedule.tasks.values_list("day", flat=True))
    assert len(days) == len(set(days))
    # Ten days back to today, and tomorrow's made when it was scheduled.
    assert len(days) == 12 and max(days) == today + timedelta(days=1)


def test_no_task_on_the_schools_holiday(school, officer, template):
    today = timezone.localdate()
    holiday = today + timedelta(days=3)
    calendar_services.add_exception(
        actor=officer, org=school, name="测试假日", kind=DayKind.HOLIDAY, start=holiday, end=holiday
    )
    schedule = schedule_for(school, officer, template, person=officer, school_days_only=True)
    services.generate_tasks(school, today, today + timedelta(days=7))
    assert CalendarException.objects.filter(org=school, start=holiday).exists()
    assert not schedule.tasks.filter(day=holiday).exists()


def test_a_task_of_a_post_is_in_the_holders_checks_today(school, officer, person, template):
    post = Post.objects.get(school=school, kind=PostKind.GUARD)
    schedule_for(school, officer, template, post=post)
    guard_tasks = [t.template_id for t in my_tasks(person("s01.guard"), school)]
    teacher_tasks = [t.template_id for t in my_tasks(person("s01.teacher"), school)]
    assert template.pk in guard_tasks
    assert template.pk not in teacher_tasks


def test_a_task_of_a_zone_goes_to_its_responsible(school, officer, template):
    zone = Zone.objects.filter(school=school, responsible__isnull=False).first()
    schedule_for(school, officer, template, zone=zone)
    assert template.pk in [t.template_id for t in my_tasks(zone.responsible, school)]


def test_a_schedule_needs_someone_to_do_it(school, officer, template):
    with pytest.raises(DomainError):
        schedule_for(school, officer, template)
    with pytest.raises(DomainError):
        schedule_for(school, officer, template, person=officer, recurrence="weekly", weekday=None)


def test_an_ended_window_makes_the_task_missed(school, officer, template):
    schedule = schedule_for(school, officer, template, person=officer)
    task = schedule.tasks.get(day=timezone.localdate())
    services.mark_missed(now=task.due_by + timedelta(seconds=1))
    task.refresh_from_db()
    assert task.status == TaskStatus.MISSED
    assert task_state(task) == "missed"


def test_stopping_a_schedule_withdraws_its_future_tasks(school, officer, template):
    schedule = schedule_for(school, officer, template, person=officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert schedule.tasks.filter(day=tomorrow).exists()
    services.stop_schedule(actor=officer, schedule=schedule)
    assert not schedule.tasks.filter(day=tomorrow).exists()
    assert schedule.tasks.filter(day=timezone.localdate()).exists()


# Inspections -----------------------------------------------------------------------------------


def _today_task(school, officer, template, who):
    schedule = schedule_for(school, officer, template, person=who)
    return schedule.tasks.get(day=timezone.localdate())


def test_a_failed_item_creates_exactly_one_hazard_even_when_submitted_twice(
    school, officer, person, template
):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    client_uuid = uuid.uuid4()
    photo = {current_version(template).items.get(text="门锁完好").pk: [png()]}
    before = Hazard.objects.count()
    kwargs = {
        "actor": teacher,
        "school": school,
        "task": task,
        "client_uuid": client_uuid,
        "answers": answers(template, outcome="fail"),
        "photos": photo,
    }
    first = services.submit_inspection(**kwargs)
    second = services.submit_inspection(**{**kwargs, "photos": {k: [png()] for k in photo}})
    assert first.pk == second.pk
    assert Hazard.objects.count() == before + 1
    hazard = Hazard.objects.latest("pk")
    assert hazard.source == Source.CHECKLIST
    assert hazard.category == "public_security"
    assert hazard.origin_url.endswith(f"/checks/inspections/{first.pk}/")
    assert hazard.events.get(action="report").photos.count() == 1
    assert Inspection.objects.filter(task=task).count() == 1


def test_a_number_out_of_range_fails_and_files_a_hazard(school, officer, person, template):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    number_item = current_version(template).items.get(text="留样重量")
    inspection = services.submit_inspection(
        actor=teacher,
        school=school,
        task=task,
        client_uuid=uuid.uuid4(),
        answers=answers(template, number="80"),
        photos={number_item.pk: [png()]},
    )
    result = inspection.results.get(item=number_item)
    assert result.outcome == Outcome.FAIL
    assert "80" in result.hazard.description


def test_a_failed_item_without_its_photo_is_refused_and_nothing_is_saved(
    school, officer, person, template
):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    before = (Inspection.objects.count(), Hazard.objects.count())
    with pytest.raises(services.AnswersInvalid) as refused:
        services.submit_inspection(
            actor=teacher,
            school=school,
            task=task,
            client_uuid=uuid.uuid4(),
            answers=answers(template, outcome="fail"),
        )
    assert list(refused.value.problems) == [current_version(template).items.get(text="门锁完好").pk]
    assert (Inspection.objects.count(), Hazard.objects.count()) == before
    task.refresh_from_db()
    assert task.status == TaskStatus.DUE


def test_an_unanswered_item_is_refused(school, officer, person, template):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    partial = answers(template)
    partial.pop(next(iter(partial)))
    with pytest.raises(services.AnswersInvalid):
        services.submit_inspection(
            actor=teacher, school=school, task=task, client_uuid=uuid.uuid4(), answers=partial
        )


def test_someone_elses_check_is_refused(school, officer, person, template):
    task = _today_task(school, officer, template, person("s01.teacher"))
    with pytest.raises(PermissionRefused):
        services.submit_inspection(
            actor=person("s01.guard"),
            school=school,
            task=task,
            client_uuid=uuid.uuid4(),
            answers=answers(template),
        )


def test_a_check_done_once_cannot_be_done_again_with_another_submission(
    school, officer, person, template
):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    services.submit_inspection(
        actor=teacher,
        school=school,
        task=task,
        client_uuid=uuid.uuid4(),
        answers=answers(template),
    )
    with translation.override("en"), pytest.raises(DomainError, match="already done"):
        services.submit_inspection(
            actor=officer,
            school=school,
            task=task,
            client_uuid=uuid.uuid4(),
            answers=answers(template),
        )


def test_late_is_judged_by_the_phones_time_and_both_times_are_kept(
    school, officer, person, template
):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    on_time = task.due_from + timedelta(minutes=5)
    synced = task.due_by + timedelta(hours=1)
    inspection = services.submit_inspection(
        actor=teacher,
        school=school,
        task=task,
        client_uuid=uuid.uuid4(),
        answers=answers(template),
        device_time=on_time,
        now=synced,
    )
    assert inspection.device_time == on_time
    assert inspection.submitted_at == synced
    assert not inspection.late
    assert task_state(CheckTask.objects.get(pk=task.pk)) == "done"


def test_a_check_done_after_its_window_is_late(school, officer, person, template):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    services.mark_missed(now=task.due_by + timedelta(minutes=1))
    inspection = services.submit_inspection(
        actor=teacher,
        school=school,
        task=task,
        client_uuid=uuid.uuid4(),
        answers=answers(template),
        now=task.due_by + timedelta(minutes=30),
    )
    assert inspection.late
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task_state(task) == "late"


def test_a_submission_id_of_another_person_is_refused(school, officer, person, template):
    client_uuid = uuid.uuid4()
    services.submit_inspection(
        actor=officer,
        school=school,
        template=template,
        client_uuid=client_uuid,
        answers=answers(template),
    )
    with pytest.raises(DomainError):
        services.submit_inspection(
            actor=person("s01.teacher"),
            school=school,
            template=template,
            client_uuid=client_uuid,
            answers=answers(template),
        )


def test_the_demo_history_has_done_missed_and_failed_checks(org):
    school = org("s01")
    statuses = set(CheckTask.objects.filter(school=school).values_list("status", flat=True))
    assert {TaskStatus.DONE, TaskStatus.MISSED} <= statuses
    failed = InspectionResult.objects.filter(
        inspection__school=school, outcome=Outcome.FAIL, hazard__isnull=False
    )
    assert failed.exists()
    assert ChecklistTemplate.objects.filter(school=school).count() >= 6
    assert date(2026, 1, 1) < CheckTask.objects.filter(school=school).earliest("day").day


def test_a_phone_clock_ahead_of_the_server_or_days_old_does_not_decide_lateness(
    school, officer, person, template
):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    synced = task.due_by + timedelta(hours=2)
    stale = synced - timedelta(days=5)  # a clock reset to last week: kept, but not believed
    inspection = services.submit_inspection(
        actor=teacher,
        school=school,
        task=task,
        client_uuid=uuid.uuid4(),
        answers=answers(template),
        device_time=stale,
        now=synced,
    )
    assert inspection.device_time == stale
    assert inspection.late


def test_a_huge_number_is_refused_not_saved(school, officer, person, template):
    teacher = person("s01.teacher")
    task = _today_task(school, officer, template, teacher)
    with pytest.raises(services.AnswersInvalid):
        services.submit_inspection(
            actor=teacher,
            school=school,
            task=task,
            client_uuid=uuid.uuid4(),
            answers=answers(template, number="1e12"),
        )
