"""The school's risk list, a risk point's page with its assessments, and the export."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries as core_queries
from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.risks import forms, levels, queries, services
from safecampus.risks.rules import rules_for


def _point(request, school, point_id):
    point = (
        queries.risk_points(user=request.user, school=school)
        .prefetch_related("posts")
        .filter(pk=point_id)
        .first()
    )
    if point is None:
        raise Http404
    return point


@school_view(Cap.RISK_VIEW)
def risk_list(request, school):
    form = forms.FilterForm(request.GET or None, school=school)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, queries.risk_points(user=request.user, school=school, filters=filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risks/list.html",
        {
            "school": school,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "colours": rules_for(school).colours,
            "can_manage": has_cap(request.user, Cap.RISK_MANAGE, school),
            "review_count": queries.review_overdue(user=request.user, school=school).count(),
        },
    )


@school_view(Cap.RISK_VIEW)
def review_list(request, school):
    page = paginate(request, queries.review_overdue(user=request.user, school=school))
    return render(
        request,
        "risks/review.html",
        {"school": school, "page": page, "colours": rules_for(school).colours},
    )


def _point_form(request, school, point=None):
    initial = None
    if point is not None:
        initial = {
            "zone": point.zone_id,
            "name": point.name,
            "hazard_factors": point.hazard_factors,
            "accident_types": point.accident_types,
            "existing_controls": point.existing_controls,
            "emergency_actions": point.emergency_actions,
            "responsible": point.responsible_id,
            "posts": [p.pk for p in point.posts.all()],
        }
    return forms.RiskPointForm(
        request.POST or None,
        initial=initial,
        school=school,
        people=core_queries.school_people_choices(school),
    )


@school_view(Cap.RISK_MANAGE)
def risk_create(request, school):
    form = _point_form(request, school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            point = services.create_risk_point(
                actor=request.user, school=school, **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The risk point was added. Assess it now."))
            return redirect(point)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/form.html", {"school": school, "form": form}, status=status)


@school_view(Cap.RISK_MANAGE)
def risk_edit(request, school, point_id):
    point = _point(request, school, point_id)
    form = _point_form(request, school, point)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        posts = data.pop("posts")
        with service_call(request, form) as call:
            services.update_risk_point(actor=request.user, point=point, posts=posts, **data)
        if call.ok:
            messages.success(request, _("The risk point was saved."))
            return redirect(point)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "risks/form.html", {"school": school, "form": form, "point": point}, status=status
    )


def _preview(school, form):
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return services.grade(school, **form.grade_kwargs())
    except DomainError:
        return None


def _detail(request, school, point, form=None, status=200):
    return render(
        request,
        "risks/detail.html",
        {
            "school": school,
            "point": point,
            "history": queries.history(point),
            "form": form or forms.AssessForm(),
            "preview": form and _preview(school, form),
            "can_manage": has_cap(request.user, Cap.RISK_MANAGE, school),
            "colours": rules_for(school).colours,
            "rules": rules_for(school),
            "review_overdue": point.review_due is not None
            and point.review_due < timezone.localdate(),
        },
        status=status,
    )


@school_view(Cap.RISK_VIEW)
def risk_detail(request, school, point_id):
    return _detail(request, school, _point(request, school, point_id))


@require_POST
@school_view(Cap.RISK_MANAGE)
def risk_assess(request, school, point_id):
    point = _point(request, school, point_id)
    form = forms.AssessForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            assessment = services.assess(actor=request.user, point=point, **form.service_kwargs())
        if call.ok:
            messages.success(
                request,
                _("Assessed: score %(value)s, %(level)s.")
                % {
                    "value": levels.plain(assessment.value),
                    "level": assessment.get_level_display(),
                },
            )
            return redirect(point)
    return _detail(request, school, point, form, status=400)


@school_view(Cap.RISK_MANAGE)
def grade_preview(request, school):
    """The assessment form's preview: the score and grade the values would get when saved,
    computed by the service's own `grade`, or a prompt while a value is missing."""
    graded = _preview(school, forms.AssessForm(request.GET))
    return render(request, "risks/_grade_preview.html", {"graded": graded})


@school_view(Cap.RISK_VIEW)
def export(request, school):
    from safecampus.risks.exports import export_response

    form = forms.FilterForm(request.GET or None, school=school)
    filters = form.cleaned_data if form.is_valid() else {}
    points = queries.risk_points(user=request.user, school=school, filters=filters)
    stamp = timezone.localdate().isoformat()
    return export_response(points, f"{school.name}-风险清单-{stamp}.xlsx")
