"""Helpers the gate's views share."""

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.safestring import mark_safe

from safecampus.core.errors import DomainError, PermissionRefused


def qr_svg(url):
    """An inline SVG QR code (segno writes the markup; nothing from the user is in it raw)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())


def first_or_404(qs):
    found = qs.first()
    if found is None:
        raise Http404
    return found


def run(request, action, success, **kwargs):
    """Run a service from a button: a refusal is a 403, bad input a message on the page."""
    try:
        result = action(actor=request.user, **kwargs)
    except PermissionRefused as refused:
        raise PermissionDenied(refused.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return result
