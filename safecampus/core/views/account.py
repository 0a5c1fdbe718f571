"""Logging in and out, the language switch, the inbox, and a person's own settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404
from safecampus.core.forms import LoginForm, NotificationSettingsForm, ProfileForm, TokenForm
from safecampus.core.models import ApiToken
from safecampus.core.services import notifications as notification_services
from safecampus.core.services import people as people_services
from safecampus.core.services import tokens as token_services
from safecampus.core.views.base import paginate, service_call


def _safe_next(request, fallback="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: a bare word would be taken for a URL name by redirect().
    local = target.startswith("/") and not target.startswith("//")
    if local and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            login(request, user)
            response = redirect(_safe_next(request))
            if user.language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
        form.add_error(None, _("The username or mobile number and password do not match."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, "core/login.html", {"form": form, "next": _safe_next(request, "")}, status=status
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("core:login")


@require_POST
def set_language(request):
    """Switch the language for this browser and, when logged in, for this person's messages."""
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request, request.META.get("HTTP_REFERER") or "/"))
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    if request.user.is_authenticated:
        people_services.set_own_language(user=request.user, language=language)
    return response


@login_required
def inbox(request):
    page = paginate(request, queries.inbox(request.user))
    template = "core/inbox.html#inbox-rows" if request.htmx else "core/inbox.html"
    return render(request, template, {"page": page})


@require_POST
@login_required
def inbox_read(request):
    ids = request.POST.getlist("id")
    notification_services.mark_read(request.user, [int(i) for i in ids if i.isdigit()] or None)
    return redirect(_safe_next(request, "/notifications/"))


@login_required
def profile(request):
    user = request.user
    settings_row = queries.notification_settings(user)
    profile_form = ProfileForm(
        request.POST if "save_profile" in request.POST else None,
        initial={"display_name": user.display_name, "email": user.email, "language": user.language},
    )
    settings_form = NotificationSettingsForm(
        request.POST if "save_settings" in request.POST else None, instance=settings_row
    )
    token_form = TokenForm(request.POST if "create_token" in request.POST else None)
    new_key = None
    status = 200
    if request.method == "POST":
        if "save_profile" in request.POST and profile_form.is_valid():
            people_services.update_own_profile(user=user, **profile_form.cleaned_data)
            messages.success(request, _("Your profile was saved."))
            return redirect("core:profile")
        if "save_settings" in request.POST and settings_form.is_valid():
            notification_services.save_settings(
                user, email_enabled=settings_form.cleaned_data["email_enabled"]
            )
            messages.success(request, _("Your notification settings were saved."))
            return redirect("core:profile")
        if "rotate_token" in request.POST:
            token = get_visible_or_404(user, ApiToken, request.POST["rotate_token"])
            with service_call(request) as call:
                _token, new_key = token_services.rotate_token(user=user, token=token)
            if not call.ok:
                status = 400
        elif "create_token" in request.POST and token_form.is_valid():
            with service_call(request, token_form) as call:
                _token, new_key = token_services.create_token(
                    user=user, name=token_form.cleaned_data["name"]
                )
            if call.ok:
                token_form = TokenForm()
            else:
                status = 400
        else:
            status = 400
    tokens = queries.active_tokens(user)
    return render(
        request,
        "core/profile.html",
        {
            "profile_form": profile_form,
            "settings_form": settings_form,
            "token_form": token_form,
            "tokens": tokens,
            "new_key": new_key,
            "now": timezone.now(),
            "token_days": settings.SAFECAMPUS_API_TOKEN_DAYS,
        },
        status=status,
    )


@require_POST
@login_required
def token_revoke(request, token_id):
    token = get_visible_or_404(request.user, ApiToken, token_id)
    token_services.revoke_token(user=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("core:profile")
