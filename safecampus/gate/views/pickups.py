"""Kindergarten pick-up at dismissal: pick the class, the child, the person; or refuse."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.gate import forms, queries
from safecampus.gate.services import pickups as services
from safecampus.students import queries as student_queries


def _may_hand_over(user, school):
    return has_cap(user, Cap.GATE_DESK, school) or has_cap(user, Cap.PICKUP_MANAGE, school)


@school_view(Cap.STUDENT_VIEW)
def pickup_board(request, school):
    """A search by the child's or an authorised person's name, with a hand-over from the
    result; the classes; the children not picked up yet today (after closing time: a list to
    act on)."""
    today = timezone.localdate()
    students = student_queries.students(user=request.user, school=school)
    missing = services.not_picked_up(students, today)
    q = request.GET.get("q", "").strip()[:40]
    found = queries.pickup_search(user=request.user, school=school, q=q)
    if found:
        handed = queries.todays_handovers(school, today)
        for child in found:
            child.handed_at = handed.get(child.pk)
    return render(
        request,
        "gate/pickups.html",
        {
            "school": school,
            "q": q,
            "found": found,
            "can_hand_over": _may_hand_over(request.user, school),
            "classes": student_queries.classes(user=request.user, school=school),
            "page": paginate(request, missing),
            "closing_passed": services.closing_passed(school),
            "closing_time": queries.settings_for(school).closing_time,
        },
    )


@school_view(Cap.STUDENT_VIEW)
def pickup_class(request, school, class_id):
    school_class = first_or_404(
        student_queries.classes(user=request.user, school=school).filter(pk=class_id)
    )
    today = timezone.localdate()
    children = student_queries.students(user=request.user, school=school, school_class=school_class)
    handed = queries.todays_handovers(school, today)
    return render(
        request,
        "gate/pickup_class.html",
        {
            "school": school,
            "school_class": school_class,
            "children": [(c, handed.get(c.pk)) for c in children],
        },
    )


def _child(request, school, student_id):
    return first_or_404(
        student_queries.students(user=request.user, school=school)
        .select_related("school_class__head_teacher", "school")
        .filter(pk=student_id)
    )


def _child_page(request, school, student, refuse_form=None, status=200):
    today = timezone.localdate()
    return render(
        request,
        "gate/pickup_child.html",
        {
            "school": school,
            "student": student,
            "persons": queries.pickup_persons(student),
            "handed": queries.todays_handovers(school, today).get(student.pk),
            "records": student.pickups.filter(day=today).select_related("person").order_by("at"),
            "refuse_form": refuse_form or forms.RefusePickupForm(),
            "can_hand_over": _may_hand_over(request.user, school),
            "can_manage": has_cap(request.user, Cap.PICKUP_MANAGE, school),
        },
        status=status,
    )


@school_view(Cap.STUDENT_VIEW)
def pickup_child(request, school, student_id):
    return _child_page(request, school, _child(request, school, student_id))


@require_POST
@school_view(Cap.STUDENT_VIEW)
def hand_over(request, school, student_id, person_id):
    student = _child(request, school, student_id)
    person = first_or_404(queries.pickup_persons(student).filter(pk=person_id))
    with service_call(request) as call:
        services.hand_over(actor=request.user, student=student, person=person)
    if call.ok:
        messages.success(
            request,
            _("%(child)s handed over to %(name)s.") % {"child": student.name, "name": person.name},
        )
    # From the board's search, back to the board for the next child.
    if request.POST.get("back") == "board":
        return redirect("gate:pickups", school.pk)
    return redirect("gate:pickup_child", school.pk, student.pk)


@require_POST
@school_view(Cap.STUDENT_VIEW)
def refuse(request, school, student_id):
    student = _child(request, school, student_id)
    form = forms.RefusePickupForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.refuse(actor=request.user, student=student, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Refused and recorded; the head teacher has been told."))
            return redirect("gate:pickup_child", school.pk, student.pk)
    return _child_page(request, school, student, refuse_form=form, status=400)


@school_view(Cap.PICKUP_MANAGE)
def authorise(request, school, student_id):
    student = _child(request, school, student_id)
    form = forms.PickupPersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call, atomic_with_files():
            services.add_person(actor=request.user, student=student, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The person may now pick up this child."))
            return redirect("gate:pickup_child", school.pk, student.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "gate/pickup_person_form.html",
        {"school": school, "student": student, "form": form},
        status=status,
    )


@require_POST
@school_view(Cap.PICKUP_MANAGE)
def person_photo(request, school, student_id, person_id):
    student = _child(request, school, student_id)
    person = first_or_404(queries.pickup_persons(student).filter(pk=person_id))
    form = forms.PickupPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("photo", []):
            messages.error(request, error)
        return redirect("gate:pickup_child", school.pk, student.pk)
    with service_call(request) as call, atomic_with_files():
        services.set_person_photo(actor=request.user, person=person, **form.cleaned_data)
    if call.ok:
        messages.success(request, _("Photo saved for %(name)s.") % {"name": person.name})
    return redirect("gate:pickup_child", school.pk, student.pk)


@require_POST
@school_view(Cap.PICKUP_MANAGE)
def revoke(request, school, student_id, person_id):
    student = _child(request, school, student_id)
    person = first_or_404(queries.pickup_persons(student).filter(pk=person_id))
    with service_call(request) as call:
        services.revoke_person(actor=request.user, person=person)
    if call.ok:
        messages.success(request, _("Authorisation withdrawn."))
    return redirect("gate:pickup_child", school.pk, student.pk)


@school_view(Cap.GATE_VIEW)
def pickup_log(request, school):
    form, start, end = forms.RangeForm.default_range(request.GET)
    rows = queries.pickups(user=request.user, school=school, start=start, end=end)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "gate/pickup_log.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, rows),
            "query": query.urlencode(),
        },
    )
