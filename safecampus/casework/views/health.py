"""Pages of the health notes: the school's list (every note for the PE teacher and the medic,
the head teacher's own classes), recording a note, the note's page (each read audited) with the
guardian's notice and closing. Anyone else gets a 403 on the list and a 404 on a note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.casework.forms.health import HealthFilterForm, HealthForm, NoticeForm
from safecampus.casework.models import Ledger
from safecampus.casework.queries import health as queries
from safecampus.casework.services import access as access_services
from safecampus.casework.services import health as services
from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call


@school_view()
def health_list(request, school):
    if not queries.may_list(request.user, school):
        raise PermissionDenied
    filters = HealthFilterForm(request.GET or None, user=request.user, school=school)
    rows = queries.notes(user=request.user, school=school, **filters.filters())
    query = {
        k: v for k, v in request.GET.items() if k in ("kind", "school_class", "status", "pe_only")
    }
    return render(
        request,
        "casework/health_list.html",
        {
            "school": school,
            "filters": filters,
            "page": paginate(request, rows),
            "query": urlencode({k: v for k, v in query.items() if v}),
            "counts": queries.counts(user=request.user, school=school),
            "own_classes": not has_cap(request.user, Cap.HEALTH_VIEW, school),
            "may_record": has_cap(request.user, Cap.HEALTH_MANAGE, school),
        },
    )


@school_view(Cap.HEALTH_MANAGE)
def health_new(request, school):
    form = HealthForm(request.POST or None, request.FILES or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            note = services.record_note(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The health note is recorded."))
            return redirect(note.get_absolute_url())
    return render(
        request,
        "casework/health_form.html",
        {"school": school, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _note(request, note_id):
    return first_or_404(queries.note_of(user=request.user, note_id=note_id))


def _page(request, note, notice_form=None):
    basis = access_services.read_record(actor=request.user, ledger=Ledger.HEALTH, record=note)
    return render(
        request,
        "casework/health.html",
        {
            "school": note.school,
            "note": note,
            "basis": basis,
            "may_manage": has_cap(request.user, Cap.HEALTH_MANAGE, note.school),
            "notice_form": notice_form or NoticeForm(),
        },
        status=400 if notice_form else 200,
    )


@login_required
def health_detail(request, note_id):
    return _page(request, _note(request, note_id))


@require_POST
@login_required
def health_notice(request, note_id):
    note = _note(request, note_id)
    if not has_cap(request.user, Cap.HEALTH_MANAGE, note.school):
        raise PermissionDenied
    form = NoticeForm(request.POST, request.FILES)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_notice(actor=request.user, note=note, notice=form.cleaned_data["notice"])
        if call.ok:
            messages.success(request, _("The guardian's notice is attached."))
            return redirect(note.get_absolute_url())
    return _page(request, note, form)


@require_POST
@login_required
def health_close(request, note_id):
    note = _note(request, note_id)
    if not has_cap(request.user, Cap.HEALTH_MANAGE, note.school):
        raise PermissionDenied
    with service_call(request) as call:
        services.close_note(actor=request.user, note=note)
    if call.ok:
        messages.success(request, _("The health note is closed."))
    return redirect(note.get_absolute_url())
