"""The checks' workflow table holds: a scheduled check is submitted once, due or missed, and the
periodic job marks only due ones missed; any other move is refused with the table's message (or
passed over by the job) and changes nothing (tests/workflows.py)."""

import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent
from safecampus.hazards.models import Hazard
from safecampus.inspections import services
from safecampus.inspections.models import CheckTask, Inspection, ItemKind, TaskStatus
from safecampus.inspections.services.templates import current_version
from safecampus.inspections.workflow import CHECK_TASK
from tests.workflows import check_move, check_sweep, every_move

pytestmark = pytest.mark.django_db

ITEMS = [
    {"text": "门锁完好", "kind": ItemKind.PASS_FAIL},
    {"text": "留样重量", "kind": ItemKind.NUMBER, "min_value": 125, "max_value": 1000},
]


@every_move(
    CHECK_TASK,
    outcome=(st.sampled_from(["pass", "na"]), "pass"),
    grams=(st.integers(125, 1000), 200),
)
def test_a_scheduled_check_follows_its_table(state, action, outcome, grams, org, person):
    school, officer = org("s01"), person("s01.officer")
    now = timezone.now()

    def make(state):
        template = services.create_template(
            actor=officer, school=school, name="工作流检查表", area="canteen", items=ITEMS
        )
        schedule = services.create_schedule(
            actor=officer,
            school=school,
            template=template,
            person=officer,
            recurrence="daily",
            at=time(0, 5),
            window_minutes=24 * 60 - 10,
            starts_on=timezone.localdate() - timedelta(days=1),
            school_days_only=False,
        )
        task = schedule.tasks.get(day=timezone.localdate())
        # Due: open now. Missed or done: its window is over.
        ended = state != TaskStatus.DUE
        task.due_from = now - timedelta(hours=3 if ended else 1)
        task.due_by = now - timedelta(hours=1) if ended else now + timedelta(hours=1)
        task.status = state
        task.save()
        if state == TaskStatus.DONE:
            Inspection.objects.create(
                school=school,
                version=current_version(template),
                task=task,
                inspector=officer,
                client_uuid=uuid.uuid4(),
                submitted_at=now - timedelta(hours=2),
            )
        return task

    def submit(task):
        items = list(current_version(task.template).items.all())
        answers = {items[0].pk: {"outcome": outcome}, items[1].pk: {"number": str(grams)}}
        services.submit_inspection(
            actor=officer, school=school, client_uuid=uuid.uuid4(), task=task, answers=answers
        )

    def trace(task):
        return (
            list(CheckTask.objects.filter(pk=task.pk).values()),
            list(Inspection.objects.filter(task=task).values()),
            AuditEvent.objects.count(),
            Hazard.objects.count(),
        )

    if action == "miss":
        check_sweep(
            CHECK_TASK,
            state,
            action,
            make=make,
            sweep=lambda task: services.mark_missed(now=task.due_by + timedelta(seconds=1)),
            trace=trace,
        )
        return
    check_move(
        CHECK_TASK,
        state,
        action,
        make=make,
        act=lambda task, _action: submit(task),
        trace=trace,
    )


def test_the_table_covers_every_status():
    assert set(CHECK_TASK.states) == set(TaskStatus)
    assert CHECK_TASK.actions == ["miss", "submit"]
