"""The schemes a bureau may use: the starter and its own copies, a version's sheet (areas,
indicators, vetoes, grades, source), and the edits of its own (a used version gets a new one):
areas and indicators added, renamed, changed and removed, the veto list and the grades."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.assessment import forms, queries
from safecampus.assessment.models import Area, Indicator, VetoItem
from safecampus.assessment.services import schemes as services
from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, service_call


@org_view(Cap.ASSESSMENT_VIEW)
def schemes(request, org):
    if org.is_school:
        raise Http404
    rows = list(queries.schemes_for(org))
    latest = {v.scheme_id: v for v in queries.versions_for(org)}
    for row in rows:
        row.version = latest.get(row.pk)
    form = forms.CopyForm(request.POST or None)
    if request.method == "POST":
        scheme = get_object_or_404(queries.schemes_for(org), pk=request.POST.get("scheme") or 0)
        if form.is_valid():
            with service_call(request, form) as call:
                own = services.copy_scheme(
                    actor=request.user, bureau=org, scheme=scheme, name=form.cleaned_data["name"]
                )
            if call.ok:
                messages.success(request, _("The scheme was copied: edit your copy."))
                return redirect(services.latest_version(own))
    context = {
        "org": org,
        "rows": rows,
        "form": form,
        "can_manage": has_cap(request.user, Cap.ASSESSMENT_MANAGE, org),
    }
    return render(request, "assessment/schemes.html", context, status=400 if form.errors else 200)


def _owned(request, version):
    """The bureau that may edit `version` (its scheme's): a reader who may not manage there is
    refused (403); the starter is edited by no one (copy it)."""
    owner = version.scheme.org
    if owner is None or not has_cap(request.user, Cap.ASSESSMENT_MANAGE, owner):
        raise PermissionDenied
    return owner


@login_required
def version(request, pk):
    version = queries.readable_version(request.user, pk)
    areas, total = queries.version_tree(version)
    owner = version.scheme.org
    context = {
        "version": version,
        "scheme": version.scheme,
        "areas": areas,
        "total": total,
        "vetoes": list(version.vetoes.all()),
        "bands": list(version.bands.all()),
        "used": queries.used(version),
        "versions": list(version.scheme.versions.all()),
        "can_edit": owner is not None and has_cap(request.user, Cap.ASSESSMENT_MANAGE, owner),
        "metrics": queries.metric_labels(areas) | queries.veto_metric_labels(version),
        "directions": queries.metric_directions(areas),
    }
    return render(request, "assessment/version.html", context)


def _indicator_call(request, data, service, **target):
    return service(
        actor=request.user,
        name=data["name"],
        guidance=data["guidance"],
        max_points=data["max_points"],
        rule=data["rule"],
        metric=data["metric"],
        thresholds=data["thresholds"],
        **target,
    )


def _area(request, pk):
    """The area and its version, for one who may edit the version's scheme."""
    area = get_object_or_404(Area, pk=queries.as_id(pk))
    version = queries.readable_version(request.user, area.version_id)
    _owned(request, version)
    return area, version


def _small_form_page(request, version, form, title, status):
    context = {"form": form, "version": version, "title": title, "used": queries.used(version)}
    return render(request, "assessment/list_form.html", context, status=status)


@login_required
def area_new(request, pk):
    version = queries.readable_version(request.user, pk)
    _owned(request, version)
    form = forms.AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            area = services.add_area(
                actor=request.user, version=version, name=form.cleaned_data["name"]
            )
        if call.ok:
            messages.success(request, _("The area was added: now give it its indicators."))
            return redirect(area.version)
    status = 400 if request.method == "POST" else 200
    return _small_form_page(request, version, form, _("New area"), status)


@login_required
def area_edit(request, pk):
    area, version = _area(request, pk)
    form = forms.AreaForm(request.POST or None, initial={"name": area.name})
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            renamed = services.rename_area(
                actor=request.user, area=area, name=form.cleaned_data["name"]
            )
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(renamed.version)
    status = 400 if request.method == "POST" else 200
    return _small_form_page(request, version, form, area.name, status)


@login_required
@require_POST
def area_remove(request, pk):
    area, version = _area(request, pk)
    with service_call(request) as call:
        changed = services.remove_area(actor=request.user, area=area)
    if call.ok:
        messages.success(request, _("The area was removed with its indicators."))
        return redirect(changed)
    return redirect(version)


@login_required
def indicator_new(request, pk):
    area, version = _area(request, pk)
    form = forms.IndicatorForm(request.POST or None, initial={"rule": "manual"})
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            added = _indicator_call(request, form.cleaned_data, services.add_indicator, area=area)
        if call.ok:
            messages.success(request, _("The indicator was added."))
            return redirect(added.area.version)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "version": version, "area": area, "used": queries.used(version)}
    return render(request, "assessment/indicator_form.html", context, status=status)


