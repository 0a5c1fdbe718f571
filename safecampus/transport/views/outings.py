"""Off-campus activities' pages: the school's list, one request with its ratio check against
the rule in force (and the rule's source), the organiser's submit and the principal's decision."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.transport.models import OutingStatus
from safecampus.transport.outing_rules import rules_for, staff_needed
from safecampus.transport.queries import outings as queries
from safecampus.transport.services import outings as services


@school_view(Cap.OUTING_REQUEST)
def outing_list(request, school):
    rows = queries.outings(user=request.user, school=school)
    return render(
        request,
        "transport/outings/list.html",
        {"school": school, "page": paginate(request, rows)},
    )


def _outing(request, school, outing_id):
    return first_or_404(queries.outing_for(request.user, school, outing_id))


@school_view(Cap.OUTING_REQUEST)
def outing_detail(request, school, outing_id):
    outing = _outing(request, school, outing_id)
    rules = rules_for(school)
    students = outing.students.count()
    return render(
        request,
        "transport/outings/detail.html",
        {
            "school": school,
            "outing": outing,
            "rules": rules,
            "students": students,
            "need": staff_needed(rules, students) if rules else None,
            "problems": services.submission_problems(outing)
            if outing.status == OutingStatus.DRAFT
            else [],
        },
    )


ACTIONS = {
    "submit": lambda user, o, note: services.submit_outing(actor=user, outing=o),
    "approve": lambda user, o, note: services.decide_outing(
        actor=user, outing=o, approve=True, note=note
    ),
    "send_back": lambda user, o, note: services.decide_outing(
        actor=user, outing=o, approve=False, note=note
    ),
}


@require_POST
@school_view(Cap.OUTING_REQUEST)
def outing_move(request, school, outing_id, action):
    outing = _outing(request, school, outing_id)
    if action in ACTIONS:
        with service_call(request):
            ACTIONS[action](request.user, outing, request.POST.get("note", "")[:2000])
    return redirect("transport:outing", school.pk, outing.pk)
