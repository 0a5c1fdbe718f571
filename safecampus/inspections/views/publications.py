"""A bureau's published checks: its checklists, publishing one with a schedule to its schools,
the completion per school, withdrawing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.targets import TargetForm, describe
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.inspections import forms, queries, services
from safecampus.inspections.models import Publication
from safecampus.inspections.views.oversight import _period


@org_view(Cap.CHECK_VIEW)
def publication_list(request, org):
    page = paginate(request, queries.publications(user=request.user, bureau=org))
    for publication in page:
        publication.target_text = describe(org, publication.target)
    return render(
        request,
        "inspections/publications.html",
        {
            "org": org,
            "page": page,
            "checklists": queries.bureau_checklists(user=request.user, bureau=org),
            "can_publish": not org.is_school and has_cap(request.user, Cap.CHECK_PUBLISH, org),
        },
    )


@org_view(Cap.CHECK_PUBLISH)
def publish(request, org):
    template_id = request.GET.get("template", "")
    initial = {"starts_on": timezone.localdate()}
    if template_id.isdigit():
        initial["template"] = int(template_id)
    form = forms.PublishForm(request.POST or None, initial=initial, bureau=org)
    target = TargetForm(request.POST or None, bureau=org, prefix="target")
    if request.method == "POST" and form.is_valid() and target.is_valid():
        with service_call(request, form) as call:
            publication = services.publish(
                actor=request.user, bureau=org, target=target.target(), **form.cleaned_data
            )
        if call.ok:
            messages.success(
                request,
                _("The check was published to %(n)d schools.")
                % {"n": publication.schedules.count()},
            )
            return redirect(publication)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/publish.html",
        {"org": org, "form": form, "target": target},
        status=status,
    )


def _publication(request, org, publication_id):
    publications = queries.publications(user=request.user, bureau=org)
    return get_visible_or_404(request.user, Publication, publication_id, publications)


@org_view(Cap.CHECK_VIEW)
def publication_detail(request, org, publication_id):
    publication = _publication(request, org, publication_id)
    form, start, end = _period(request)
    page = paginate(request, queries.publication_schools(publication))
    table, totals = queries.publication_completion(publication, list(page), start, end)
    return render(
        request,
        "inspections/publication.html",
        {
            "org": org,
            "publication": publication,
            "target_text": describe(org, publication.target),
            "form": form,
            "start": start,
            "end": end,
            "page": page,
            "rows": table,
            "totals": totals,
            "query": f"start={start}&end={end}",
            "can_publish": has_cap(request.user, Cap.CHECK_PUBLISH, org),
        },
    )


@require_POST
@org_view(Cap.CHECK_PUBLISH)
def publication_withdraw(request, org, publication_id):
    publication = _publication(request, org, publication_id)
    with service_call(request) as call:
        services.withdraw(actor=request.user, publication=publication)
    if call.ok:
        messages.success(request, _("The check was withdrawn: no more checks from it."))
    return redirect(publication)
