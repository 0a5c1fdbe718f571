"""Checklists: list, builder (items, versions), the starter library. The owner is a school, or a
bureau building the checklists it publishes (its pages use the same routes with its id)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, service_call
from safecampus.inspections import forms, queries, services
from safecampus.inspections.library import BY_KEY, LIBRARY
from safecampus.inspections.models import ChecklistItem, ChecklistTemplate
from safecampus.inspections.services.templates import current_version

# What a bureau needs for what a school needs: a bureau reads with check.view and builds the
# checklists it publishes with check.publish (check.manage would reach into its schools).
BUREAU_CAP = {Cap.CHECK_RUN: Cap.CHECK_VIEW, Cap.CHECK_MANAGE: Cap.CHECK_PUBLISH}


def owner_cap(org, cap):
    return cap if org.is_school else BUREAU_CAP[cap]


def may_manage(user, org):
    return has_cap(user, owner_cap(org, Cap.CHECK_MANAGE), org)


def owner_view(cap):
    """The view gets the owner (a school or a bureau) from the URL; outside scope a 404."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            org = get_visible_or_404(request.user, Org, kwargs.pop("school_id"))
            if not has_cap(request.user, owner_cap(org, cap), org):
                raise PermissionDenied
            return view(request, org, *args, **kwargs)

        return wrapped

    return decorate


@owner_view(Cap.CHECK_RUN)
def checklist_list(request, school):
    archived = request.GET.get("archived") == "1"
    page = paginate(
        request, queries.templates(user=request.user, school=school, include_archived=archived)
    )
    return render(
        request,
        "inspections/checklists.html",
        {
            "school": school,
            "page": page,
            "archived": archived,
            "query": "archived=1" if archived else "",
            "can_manage": may_manage(request.user, school),
        },
    )


@owner_view(Cap.CHECK_MANAGE)
def checklist_create(request, school):
    form = forms.TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            template = services.create_template(
                actor=request.user,
                school=school,
                items=[{"text": _("First item: edit me")}],
                **form.cleaned_data,
            )
        if call.ok:
            return redirect("inspections:checklist", school.pk, template.pk)
    return render(request, "inspections/checklist_form.html", {"school": school, "form": form})


def _template(request, school, template_id):
    checklists = queries.checklists(user=request.user, school=school)
    return get_visible_or_404(request.user, ChecklistTemplate, template_id, checklists)


@owner_view(Cap.CHECK_RUN)
def checklist_detail(request, school, template_id):
    template = _template(request, school, template_id)
    version = current_version(template)
    versions = list(template.versions.select_related("created_by").order_by("-number"))
    item_form = forms.ItemForm()
    return render(
        request,
        "inspections/checklist.html",
        {
            "school": school,
            "template": template,
            "version": version,
            "items": version.items.all(),
            "versions": versions,
            "in_use": queries.version_in_use(user=request.user, version=version),
            "item_form": item_form,
            # A checklist the bureau published is shown to its schools, never editable there.
            "can_manage": template.school_id == school.pk and may_manage(request.user, school),
            "published_by": None if template.school_id == school.pk else template.school,
            "schedules": queries.active_schedules(
                user=request.user, template=template, school=school
            ),
        },
    )


@owner_view(Cap.CHECK_MANAGE)
def item_save(request, school, template_id, item_id=None):
    """Add an item, or change one (the change may start a new version)."""
    template = _template(request, school, template_id)
    item = None
    if item_id is not None:
        item = get_object_or_404(ChecklistItem, pk=item_id, version__template=template)
    initial = None
    if item is not None:
        initial = {f: getattr(item, f) for f in services.templates.ITEM_FIELDS}
    form = forms.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            if item is None:
                services.add_item(actor=request.user, template=template, **form.cleaned_data)
            else:
                services.update_item(
                    actor=request.user, template=template, item_id=item.pk, **form.cleaned_data
                )
        if call.ok:
            messages.success(request, _("The checklist was saved."))
            return redirect("inspections:checklist", school.pk, template.pk)
    return render(
        request,
        "inspections/item_form.html",
        {"school": school, "template": template, "item": item, "form": form},
    )


@require_POST
@owner_view(Cap.CHECK_MANAGE)
def item_action(request, school, template_id, item_id, action):
    template = _template(request, school, template_id)
    get_object_or_404(ChecklistItem, pk=item_id, version__template=template)
    with service_call(request):
        if action == "remove":
            services.remove_item(actor=request.user, template=template, item_id=item_id)
        elif action in ("up", "down"):
            services.move_item(
                actor=request.user, template=template, item_id=item_id, up=action == "up"
            )
        else:
            raise Http404
    return redirect("inspections:checklist", school.pk, template.pk)


@require_POST
@owner_view(Cap.CHECK_MANAGE)
def checklist_archive(request, school, template_id):
    template = _template(request, school, template_id)
    with service_call(request) as call:
        services.archive_template(actor=request.user, template=template)
    if call.ok:
        messages.success(request, _("The checklist was archived and its schedules stopped."))
    return redirect("inspections:checklists", school.pk)


@owner_view(Cap.CHECK_MANAGE)
def library(request, school):
    adopted = queries.adopted_from_library(user=request.user, school=school)
    entries = [(entry, adopted.get(entry.key)) for entry in LIBRARY]
    return render(request, "inspections/library.html", {"school": school, "entries": entries})


@require_POST
@owner_view(Cap.CHECK_MANAGE)
def adopt(request, school, key):
    if key not in BY_KEY:
        raise Http404
    with service_call(request) as call:
        template = services.adopt_from_library(actor=request.user, school=school, key=key)
    if not call.ok:
        return redirect("inspections:library", school.pk)
    if not school.is_school:
        messages.success(request, _("The checklist was added. Now publish it to the schools."))
        return redirect(
            reverse("inspections:publish", args=[school.pk]) + f"?template={template.pk}"
        )
    messages.success(request, _("The checklist was added. Now schedule it."))
    return redirect(
        reverse("inspections:schedule_create", args=[school.pk]) + f"?template={template.pk}"
    )
