"""Reads of dispatched tasks: the sender's lists and counts, the school's inbox, the lists of
who has not read and who has not answered, the figures summed over the replies.

Overdue and late are derived here, never stored: a copy is overdue while its task is open, the
deadline has passed and the school has not answered.
"""

from collections import defaultdict

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.supervision.models import (
    DispatchedTask,
    DispatchStatus,
    TaskRecipient,
    TaskReply,
    TaskReplyStatus,
)
from safecampus.supervision.rules import rules_for

# A copy still waiting for the school's answer.
WAITING = (TaskReplyStatus.PENDING, TaskReplyStatus.RETURNED)
# A copy the school has answered (and that was not sent back).
ANSWERED = (TaskReplyStatus.REPLIED, TaskReplyStatus.ACCEPTED, TaskReplyStatus.ACKNOWLEDGED)

SHOW = ("all", "unread", "unreplied", "review", "overdue")


def people_with_cap_at(org_ids, roles):
    """{org id: [active people holding one of `roles` there]} in one query."""
    found = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(org_id__in=org_ids, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("org_id", "user_id")
    )
    for membership in memberships:
        found[membership.org_id].append(membership.user)
    return found


def reminder_days_for(org):
    """The reminder lead of the nearest supervision rules up the tree (the default row last)."""
    rules = rules_for(org)
    return rules.reminder_days if rules is not None else 2


def overdue_recipients(now):
    """The copies overdue at `now` (a filter on TaskRecipient)."""
    return Q(status__in=WAITING, task__status=DispatchStatus.OPEN, task__deadline__lt=now)


def _latest_reply():
    return TaskReply.objects.filter(recipient=OuterRef("pk")).order_by("-submitted_at", "-pk")


def sent_tasks(*, user, org, kind="", status="", overdue=False, now=None):
    """The tasks sent by `org` or the nodes under it that the user sees, newest first, each
    with its counts (one GROUP BY)."""
    now = now or timezone.now()
    tasks = visible_to(user, DispatchedTask, Cap.SUPERVISION_VIEW)
    tasks = tasks.filter(sender__path__startswith=org.path)
    if kind:
        tasks = tasks.filter(kind=kind)
    if status:
        tasks = tasks.filter(status=status)
    waiting = Q(recipients__status__in=WAITING)
    if overdue:
        late = TaskRecipient.objects.filter(task=OuterRef("pk"), status__in=WAITING)
        tasks = tasks.filter(Exists(late), status=DispatchStatus.OPEN, deadline__lt=now)
    return (
        tasks.select_related("sender")
        .annotate(
            n_sent=Count("recipients"),
            n_read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
            n_answered=Count("recipients", filter=Q(recipients__status__in=ANSWERED)),
            n_waiting=Count("recipients", filter=waiting),
        )
        .order_by("-sent_at", "-pk")
    )


def school_tasks(*, user, school, now=None):
    """The school's copies: unread first, then those still to answer before those settled
    (answered, closed, withdrawn), each by the nearest deadline (none last); withdrawn tasks
    stay listed (struck through)."""
    now = now or timezone.now()
    return (
        visible_to(user, TaskRecipient, Cap.SUPERVISION_VIEW)
        .filter(school=school)
        .select_related("task", "task__sender")
        .annotate(
            unread=Case(When(read_at__isnull=True, then=0), default=1, output_field=IntegerField()),
            settled=Case(
                When(status__in=WAITING, task__status=DispatchStatus.OPEN, then=0),
                default=1,
                output_field=IntegerField(),
            ),
            is_overdue=Exists(
                TaskRecipient.objects.filter(pk=OuterRef("pk")).filter(overdue_recipients(now))
            ),
        )
        .order_by(
            "unread",
            "settled",
            F("task__deadline").asc(nulls_last=True),
            "-task__sent_at",
            "-pk",
        )
    )


def task_as_sender(*, user, task_id):
    """The task if the user sees it from the sender's side, else None."""
    tasks = visible_to(user, DispatchedTask, Cap.SUPERVISION_VIEW)
    return tasks.select_related("sender").filter(pk=task_id).first()


def recipient_of(*, user, task_id, school_id=None):
    """A copy of the task the user sees from a school's side (the first, or the school's)."""
    copies = visible_to(user, TaskRecipient, Cap.SUPERVISION_VIEW).filter(task_id=task_id)
    if school_id is not None:
        copies = copies.filter(school_id=school_id)
    return (
        copies.select_related("task", "task__sender", "school", "read_by")
        .order_by("school__path")
        .first()
    )


