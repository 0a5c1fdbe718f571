"""The live roster: each class's teacher marks their students on the phone; the principal, the
bureau and the police liaison watch the counts change (docs/phone.md)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404, has_cap
from safecampus.core.errors import DomainError
from safecampus.core.phonequeue import offline_ready, phone_time
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view, service_call
from safecampus.students import forms, queries, roster
from safecampus.students.models import MarkStatus, RollStatus, SchoolClass, Student
from safecampus.students.workflow import ROLL


def _reader_or_marker(user, school):
    if not (has_cap(user, Cap.ROLL_MARK, school) or has_cap(user, Cap.ROLL_VIEW, school)):
        raise PermissionDenied


def _roll(request, school, roll_id):
    _reader_or_marker(request.user, school)
    return first_or_404(queries.roll_for(request.user, school, roll_id))


def _counts_context(roll):
    rows = queries.class_counts(roll)
    return {
        "roll": roll,
        "rows": rows,
        "totals": queries.school_counts(rows),
        "missing": list(queries.missing_first(roll)[:200]),
    }


@school_view()
def roll_list(request, school):
    _reader_or_marker(request.user, school)
    return render(
        request,
        "students/rolls.html",
        {
            "school": school,
            "page": paginate(request, queries.rolls(user=request.user, school=school)),
        },
    )


@school_view()
def roll_detail(request, school, roll_id):
    """The roll's page: the live counts for its readers, the classes to take for its markers."""
    roll = _roll(request, school, roll_id)
    reads = has_cap(request.user, Cap.ROLL_VIEW, school)
    marks = has_cap(request.user, Cap.ROLL_MARK, school) and ROLL.allowed(roll.status, "mark")
    context = {"school": school, "reads": reads, "marks": marks}
    if reads:
        context.update(_counts_context(roll))
    else:
        context["roll"] = roll
    if marks:
        classes = SchoolClass.objects.filter(school=school).order_by("grade", "name", "pk")
        mine = [c for c in classes if c.head_teacher_id == request.user.pk]
        context["my_classes"] = mine
        context["other_classes"] = [c for c in classes if c not in mine]
    context["may_close"] = has_cap(request.user, Cap.ROLL_MANAGE, school) and ROLL.allowed(
        roll.status, "close"
    )
    return render(request, "students/roll.html", context)


@school_view(Cap.ROLL_VIEW)
def roll_counts(request, school, roll_id):
    """The counts alone, read again by the open page at each mark pushed to it."""
    roll = _roll(request, school, roll_id)
    return render(
        request, "students/_roll_counts.html", {"school": school, **_counts_context(roll)}
    )


def _class_page(request, school, roll, school_class, status=200):
    return render(
        request,
        "students/roll_class.html",
        {
            "school": school,
            "roll": roll,
            "school_class": school_class,
            "students": queries.class_roll(roll, school_class),
            "statuses": MarkStatus.choices,
            "open": roll.status == RollStatus.OPEN,
            "new_uuid": uuid.uuid4,
        },
        status=status,
    )


@offline_ready
@school_view(Cap.ROLL_MARK)
def roll_class(request, school, roll_id, class_id):
    """One class's roll on the teacher's phone; kept by the service worker for no signal."""
    roll = _roll(request, school, roll_id)
    school_class = SchoolClass.objects.filter(school=school, pk=class_id).first()
    if school_class is None:
        raise Http404
    return _class_page(request, school, roll, school_class)


@require_POST
@school_view(Cap.ROLL_MARK)
def roll_mark(request, school, roll_id):
    """One mark: sent at once, or later by the phone's queue with its own time and client UUID
    (a repeat changes nothing; a mark older than the one held is kept out)."""
    roll = _roll(request, school, roll_id)
    form = forms.RollMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That mark could not be read: try again."))
        return redirect(roll)
    data = form.cleaned_data
    student = Student.objects.filter(school=school, pk=data["student"]).first()
    with service_call(request) as call:
        if student is None:
            raise DomainError(_("This student is not on the school's roll."))
        row, changed = roster.mark(
            actor=request.user,
            roll=roll,
            student=student,
            status=data["status"],
            note=data["note"],
            client_uuid=data["client_uuid"],
            recorded_at=phone_time(request),
        )
    if not call.ok:
        return redirect(roll)
    if not changed and row.client_uuid != data["client_uuid"]:
        messages.info(request, _("A later mark of this student was kept."))
    page = reverse("students:roll_class", args=[school.pk, roll.pk, student.school_class_id])
    return redirect(f"{page}#s{student.pk}")


@require_POST
@school_view(Cap.ROLL_MANAGE)
def roll_close(request, school, roll_id):
    roll = _roll(request, school, roll_id)
    with service_call(request) as call:
        roster.close_roll(actor=request.user, roll=roll)
    if call.ok:
        messages.success(request, _("Roll closed."))
    return redirect(roll)


@org_view(Cap.ROLL_VIEW)
def org_rolls(request, org):
    """A bureau's view: the rolls of its schools, open ones first, counted per school."""
    return render(
        request,
        "students/org_rolls.html",
        {"org": org, "page": paginate(request, queries.rolls_under(user=request.user, org=org))},
    )


@org_view(Cap.ROLL_VIEW)
def org_roll_rows(request, org):
    return render(
        request,
        "students/_org_roll_rows.html",
        {"org": org, "page": paginate(request, queries.rolls_under(user=request.user, org=org))},
    )
