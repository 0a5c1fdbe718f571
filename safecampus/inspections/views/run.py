"""My checks today, running a check on a phone, and the read-only record of a check."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.errors import DomainError
from safecampus.core.models import Zone
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.inspections import forms, queries, services
from safecampus.inspections.models import ChecklistTemplate, CheckTask, Inspection, ItemKind
from safecampus.inspections.services.templates import current_version


@offline_ready
@school_view(Cap.CHECK_RUN)
def today(request, school):
    return render(
        request,
        "inspections/today.html",
        {
            "school": school,
            "rows": queries.routine(request.user, school),
            "templates": queries.templates(user=request.user, school=school),
            "can_view": has_cap(request.user, Cap.CHECK_VIEW, school),
        },
    )


def _answers(post, items):
    return {
        item.pk: {
            "outcome": post.get(f"outcome_{item.pk}", ""),
            "number": post.get(f"number_{item.pk}", "").strip(),
            "text": post.get(f"text_{item.pk}", ""),
        }
        for item in items
    }


def _device_time(raw):
    try:
        moment = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else None


def _photos(request, school, items):
    """Photos kept from an earlier try (hidden ids) plus the ones chosen now, per item."""
    photos = {}
    for item in items:
        kept_ids = [i for i in request.POST.getlist(f"kept_{item.pk}") if i.isdigit()]
        kept = list(queries.my_photos(user=request.user, school=school, ids=kept_ids))
        new = request.FILES.getlist(f"photo_{item.pk}")
        if new:
            kept += services.keep_photos(actor=request.user, school=school, uploads=new)
        if kept:
            photos[item.pk] = kept
    return photos


def _run(request, school, *, task=None, template=None, zone=None):
    template = task.template if task else template
    version = current_version(template)
    items = list(version.items.all())
    answers, photos, problems, error = {}, {}, {}, None
    if request.method == "POST":
        answers = _answers(request.POST, items)
        with service_call(request, show=False) as call:
            try:
                photos = _photos(request, school, items)
                inspection = services.submit_inspection(
                    actor=request.user,
                    school=school,
                    client_uuid=request.POST.get("client_uuid", ""),
                    task=task,
                    template=template,
                    zone=zone,
                    answers=answers,
                    photos=photos,
                    device_time=_device_time(request.POST.get("device_time")),
                    note=request.POST.get("note", ""),
                )
            except ValueError:
                # A client id or photo id that is not one: the page did not arrive whole.
                raise DomainError(_("The form was incomplete; please submit it again.")) from None
        if call.ok:
            return redirect(inspection)
        error = call.error.message
        # Answers that do not fit their items are shown beside each item.
        problems = getattr(call.error, "problems", problems)
    rows = [
        (item, answers.get(item.pk, {}), photos.get(item.pk, []), problems.get(item.pk))
        for item in items
    ]
    return render(
        request,
        "inspections/run.html",
        {
            "school": school,
            "task": task,
            "template": template,
            "version": version,
            "zone": zone,
            "rows": rows,
            "error": error,
            "note": request.POST.get("note", ""),
            "client_uuid": request.POST.get("client_uuid", ""),
            "kinds": ItemKind,
        },
    )


@offline_ready
@school_view(Cap.CHECK_RUN)
def run_task(request, school, task_id):
    tasks = queries.tasks(user=request.user, school=school)
    task = get_visible_or_404(request.user, CheckTask, task_id, tasks)
    if not queries.may_do(request.user, task):
        raise PermissionDenied
    if hasattr(task, "inspection"):
        return redirect(task.inspection)
    return _run(request, school, task=task)


@offline_ready
@school_view(Cap.CHECK_RUN)
def run_template(request, school, template_id):
    """A check nobody scheduled: an inspection started from a checklist, at a chosen zone."""
    checklists = queries.checklists(user=request.user, school=school, include_archived=False)
    template = get_visible_or_404(request.user, ChecklistTemplate, template_id, checklists)
    zones = core_queries.school_zones(user=request.user, school=school)
    zone = None
    zone_id = request.GET.get("zone") or request.POST.get("zone")
    if zone_id and str(zone_id).isdigit():
        zone = get_visible_or_404(request.user, Zone, zone_id, zones)
    if zone is None and request.method == "GET" and "zone" not in request.GET:
        return render(
            request,
            "inspections/start.html",
            {
                "school": school,
                "template": template,
                "zones": zones.order_by("path_name", "pk"),
            },
        )
    return _run(request, school, template=template, zone=zone)


@school_view(Cap.CHECK_RUN)
def detail(request, school, inspection_id):
    inspections = queries.inspection_for_page(user=request.user, school=school)
    inspection = get_visible_or_404(request.user, Inspection, inspection_id, inspections)
    if not queries.can_view(request.user, inspection):
        raise Http404
    return render(
        request,
        "inspections/detail.html",
        {"school": school, "inspection": inspection, "results": queries.results(inspection)},
    )


@school_view(Cap.CHECK_RUN)
def done_checks(request, school):
    form = forms.InspectionFilterForm(request.GET or None, school=school)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, queries.inspections(user=request.user, school=school, filters=filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/list.html",
        {"school": school, "form": form, "page": page, "query": query.urlencode()},
    )
