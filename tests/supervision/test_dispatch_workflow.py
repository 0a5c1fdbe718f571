"""The dispatch tables hold: every move the services allow is in DISPATCH or TASK_RECIPIENT,
and every move they do not list is refused with the table's message, changing nothing."""

import pytest
from hypothesis import strategies as st

from safecampus.core.models import AuditEvent, Notification, User
from safecampus.supervision.models import (
    DispatchedTask,
    DispatchKind,
    TaskRecipient,
    TaskReply,
)
from safecampus.supervision.services import dispatch as services
from safecampus.supervision.workflow import DISPATCH, TASK_RECIPIENT
from tests.supervision.dispatch_helpers import copy_of, full_reply, officer, send
from tests.workflows import check_move, every_move

pytestmark = pytest.mark.django_db


def _trace_task(task):
    return (
        list(DispatchedTask.objects.filter(pk=task.pk).values_list("status", "title")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@every_move(DISPATCH, extra=(st.none(), None))
def test_task_moves_follow_the_table(state, action, extra):
    admin = User.objects.get(username="bureau.admin")

    def make(status):
        task = send()
        DispatchedTask.objects.filter(pk=task.pk).update(status=status)
        task.refresh_from_db()
        return task

    check_move(
        DISPATCH,
        state,
        action,
        make=make,
        act=lambda task, act: services.end_task(actor=admin, task=task, action=act),
        trace=_trace_task,
    )


def _trace_copy(copy):
    return (
        list(
            TaskRecipient.objects.filter(pk=copy.pk).values_list(
                "status", "read_at", "reminded_at", "escalated_at"
            )
        ),
        list(
            TaskReply.objects.filter(recipient=copy).values_list(
                "pk", "reviewed_at", "return_reason"
            )
        ),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _act(copy, action):
    task = copy.task
    if action == "reply":
        return services.reply(actor=officer(), recipient=copy, **full_reply(task))
    if action == "acknowledge":
        return services.acknowledge(actor=officer(), recipient=copy)
    return services.review(
        actor=User.objects.get(username="bureau.inspector"),
        recipient=copy,
        action=action,
        reason="数据不全",
    )


@every_move(TASK_RECIPIENT, extra=(st.none(), None))
def test_a_schools_copy_moves_follow_the_table(state, action, extra):
    # Acknowledging is a notice's answer; every other move is a task's.
    kind = DispatchKind.NOTICE if action == "acknowledge" else DispatchKind.TASK

    def make(status):
        copy = copy_of(send(kind))
        if status != "pending":
            TaskReply.objects.create(
                recipient=copy,
                text="旧答复",
                submitted_by=officer(),
                submitted_at=copy.task.sent_at,
            )
        TaskRecipient.objects.filter(pk=copy.pk).update(status=status)
        return copy_of(copy.task)

    check_move(TASK_RECIPIENT, state, action, make=make, act=_act, trace=_trace_copy)
