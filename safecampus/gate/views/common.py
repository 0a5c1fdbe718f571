"""Helpers the gate's views share."""

from django.http import Http404


def first_or_404(qs):
    found = qs.first()
    if found is None:
        raise Http404
    return found
