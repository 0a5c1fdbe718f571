"""The guard's side: today's rounds, a round's page (scan on the phone), starting, scanning."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import school_view, service_call
from safecampus.patrols import queries, services
from safecampus.patrols.forms import ScanForm
from safecampus.patrols.models import OPEN_ROUND_STATUSES, Round


def _check_can_see_rounds(request, school):
    if not queries.can_see_rounds(request.user, school):
        raise PermissionDenied


def _round(request, school, round_id):
    rounds = queries.rounds_of_school(user=request.user, school=school)
    return get_visible_or_404(request.user, Round, round_id, queryset=rounds)


@offline_ready
@school_view()
def today(request, school):
    _check_can_see_rounds(request, school)
    day = timezone.localdate()
    rounds = list(queries.rounds_of_day(user=request.user, school=school, day=day))
    mine = {r.pk for r in queries.rounds_today(request.user).filter(school=school)}
    return render(
        request,
        "patrols/today.html",
        {
            "school": school,
            "day": day,
            "rounds": rounds,
            "mine": mine,
            "can_view": has_cap(request.user, Cap.PATROL_VIEW, school),
            "can_manage": has_cap(request.user, Cap.PATROL_MANAGE, school),
        },
    )


def _context(request, school, round_, form=None):
    rows, completion, scans = queries.round_sheet(round_)
    can_run = has_cap(request.user, Cap.PATROL_RUN, school)
    now = timezone.now()
    can_run = can_run and round_.status in OPEN_ROUND_STATUSES and now <= round_.closes_at
    return {
        "school": school,
        "round": round_,
        "rows": rows,
        "completion": completion,
        "scans": scans,
        "typed": sum(row.typed for row in rows),
        "can_run": can_run,
        "can_start": can_run and services.may_start(round_, now),
        "start_note": services.start_note(round_, now) if can_run else None,
        "form": form or ScanForm(initial={"client_uuid": uuid.uuid4()}),
        "api_url": reverse("api:patrol_scans"),
        "sheet_url": request.path + "?part=sheet",
    }


@offline_ready
@school_view()
def round_view(request, school, round_id):
    _check_can_see_rounds(request, school)
    round_ = _round(request, school, round_id)
    context = _context(request, school, round_)
    if request.GET.get("part") == "sheet":
        # What a scan changes: the sheet, and the Start button a first scan takes away.
        return render(request, "patrols/round_live.html", context)
    return render(request, "patrols/round.html", context)


@school_view(Cap.PATROL_RUN)
def start(request, school, round_id):
    round_ = _round(request, school, round_id)
    if request.method == "POST":
        with service_call(request):
            services.start_round(actor=request.user, round=round_)
    return redirect(round_)


@school_view(Cap.PATROL_RUN)
def scan(request, school, round_id):
    """The scan form without JavaScript; the page's script sends the same to the API."""
    round_ = _round(request, school, round_id)
    if request.method != "POST":
        return redirect(round_)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call, atomic_with_files():
            result = services.record_scan(
                actor=request.user,
                round=round_,
                client_uuid=data["client_uuid"],
                code=data["code"],
                note=data["note"],
                photo=data["photo"],
                problem=data["problem"],
                category=data["category"],
            )
        if call.ok:
            messages.success(
                request, _("%(checkpoint)s recorded.") % {"checkpoint": result.checkpoint}
            )
            return redirect(round_)
    context = _context(request, school, round_, form=form)
    return render(request, "patrols/round.html", context, status=400)
