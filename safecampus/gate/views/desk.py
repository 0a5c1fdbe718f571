"""The gate desk: visitors waiting and on campus, registration, passes, check-out."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import qr
from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.phonequeue import offline_ready, phone_time
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.models import Visit, VisitStatus
from safecampus.gate.services import visits as services


@offline_ready
@school_view(Cap.GATE_VIEW)
def desk(request, school):
    return render(
        request,
        "gate/desk.html",
        {
            "school": school,
            "waiting": list(queries.waiting(user=request.user, school=school)[:50]),
            "page": paginate(request, queries.on_campus(user=request.user, school=school)),
            "now": timezone.now(),
            "can_desk": has_cap(request.user, Cap.GATE_DESK, school),
            "pass_form": forms.PassCodeForm(),
            "undoable": _undoable(request, school),
            "undo_minutes": services.UNDO_CHECK_OUT_MINUTES,
        },
    )


@offline_ready
@school_view(Cap.GATE_DESK)
def register(request, school):
    form = forms.VisitForm(
        request.POST or None,
        request.FILES or None,
        people=core_queries.school_people_choices(school),
    )
    if request.method == "POST" and form.is_valid():
        # The walk-in box only says, on purpose, that there is no host.
        data = {k: v for k, v in form.cleaned_data.items() if k != "walk_in"}
        with service_call(request, form) as call, atomic_with_files():
            visit = services.register_visit(actor=request.user, school=school, **data)
        if call.ok:
            if visit.status == VisitStatus.HELD:
                messages.error(request, _("Stop: this person matches the watchlist."))
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": visit.name})
            return redirect(visit)
    status = 400 if request.method == "POST" else 200
    return render(request, "gate/register.html", {"school": school, "form": form}, status=status)


def _visit_for(request, school, visit_id):
    """Gate staff see every visit of the school; a host sees the visits they host."""
    visits = queries.visits_to_open(user=request.user, school=school)
    return get_visible_or_404(request.user, Visit, visit_id, visits)


@school_view(Cap.VISIT_HOST)
def visit_detail(request, school, visit_id):
    visit = _visit_for(request, school, visit_id)
    return render(
        request,
        "gate/visit.html",
        {
            "school": school,
            "visit": visit,
            "can_desk": has_cap(request.user, Cap.GATE_DESK, school),
            "override_form": forms.OverrideForm(),
            "refuse_form": forms.RefuseForm(),
            "now": timezone.now(),
            "undoable": visit.status == VisitStatus.LEFT
            and services.undo_refusal(request.user, visit) is None,
            "undo_minutes": services.UNDO_CHECK_OUT_MINUTES,
        },
    )


def _action(request, school, visit_id, action, success, **kwargs):
    visit = get_visible_or_404(
        request.user, Visit, visit_id, queries.visits(user=request.user, school=school)
    )
    with service_call(request) as call:
        action(actor=request.user, visit=visit, **kwargs)
    if call.ok:
        messages.success(request, success)
    return redirect(visit)


# The desk remembers its own last check-out, to offer taking it back on the next page.
LAST_CHECK_OUT = "gate_last_check_out"


def _undoable(request, school):
    """The visit this desk checked out last, while it may still take that back; else None."""
    visit_id = request.session.get(LAST_CHECK_OUT)
    if visit_id is None:
        return None
    visit = queries.visits(user=request.user, school=school).filter(pk=visit_id).first()
    if visit is None or services.undo_refusal(request.user, visit) is not None:
        return None
    return visit


@require_POST
@school_view(Cap.GATE_DESK)
def check_out(request, school, visit_id):
    """A check-out is confirmed first: on the row itself with JavaScript, else on a page of its
    own (a form without `confirmed` asks). Then the desk may undo it for a few minutes."""
    visit = get_visible_or_404(
        request.user, Visit, visit_id, queries.visits(user=request.user, school=school)
    )
    if request.POST.get("confirmed") != "1":
        return render(request, "gate/check_out_confirm.html", {"school": school, "visit": visit})
    with service_call(request) as call:
        services.check_out(
            actor=request.user,
            visit=visit,
            client_uuid=request.POST.get("client_uuid", ""),
            at=phone_time(request, max_age=timedelta(days=1)),
        )
    if call.ok:
        request.session[LAST_CHECK_OUT] = visit.pk
        messages.success(request, _("%(name)s is checked out.") % {"name": visit.name})
        return redirect("gate:desk", school.pk)
    return redirect(visit)


@require_POST
@school_view(Cap.GATE_DESK)
def undo_check_out(request, school, visit_id):
    visit = get_visible_or_404(
        request.user, Visit, visit_id, queries.visits(user=request.user, school=school)
    )
    with service_call(request) as call:
        services.undo_check_out(actor=request.user, visit=visit)
    if call.ok:
        request.session.pop(LAST_CHECK_OUT, None)
        messages.success(request, _("%(name)s is back on campus.") % {"name": visit.name})
        return redirect("gate:desk", school.pk)
    return redirect(visit)


@require_POST
@school_view(Cap.GATE_DESK)
def check_in(request, school, visit_id):
    return _action(request, school, visit_id, services.check_in_by_pass, _("Pass checked."))


@require_POST
@school_view(Cap.GATE_DESK)
def refuse(request, school, visit_id):
    form = forms.RefuseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _action(request, school, visit_id, services.refuse_entry, _("Entry refused."), note=note)


@require_POST
@school_view(Cap.GATE_DESK)
def override(request, school, visit_id):
    visit = get_visible_or_404(
        request.user, Visit, visit_id, queries.visits(user=request.user, school=school)
    )
    form = forms.OverrideForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.override(actor=request.user, visit=visit, reason=form.cleaned_data["reason"])
        if call.ok:
            messages.success(request, _("Admitted, with the reason recorded."))
            return redirect(visit)
    return render(
        request,
        "gate/visit.html",
        {
            "school": school,
            "visit": visit,
            "can_desk": True,
            "override_form": form,
            "refuse_form": forms.RefuseForm(),
            "now": timezone.now(),
        },
        status=400,
    )


@school_view(Cap.GATE_DESK)
def pass_lookup(request, school, code=None):
    """What the pass's QR opens on the guard's phone, or where a typed code leads."""
    if code is None:
        form = forms.PassCodeForm(request.GET or None)
        if not form.is_valid():
            messages.error(request, _("Type the 8 characters of the pass code."))
            return redirect("gate:desk", school.pk)
        code = form.cleaned_data["code"]
    visit = queries.visits(user=request.user, school=school).filter(pass_code=code.upper())
    visit = visit.first()
    if visit is None:
        messages.error(request, _("No pass with this code at this school."))
        return redirect("gate:desk", school.pk)
    return redirect(visit)


@school_view(Cap.VISIT_HOST)
def invite(request, school):
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            visit = services.pre_register(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Pre-registered. Send the pass to your visitor."))
            return redirect("gate:visit_pass", school.pk, visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "gate/invite.html", {"school": school, "form": form}, status=status)


def _pass_context(request, visit):
    scan_url = request.build_absolute_uri(
        reverse("gate:pass", args=[visit.school_id, visit.pass_code])
    )
    return {"visit": visit, "qr": qr.svg(scan_url, scale=6, border=2)}


@school_view(Cap.VISIT_HOST)
def visit_pass(request, school, visit_id):
    """The host's copy of the pass, to forward to the visitor (a screenshot or the link)."""
    visit = _visit_for(request, school, visit_id)
    public = request.build_absolute_uri(reverse("gate:public_pass", args=[visit.pass_code]))
    return render(
        request,
        "gate/pass.html",
        {"school": school, "public_url": public, **_pass_context(request, visit)},
    )


def public_pass(request, code):
    """The visitor's pass without an account: school, day and the QR; the name half hidden."""
    visit = queries.public_pass(code)
    if visit is None:
        raise Http404
    return render(request, "gate/public_pass.html", _pass_context(request, visit))


@school_view(Cap.VISIT_HOST)
def my_visitors(request, school):
    rows = queries.hosted_by(user=request.user, school=school)
    return render(
        request,
        "gate/my_visitors.html",
        {"school": school, "page": paginate(request, rows)},
    )


@school_view(Cap.GATE_VIEW)
def visit_log(request, school):
    form, start, end = forms.RangeForm.default_range(request.GET)
    q = request.GET.get("q", "").strip()[:40]
    rows = queries.visit_log(user=request.user, school=school, start=start, end=end, search=q)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "gate/visit_log.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, rows),
            "query": query.urlencode(),
        },
    )
