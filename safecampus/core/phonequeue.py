"""The server's side of the phone's queue (static/js/queue.js, docs/phone.md).

A page's form saved on a phone without signal is replayed later to the same URL with the header
`X-SafeCampus-Queue: 1`. The view runs as for a person at the page (the same form, service,
permission check and client UUID), and this middleware turns its answer into one the queue can
act on, as JSON:

- a redirect (the view's success) is 200 `{"ok": true, "location": ...}`, with the message the
  view left for the next page as `detail` (taken, so it does not show up later by surprise);
- a redirect to the login or second-factor page is 401: the item waits until the person logs in;
- a refusal the service explained (`service_call` notes it on the request) is 422 (a 403 for a
  permission withdrawn, a 404 for a record gone) with that reason, translated;
- the form shown again (invalid input) is 422 with the first error the page shows;
- a 5xx is left alone: the queue tries again later.
"""

import re
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from safecampus.core.clock import effective_time

HEADER = "HTTP_X_SAFECAMPUS_QUEUE"

# The first error a re-shown form displays: a field's feedback or the page's alert.
_ERROR = re.compile(
    r'class="[^"]*\b(?:invalid-feedback|alert-danger|errorlist)\b[^"]*"[^>]*>(.*?)</(?:div|ul)>',
    re.S,
)


def is_replay(request):
    return request.method == "POST" and request.META.get(HEADER) == "1"


def phone_time(request, *, max_age=timedelta(days=7), skew=timedelta(minutes=5)):
    """When the person did it by the phone's clock (`recorded_at`, sent by the queue), if
    plausible; else now. A form sent at once has no `recorded_at`: now."""
    raw = request.POST.get("recorded_at", "")
    try:
        recorded = datetime.fromisoformat(raw) if raw else None
    except ValueError:
        recorded = None
    return effective_time(recorded, timezone.now(), max_age=max_age, skew=skew)


def note_refusal(request, message):
    """Called by `service_call`: the reason a queued item is shown if the service refused."""
    if request is not None:
        request.queue_refusal = str(message)


def _login_paths():
    return [
        resolve_url(settings.LOGIN_URL),
        resolve_url("core:two_factor"),
        resolve_url("core:two_factor_verify"),
    ]


def _taken_messages(request):
    return [str(m) for m in messages.get_messages(request)]


def _first_error(response):
    if "html" not in response.get("Content-Type", ""):
        return ""
    match = _ERROR.search(response.content.decode(response.charset or "utf-8", "replace"))
    if not match:
        return ""
    return " ".join(strip_tags(match.group(1)).split())[:500]


def _answer(request, response):
    status = response.status_code
    refusal = getattr(request, "queue_refusal", "")
    if status >= 500:
        return response
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if any(location.split("?")[0].endswith(path) for path in _login_paths()):
            return JsonResponse({"detail": _("Log in again to send it.")}, status=401)
        if refusal:
            # A view that shows a refusal as a message on the next page (no form to show it on).
            _taken_messages(request)
            return JsonResponse({"detail": refusal}, status=422)
        detail = " ".join(_taken_messages(request))
        return JsonResponse({"ok": True, "location": location, "detail": detail})
    if status == 403 and not getattr(request, "csrf_processing_done", False):
        # The security token of the page that sends it is stale (the person logged in again
        # meanwhile): the item waits; a fresh page sends it.
        return JsonResponse({"detail": _("Log in again to send it.")}, status=401)
    if status == 403:
        return JsonResponse({"detail": refusal or _("You may no longer do this here.")}, status=403)
    if status == 404:
        return JsonResponse(
            {"detail": _("This record no longer exists, or is no longer yours to see.")},
            status=404,
        )
    if status >= 400:
        return JsonResponse({"detail": refusal or _first_error(response)}, status=status)
    if "application/json" in response.get("Content-Type", ""):
        return response
    # A page shown instead of a redirect: the form again with its errors (some views answer
    # 200 then), or a success page of its own (an anonymous report's tracking code).
    detail = refusal or _first_error(response)
    if detail:
        return JsonResponse({"detail": detail}, status=422)
    _taken_messages(request)
    return JsonResponse({"ok": True, "location": request.path, "detail": ""})


class QueueReplayMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_replay(request) or request.path.startswith("/api/"):
            return response
        return _answer(request, response)


def offline_ready(view):
    """A field task's page: the service worker keeps its last copy, so the person can open it
    and save into the queue without signal (the header names it; sw.js reads it)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response["X-SafeCampus-Offline"] = "keep"
        return response

    return wrapped
