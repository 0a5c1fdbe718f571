"""The second factor's pages: set it up on the account, confirm it after the password."""

from base64 import b32encode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django_otp import user_has_device

from safecampus.core import qr, twofactor
from safecampus.core.forms import StyledForm
from safecampus.core.services import twofactor as services
from safecampus.core.views.account import _safe_next
from safecampus.core.views.base import service_call


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@login_required
def two_factor(request):
    """Set up the authenticator (or renew recovery codes once it is on)."""
    user = request.user
    form = CodeForm(request.POST if request.POST.get("action") == "confirm" else None)
    context = {
        "form": form,
        "required": twofactor.required_for(user),
        "next": _safe_next(request, ""),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "renew":
        with service_call(request) as call:
            context["codes"] = services.renew_recovery_codes(user=user)
        return render(request, "core/two_factor.html", context, status=200 if call.ok else 400)
    if user_has_device(user) and action is None:
        context["enabled"] = True
        return render(request, "core/two_factor.html", context)
    if action in ("start", "confirm"):
        device = services.start(user=user)
        if action == "confirm" and form.is_valid():
            with service_call(request, form) as call:
                context["codes"] = services.confirm(
                    request=request, device=device, code=form.cleaned_data["code"]
                )
            if call.ok:
                return render(request, "core/two_factor.html", context)
        secret = b32encode(device.bin_key).decode()
        context.update(
            device=device,
            qr_svg=qr.svg(device.config_url, scale=5, border=2),
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        )
        status = 400 if form.is_bound else 200
        return render(request, "core/two_factor.html", context, status=status)
    return render(request, "core/two_factor.html", context)


@login_required
def two_factor_verify(request):
    """After the password: one code from the app (or a recovery code) opens the session."""
    if not user_has_device(request.user):
        return redirect("core:two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.verify(request=request, code=form.cleaned_data["code"])
        if call.ok:
            return redirect(_safe_next(request))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "core/two_factor_verify.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )
