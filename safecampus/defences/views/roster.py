"""The duty roster (值守): a school's week by day (each gate in each band, a gap where no one is
on duty, the leader on night duty at a boarding school), seen by its guards and leaders and
kept by its leaders; a bureau's schools with this week's gaps."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences.forms.roster import BandForm, DutyForm, LeaderForm
from safecampus.defences.queries import roster as queries
from safecampus.defences.queries import staffing as staffing_queries
from safecampus.defences.services import roster as services

FORMS = {"band": BandForm, "duty": DutyForm, "leader": LeaderForm}


def _may_see(user, org):
    return has_cap(user, Cap.DEFENCE_VIEW, org) or has_cap(user, Cap.DEFENCE_DUTY, org)


def _page(request, org, monday, forms=None, status=200):
    days, posts, bands = queries.week(org, monday)
    initial = {"day": monday}
    forms = forms or {}
    context = {
        "org": org,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "days": days,
        "posts": posts,
        "bands": bands,
        "gaps": sum(day.gaps for day in days),
        "nights": sum(1 for day in days if day.leader is None) if org.boarding_students else 0,
        "mine": request.GET.get("mine") == "1",
        "band_form": forms.get("band") or BandForm(),
        "duty_form": forms.get("duty") or DutyForm(school=org, initial=initial),
        "leader_form": forms.get("leader") or LeaderForm(school=org, initial=initial),
    }
    return render(request, "defences/roster.html", context, status=status)


@org_view()
def roster(request, org):
    if not _may_see(request.user, org):
        raise PermissionDenied
    monday = queries.week_from(request.GET.get("week"))
    if org.is_school:
        return _page(request, org, monday)
    if not has_cap(request.user, Cap.DEFENCE_VIEW, org):
        raise PermissionDenied
    schools = staffing_queries.schools_in(request.user, org)
    gaps = queries.gaps_by_school(schools, monday)
    rows = [(school, *gaps.get(school.pk, (0, 0))) for school in schools.order_by("path")]
    rows.sort(key=lambda r: (-(r[1] + r[2]), r[0].path))
    context = {
        "org": org,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "page": paginate(request, rows),
        "query": f"week={monday.isoformat()}",
    }
    return render(request, "defences/bureau_roster.html", context)


@org_view(Cap.DEFENCE_MANAGE)
@require_POST
def roster_save(request, org, what):
    if not org.is_school or what not in FORMS:
        raise Http404
    form = FORMS[what](request.POST, **({} if what == "band" else {"school": org}))
    monday = queries.week_from(request.POST.get("week") or request.POST.get("day"))
    if form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            if what == "band":
                services.add_band(actor=request.user, school=org, **data)
            elif what == "duty":
                services.set_duty(actor=request.user, school=org, **data)
            else:
                services.set_leader(actor=request.user, school=org, **data)
        if call.ok:
            messages.success(request, _("The roster was saved."))
            url = reverse("defences:roster", args=[org.pk])
            return redirect(f"{url}?week={monday.isoformat()}")
    return _page(request, org, monday, {what: form}, status=400)


@org_view(Cap.DEFENCE_MANAGE)
@require_POST
def roster_copy(request, org):
    """The previous week's slots into the week shown (slots already set kept)."""
    if not org.is_school:
        raise Http404
    monday = queries.week_from(request.POST.get("week"))
    with service_call(request) as call:
        copied = services.copy_last_week(actor=request.user, school=org, monday=monday)
    if call.ok:
        messages.success(
            request,
            ngettext(
                "%(n)d slot copied from the week before.",
                "%(n)d slots copied from the week before.",
                copied,
            )
            % {"n": copied},
        )
    url = reverse("defences:roster", args=[org.pk])
    return redirect(f"{url}?week={monday.isoformat()}")
