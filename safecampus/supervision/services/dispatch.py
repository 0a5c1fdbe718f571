"""Tasks and notices sent down to schools (任务下发, 通知): sending, read receipts, replies,
review, closing, and the periodic reminders and escalations.

Every move of a task or of one school's copy is looked up in `workflow.DISPATCH` and
`workflow.TASK_RECIPIENT`; what each step needs besides (a deadline in the future, a school
matched, every required figure) is checked here, before anything is written.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import Attachment
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.core.targets import clean_target, matching_schools
from safecampus.supervision.models import (
    DispatchedTask,
    DispatchKind,
    DispatchStatus,
    TaskRecipient,
    TaskReply,
)
from safecampus.supervision.queries.dispatch import (
    WAITING,
    people_with_cap_at,
    reminder_days_for,
)
from safecampus.supervision.workflow import DISPATCH, TASK_RECIPIENT

MAX_FIGURES = 20
FIGURE_LABEL_LENGTH = 60
# A figure is a count or an amount: bounded so a typing slip cannot overflow a sum.
FIGURE_MAX = Decimal("1000000000")
MAX_ATTACHMENTS = 10


def figures_from_labels(labels):
    """[{key, label}] from the labels a sender typed, one a line: blank lines dropped, the
    same label twice refused, keys made from the position (f1, f2, ...) so they never clash."""
    cleaned = [label.strip() for label in labels if label.strip()]
    if len(cleaned) > MAX_FIGURES:
        raise InvalidFields(
            {"figures": _("At most %(n)d figures can be asked for.") % {"n": MAX_FIGURES}}
        )
    for label in cleaned:
        if len(label) > FIGURE_LABEL_LENGTH:
            raise InvalidFields(
                {
                    "figures": _("A figure's name has at most %(n)d characters: %(label)s")
                    % {"n": FIGURE_LABEL_LENGTH, "label": label}
                }
            )
    if len(set(cleaned)) != len(cleaned):
        raise InvalidFields({"figures": _("Each figure needs its own name.")})
    return [{"key": f"f{n}", "label": label} for n, label in enumerate(cleaned, start=1)]


def _stored(*, actor, org, uploads):
    if len(uploads) > MAX_ATTACHMENTS:
        raise InvalidFields(
            {"attachments": _("At most %(n)d files can be attached.") % {"n": MAX_ATTACHMENTS}}
        )
    stored = []
    for upload in uploads:
        if isinstance(upload, Attachment):
            if upload.org_id != org.pk:
                raise DomainError(_("Only files of this organisation can be attached."))
            stored.append(upload)
        else:
            stored.append(store_upload(actor=actor, org=org, upload=upload))
    return stored


def _respondents(school_ids):
    """{school id: [people who answer tasks there]} in one query."""
    roles = [role for role, caps in CAPABILITIES.items() if Cap.SUPERVISION_RESPOND in caps]
    return people_with_cap_at(school_ids, roles)


def _notify_schools(people_by_school, recipients, *, kind, title, params):
    for recipient in recipients:
        notify(
            people_by_school.get(recipient.school_id, []),
            kind=kind,
            title=title,
            params={**params, "school": recipient.school.name},
            url=recipient.task.get_absolute_url(),
            org=recipient.school,
        )


@transaction.atomic
def send_task(
    *,
    actor,
    sender,
    kind,
    title,
    body,
    deadline=None,
    needs_text=True,
    needs_attachments=False,
    figure_labels=(),
    target=None,
    attachments=(),
):
    """Send a task or notice from a bureau or street node to the schools its target picks."""
    require(actor, Cap.SUPERVISION_MANAGE, sender)
    if sender.is_school:
        raise DomainError(_("Tasks are sent by a bureau or a street office, not by a school."))
    if kind not in DispatchKind.values:
        raise InvalidFields({"kind": _("Choose a task or a notice.")})
    problems = {}
    if not title.strip():
        problems["title"] = _("Give the task a title.")
    if not body.strip():
        problems["body"] = _("Write what the schools are to do.")
    now = timezone.now()
    if deadline is None and kind == DispatchKind.TASK:
        problems["deadline"] = _("A task needs a deadline.")
    elif deadline is not None and deadline <= now:
        problems["deadline"] = _("The deadline must be in the future.")
    if problems:
        raise InvalidFields(problems)
    figures = figures_from_labels(figure_labels) if kind == DispatchKind.TASK else []
    target = clean_target(target)
    schools = list(matching_schools(sender, target).order_by("path"))
    if not schools:
        raise InvalidFields({"target": _("No school matches the chosen schools.")})
    task = DispatchedTask.objects.create(
        sender=sender,
        kind=kind,
        title=title.strip()[:200],
        body=body.strip(),
        deadline=deadline,
        needs_text=needs_text if kind == DispatchKind.TASK else False,
        needs_attachments=needs_attachments if kind == DispatchKind.TASK else False,
        figures=figures,
        target=target,
        created_by=actor,
        sent_at=now,
    )
    task.attachments.set(_stored(actor=actor, org=sender, uploads=list(attachments)))
    recipients = TaskRecipient.objects.bulk_create(
        [TaskRecipient(task=task, school=school) for school in schools]
    )
    for recipient, school in zip(recipients, schools, strict=True):
        recipient.school = school
        recipient.task = task
    audit.record(
        actor=actor,
        org=sender,
        action="dispatch.send",
        obj=task,
        object_repr=task.title,
        changes={"kind": kind, "schools": len(schools), "target": target},
    )
    title = (
        gettext_lazy("New task from %(sender)s: %(title)s")
        if kind == DispatchKind.TASK
        else gettext_lazy("New notice from %(sender)s: %(title)s")
    )
    _notify_schools(
        _respondents([s.pk for s in schools]),
        recipients,
        kind="dispatch.send",
        title=title,
        params={"sender": sender.name, "title": task.title},
    )
    return task


def reads_as_school(user, recipient):
    """Whether this person's opening of the task is the school's read receipt: a member of
    the school, not someone of the sender's office looking at the school's copy."""
    return has_cap(user, Cap.SUPERVISION_VIEW, recipient.school) and not has_cap(
        user, Cap.SUPERVISION_VIEW, recipient.task.sender
    )


@transaction.atomic
def mark_read(*, user, recipient):
    """The school's first opening of the task; later openings change nothing. True if marked."""
    if not reads_as_school(user, recipient):
        return False
    now = timezone.now()
    marked = TaskRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(
        read_at=now, read_by=user
    )
    if not marked:
        return False
    recipient.read_at, recipient.read_by = now, user
    audit.record(
        actor=user,
        org=recipient.school,
        action="dispatch.read",
        obj=recipient,
        object_repr=str(recipient.task),
    )
    return True


