from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.forms import CalendarDayForm, TermForm
from safecampus.core.models import CalendarException, Term
from safecampus.core.roles import Cap
from safecampus.core.services import calendar as calendar_services
from safecampus.core.views.base import org_view, service_call


def _page(request, org, term_form=None, day_form=None, status=200):
    terms, days = queries.calendar_entries(org)
    context = {
        "org": org,
        "terms": terms,
        "days": days,
        "can_manage": has_cap(request.user, Cap.CALENDAR_MANAGE, org),
        "term_form": term_form or TermForm(),
        "day_form": day_form or CalendarDayForm(),
    }
    if org.is_school:
        today = timezone.localdate()
        context["current_term"] = queries.current_term(org, today)
        context["next_days"] = _fortnight(org, today)
    return render(request, "core/calendar.html", context, status=status)


def _fortnight(school, start):
    end = start + timedelta(days=13)
    cal = queries.SchoolCalendar(school, start, end)
    return [
        (start + timedelta(days=i), cal.is_school_day(start + timedelta(days=i))) for i in range(14)
    ]


@org_view()
def calendar(request, org):
    return _page(request, org)


@require_POST
@org_view(Cap.CALENDAR_MANAGE)
def term_add(request, org):
    form = TermForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            calendar_services.add_term(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The term was added."))
            return redirect("core:calendar", org.pk)
    return _page(request, org, term_form=form, status=400)


@require_POST
@org_view(Cap.CALENDAR_MANAGE)
def day_add(request, org):
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            calendar_services.add_exception(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The day was added to the calendar."))
            return redirect("core:calendar", org.pk)
    return _page(request, org, day_form=form, status=400)


@require_POST
@org_view(Cap.CALENDAR_MANAGE)
def entry_remove(request, org, kind, entry_id):
    model = Term if kind == "term" else CalendarException
    entry = get_visible_or_404(
        request.user, model, entry_id, queryset=model.objects.filter(org=org)
    )
    with service_call(request) as call:
        calendar_services.remove_entry(actor=request.user, entry=entry)
    if call.ok:
        messages.success(request, _("Removed from the calendar."))
    return redirect("core:calendar", org.pk)
