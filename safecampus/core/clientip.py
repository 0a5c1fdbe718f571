"""The client's address: the connection's own, unless trusted proxies are configured.

X-Forwarded-For is written by whoever sends the request, so it counts only for the hops that
our own proxies appended: with N trusted proxies, the address N entries from the right is the
one the outermost trusted proxy saw connect. Everything left of it is the client's own claim.
"""

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = settings.SAFECAMPUS_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]