def _locked(recipient):
    """The school's copy, locked, with its task: two officers answering at once are one reply."""
    locked = (
        TaskRecipient.objects.select_for_update()
        .select_related("task", "school")
        .get(pk=recipient.pk)
    )
    recipient.status = locked.status
    return locked


def _open_for_answers(task):
    if task.status == DispatchStatus.WITHDRAWN:
        raise DomainError(_("This task was withdrawn: it needs no answer."))
    if task.status == DispatchStatus.CLOSED:
        raise DomainError(_("This task is closed: it takes no more answers."))


def _figure_value(raw):
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > FIGURE_MAX:
        return None
    value = value.quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def check_reply(task, *, text, figures, attachment_count):
    """The reply's figures as stored, or InvalidFields naming each missing or bad input."""
    problems = {}
    if task.needs_text and not text.strip():
        problems["text"] = _("This task needs a written reply.")
    if task.needs_attachments and not attachment_count:
        problems["attachments"] = _("This task needs at least one attachment.")
    stored = {}
    for figure in task.figures:
        raw = (figures or {}).get(figure["key"])
        value = _figure_value(raw)
        if value is None:
            message = (
                _("Enter the figure “%(label)s”.")
                if raw is None or str(raw).strip() == ""
                else _("“%(label)s” must be a number from 0 to 1,000,000,000.")
            )
            problems[f"figure_{figure['key']}"] = message % {"label": figure["label"]}
        else:
            stored[figure["key"]] = value
    if problems:
        raise InvalidFields(problems)
    return stored


