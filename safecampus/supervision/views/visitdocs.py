"""A visit's notice as PDF and .docx; the bureau's cadence rules, its compliance, the weekly
briefing and the ledgers of visits and findings."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.docx import DOCX_CONTENT_TYPE
from safecampus.core.models import OrgKind
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.supervision.exports import visitdocs as exports
from safecampus.supervision.forms.visitdocs import RulesForm, VisitFilterForm, WeekForm
from safecampus.supervision.queries import visitdocs as queries
from safecampus.supervision.rules import rules_for, rules_under
from safecampus.supervision.services import visitdocs as services


def _file(content, filename, content_type):
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
    )


@login_required
def notice_pdf(request, visit_id):
    visit = queries.notice_visit(request.user, visit_id)
    pdf = exports.notice_pdf(visit, request.build_absolute_uri("/"))
    return _file(pdf, exports.notice_filename(visit, "pdf"), "application/pdf")


@login_required
def notice_docx(request, visit_id):
    visit = queries.notice_visit(request.user, visit_id)
    return _file(
        exports.notice_docx(visit),
        exports.notice_filename(visit, "docx"),
        DOCX_CONTENT_TYPE,
    )


def _figures(rules):
    return {name: getattr(rules, name) for name in services.FIGURES} | {"source": rules.source}


@org_view(Cap.SUPERVISION_RULES)
def rules(request, org):
    queries.require_bureau(org)
    current = rules_for(org)
    form = RulesForm(request.POST or None, initial=_figures(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.set_rules(actor=request.user, org=org, **data)
        if call.ok:
            messages.success(request, _("The supervision rules were saved."))
            return redirect("supervision:visit_rules", org.pk)
    status = 400 if request.method == "POST" else 200
    figures = [(form[name].label, getattr(current, name)) for name in services.FIGURES]
    context = {
        "org": org,
        "form": form,
        "current": current,
        "own": current.org_id == org.pk,
        "figures": figures,
    }
    return render(request, "supervision/visitdocs/rules.html", context, status=status)


@org_view(Cap.SUPERVISION_MANAGE)
def compliance(request, org):
    queries.require_bureau(org)
    term = queries.semester(org)
    short_only = request.GET.get("short") == "1"
    page = paginate(request, queries.school_compliance(org, term, short_only=short_only))
    rows_rules = rules_under(org)
    mondays, inspectors = queries.inspector_compliance(org)
    context = {
        "org": org,
        "term": term,
        "rules": rules_for(org),
        "page": page,
        "schools": queries.judge_schools(page, rows_rules),
        "mondays": mondays,
        "inspectors": inspectors,
        "short_only": short_only,
        "query": "short=1" if short_only else "",
    }
    return render(request, "supervision/visitdocs/compliance.html", context)


def _week(request):
    """The week asked for (?week=2026-W48), else last week; a bad one is a form error."""
    if "week" not in request.GET:
        year, week = queries.last_week()
        return WeekForm(initial={"week": f"{year}-W{week:02d}"}), (year, week)
    form = WeekForm(request.GET)
    return form, form.cleaned_data["week"] if form.is_valid() else None


@org_view(Cap.SUPERVISION_MANAGE)
def briefing(request, org):
    queries.require_bureau(org)
    form, week = _week(request)
    brief = queries.briefing(org, *week) if week else None
    context = {"org": org, "form": form, "brief": brief, "week": week}
    return render(
        request, "supervision/visitdocs/briefing.html", context, status=200 if week else 400
    )


@org_view(Cap.SUPERVISION_MANAGE)
def briefing_docx(request, org):
    queries.require_bureau(org)
    form, week = _week(request)
    if week is None:
        context = {"org": org, "form": form, "brief": None, "week": None}
        return render(request, "supervision/visitdocs/briefing.html", context, status=400)
    brief = queries.briefing(org, *week)
    return _file(exports.briefing_docx(brief), exports.briefing_filename(brief), DOCX_CONTENT_TYPE)


def _reports(request, org, form, status=200):
    context = {
        "org": org,
        "form": form,
        "bureau": org.kind != OrgKind.SCHOOL and has_cap(request.user, Cap.SUPERVISION_MANAGE, org),
        "week": WeekForm(initial={"week": "{}-W{:02d}".format(*queries.last_week())}),
    }
    return render(request, "supervision/visitdocs/reports.html", context, status=status)


@org_view(Cap.SUPERVISION_VIEW)
def reports(request, org):
    """The downloads: the ledgers of visits and findings (any org), the briefing (a bureau)."""
    form = VisitFilterForm(request.GET or None)
    if request.GET:
        form.is_valid()
    return _reports(request, org, form)


def _filtered(request, org):
    """The visits the filter asks for, or None when the filter is wrong (the form says why)."""
    form = VisitFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    filters = form.filters() if request.GET else {}
    return form, queries.filtered_visits(request.user, org, **filters)


@org_view(Cap.SUPERVISION_VIEW)
def visits_export(request, org):
    form, visits = _filtered(request, org)
    if visits is None:
        return _reports(request, org, form, status=400)
    return exports.visits_xlsx(queries.visit_rows(visits), f"督导检查-{org.name}.xlsx")


@org_view(Cap.SUPERVISION_VIEW)
def findings_export(request, org):
    form, visits = _filtered(request, org)
    if visits is None:
        return _reports(request, org, form, status=400)
    return exports.findings_xlsx(queries.finding_rows(visits), f"督导发现问题-{org.name}.xlsx")
