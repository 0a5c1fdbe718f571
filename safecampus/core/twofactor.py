"""The second factor (TOTP, with recovery codes) for the accounts that see or run many people.

A bureau account sees every school under it, and whoever manages people can give any role: for
them a password alone is not enough when SAFECAMPUS_REQUIRE_TWO_FACTOR is on. After the password,
such a person confirms a code from their authenticator app (or one recovery code); until then the
session reaches only the pages that set up or confirm the factor.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.models import Device

from safecampus.core.access import active_memberships
from safecampus.core.models import OrgKind
from safecampus.core.roles import Cap, capabilities_of

# What a session without its second factor may still reach.
OPEN_PATHS = ("/login/", "/logout/", "/language/", "/me/two-factor/", "/static/", "/favicon")


def required_for(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(
        m.org.kind != OrgKind.SCHOOL or Cap.PEOPLE_MANAGE in capabilities_of(m.role)
        for m in active_memberships(user)
    )


def missing(user):
    """True when this session must confirm a second factor before going on."""
    return (
        settings.SAFECAMPUS_REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and not user.is_verified()
        and required_for(user)
    )


def socket_missing(user, session):
    """missing() for a WebSocket, which no HTTP middleware sees: the session must name a device
    of this person, as django-otp's middleware checks for a page."""
    if not (settings.SAFECAMPUS_REQUIRE_TWO_FACTOR and user.is_authenticated):
        return False
    if not required_for(user):
        return False
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is None or device.user_id != user.pk


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OPEN_PATHS) or not missing(request.user):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Confirm your second factor on the site first.")}, status=403
            )
        target = "core:two_factor_verify" if user_has_device(request.user) else "core:two_factor"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
