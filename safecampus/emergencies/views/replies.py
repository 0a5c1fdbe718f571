"""How an emergency view answers: a 404, JSON to the alarm banner's fetch, a redirect to a form."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect


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
