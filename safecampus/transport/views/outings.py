"""Off-campus activities' pages: the school's list, the request form, one activity with its
ratio check against the rule in force (and the rule's source), the organiser's submit and the
principal's decision, and once approved the roll call out and back on the staff's phones."""

import uuid
from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.transport import forms
from safecampus.transport.models import OutingStatus
from safecampus.transport.outing_rules import rules_for, staff_needed
from safecampus.transport.queries import outings as queries
from safecampus.transport.queries.trips import tally
from safecampus.transport.services import outings as services
from safecampus.transport.views import rollcall
from safecampus.transport.workflow import OUTING, OUTING_ROLL


@school_view(Cap.OUTING_REQUEST)
def outing_list(request, school):
    rows = queries.outings(user=request.user, school=school)
    return render(
        request,
        "transport/outings/list.html",
        {"school": school, "page": paginate(request, rows)},
    )


@school_view(Cap.OUTING_REQUEST)
def outing_new(request, school):
    """The request form. A refused request shows the form again with what was typed."""
    form = forms.OutingForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            outing = services.request_outing(
                actor=request.user,
                school=school,
                kind=data["kind"],
                title=data["title"],
                destination=data["destination"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                plan=data["plan"],
                security_plan=data["security_plan"],
                insurance=data["insurance"],
                students=form.everyone(),
                staff=data["staff"],
            )
        if call.ok:
            messages.success(request, _("Request saved as a draft: check it, then submit it."))
            return redirect(outing)
    rules = rules_for(school)
    return render(
        request,
        "transport/outings/form.html",
        {"school": school, "form": form, "rules": rules},
        status=400 if form.is_bound else 200,
    )


def _outing(request, school, outing_id):
    return first_or_404(queries.outing_for(request.user, school, outing_id))


def _page(request, school, outing, form=None, status=200):
    rules = rules_for(school)
    students = outing.students.count()
    leads = services.may_lead(request.user, outing, school)
    rows = (
        queries.roll(outing)
        if outing.status not in (OutingStatus.DRAFT, OutingStatus.SUBMITTED)
        else []
    )
    for row in rows:
        row.moves = (
            [kind for kind in OUTING_ROLL.actions if OUTING_ROLL.allowed(row.state, kind)]
            if leads and OUTING.allowed(outing.status, "mark")
            else []
        )
    return render(
        request,
        "transport/outings/detail.html",
        {
            "school": school,
            "outing": outing,
            "rules": rules,
            "students": students,
            "need": staff_needed(rules, students) if rules else None,
            "problems": services.submission_problems(outing)
            if outing.status == OutingStatus.DRAFT
            else [],
            "rows": rows,
            "tally": tally(rows),
            "leads": leads,
            "may_return": leads and OUTING.allowed(outing.status, "return"),
            "may_close": leads and OUTING.allowed(outing.status, "close"),
            "form": form,
            "client_uuid": uuid.uuid4,
        },
        status=status,
    )


@offline_ready
@school_view(Cap.OUTING_REQUEST)
def outing_detail(request, school, outing_id):
    return _page(request, school, _outing(request, school, outing_id))


@require_POST
@school_view(Cap.OUTING_REQUEST)
def outing_mark(request, school, outing_id):
    """One tap out or back: the form posts the student, the mark and a client UUID (a repeat,
    from the phone's queue, is a no-op)."""
    outing = _outing(request, school, outing_id)
    return rollcall.tap(
        request,
        school,
        outing,
        record=partial(services.mark_outing, actor=request.user, outing=outing),
        not_listed=_("This student is not on the activity's list."),
        page=lambda form: _page(request, school, outing, form=form, status=400),
    )


def _returned(request, outing):
    outing = services.return_outing(actor=request.user, outing=outing)
    if outing.status == OutingStatus.UNACCOUNTED:
        messages.error(
            request,
            _(
                "Not every student who left is back: the safety officers have been alerted. "
                "Find them and record where they are."
            ),
        )
    else:
        messages.success(request, _("Activity closed: every student is back or accounted for."))


def _closed(request, outing):
    services.close_outing(actor=request.user, outing=outing)
    messages.success(request, _("Activity closed: every student is back or accounted for."))


ACTIONS = {
    "submit": lambda request, o: services.submit_outing(actor=request.user, outing=o),
    "approve": lambda request, o: services.decide_outing(
        actor=request.user, outing=o, approve=True, note=request.POST.get("note", "")[:2000]
    ),
    "send_back": lambda request, o: services.decide_outing(
        actor=request.user, outing=o, approve=False, note=request.POST.get("note", "")[:2000]
    ),
    "return": _returned,
    "close": _closed,
}


@require_POST
@school_view(Cap.OUTING_REQUEST)
def outing_move(request, school, outing_id, action):
    outing = _outing(request, school, outing_id)
    if action in ACTIONS:
        with service_call(request):
            ACTIONS[action](request, outing)
    return redirect("transport:outing", school.pk, outing.pk)