@transaction.atomic
def reply(*, actor, recipient, text="", figures=None, attachments=()):
    """The school's answer to a task (again after a return). After the deadline it is taken and
    marked late."""
    require(actor, Cap.SUPERVISION_RESPOND, recipient.school)
    locked = _locked(recipient)
    task = locked.task
    if task.kind == DispatchKind.NOTICE:
        raise DomainError(_("A notice needs only an acknowledgement."))
    _open_for_answers(task)
    status = TASK_RECIPIENT.next_state(locked, "reply")
    attachments = list(attachments)
    stored_figures = check_reply(
        task, text=text, figures=figures, attachment_count=len(attachments)
    )
    now = timezone.now()
    answer = TaskReply.objects.create(
        recipient=locked,
        text=text.strip(),
        figures=stored_figures,
        submitted_by=actor,
        submitted_at=now,
        late=task.deadline is not None and now > task.deadline,
    )
    answer.attachments.set(_stored(actor=actor, org=locked.school, uploads=attachments))
    _first_read(locked, actor, now)
    locked.status = status
    locked.save(update_fields=["status", "read_at", "read_by"])
    recipient.status = status
    audit.record(
        actor=actor,
        org=locked.school,
        action="dispatch.reply",
        obj=locked,
        object_repr=str(task),
        changes={"late": answer.late, "figures": stored_figures},
    )
    notify(
        _managers(task),
        kind="dispatch.reply",
        title=gettext_lazy("%(school)s replied to “%(title)s”"),
        params={"school": locked.school.name, "title": task.title},
        url=reverse("supervision:task_school", args=[task.pk, locked.school_id]),
        org=task.sender,
    )
    return answer


def _first_read(recipient, actor, now):
    # Answering is reading: a school that replies from a notification link has read it.
    if recipient.read_at is None:
        recipient.read_at, recipient.read_by = now, actor


@transaction.atomic
def acknowledge(*, actor, recipient):
    """The school's acknowledgement of a notice."""
    require(actor, Cap.SUPERVISION_RESPOND, recipient.school)
    locked = _locked(recipient)
    task = locked.task
    if task.kind != DispatchKind.NOTICE:
        raise DomainError(_("A task needs a reply, not only an acknowledgement."))
    _open_for_answers(task)
    status = TASK_RECIPIENT.next_state(locked, "acknowledge")
    now = timezone.now()
    TaskReply.objects.create(
        recipient=locked,
        submitted_by=actor,
        submitted_at=now,
        late=task.deadline is not None and now > task.deadline,
    )
    _first_read(locked, actor, now)
    locked.status = status
    locked.save(update_fields=["status", "read_at", "read_by"])
    recipient.status = status
    audit.record(
        actor=actor,
        org=locked.school,
        action="dispatch.acknowledge",
        obj=locked,
        object_repr=str(task),
    )
    return locked


def _managers(task):
    return people_with_cap_at([task.sender_id], _manager_roles()).get(task.sender_id, [])


def _manager_roles():
    return [role for role, caps in CAPABILITIES.items() if Cap.SUPERVISION_MANAGE in caps]


@transaction.atomic
def review(*, actor, recipient, action, reason=""):
    """The sender accepts a reply or returns it with a reason; the school is told."""
    if action not in ("accept", "return"):
        raise DomainError(_("Accept the reply or return it."))
    task = recipient.task
    require(actor, Cap.SUPERVISION_MANAGE, task.sender)
    locked = _locked(recipient)
    if locked.task.status == DispatchStatus.WITHDRAWN:
        raise DomainError(_("This task was withdrawn: it needs no answer."))
    status = TASK_RECIPIENT.next_state(locked, action)
    reason = reason.strip()
    if action == "return" and not reason:
        raise InvalidFields({"reason": _("Say why the reply is returned.")})
    latest = locked.replies.order_by("-submitted_at", "-pk").first()
    now = timezone.now()
    latest.reviewed_by, latest.reviewed_at = actor, now
    latest.return_reason = reason[:300] if action == "return" else ""
    latest.save(update_fields=["reviewed_by", "reviewed_at", "return_reason"])
    locked.status = status
    locked.save(update_fields=["status"])
    recipient.status = status
    audit.record(
        actor=actor,
        org=task.sender,
        action=f"dispatch.{action}",
        obj=locked,
        object_repr=f"{task} · {locked.school}",
        changes={"reason": latest.return_reason} if action == "return" else None,
    )
    title = (
        gettext_lazy("Your reply to “%(title)s” was accepted")
        if action == "accept"
        else gettext_lazy("Your reply to “%(title)s” was returned: %(reason)s")
    )
    _notify_schools(
        _respondents([locked.school_id]),
        [locked],
        kind=f"dispatch.{action}",
        title=title,
        params={"title": task.title, "reason": latest.return_reason},
    )
    return latest


@transaction.atomic
def end_task(*, actor, task, action):
    """Close a task (no more answers) or withdraw it (the schools see it struck through)."""
    if action not in ("close", "withdraw"):
        raise DomainError(_("Close the task or withdraw it."))
    require(actor, Cap.SUPERVISION_MANAGE, task.sender)
    locked = DispatchedTask.objects.select_for_update().get(pk=task.pk)
    locked.status = DISPATCH.next_state(locked, action)
    locked.save(update_fields=["status"])
    task.status = locked.status
    audit.record(
        actor=actor, org=task.sender, action=f"dispatch.{action}", obj=task, object_repr=task.title
    )
    if action == "withdraw":
        recipients = list(task.recipients.select_related("school", "task"))
        _notify_schools(
            _respondents([r.school_id for r in recipients]),
            recipients,
            kind="dispatch.withdraw",
            title=gettext_lazy("“%(title)s” was withdrawn: no answer is needed"),
            params={"title": task.title},
        )
    return task