def task_counts(task, now=None):
    """Sent, read, replied (answered), accepted, late and overdue, in one query."""
    now = now or timezone.now()
    late = TaskReply.objects.filter(recipient=OuterRef("pk"), late=True)
    counts = (
        task.recipients.annotate(was_late=Exists(late))
        .order_by()
        .aggregate(
            sent=Count("pk"),
            read=Count("pk", filter=Q(read_at__isnull=False)),
            replied=Count("pk", filter=Q(status__in=ANSWERED)),
            accepted=Count("pk", filter=Q(status=TaskReplyStatus.ACCEPTED)),
            to_review=Count("pk", filter=Q(status=TaskReplyStatus.REPLIED)),
            late=Count("pk", filter=Q(was_late=True, status__in=ANSWERED)),
        )
    )
    open_and_due = (
        task.status == DispatchStatus.OPEN and task.deadline is not None and task.deadline < now
    )
    counts["not_read"] = counts["sent"] - counts["read"]
    counts["not_replied"] = counts["sent"] - counts["replied"]
    counts["overdue"] = counts["not_replied"] if open_and_due else 0
    return counts


def recipients(task, show="all", now=None):
    """The task's copies for the sender's list, by the tab chosen: everything, not read, not
    answered, waiting for review, overdue. One query per page (plus the count)."""
    now = now or timezone.now()
    copies = task.recipients.select_related("school", "read_by").annotate(
        replied_at=Subquery(_latest_reply().values("submitted_at")[:1]),
        late=Subquery(_latest_reply().values("late")[:1]),
    )
    if show == "unread":
        copies = copies.filter(read_at__isnull=True)
    elif show == "unreplied":
        copies = copies.filter(status__in=WAITING)
    elif show == "review":
        copies = copies.filter(status=TaskReplyStatus.REPLIED)
    elif show == "overdue":
        copies = copies.filter(overdue_recipients(now))
    return copies.order_by("school__path", "pk")


def with_latest_replies(copies):
    """Give each copy of a page its latest reply (`latest`) with one query for the page."""
    copies = list(copies)
    latest = {}
    replies = (
        TaskReply.objects.filter(recipient__in=[c.pk for c in copies])
        .select_related("submitted_by", "reviewed_by")
        .order_by("recipient_id", "-submitted_at", "-pk")
    )
    for answer in replies:
        latest.setdefault(answer.recipient_id, answer)
    for copy in copies:
        copy.latest = latest.get(copy.pk)
    return copies


def figure_rows(task, answers):
    """[(label, value)] of the task's figures in a reply, in the task's order."""
    return [(f["label"], (answers or {}).get(f["key"])) for f in task.figures]


def figure_sums(task):
    """Each figure summed over the latest replies that stand (not returned): one query."""
    if not task.figures:
        return []
    totals = dict.fromkeys((f["key"] for f in task.figures), 0)
    counted = set()
    replies = (
        TaskReply.objects.filter(recipient__task=task, recipient__status__in=ANSWERED)
        .order_by("recipient_id", "-submitted_at", "-pk")
        .values_list("recipient_id", "figures")
    )
    for recipient_id, answers in replies:
        if recipient_id in counted:
            continue
        counted.add(recipient_id)
        for key in totals:
            value = (answers or {}).get(key)
            if isinstance(value, int | float):
                totals[key] += value
    return [(f["label"], _tidy(totals[f["key"]])) for f in task.figures]


def _tidy(total):
    # Sums of two-decimal figures drift in binary floating point: show them as entered.
    return round(total, 2) if isinstance(total, float) else total


def history(recipient):
    """Every reply of the school's copy, newest first, with who sent and reviewed it."""
    return (
        recipient.replies.select_related("submitted_by", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("-submitted_at", "-pk")
    )


def export_rows(task):
    """The copies with their latest reply, for the xlsx: one query, streamed."""
    latest = _latest_reply()
    return (
        task.recipients.select_related("school")
        .annotate(
            replied_at=Subquery(latest.values("submitted_at")[:1]),
            late=Subquery(latest.values("late")[:1]),
            answers=Subquery(latest.values("figures")[:1]),
            reply_text=Subquery(latest.values("text")[:1]),
        )
        .order_by("school__path", "pk")
    )
