"""The school's ledger, "my hazards", reporting, export and import."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import queries as core_queries
from safecampus.core.access import has_cap
from safecampus.core.phonequeue import offline_ready, phone_time
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.hazards import forms, queries, services
from safecampus.hazards.models import Status


def _filters(request, school):
    form = forms.FilterForm(
        request.GET or None, school=school, people=core_queries.school_people_choices(school)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@school_view(Cap.HAZARD_VIEW)
def ledger(request, school):
    form, filters = _filters(request, school)
    page = paginate(request, queries.ledger(user=request.user, school=school, filters=filters))
    page.object_list = queries.rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "school": school,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_import": has_cap(request.user, Cap.HAZARD_IMPORT, school),
        "statuses": Status,
    }
    template = "hazards/ledger.html#ledger-rows" if request.htmx else "hazards/ledger.html"
    return render(request, template, context)


@school_view(Cap.HAZARD_VIEW)
def export(request, school):
    from safecampus.hazards.exports import export_response

    _form, filters = _filters(request, school)
    rows = queries.ledger(user=request.user, school=school, filters=filters)
    stamp = timezone.localdate().isoformat()
    return export_response(rows, f"{school.name}-隐患台账-{stamp}.xlsx")


@school_view(Cap.HAZARD_IMPORT)
def import_ledger(request, school):
    from safecampus.hazards.importer import import_file

    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        with service_call(request, show=False) as call:
            count = import_file(actor=request.user, school=school, file=form.cleaned_data["file"])
        if not call.ok:
            errors = call.error.message.split("\n")
        else:
            messages.success(request, _("%(n)d hazards were imported.") % {"n": count})
            return redirect("hazards:ledger", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "hazards/import.html",
        {"school": school, "form": form, "errors": errors},
        status=status,
    )


@offline_ready
@school_view(Cap.HAZARD_REPORT)
def report(request, school):
    # A bureau person files a finding: by name, with the bureau's deadline.
    bureau = services.finding_bureau(request.user, school)
    form_class = forms.FindingForm if bureau is not None else forms.ReportForm
    form = form_class(request.POST or None, request.FILES or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call, atomic_with_files():
            hazard = services.report_hazard(
                actor=request.user,
                school=school,
                zone=data["zone"],
                place=data["place"],
                category=data["category"],
                description=data["description"],
                source=data["source"],
                photos=data["photos"],
                anonymous=data.get("anonymous", False),
                client_uuid=data["client_uuid"],
                # Saved offline: found the day the phone says, when plausible.
                found_on=timezone.localdate(phone_time(request)),
                supervision_deadline=data.get("supervision_deadline"),
            )
        if call.ok:
            if hazard.anonymous:
                return render(
                    request, "hazards/reported.html", {"school": school, "hazard": hazard}
                )
            messages.success(
                request, _("Hazard #%(id)d was reported. Thank you.") % {"id": hazard.pk}
            )
            return redirect(hazard)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "hazards/report.html",
        {"school": school, "form": form, "bureau": bureau},
        status=status,
    )


@school_view()
def mine(request, school):
    to_fix, reported = queries.my_hazards(request.user, school)
    return render(
        request,
        "hazards/mine.html",
        {"school": school, "to_fix": to_fix, "reported": reported},
    )
