"""What the emergency views share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.views.base import show_error


def or_404(obj):
    if obj is None:
        raise Http404
    return obj


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def done(request, url, payload=None):
    """A fetch from the alarm banner gets JSON; a form post is sent back to the page."""
    if wants_json(request):
        return JsonResponse({"ok": True, "url": url, **(payload or {})})
    return redirect(url)


def refused(request, url, error):
    if wants_json(request):
        return JsonResponse({"ok": False, "detail": error.message}, status=400)
    messages.error(request, error.message)
    return redirect(url)


def submit(request, form, action, *, success, then):
    """Run the service behind a valid form: `action()` gives what it made, `then(made)` the
    redirect, with `success` (if any) as a message. A refusal is a 403; bad input goes on the
    form and None is returned, so the view shows the form again with what was typed."""
    try:
        made = action()
    except PermissionRefused:
        raise PermissionDenied from None
    except DomainError as error:
        show_error(form, error)
        return None
    if success:
        messages.success(request, success)
    return then(made)
