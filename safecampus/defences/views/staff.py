"""The school's guards and gatekeepers: the list (ID numbers masked), one record with what is
wrong, its corrections, trainings and departure; the full ID number only by capability, each
view audited; the 保安人员台账 as xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences import exports
from safecampus.defences.forms.staff import LeaveForm, StaffForm, TrainingForm
from safecampus.defences.queries import staff as queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import staff as services


def _school(org):
    if not org.is_school:
        raise Http404
    return org


@org_view(Cap.DEFENCE_VIEW)
def staff_list(request, org):
    school = _school(org)
    former = request.GET.get("former") == "1"
    rules = rules_for(school)
    page = paginate(request, queries.staff_of(request.user, school, former=former))
    context = {
        "org": school,
        "page": page,
        "rows": queries.judged(page, school, rules),
        "rules": rules,
        "former": former,
        "query": "former=1" if former else "",
    }
    return render(request, "defences/staff_list.html", context)


@org_view(Cap.DEFENCE_MANAGE)
def staff_add(request, org):
    school = _school(org)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            staff = services.add_staff(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The record was saved."))
            return redirect(staff)
    status = 400 if request.method == "POST" else 200
    context = {"org": school, "form": form, "title": _("Add a guard or gatekeeper")}
    return render(request, "defences/staff_form.html", context, status=status)


@org_view(Cap.DEFENCE_VIEW)
def staff_export(request, org):
    school = _school(org)
    return exports.staff_response(request.user, school)


def _detail(request, staff, *, full_id=None, training_form=None, leave_form=None, status=200):
    rules = rules_for(staff.school)
    ((_staff, problems),) = queries.judged([staff], staff.school, rules)
    context = {
        "org": staff.school,
        "staff": staff,
        "problems": problems,
        "rules": rules,
        "age": staff.age_on(queries.today()),
        "trainings": staff.trainings.select_related("recorded_by")[:50],
        "full_id": full_id,
        "training_form": training_form or TrainingForm(),
        "leave_form": leave_form or LeaveForm(),
    }
    return render(request, "defences/staff_detail.html", context, status=status)


@login_required
def staff_detail(request, staff_id):
    return _detail(request, queries.one(request.user, staff_id))


@login_required
def staff_edit(request, staff_id):
    staff = queries.one(request.user, staff_id)
    if not has_cap(request.user, Cap.DEFENCE_MANAGE, staff.school):
        raise PermissionDenied
    form = StaffForm(request.POST or None, initial=StaffForm.initial_of(staff))
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.edit_staff(actor=request.user, staff=staff, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The record was saved."))
            return redirect(staff)
    status = 400 if request.method == "POST" else 200
    context = {"org": staff.school, "form": form, "staff": staff, "title": _("Correct the record")}
    return render(request, "defences/staff_form.html", context, status=status)


@login_required
@require_POST
def staff_reveal(request, staff_id):
    staff = queries.one(request.user, staff_id)
    with service_call(request) as call:
        number = services.reveal_id_number(actor=request.user, staff=staff)
    return _detail(request, staff, full_id=number if call.ok else None)


@login_required
@require_POST
def staff_training(request, staff_id):
    staff = queries.one(request.user, staff_id)
    form = TrainingForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.add_training(actor=request.user, staff=staff, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The training was recorded."))
            return redirect(staff)
    elif not has_cap(request.user, Cap.DEFENCE_MANAGE, staff.school):
        raise PermissionDenied
    return _detail(request, staff, training_form=form, status=400)


@login_required
@require_POST
def staff_leave(request, staff_id):
    staff = queries.one(request.user, staff_id)
    form = LeaveForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.staff_leaves(actor=request.user, staff=staff, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The departure was recorded."))
            return redirect(staff)
    elif not has_cap(request.user, Cap.DEFENCE_MANAGE, staff.school):
        raise PermissionDenied
    return _detail(request, staff, leave_form=form, status=400)
