"""Guardians' concerns. The school: the list by state, one concern with its answer form. The
guardian (under /family/): their concerns about one child with the school's answers, the form
to raise one, closing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import first_or_404
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.education.forms.concerns import AnswerForm, ConcernForm
from safecampus.education.models import ConcernStatus
from safecampus.education.queries import concerns as queries
from safecampus.education.services import concerns as services
from safecampus.students import family

LOGIN = "students:family_login"


@school_view(Cap.EDUCATION_RECORD)
def concern_list(request, school):
    status = request.GET.get("status", ConcernStatus.OPEN)
    if status not in ConcernStatus.values:
        status = ConcernStatus.OPEN
    rows = queries.concerns(request.user, school, status)
    context = {
        "school": school,
        "status": status,
        "statuses": ConcernStatus.choices,
        "page": paginate(request, rows),
        "query": f"status={status}",
    }
    return render(request, "education/concerns.html", context)


def _page(request, school, concern, form=None, status=200):
    context = {
        "school": school,
        "concern": concern,
        "form": form or AnswerForm(),
        "may_answer": services.may_answer(request.user, concern),
    }
    return render(request, "education/concern.html", context, status=status)


def _concern(request, school, concern_id):
    rows = queries.concerns(request.user, school, status=None)
    return first_or_404(rows.filter(pk=concern_id).select_related("photo"))


@school_view(Cap.EDUCATION_RECORD)
def concern(request, school, concern_id):
    concern = _concern(request, school, concern_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.answer(actor=request.user, concern=concern, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Answered: the guardian reads it on their phone."))
            return redirect("education:concern", school.pk, concern.pk)
    status = 400 if request.method == "POST" else 200
    return _page(request, school, concern, form, status)


@require_POST
@school_view(Cap.EDUCATION_RECORD)
def concern_close(request, school, concern_id):
    concern = _concern(request, school, concern_id)
    with service_call(request) as call:
        services.close(actor=request.user, concern=concern)
    if call.ok:
        messages.success(request, _("Concern closed."))
    return redirect("education:concern", school.pk, concern.pk)


def _account(request):
    account = family.account_of(request.user)
    if account is None:
        raise PermissionDenied
    return account


@login_required(login_url=LOGIN)
def family_concerns(request, student_id):
    account = _account(request)
    child = family.child_for(account, student_id)
    form = ConcernForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call, atomic_with_files():
            services.raise_concern(account=account, student=child, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Sent to the head teacher and the safety officer."))
            return redirect("education:family_concerns", child.pk)
    context = {"child": child, "form": form, "concerns": queries.of_child(account, child)}
    status = 400 if request.method == "POST" else 200
    return render(request, "education/family/concerns.html", context, status=status)


@require_POST
@login_required(login_url=LOGIN)
def family_concern_close(request, concern_id):
    account = _account(request)
    concern = queries.concern_of(account, concern_id)
    if concern is None:
        raise Http404
    with service_call(request) as call:
        services.close(account=account, concern=concern)
    if call.ok:
        messages.success(request, _("Concern closed."))
    return redirect("education:family_concerns", concern.student_id)
