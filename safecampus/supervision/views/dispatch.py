"""Pages of dispatched tasks: the sender's list, form and task page (counts, who has not read,
who has not answered, each school's reply), the school's inbox and its task page with the reply
form. One address per task: the page shows the side the viewer stands on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.targets import TargetForm, describe
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.supervision.exports.dispatch import write_replies
from safecampus.supervision.forms.dispatch import (
    ReplyForm,
    ReviewForm,
    SendForm,
    SentFilterForm,
    with_checkboxes,
)
from safecampus.supervision.models import DispatchStatus
from safecampus.supervision.queries import dispatch as queries
from safecampus.supervision.queries.dispatch import WAITING
from safecampus.supervision.services import dispatch as services


@org_view(Cap.SUPERVISION_VIEW)
def task_index(request, org):
    """A school's tasks from above; a bureau's or street office's tasks sent."""
    if org.is_school:
        return render(
            request,
            "supervision/dispatch/school_tasks.html",
            {
                "school": org,
                "page": paginate(request, queries.school_tasks(user=request.user, school=org)),
            },
        )
    filters = SentFilterForm(request.GET or None)
    tasks = queries.sent_tasks(user=request.user, org=org, **filters.filters())
    query = {k: v for k, v in request.GET.items() if k in ("kind", "status", "overdue") and v}
    return render(
        request,
        "supervision/dispatch/sent_tasks.html",
        {
            "org": org,
            "filters": filters,
            "page": paginate(request, tasks),
            "query": urlencode(query),
            "now": timezone.now(),
            "may_send": has_cap(request.user, Cap.SUPERVISION_MANAGE, org),
        },
    )


@org_view(Cap.SUPERVISION_MANAGE)
def task_send(request, org):
    if org.is_school:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = SendForm(data, request.FILES or None)
    target = with_checkboxes(TargetForm(data, bureau=org, prefix="target"))
    if request.method == "POST" and form.is_valid() and target.is_valid():
        # A refusal about the schools ("target") has no field of its own: it shows on top.
        with service_call(request, form) as call, atomic_with_files():
            task = services.send_task(
                actor=request.user, sender=org, target=target.target(), **form.send_arguments()
            )
        if call.ok:
            messages.success(
                request,
                _("Sent to %(n)d school(s).") % {"n": task.recipients.count()},
            )
            return redirect(task.get_absolute_url())
    return render(
        request,
        "supervision/dispatch/send.html",
        {"org": org, "form": form, "target": target},
        status=400 if request.method == "POST" else 200,
    )


def _task_or_copy(request, task_id):
    """(task, None) for the sender's side, (None, copy) for a school's, else 404."""
    task = queries.task_as_sender(user=request.user, task_id=task_id)
    if task is not None:
        return task, None
    copy = queries.recipient_of(user=request.user, task_id=task_id)
    if copy is None:
        raise Http404
    return None, copy


@login_required
def task_detail(request, task_id):
    task, copy = _task_or_copy(request, task_id)
    if task is not None:
        return _sender_page(request, task)
    services.mark_read(user=request.user, recipient=copy)
    return _school_page(request, copy)


def _sender_page(request, task):
    show = request.GET.get("show", "all")
    show = show if show in queries.SHOW else "all"
    page = paginate(request, queries.recipients(task, show))
    page.object_list = queries.with_latest_replies(page.object_list)
    for copy in page.object_list:
        copy.figure_rows = queries.figure_rows(task, copy.latest.figures if copy.latest else {})
    return render(
        request,
        "supervision/dispatch/task.html",
        {
            "task": task,
            "sender": task.sender,
            "counts": queries.task_counts(task),
            "sums": queries.figure_sums(task),
            "target": describe(task.sender, task.target),
            "attachments": list(task.attachments.all()),
            "page": page,
            "show": show,
            "query": urlencode({"show": show}),
            "may_manage": has_cap(request.user, Cap.SUPERVISION_MANAGE, task.sender),
        },
    )