@login_required
@require_POST
def indicator_remove(request, pk):
    indicator = get_object_or_404(Indicator, pk=queries.as_id(pk))
    version = queries.readable_version(request.user, indicator.area.version_id)
    _owned(request, version)
    with service_call(request) as call:
        changed = services.remove_indicator(actor=request.user, indicator=indicator)
    if call.ok:
        messages.success(request, _("The indicator was removed."))
        return redirect(changed)
    return redirect(version)


@login_required
def indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator, pk=queries.as_id(pk))
    version = queries.readable_version(request.user, indicator.area.version_id)
    _owned(request, version)
    initial = {
        "name": indicator.name,
        "guidance": indicator.guidance,
        "max_points": indicator.max_points,
        "rule": indicator.rule,
        "metric": indicator.metric,
        "thresholds": "\n".join(f"{a:g} | {b:g}" for a, b in indicator.thresholds),
    }
    form = forms.IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            changed = _indicator_call(request, data, services.edit_indicator, indicator=indicator)
        if call.ok:
            messages.success(request, _("The indicator was saved."))
            return redirect(changed.area.version)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "version": version,
        "indicator": indicator,
        "used": queries.used(version),
    }
    return render(request, "assessment/indicator_form.html", context, status=status)


@login_required
def _list_edit(request, pk, form_class, initial, apply, title):
    version = queries.readable_version(request.user, pk)
    _owned(request, version)
    form = form_class(request.POST or None, initial=initial(version))
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            changed = apply(version, form)
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(changed)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "version": version, "title": title, "used": queries.used(version)}
    return render(request, "assessment/list_form.html", context, status=status)


def vetoes_edit(request, pk):
    return _list_edit(
        request,
        pk,
        forms.VetoesForm,
        lambda v: {"vetoes": "\n".join(f"{i.name} | {i.look_back}" for i in v.vetoes.all())},
        lambda v, form: services.set_vetoes(
            actor=request.user, version=v, items=form.cleaned_data["vetoes"]
        ),
        _("Veto items"),
    )


def bands_edit(request, pk):
    return _list_edit(
        request,
        pk,
        forms.BandsForm,
        lambda v: {
            "bands": "\n".join(
                f"{b.label} | {b.min_points:g}" + (" | veto" if b.veto_cap else "")
                for b in v.bands.all()
            )
        },
        lambda v, form: services.set_bands(
            actor=request.user, version=v, bands=form.cleaned_data["bands"]
        ),
        _("Grades"),
    )


@login_required
def veto_match(request, pk):
    item = get_object_or_404(VetoItem, pk=queries.as_id(pk))
    version = queries.readable_version(request.user, item.version_id)
    _owned(request, version)
    form = forms.VetoMatchForm(
        request.POST or None, initial={"metric": item.metric, "years": item.years}
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            changed = services.set_veto_match(
                actor=request.user,
                item=item,
                metric=form.cleaned_data["metric"],
                years=form.cleaned_data["years"],
            )
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(changed.version)
    status = 400 if request.method == "POST" else 200
    return _small_form_page(request, version, form, item.name, status)