# The periodic work: what it sent is recorded on each school's copy (reminded_at,
# escalated_at), claimed by a conditional UPDATE, so a re-run or a second worker sends nothing
# twice. Overdue itself is never stored: it is a deadline passed without an answer.


def _claim(recipients, field, now):
    """The copies this run may send for: those still unmarked, marked now in one UPDATE."""
    ids = [r.pk for r in recipients]
    unmarked = TaskRecipient.objects.filter(pk__in=ids, **{f"{field}__isnull": True})
    claimed = set(unmarked.values_list("pk", flat=True))
    TaskRecipient.objects.filter(pk__in=claimed, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    return [r for r in recipients if r.pk in claimed]


def send_reminders(now=None):
    """Remind schools that have not answered, `reminder_days` before the deadline (the nearest
    supervision rules up the sender's tree), once. Returns how many schools were reminded."""
    now = now or timezone.now()
    tasks = DispatchedTask.objects.filter(
        status=DispatchStatus.OPEN,
        deadline__gt=now,
        deadline__lte=now + timedelta(days=30),
    ).select_related("sender")
    sent = 0
    days_cache = {}
    for task in tasks:
        days = days_cache.get(task.sender_id)
        if days is None:
            days = days_cache[task.sender_id] = reminder_days_for(task.sender)
        if task.deadline - now > timedelta(days=days):
            continue
        with transaction.atomic():
            waiting = list(
                task.recipients.filter(status__in=WAITING, reminded_at__isnull=True)
                .select_related("school", "task")
                .select_for_update()
            )
            claimed = _claim(waiting, "reminded_at", now)
            if not claimed:
                continue
            audit.record(
                actor=None,
                org=task.sender,
                action="dispatch.remind",
                obj=task,
                object_repr=task.title,
                changes={"schools": [r.school.name for r in claimed]},
            )
            _notify_schools(
                _respondents([r.school_id for r in claimed]),
                claimed,
                kind="dispatch.remind",
                title=gettext_lazy("Reminder: “%(title)s” is due %(deadline)s"),
                params={
                    "title": task.title,
                    "deadline": timezone.localtime(task.deadline).strftime("%Y-%m-%d %H:%M"),
                },
            )
        sent += len(claimed)
    return sent


def escalate_overdue(now=None):
    """Tell the sender's managers and each school's principal of every school that let a
    deadline pass without an answer, once per school. Returns how many were escalated."""
    now = now or timezone.now()
    waiting = Q(recipients__status__in=WAITING, recipients__escalated_at__isnull=True)
    tasks = (
        DispatchedTask.objects.filter(waiting, status=DispatchStatus.OPEN, deadline__lte=now)
        .distinct()
        .select_related("sender")
    )
    escalated = 0
    for task in tasks:
        with transaction.atomic():
            overdue = list(
                task.recipients.filter(status__in=WAITING, escalated_at__isnull=True)
                .select_related("school", "task")
                .select_for_update()
            )
            claimed = _claim(overdue, "escalated_at", now)
            if not claimed:
                continue
            audit.record(
                actor=None,
                org=task.sender,
                action="dispatch.escalate",
                obj=task,
                object_repr=task.title,
                changes={"schools": [r.school.name for r in claimed]},
            )
            notify(
                _managers(task),
                kind="dispatch.escalate",
                title=gettext_lazy("“%(title)s”: %(count)s school(s) missed the deadline"),
                params={"title": task.title, "count": len(claimed)},
                url=reverse("supervision:task", args=[task.pk]) + "?show=unreplied",
                org=task.sender,
            )
            _notify_schools(
                people_with_cap_at([r.school_id for r in claimed], [Role.PRINCIPAL]),
                claimed,
                kind="dispatch.escalate",
                title=gettext_lazy("Overdue: %(school)s has not answered “%(title)s”"),
                params={"title": task.title},
            )
        escalated += len(claimed)
    return escalated


def sweep(now=None):
    """The periodic run: reminders before deadlines, escalations after them."""
    return {"reminded": send_reminders(now), "escalated": escalate_overdue(now)}
