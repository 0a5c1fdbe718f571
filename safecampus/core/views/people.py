from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.forms import (
    SCHOOL_ROLE_CHOICES,
    DeactivateForm,
    DepartmentChoiceForm,
    DepartmentForm,
    GrantRoleForm,
    StaffForm,
)
from safecampus.core.models import Membership, User
from safecampus.core.roles import Cap
from safecampus.core.services import people as people_services
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.PEOPLE_VIEW)
def people_list(request, school):
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    include_inactive = request.GET.get("inactive") == "1"
    qs = queries.members(
        user=request.user,
        school=school,
        search=search,
        role=role,
        include_inactive=include_inactive,
    )
    context = {
        "school": school,
        "page": paginate(request, qs),
        "q": search,
        "role": role,
        "roles": SCHOOL_ROLE_CHOICES,
        "inactive": include_inactive,
        "can_manage": has_cap(request.user, Cap.PEOPLE_MANAGE, school),
        "department_form": DepartmentForm(),
    }
    template = "core/people_list.html#people-rows" if request.htmx else "core/people_list.html"
    return render(request, template, context)


@school_view(Cap.PEOPLE_MANAGE)
def person_create(request, school):
    form = StaffForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            person = people_services.add_staff(
                actor=request.user, school=school, **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("%(person)s was added.") % {"person": person})
            return redirect("core:person_detail", school.pk, person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/person_form.html", {"school": school, "form": form}, status=status)


def _person(request, school, person_id):
    people = queries.members(user=request.user, school=school, include_inactive=True)
    return get_visible_or_404(request.user, User, person_id, queryset=people)


@school_view(Cap.PEOPLE_VIEW)
def person_detail(request, school, person_id):
    person = _person(request, school, person_id)
    history = queries.person_history(school=school, person=person)
    active = [m for m in history["memberships"] if m.is_active]
    return render(
        request,
        "core/person_detail.html",
        {
            "school": school,
            "person": person,
            "history": history,
            "active_roles": active,
            "can_manage": has_cap(request.user, Cap.PEOPLE_MANAGE, school),
            "grant_form": GrantRoleForm(),
            "department_form": DepartmentChoiceForm(
                school=school, initial={"department": active[0].department_id if active else None}
            ),
            "deactivate_form": DeactivateForm(),
        },
    )


def _redirect(school, person):
    return redirect("core:person_detail", school.pk, person.pk)


@require_POST
@school_view(Cap.PEOPLE_MANAGE)
def person_grant(request, school, person_id):
    person = _person(request, school, person_id)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return _redirect(school, person)
    with service_call(request) as call:
        people_services.grant_role(
            actor=request.user, org=school, person=person, role=form.cleaned_data["role"]
        )
    if call.ok:
        messages.success(request, _("The role was given."))
    return _redirect(school, person)


@require_POST
@school_view(Cap.PEOPLE_MANAGE)
def person_department(request, school, person_id):
    person = _person(request, school, person_id)
    form = DepartmentChoiceForm(request.POST, school=school)
    memberships = queries.current_memberships(user=request.user, school=school, person=person)
    if not form.is_valid() or not memberships.exists():
        messages.error(request, _("Choose a department of this school."))
        return _redirect(school, person)
    with service_call(request) as call:
        people_services.set_person_department(
            actor=request.user,
            school=school,
            person=person,
            department=form.cleaned_data["department"],
        )
    if call.ok:
        messages.success(request, _("The department was saved."))
    return _redirect(school, person)


@require_POST
@school_view(Cap.PEOPLE_MANAGE)
def membership_end(request, school, membership_id):
    membership = get_visible_or_404(
        request.user,
        Membership,
        membership_id,
        queryset=queries.memberships(user=request.user, school=school),
    )
    with service_call(request) as call:
        people_services.end_role(
            actor=request.user, membership=membership, reason=request.POST.get("reason", "")
        )
    if call.ok:
        messages.success(request, _("The role was ended."))
    return _redirect(school, membership.user)


@require_POST
@school_view(Cap.PEOPLE_MANAGE)
def person_deactivate(request, school, person_id):
    person = _person(request, school, person_id)
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for deactivating this person."))
        return _redirect(school, person)
    with service_call(request) as call:
        people_services.deactivate_person(
            actor=request.user, school=school, person=person, reason=form.cleaned_data["reason"]
        )
    if call.ok:
        messages.success(
            request, _("%(person)s was deactivated; their history is kept.") % {"person": person}
        )
    return _redirect(school, person)


@require_POST
@school_view(Cap.PEOPLE_MANAGE)
def department_create(request, school):
    form = DepartmentForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            people_services.create_department(
                actor=request.user, school=school, name=form.cleaned_data["name"]
            )
        if call.ok:
            messages.success(request, _("The department was added."))
    else:
        messages.error(request, _("Enter a name."))
    return redirect("core:people_list", school.pk)
