"""The surroundings ledger's pages: the list, reporting, one problem with its next step, and
the joint inspections with their cadence."""

import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.transport import exports, forms
from safecampus.transport.queries import surroundings as queries
from safecampus.transport.queries.departments import departments_for_school
from safecampus.transport.services import surroundings as services
from safecampus.transport.surroundings_rules import types_for
from safecampus.transport.workflow import PROBLEM


@school_view(Cap.SURROUNDINGS_VIEW)
def problem_list(request, school):
    form = forms.ProblemFilterForm(request.GET or None)
    rows = queries.problems(user=request.user, school=school, **form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "transport/surroundings/list.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, rows),
            "query": query.urlencode(),
            "counts": queries.open_counts(request.user, school),
            "cadence": queries.joint_cadence(request.user, school),
            "types": types_for(school),
        },
    )


@school_view(Cap.SURROUNDINGS_MANAGE)
def problem_report(request, school):
    types = types_for(school)
    form = forms.ProblemForm(
        request.POST or None,
        request.FILES or None,
        types=types,
        initial={"client_uuid": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call, atomic_with_files():
            problem = services.report_problem(
                actor=request.user,
                school=school,
                kind=data["kind"],
                place=data["place"],
                distance_m=data["distance_m"],
                description=data["description"],
                photos=[data["photo"]] if data["photo"] else [],
                client_uuid=data["client_uuid"],
            )
        if call.ok:
            return redirect(problem)
    return render(
        request,
        "transport/surroundings/report.html",
        {"school": school, "form": form, "types": types},
    )


def _page(request, school, problem, status=200, **given):
    manage = has_cap(request.user, Cap.SURROUNDINGS_MANAGE, school)
    forms_shown = {}
    if manage and PROBLEM.allowed(problem.status, "refer"):
        forms_shown["refer"] = given.get("refer") or _refer_form(
            school, initial={"department": problem.kind.department}
        )
    if manage and PROBLEM.allowed(problem.status, "answer"):
        forms_shown["answer"] = given.get("answer") or forms.AnswerForm()
    if manage and PROBLEM.allowed(problem.status, "recheck"):
        forms_shown["recheck"] = given.get("recheck") or forms.RecheckForm()
    return render(
        request,
        "transport/surroundings/detail.html",
        {"school": school, "problem": problem, "forms": forms_shown},
        status=status,
    )


def _refer_form(school, data=None, **kwargs):
    return forms.PlatformReferForm(data, departments=departments_for_school(school), **kwargs)


def _problem(request, school, problem_id):
    return first_or_404(queries.problem_for(request.user, school, problem_id))


@school_view(Cap.SURROUNDINGS_VIEW)
def problem_detail(request, school, problem_id):
    return _page(request, school, _problem(request, school, problem_id))


MOVES = {
    "refer": (
        _refer_form,
        lambda user, p, d: services.refer_problem(actor=user, problem=p, **d),
    ),
    "answer": (
        forms.AnswerForm,
        lambda user, p, d: services.record_answer(actor=user, problem=p, **d),
    ),
    "recheck": (
        forms.RecheckForm,
        lambda user, p, d: services.recheck_problem(actor=user, problem=p, **d),
    ),
}


@require_POST
@school_view(Cap.SURROUNDINGS_MANAGE)
def problem_move(request, school, problem_id, action):
    problem = _problem(request, school, problem_id)
    if action not in MOVES:
        return redirect(problem)
    form_class, move = MOVES[action]
    form = form_class(school, request.POST) if action == "refer" else form_class(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            move(request.user, problem, form.cleaned_data)
        if call.ok:
            return redirect(problem)
    return _page(request, school, problem, status=400, **{action: form})


@school_view(Cap.SURROUNDINGS_VIEW)
def joint_list(request, school):
    manage = has_cap(request.user, Cap.SURROUNDINGS_MANAGE, school)
    if request.method == "POST" and not manage:
        raise PermissionDenied
    form = forms.JointForm(request.POST or None) if manage else None
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.record_joint_inspection(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            return redirect("transport:joint", school.pk)
    return render(
        request,
        "transport/surroundings/joint.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, queries.joint_inspections(user=request.user, school=school)),
            "cadence": queries.joint_cadence(request.user, school),
        },
    )


@school_view(Cap.SURROUNDINGS_VIEW)
def problem_export(request, school):
    return exports.problems_xlsx(request.user, school)