def _school_page(request, copy, form=None, status=200):
    task = copy.task
    may_answer = (
        has_cap(request.user, Cap.SUPERVISION_RESPOND, copy.school)
        and task.status == DispatchStatus.OPEN
        and copy.status in WAITING
    )
    now = timezone.now()
    return render(
        request,
        "supervision/dispatch/school_task.html",
        {
            "task": task,
            "copy": copy,
            "school": copy.school,
            "attachments": list(task.attachments.all()),
            "history": [
                (answer, queries.figure_rows(task, answer.figures))
                for answer in queries.history(copy)
            ],
            "form": form or (ReplyForm(task=task) if may_answer else None),
            "may_answer": may_answer,
            "overdue": task.status == DispatchStatus.OPEN
            and copy.status in WAITING
            and task.deadline is not None
            and task.deadline < now,
        },
        status=status,
    )


def _copy(request, task_id):
    copy = queries.recipient_of(user=request.user, task_id=task_id)
    if copy is None:
        raise Http404
    if not has_cap(request.user, Cap.SUPERVISION_RESPOND, copy.school):
        raise PermissionDenied
    return copy


@require_POST
@login_required
def task_reply(request, task_id):
    copy = _copy(request, task_id)
    form = ReplyForm(request.POST, request.FILES, task=copy.task)
    if form.is_valid():
        with service_call(request, form) as call, atomic_with_files():
            services.reply(actor=request.user, recipient=copy, **form.reply_arguments())
        if call.ok:
            messages.success(request, _("Your reply was sent."))
            return redirect(copy.task.get_absolute_url())
    return _school_page(request, copy, form=form, status=400)


@require_POST
@login_required
def task_acknowledge(request, task_id):
    copy = _copy(request, task_id)
    with service_call(request) as call:
        services.acknowledge(actor=request.user, recipient=copy)
    if call.ok:
        messages.success(request, _("Acknowledged."))
    return redirect(copy.task.get_absolute_url())


def _sent(request, task_id, cap=Cap.SUPERVISION_VIEW):
    task = queries.task_as_sender(user=request.user, task_id=task_id)
    if task is None:
        raise Http404
    if not has_cap(request.user, cap, task.sender):
        raise PermissionDenied
    return task


@require_POST
@login_required
def task_end(request, task_id, action):
    if action not in ("close", "withdraw"):
        raise Http404
    task = _sent(request, task_id, Cap.SUPERVISION_MANAGE)
    with service_call(request) as call:
        services.end_task(actor=request.user, task=task, action=action)
    if call.ok:
        done = _("The task is closed.") if action == "close" else _("The task is withdrawn.")
        messages.success(request, done)
    return redirect(task.get_absolute_url())


def _school_copy(request, task, school_id):
    copy = queries.recipient_of(user=request.user, task_id=task.pk, school_id=school_id)
    if copy is None:
        raise Http404
    return copy


def _review_page(request, task, copy, form=None, status=200):
    return render(
        request,
        "supervision/dispatch/task_school.html",
        {
            "task": task,
            "copy": copy,
            "history": [
                (answer, queries.figure_rows(task, answer.figures))
                for answer in queries.history(copy)
            ],
            "form": form or ReviewForm(),
            "may_review": has_cap(request.user, Cap.SUPERVISION_MANAGE, task.sender)
            and copy.status == "replied"
            and task.status != DispatchStatus.WITHDRAWN,
        },
        status=status,
    )


@login_required
def task_school(request, task_id, school_id):
    """One school's copy from the sender's side: its replies, and the review."""
    task = _sent(request, task_id)
    return _review_page(request, task, _school_copy(request, task, school_id))


@require_POST
@login_required
def task_review(request, task_id, school_id):
    task = _sent(request, task_id, Cap.SUPERVISION_MANAGE)
    copy = _school_copy(request, task, school_id)
    action = request.POST.get("action")
    form = ReviewForm(request.POST)
    if action in ("accept", "return") and form.is_valid():
        with service_call(request, form) as call:
            services.review(
                actor=request.user,
                recipient=copy,
                action=action,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(
                request,
                _("The reply is accepted.") if action == "accept" else _("The reply is returned."),
            )
            return redirect("supervision:task_school", task.pk, copy.school_id)
    elif action not in ("accept", "return"):
        form.is_valid()
        form.add_error(None, _("Accept the reply or return it."))
    return _review_page(request, task, copy, form=form, status=400)


@login_required
def task_export(request, task_id):
    task = _sent(request, task_id)
    return write_replies(task, filename=f"task-{task.pk}-replies")
