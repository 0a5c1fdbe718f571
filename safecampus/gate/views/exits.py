"""Student exit permits: the head teacher's list and form, the guard's look-up and gate."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import qr
from safecampus.core.access import first_or_404, get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.models import ExitPermit, ExitStatus
from safecampus.gate.services import exits as services
from safecampus.students import queries as student_queries
from safecampus.students.access import can_edit


@school_view(Cap.STUDENT_VIEW)
def exit_list(request, school):
    """Guards: find a student and see today's permits. Head teachers: approvals waiting."""
    search = forms.StudentSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    found = list(queries.student_search(user=request.user, school=school, q=q)[:20])
    # Today's approved permits and those in use, each marked usable now or not.
    permits = {}
    if found:
        rows = queries.permits_of_today(user=request.user, school=school, students=found)
        for permit in rows:
            permit.usable = services.usable_now(permit)
            permits.setdefault(permit.student_id, []).append(permit)
    today = []
    if has_cap(request.user, Cap.GATE_VIEW, school):
        today = list(queries.exits_today(user=request.user, school=school)[:100])
    return render(
        request,
        "gate/exits.html",
        {
            "school": school,
            "search": search,
            "found": [
                (
                    s,
                    permits.get(s.pk, []),
                    any(p.usable or p.status == ExitStatus.OUT for p in permits.get(s.pk, [])),
                )
                for s in found
            ],
            "searched": bool(q),
            "today": today,
            "approvals": list(queries.exits_for_approval(user=request.user, school=school)[:50]),
            "can_desk": has_cap(request.user, Cap.GATE_DESK, school),
        },
    )


@school_view(Cap.GATE_VIEW)
def exit_history(request, school):
    rows = queries.exits(user=request.user, school=school).order_by("-leave_from", "-pk")
    return render(
        request, "gate/exit_history.html", {"school": school, "page": paginate(request, rows)}
    )


@school_view(Cap.STUDENT_VIEW)
def exit_create(request, school, student_id):
    student = first_or_404(
        student_queries.students(user=request.user, school=school)
        .select_related("school_class__head_teacher", "school")
        .filter(pk=student_id)
    )
    may_issue = has_cap(request.user, Cap.STUDENT_MANAGE, school) or (
        has_cap(request.user, Cap.EXIT_ISSUE, school) and can_edit(request.user, student)
    )
    form = forms.ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            permit = services.issue_permit(
                actor=request.user, student=student, request=not may_issue, **form.cleaned_data
            )
        if call.ok:
            messages.success(
                request,
                _("Exit permit issued.") if may_issue else _("Request sent to the head teacher."),
            )
            return redirect(permit)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "gate/exit_form.html",
        {"school": school, "student": student, "form": form, "may_issue": may_issue},
        status=status,
    )


def _permit(request, school, permit_id):
    """Gate staff see every permit; the head teacher the permits of their own class."""
    permits = queries.permits_to_open(user=request.user, school=school)
    return get_visible_or_404(request.user, ExitPermit, permit_id, permits)


@school_view(Cap.STUDENT_VIEW)
def exit_detail(request, school, permit_id):
    permit = _permit(request, school, permit_id)
    scan = request.build_absolute_uri(reverse("gate:exit_pass", args=[school.pk, permit.pass_code]))
    return render(
        request,
        "gate/exit.html",
        {
            "school": school,
            "permit": permit,
            "usable": services.usable_now(permit),
            "can_desk": has_cap(request.user, Cap.GATE_DESK, school),
            "can_approve": services.may_approve(request.user, permit.student),
            "qr": qr.svg(scan, scale=6, border=2),
        },
    )


@school_view(Cap.GATE_DESK)
def exit_pass(request, school, code):
    permit = queries.permit_by_pass_code(user=request.user, school=school, code=code)
    if permit is None:
        raise Http404
    return redirect(permit)


ACTIONS = {
    "out": services.record_exit,
    "return": services.record_return,
    "approve": services.approve_permit,
    "cancel": services.cancel_permit,
}


@require_POST
@school_view(Cap.STUDENT_VIEW)
def exit_action(request, school, permit_id, action):
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    permit = _permit(request, school, permit_id)
    with service_call(request) as call:
        service(actor=request.user, permit=permit)
    if call.ok:
        messages.success(request, _("Recorded."))
    return redirect(permit)
