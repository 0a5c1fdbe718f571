"""The cockpit (a bureau's figures across its schools, or a school's own against its district),
a school's profile for the bureau, and the bureau's ranking weights."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.assessment import cockpit, forms, services
from safecampus.core import metrics
from safecampus.core.access import has_cap
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, service_call


def _chart_data(tiles, trends, distributions):
    return {
        "trends": trends,
        "distributions": distributions,
        "tiles": [{"key": t.key, "label": t.label, "total": t.total} for t in tiles],
    }


@org_view(Cap.COCKPIT_VIEW)
def cockpit_page(request, org):
    user = request.user
    if org.is_school:
        return _school_cockpit(request, org)
    schools = cockpit.schools_of(org)
    owner, weights = cockpit.weights_for(org)
    snap = cockpit.snapshot(org, [key for key, weight in weights.items() if weight > 0])
    tiles = cockpit.tiles(user, org, schools, snap)
    trends = cockpit.trends(user, org, schools, snap)
    distributions = cockpit.distributions(user, org, schools, snap)
    ranked, used, in_use = cockpit.ranking(user, org, weights, schools, snap)
    page = Paginator(ranked, cockpit.RANKING_PAGE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "tiles": tiles,
        "trends": trends,
        "trend_rows": _trend_rows(trends),
        "distributions": distributions,
        "page": page,
        "used": used,
        "weights": in_use,
        "weights_owner": owner,
        "school_count": len(ranked),
        "can_manage": has_cap(user, Cap.COCKPIT_MANAGE, org),
        "chart_data": _chart_data(tiles, trends, distributions),
        "rolled_at": cockpit.freshness(),
        "taken_at": snap.taken_at if snap else None,
        "snapshot_minutes": _snapshot_minutes(),
    }
    return render(request, "assessment/cockpit.html", context)


def _snapshot_minutes():
    return int(cockpit.SNAPSHOT_EVERY.total_seconds() // 60)


def _trend_rows(trends):
    """The trend chart as table rows: (month, [figure of each series])."""
    return [
        (month, [series["data"][n] for series in trends["series"]])
        for n, month in enumerate(trends["months"])
    ]


def _school_cockpit(request, school):
    user = request.user
    schools = Org.objects.filter(pk=school.pk)
    district = cockpit.district_of(school)
    snap = cockpit.snapshot(school)
    tiles = cockpit.tiles(user, school, schools, snap)
    trends = cockpit.trends(user, school, schools, snap)
    distributions = cockpit.distributions(user, school, schools, snap)
    rows, taken_at = cockpit.profile(user, school, school, district)
    context = {
        "org": school,
        "school": school,
        "district": district,
        "tiles": tiles,
        "trends": trends,
        "trend_rows": _trend_rows(trends),
        "distributions": distributions,
        "rows": rows,
        "chart_data": _chart_data(tiles, trends, distributions),
        "rolled_at": cockpit.freshness(),
        "taken_at": snap.taken_at if snap else None,
        # Said once at the top when the page's figures all come from the snapshot.
        "rows_taken_at": taken_at if snap is None else None,
        "snapshot_minutes": _snapshot_minutes(),
    }
    return render(request, "assessment/cockpit.html", context)


@org_view(Cap.COCKPIT_VIEW)
def school_profile(request, org, school_id):
    school = Org.objects.schools().under(org).filter(pk=school_id).first()
    if school is None:
        raise Http404
    rows, taken_at = cockpit.profile(request.user, org, school, org)
    context = {
        "org": org,
        "school": school,
        "rows": rows,
        "rows_taken_at": taken_at,
        "snapshot_minutes": _snapshot_minutes(),
    }
    return render(request, "assessment/profile.html", context)


@org_view(Cap.COCKPIT_MANAGE)
def weights(request, org):
    if org.is_school:
        raise Http404
    owner, current = cockpit.weights_for(org)
    readable = metrics.visible(request.user, org)
    form = forms.WeightsForm(request.POST or None, metrics=readable, current=current)
    if request.method == "POST":
        if "reset" in request.POST:
            with service_call(request) as call:
                services.reset_weights(actor=request.user, org=org)
            if call.ok:
                messages.success(request, _("The ranking uses the weights from above again."))
            return redirect("assessment:weights", org.pk)
        if form.is_valid():
            with service_call(request, form) as call:
                services.set_weights(actor=request.user, org=org, weights=form.weights())
            if call.ok:
                messages.success(request, _("The ranking weights were saved."))
                return redirect("assessment:cockpit", org.pk)
    status = 400 if request.method == "POST" else 200
    context = {"org": org, "form": form, "owner": owner, "own": owner == org.pk}
    return render(request, "assessment/weights.html", context, status=status)
