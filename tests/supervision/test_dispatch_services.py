"""Sending, reading, replying, reviewing, withdrawing, and the reminders and escalations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import AuditEvent, Notification, Org, User
from safecampus.supervision.models import (
    DispatchedTask,
    SupervisionRules,
    TaskRecipient,
    TaskReply,
)
from safecampus.supervision.queries import dispatch as queries
from safecampus.supervision.services import dispatch as services
from tests.supervision.dispatch_helpers import copy_of, full_reply, officer, send

pytestmark = pytest.mark.django_db


def _admin():
    return User.objects.get(username="bureau.admin")


def _district():
    return Org.objects.get(code="demo-district")


def test_sending_makes_one_copy_per_school_and_tells_their_leaders():
    before = Notification.objects.filter(kind="dispatch.send").count()
    task = send(figures=["灭火器数量", "", "  疏散标志数量 "])
    assert task.recipients.count() == 8
    assert task.figures == [
        {"key": "f1", "label": "灭火器数量"},
        {"key": "f2", "label": "疏散标志数量"},
    ]
    told = Notification.objects.filter(kind="dispatch.send").count() - before
    assert told == 16  # each school's principal and safety officer
    assert not Notification.objects.filter(kind="dispatch.send", user__username="s01.teacher")
    assert AuditEvent.objects.filter(action="dispatch.send").exists()


def test_the_target_picks_the_schools():
    street = Org.objects.get(code="demo-street-1")
    task = send(target={"under": [street.pk]})
    assert set(task.recipients.values_list("school__path", flat=True))
    assert all(
        p.startswith(street.path) for p in task.recipients.values_list("school__path", flat=True)
    )
    assert task.recipients.count() < 8


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deadline": None}, "deadline"),
        ({"deadline": "past"}, "deadline"),
        ({"target": {"school_kinds": ["vocational"]}}, "target"),
        ({"title": " "}, "title"),
    ],
)
def test_a_bad_send_is_refused_and_writes_nothing(change, field):
    arguments = {
        "actor": _admin(),
        "sender": _district(),
        "kind": "task",
        "title": "消防自查",
        "body": "请自查",
        "deadline": timezone.now() + timedelta(days=3),
        "target": None,
    }
    if change.get("deadline") == "past":
        change = {"deadline": timezone.now() - timedelta(minutes=1)}
    arguments.update(change)
    before = (
        DispatchedTask.objects.count(),
        TaskRecipient.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(InvalidFields) as refused:
        services.send_task(**arguments)
    assert field in refused.value.fields
    assert (
        DispatchedTask.objects.count(),
        TaskRecipient.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_notice_needs_no_deadline():
    task = services.send_task(
        actor=_admin(), sender=_district(), kind="notice", title="通知", body="请知悉"
    )
    assert task.deadline is None and task.figures == []


def test_a_school_cannot_send():
    school = Org.objects.get(code="s01")
    with pytest.raises(DomainError):
        services.send_task(
            actor=User.objects.get(username="s01.principal"),
            sender=school,
            kind="notice",
            title="x",
            body="y",
        )


def test_the_schools_first_opening_is_its_read_receipt():
    copy = copy_of(send())
    assert services.mark_read(user=officer(), recipient=copy)
    first = TaskRecipient.objects.get(pk=copy.pk).read_at
    assert not services.mark_read(user=User.objects.get(username="s01.principal"), recipient=copy)
    again = TaskRecipient.objects.get(pk=copy.pk)
    assert again.read_at == first and again.read_by.username == "s01.officer"
    assert AuditEvent.objects.filter(action="dispatch.read", object_id=str(copy.pk)).count() == 1


def test_the_bureau_opening_a_schools_copy_is_no_read_receipt():
    copy = copy_of(send())
    assert not services.mark_read(user=_admin(), recipient=copy)
    assert TaskRecipient.objects.get(pk=copy.pk).read_at is None


def test_a_missing_required_figure_is_refused_with_the_field_named():
    task = send(figures=["灭火器数量", "疏散标志数量"])
    copy = copy_of(task)
    with pytest.raises(InvalidFields) as refused:
        services.reply(actor=officer(), recipient=copy, text="已完成", figures={"f1": 3})
    assert set(refused.value.fields) == {"figure_f2"}
    assert "疏散标志数量" in str(refused.value.fields["figure_f2"])
    assert not TaskReply.objects.filter(recipient=copy).exists()
    assert TaskRecipient.objects.get(pk=copy.pk).status == "pending"


def test_a_required_text_and_attachment_are_named_too():
    task = send(figures=[], needs_attachments=True)
    with pytest.raises(InvalidFields) as refused:
        services.reply(actor=officer(), recipient=copy_of(task), text=" ")
    assert set(refused.value.fields) == {"text", "attachments"}


def test_a_late_reply_is_accepted_and_marked_late():
    task = send()
    DispatchedTask.objects.filter(pk=task.pk).update(deadline=timezone.now() - timedelta(hours=1))
    copy = copy_of(task)
    answer = services.reply(actor=officer(), recipient=copy, **full_reply(copy.task))
    assert answer.late
    assert TaskRecipient.objects.get(pk=copy.pk).status == "replied"
    assert queries.task_counts(copy.task)["late"] == 1


def test_a_returned_reply_is_answered_again_and_the_history_kept():
    task = send()
    copy = copy_of(task)
    services.reply(actor=officer(), recipient=copy, **full_reply(task))
    inspector = User.objects.get(username="bureau.inspector")
    with pytest.raises(InvalidFields) as refused:
        services.review(actor=inspector, recipient=copy, action="return", reason=" ")
    assert "reason" in refused.value.fields
    services.review(actor=inspector, recipient=copy, action="return", reason="数字不对")
    assert Notification.objects.filter(kind="dispatch.return", user__username="s01.officer")
    services.reply(actor=officer(), recipient=copy, text="已更正", figures={"f1": 4})
    services.review(actor=inspector, recipient=copy, action="accept")
    replies = list(queries.history(copy))
    assert [r.text for r in replies] == ["已更正", "已完成"]
    assert replies[1].return_reason == "数字不对"
    assert TaskRecipient.objects.get(pk=copy.pk).status == "accepted"
    assert queries.figure_sums(task) == [("灭火器数量", 4)]


def test_a_withdrawn_task_takes_no_answer():
    task = send()
    services.end_task(actor=_admin(), task=task, action="withdraw")
    with pytest.raises(DomainError):
        services.reply(actor=officer(), recipient=copy_of(task), **full_reply(task))
    assert not TaskReply.objects.filter(recipient__task=task).exists()


def test_a_notice_is_acknowledged_and_a_task_is_not():
    notice = send("notice")
    copy = copy_of(notice)
    services.acknowledge(actor=officer(), recipient=copy)
    assert TaskRecipient.objects.get(pk=copy.pk).status == "acknowledged"
    with pytest.raises(DomainError):
        services.acknowledge(actor=officer(), recipient=copy_of(send()))


def test_a_teacher_cannot_reply():
    task = send()
    with pytest.raises(DomainError):
        services.reply(
            actor=User.objects.get(username="s01.teacher"),
            recipient=copy_of(task),
            **full_reply(task),
        )


def _reminders(task):
    return Notification.objects.filter(kind="dispatch.remind", url=task.get_absolute_url())


def test_the_reminder_goes_once_and_not_to_schools_that_replied():
    task = send(days=5)
    copy = copy_of(task)
    services.reply(actor=officer(), recipient=copy, **full_reply(task))
    reminded = TaskRecipient.objects.filter(task=task, reminded_at__isnull=False)
    # Five days ahead, two days of reminder lead: not yet.
    services.send_reminders()
    assert not reminded.exists()
    soon = timezone.now() + timedelta(days=4)
    services.send_reminders(now=soon)
    assert reminded.count() == 7
    assert services.send_reminders(now=soon) == 0
    assert services.send_reminders(now=soon + timedelta(hours=5)) == 0
    assert not _reminders(task).filter(user__username__startswith="s01.")
    assert _reminders(task).filter(user__username="s02.officer").count() == 1
    assert TaskRecipient.objects.filter(task=task, reminded_at__isnull=False).count() == 7


def test_the_reminder_lead_comes_from_the_nearest_rules():
    SupervisionRules.objects.create(
        org=_district(),
        name="城南区",
        visits_per_inspector_week=2,
        visits_per_school_semester=2,
        comprehensive_min_inspectors=3,
        reminder_days=6,
    )
    task = send(days=5)
    services.send_reminders()
    assert TaskRecipient.objects.filter(task=task, reminded_at__isnull=False).count() == 8


def test_overdue_escalation_is_sent_once_per_school():
    task = send(days=1)
    copy = copy_of(task)
    services.reply(actor=officer(), recipient=copy, **full_reply(task))
    later = timezone.now() + timedelta(days=2)
    # What the demo's tasks are owed first, so the count below is this task's alone.
    services.escalate_overdue(now=later - timedelta(days=1, hours=1))
    escalations = Notification.objects.filter(kind="dispatch.escalate")
    before = escalations.count()
    assert services.escalate_overdue(now=later) == 7
    sent = escalations.count() - before
    # Each of the seven principals, and the district's two managers once for the task.
    assert sent == 7 + 2
    assert services.escalate_overdue(now=later) == 0
    assert services.sweep(now=later + timedelta(hours=1))["escalated"] == 0
    assert escalations.count() - before == sent
    assert not escalations.filter(user__username="s01.principal")
    assert escalations.filter(user__username="s02.principal").count() == 1
    assert queries.task_counts(task, now=later)["overdue"] == 7


def test_a_closed_task_is_not_escalated():
    task = send(days=1)
    services.end_task(actor=_admin(), task=task, action="close")
    services.escalate_overdue(now=timezone.now() + timedelta(days=2))
    assert not TaskRecipient.objects.filter(task=task, escalated_at__isnull=False).exists()
    assert queries.task_counts(task, now=timezone.now() + timedelta(days=2))["overdue"] == 0
