"""The school's traffic safety page (一校一策): the plan in force with the reference it follows
and its earlier versions, the crossing posts and the week's volunteer roster (小黄帽) with the
posts nobody stands at, beside a link to the gate's 护学岗 duty log."""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.transport import forms
from safecampus.transport.queries import traffic as queries
from safecampus.transport.services import traffic as services


def _week(request):
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return queries.week_of(day)


def _page(request, school, *, post_form=None, volunteer_form=None, status=200):
    days = _week(request)
    post_rows, shifts = queries.roster(user=request.user, school=school, days=days)
    manage = has_cap(request.user, Cap.TRANSPORT_MANAGE, school)
    grid = [
        {"post": post, "days": [shifts.get((post.pk, day), []) for day in days]}
        for post in post_rows
    ]
    context = {
        "school": school,
        "plan": queries.plan_in_force(request.user, school),
        "versions": paginate(request, queries.plans(user=request.user, school=school)),
        "days": days,
        "grid": grid,
        "gaps": queries.gaps(post_rows, shifts, days),
        "previous": days[0] - timedelta(days=7),
        "next": days[0] + timedelta(days=7),
        "manage": manage,
    }
    if manage:
        posts = queries.posts(user=request.user, school=school)
        context["post_form"] = post_form or forms.CrossingPostForm()
        context["volunteer_form"] = volunteer_form or forms.VolunteerForm(
            posts=posts, initial={"day": timezone.localdate()}
        )
    return render(request, "transport/traffic/index.html", context, status=status)


@school_view(Cap.TRANSPORT_VIEW)
def traffic(request, school):
    return _page(request, school)


@school_view(Cap.TRANSPORT_MANAGE)
def plan_new(request, school):
    """A new version of the plan: the form starts from the one in force."""
    current = queries.plan_in_force(request.user, school)
    initial = {name: getattr(current, name) for name in services.PLAN_FIELDS} if current else {}
    form = forms.TrafficPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            plan = services.adopt_plan(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(
                request,
                _("Version %(version)s of the traffic plan is in force.")
                % {"version": plan.version},
            )
            return redirect("transport:traffic", school.pk)
    return render(
        request,
        "transport/traffic/plan_form.html",
        {"school": school, "form": form, "current": current},
        status=400 if form.is_bound else 200,
    )


@require_POST
@school_view(Cap.TRANSPORT_MANAGE)
def post_add(request, school):
    form = forms.CrossingPostForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_post(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            return redirect("transport:traffic", school.pk)
    return _page(request, school, post_form=form, status=400)


@require_POST
@school_view(Cap.TRANSPORT_MANAGE)
def volunteer_add(request, school):
    posts = queries.posts(user=request.user, school=school)
    form = forms.VolunteerForm(request.POST, posts=posts)
    if form.is_valid():
        data = form.cleaned_data
        post = first_or_404(queries.post_for(request.user, school, data["post"].pk))
        with service_call(request, form) as call:
            services.add_volunteer(
                actor=request.user,
                post=post,
                day=data["day"],
                name=data["name"],
                phone=data["phone"],
            )
        if call.ok:
            return redirect(f"{_url(school)}?week={data['day']}#roster")
    return _page(request, school, volunteer_form=form, status=400)


def _url(school):
    return reverse("transport:traffic", args=[school.pk])
