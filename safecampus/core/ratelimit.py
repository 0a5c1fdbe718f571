"""Fixed-window rate limits on the cache. Keys are hashed: no address is kept anywhere."""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from safecampus.core.clientip import client_address


def client_key(request):
    address = client_address(request)
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(scope, key, *, limit, seconds):
    """Count one use; False once `limit` uses fell in the current window of `seconds`."""
    window = int(timezone.now().timestamp()) // seconds
    name = f"rl:{scope}:{key}:{window}"
    cache.add(name, 0, timeout=seconds + 5)
    try:
        count = cache.incr(name)
    except ValueError:
        cache.set(name, 1, timeout=seconds + 5)
        count = 1
    return count <= limit
