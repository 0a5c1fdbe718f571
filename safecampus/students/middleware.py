"""A guardian's session reaches only the guardian's own pages.

Guardian accounts hold no membership, so every staff page and API call would refuse them one
by one; this keeps them out of every route at once, including routes added later. The
account is known by its username (no query on a staff request).
"""

from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from safecampus.students.phone_login import USERNAME_PREFIX

# What a guardian's session may reach besides its own pages.
OPEN_PATHS = ("/family/", "/logout/", "/language/", "/static/", "/favicon", "/g/", "/jsi18n/")


class GuardianConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.username.startswith(USERNAME_PREFIX)
            or request.path.startswith(OPEN_PATHS)
        ):
            return self.get_response(request)
        if request.path == "/":
            return redirect("students:family")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Guardians have no access to this.")}, status=403)
        return HttpResponseForbidden(_("Guardians have no access to this page."))
