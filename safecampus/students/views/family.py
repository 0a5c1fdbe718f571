"""A guardian's own phone pages: log in with the mobile number and an SMS code, then their
children, the notices to acknowledge (two taps: open it, "I have read it") and their consent."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.core.errors import DomainError
from safecampus.core.forms import StyledForm
from safecampus.core.ratelimit import client_key
from safecampus.core.views.base import service_call
from safecampus.students import family, phone_login
from safecampus.students.masking import mask_phone

SESSION_PHONE = "family_phone"
BACKEND = "safecampus.core.auth.UsernameOrMobileBackend"


class PhoneForm(StyledForm):
    phone = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the SMS"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _account(request):
    account = family.account_of(request.user)
    if account is None:
        raise PermissionDenied
    return account


def family_login(request):
    if family.account_of(request.user) is not None:
        return redirect("students:family")
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            phone = phone_login.request_code(
                phone=form.cleaned_data["phone"], client=client_key(request)
            )
        if call.ok:
            request.session[SESSION_PHONE] = phone
            return redirect("students:family_code")
    status = 400 if request.method == "POST" else 200
    return render(request, "students/family/login.html", {"form": form}, status=status)


def family_code(request):
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return redirect("students:family_login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            account = phone_login.verify_code(phone=phone, code=form.cleaned_data["code"])
        if call.ok:
            login(request, account.user, backend=BACKEND)
            return redirect("students:family")
    context = {"form": form, "masked": mask_phone(phone)}
    status = 400 if request.method == "POST" else 200
    return render(request, "students/family/code.html", context, status=status)


@login_required(login_url="students:family_login")
def family_home(request):
    account = _account(request)
    copies = list(family.copies(account))
    consents = family.consents(account)
    children = [
        (
            child,
            consents.get(child.pk) if _held(consents.get(child.pk)) else None,
            family.child_pages(child),
        )
        for child in family.children(account)
    ]
    context = {
        "pending": [c for c in copies if c.acknowledged_at is None],
        "done": [c for c in copies if c.acknowledged_at is not None][:20],
        "children": children,
    }
    return render(request, "students/family/home.html", context)


def _held(consent):
    return consent is not None and consent.given_at is not None and consent.withdrawn_at is None


@login_required(login_url="students:family_login")
def family_notice(request, copy_id):
    account = _account(request)
    copy = family.copy_for(account, copy_id)
    if request.method == "POST":
        try:
            family.acknowledge(account=account, copy=copy)
        except DomainError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("Thank you: the school sees that you have read it."))
        return redirect("students:family")
    return render(request, "students/family/notice.html", {"copy": copy})


@require_POST
@login_required(login_url="students:family_login")
def family_consent(request, student_id):
    account = _account(request)
    child = family.child_for(account, student_id)
    given = request.POST.get("given") == "yes"
    try:
        family.set_consent(account=account, student=child, given=given)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request, _("Your consent is recorded.") if given else _("Your consent is withdrawn.")
        )
    return redirect("students:family")
