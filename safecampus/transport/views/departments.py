"""An outside department's own pages (its inbox of referred problems, one problem with the
answer and return forms, made for a phone) and the bureau's list of the departments of its
area with their accounts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecampus.core.access import active_memberships, first_or_404, visible_orgs
from safecampus.core.roles import Cap, capabilities_of
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.transport import forms
from safecampus.transport.models import ProblemStatus
from safecampus.transport.queries import departments as queries
from safecampus.transport.services import departments as services
from safecampus.transport.services import surroundings as problem_services
from safecampus.transport.workflow import PROBLEM


def _answerer(view):
    """Only a person holding the department role somewhere opens these pages."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not any(
            Cap.SURROUNDINGS_ANSWER in capabilities_of(m.role)
            for m in active_memberships(request.user)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@_answerer
def inbox(request):
    status = request.GET.get("status", "")
    status = status if status in ProblemStatus.values else ""
    rows = queries.referred_to_me(user=request.user, status=status)
    return render(
        request,
        "transport/departments/inbox.html",
        {
            "department": queries.department_of(request.user),
            "page": paginate(request, rows),
            "counts": queries.inbox_counts(request.user),
            "status": status,
            "statuses": ProblemStatus.choices,
        },
    )


def _page(request, problem, status=200, **given):
    shown = {}
    if PROBLEM.allowed(problem.status, "answer"):
        shown["answer"] = given.get("answer") or forms.DepartmentAnswerForm()
    if PROBLEM.allowed(problem.status, "return"):
        shown["return"] = given.get("return") or forms.ReturnForm()
    return render(
        request,
        "transport/departments/problem.html",
        {"problem": problem, "forms": shown},
        status=status,
    )


@_answerer
def referred(request, problem_id):
    return _page(request, first_or_404(queries.referred_problem(request.user, problem_id)))


MOVES = {
    "answer": (
        forms.DepartmentAnswerForm,
        lambda user, p, d: problem_services.record_answer(actor=user, problem=p, **d),
    ),
    "return": (
        forms.ReturnForm,
        lambda user, p, d: problem_services.return_problem(actor=user, problem=p, **d),
    ),
}


@require_POST
@_answerer
def referred_move(request, problem_id, action):
    problem = first_or_404(queries.referred_problem(request.user, problem_id))
    if action not in MOVES:
        return redirect(problem.department_url())
    form_class, move = MOVES[action]
    form = form_class(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            move(request.user, problem, form.cleaned_data)
        if call.ok:
            return redirect("transport:inbox" if action == "return" else problem.department_url())
    return _page(request, problem, status=400, **{action: form})


def _areas(user, org):
    return (
        visible_orgs(user, Cap.SURROUNDINGS_DEPARTMENTS)
        .filter(path__startswith=org.path, kind__in=queries.AREA_KINDS)
        .order_by("path")
    )


@org_view(Cap.SURROUNDINGS_DEPARTMENTS)
def departments(request, org):
    if org.is_school:
        raise PermissionDenied
    form = forms.DepartmentForm(
        request.POST or None, areas=_areas(request.user, org), initial={"area": org.pk}
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.add_department(actor=request.user, **form.cleaned_data)
        if call.ok:
            return redirect("transport:departments", org.pk)
    return _list(request, org, form)


def _list(request, org, form, account=None, status=200):
    return render(
        request,
        "transport/departments/list.html",
        {
            "org": org,
            "form": form,
            "account": account,
            "page": paginate(request, queries.departments_under(user=request.user, org=org)),
        },
        status=status,
    )


@require_POST
@org_view(Cap.SURROUNDINGS_DEPARTMENTS)
def department_account(request, org, department_id):
    department = first_or_404(
        queries.departments_under(user=request.user, org=org).filter(pk=department_id)
    )
    form = forms.DepartmentAccountForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_department_account(
                actor=request.user, department=department, **form.cleaned_data
            )
        if call.ok:
            return redirect("transport:departments", org.pk)
    form.department = department
    blank = forms.DepartmentForm(areas=_areas(request.user, org), initial={"area": org.pk})
    return _list(request, org, blank, account=form, status=400)
