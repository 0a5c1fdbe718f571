"""Reunification after an incident: who is still waiting, and the hand-over of each student to
a guardian or authorised person on their pick-up list, ID checked (docs/phone.md)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import first_or_404, has_cap
from safecampus.core.phonequeue import offline_ready
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.services import reunification as services
from safecampus.gate.workflow import RELEASE_CAPS
from safecampus.students import queries as student_queries
from safecampus.students.models import Student

READERS = (Cap.GATE_VIEW, *RELEASE_CAPS)


def _reader(user, school):
    if not any(has_cap(user, cap, school) for cap in READERS):
        raise PermissionDenied


def _roll(request, school, roll_id):
    _reader(request.user, school)
    return first_or_404(student_queries.roll_for(request.user, school, roll_id))


@school_view()
def reunifications(request, school):
    _reader(request.user, school)
    page = paginate(request, student_queries.rolls(user=request.user, school=school))
    return render(request, "gate/reunifications.html", {"school": school, "page": page})


@offline_ready
@school_view()
def reunification(request, school, roll_id):
    """Who is still waiting for a guardian (injured first), and who went home with whom."""
    roll = _roll(request, school, roll_id)
    q = request.GET.get("q", "").strip()[:40]
    waiting = queries.still_waiting(roll, q)
    return render(
        request,
        "gate/reunification.html",
        {
            "school": school,
            "roll": roll,
            "q": q,
            "page": paginate(request, waiting),
            "released": queries.released(roll)[:50],
            "released_count": queries.released(roll).count(),
            "may_release": any(has_cap(request.user, c, school) for c in RELEASE_CAPS),
        },
    )


# At the gate after an incident the network may be down: the page opens from the phone and the
# hand-over waits in its queue (the form's client UUID makes a replay write nothing).
@offline_ready
@school_view()
def release(request, school, roll_id, student_id):
    """The hand-over of one student: choose who came from the pick-up list and record the ID
    checked; someone not on the list is refused with the reason, and recorded."""
    roll = _roll(request, school, roll_id)
    if not any(has_cap(request.user, c, school) for c in RELEASE_CAPS):
        raise PermissionDenied
    student = Student.objects.filter(school=school, pk=student_id, is_active=True).first()
    if student is None:
        raise Http404
    guardians, persons = queries.pick_up_list(student)
    form = forms.ReleaseForm(
        request.POST or None,
        guardians=guardians,
        persons=persons,
        initial={"client_uuid": uuid.uuid4()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if data["who"] == form.OTHER:
                with service_call(request, form) as call:
                    reason = services.refuse(
                        actor=request.user,
                        roll=roll,
                        student=student,
                        claimed_name=data["claimed_name"],
                        claimed_relation=data["claimed_relation"],
                    )
                if call.ok:
                    form.add_error(None, reason)
            else:
                guardian, person = form.chosen()
                with service_call(request, form) as call:
                    services.release(
                        actor=request.user,
                        roll=roll,
                        student=student,
                        guardian=guardian,
                        person=person,
                        id_type=data["id_type"],
                        id_last4=data["id_last4"],
                        client_uuid=data["client_uuid"],
                    )
                if call.ok:
                    messages.success(
                        request, _("%(student)s handed over.") % {"student": student.name}
                    )
                    return redirect("gate:reunification", school.pk, roll.pk)
    return render(
        request,
        "gate/release.html",
        {
            "school": school,
            "roll": roll,
            "student": student,
            "form": form,
            "guardians": guardians,
            "persons": persons,
        },
        status=status,
    )
