"""Visit pages: the bureau's list and plan, the inspector's day and the phone run, the visit with
its notice, and the forms that move it (each a POST to a service)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.supervision.forms import visits as forms
from safecampus.supervision.models import SupervisionVisit, VisitKind, VisitStatus
from safecampus.supervision.queries import visits as queries
from safecampus.supervision.services import visits as services
from safecampus.supervision.workflow import VISIT


@org_view(Cap.SUPERVISION_VIEW)
def visit_list(request, org):
    form = forms.FilterForm(request.GET or None, org=org)
    rows = queries.visits(user=request.user, org=org, **form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/visits/list.html",
        {
            "org": org,
            "form": form,
            "page": paginate(request, rows),
            "query": query.urlencode(),
            "can_plan": org.is_bureau and has_cap(request.user, Cap.SUPERVISION_MANAGE, org),
        },
    )


@org_view(Cap.SUPERVISION_MANAGE)
def visit_plan(request, org):
    if org.is_school:
        # A school does not plan visits to itself: the page lives at a bureau.
        return redirect("supervision:visits", org.pk)
    form = forms.PlanForm(request.POST or None, bureau=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            made = services.plan_visits(
                actor=request.user,
                bureau=org,
                kind=data["kind"],
                title=data["title"],
                planned_on=data["planned_on"],
                lead=data["lead"],
                inspectors=list(data["inspectors"]),
                schools=list(data["schools"]),
                version=data["version"],
            )
        if call.ok:
            if len(made) == 1:
                return redirect(made[0].get_absolute_url())
            return redirect("supervision:visits", org.pk)
    return render(request, "supervision/visits/plan.html", {"org": org, "form": form})


@login_required
def my_visits(request):
    today = timezone.localdate()
    return render(
        request,
        "supervision/visits/mine.html",
        {
            "upcoming": list(queries.my_upcoming(request.user, today)[:50]),
            "page": paginate(request, queries.my_past(request.user, today)),
            "today": today,
        },
    )


def _visit(request, visit_id):
    """The visit if the user may know of it (404 otherwise) and read it (403 otherwise)."""
    visit = get_visible_or_404(
        request.user,
        SupervisionVisit,
        visit_id,
        queryset=queries.visit_for(request.user, visit_id),
    )
    if not has_cap(request.user, Cap.SUPERVISION_VIEW, visit.school):
        raise PermissionDenied
    return visit


def _may_inspect(user, visit):
    return services.is_inspector(user, visit) and has_cap(
        user, Cap.SUPERVISION_MANAGE, visit.school
    )


def _detail(request, visit, **forms_given):
    user = request.user
    inspects = _may_inspect(user, visit)
    status = visit.status
    may = {
        "start": inspects and VISIT.allowed(status, "start"),
        "run": inspects and VISIT.allowed(status, "record"),
        "issue": inspects and VISIT.allowed(status, "issue"),
        "close": inspects and VISIT.allowed(status, "close"),
        "cancel": VISIT.allowed(status, "cancel")
        and has_cap(user, Cap.SUPERVISION_MANAGE, visit.school),
        "respond": VISIT.allowed(status, "respond")
        and has_cap(user, Cap.SUPERVISION_RESPOND, visit.school),
    }
    context = {
        "visit": visit,
        "school": visit.school,
        "team": queries.team(visit),
        "rows": queries.findings(visit),
        "counts": queries.hazard_counts(visit),
        "may": may,
        "noticed": status in (VisitStatus.ISSUED, VisitStatus.RESPONDED, VisitStatus.CLOSED),
        "attachments": list(visit.response_attachments.all()),
        "issue_form": forms_given.get("issue") or forms.IssueForm(),
        "respond_form": forms_given.get("respond") or forms.RespondForm(),
        "close_form": forms_given.get("close") or forms.CloseForm(),
        "cancel_form": forms_given.get("cancel") or forms.CancelForm(),
        "unannounced": visit.kind == VisitKind.UNANNOUNCED,
    }
    return render(request, "supervision/visits/detail.html", context)


@login_required
def visit_detail(request, visit_id):
    return _detail(request, _visit(request, visit_id))


@login_required
@require_POST
def visit_start(request, visit_id):
    visit = _visit(request, visit_id)
    with service_call(request) as call:
        services.start_visit(actor=request.user, visit=visit)
    if call.ok:
        return redirect("supervision:visit_run", visit.pk)
    return redirect(visit.get_absolute_url())


def _run(request, visit, bound=None, error_item=None):
    if not _may_inspect(request.user, visit):
        raise PermissionDenied
    if visit.status != VisitStatus.UNDER_WAY:
        return redirect(visit.get_absolute_url())
    rows = []
    for item, result in queries.findings(visit):
        if bound is not None and item.pk == error_item:
            form = bound
        else:
            initial = {"outcome": result.outcome, "note": result.note} if result else {}
            if result and result.hazard_id and result.hazard.zone_id:
                initial["zone"] = result.hazard.zone_id
            initial["client_uuid"] = uuid.uuid4()
            form = forms.RecordForm(initial=initial, school=visit.school, prefix=f"i{item.pk}")
        rows.append((item, result, form))
    done = sum(1 for _item, result, _form in rows if result is not None)
    return render(
        request,
        "supervision/visits/run.html",
        {"visit": visit, "school": visit.school, "rows": rows, "done": done},
    )


@login_required
def visit_run(request, visit_id):
    return _run(request, _visit(request, visit_id))


@login_required
@require_POST
def visit_record(request, visit_id, item_id):
    visit = _visit(request, visit_id)
    if not _may_inspect(request.user, visit):
        raise PermissionDenied
    form = forms.RecordForm(request.POST, school=visit.school, prefix=f"i{item_id}")
    if form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            services.record_item(
                actor=request.user,
                visit=visit,
                item_id=item_id,
                outcome=data["outcome"],
                note=data["note"],
                zone=data["zone"],
                place=data["place"],
                photos=request.FILES.getlist(f"i{item_id}-photos"),
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            return redirect(reverse("supervision:visit_run", args=[visit.pk]) + f"#item-{item_id}")
    return _run(request, visit, bound=form, error_item=item_id)


@login_required
@require_POST
def visit_issue(request, visit_id):
    visit = _visit(request, visit_id)
    form = forms.IssueForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.issue_notice(actor=request.user, visit=visit, **form.cleaned_data)
        if call.ok:
            return redirect(visit.get_absolute_url() + "#notice")
    return _detail(request, visit, issue=form)


@login_required
@require_POST
def visit_respond(request, visit_id):
    visit = _visit(request, visit_id)
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.respond(
                actor=request.user,
                visit=visit,
                files=request.FILES.getlist("files"),
                **form.cleaned_data,
            )
        if call.ok:
            return redirect(visit.get_absolute_url())
    return _detail(request, visit, respond=form)


@login_required
@require_POST
def visit_close(request, visit_id):
    visit = _visit(request, visit_id)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.close_visit(actor=request.user, visit=visit, note=form.cleaned_data["note"])
        if call.ok:
            return redirect(visit.get_absolute_url())
    return _detail(request, visit, close=form)


@login_required
@require_POST
def visit_cancel(request, visit_id):
    visit = _visit(request, visit_id)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.cancel_visit(
                actor=request.user, visit=visit, reason=form.cleaned_data["reason"]
            )
        if call.ok:
            return redirect(visit.get_absolute_url())
    return _detail(request, visit, cancel=form)
