"""What a worker loads before it takes its first request.

Django loads the URL configuration (every app's views and the API's schemas) at the first
request, and opens its first database connection then: 1.5–2.5 s on this machine kind. A worker
restarted by a deploy would spend that on whatever comes first, and that may be an alarm (issue
11: the first alarm after a start reached the other process's pages 2.5 s late, the next ones
in 40–100 ms). The ASGI entry point calls `warm` once, before the server accepts connections.
"""

import gc
import logging
import threading
import time

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.tasks import task_backends
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


def warm():
    start = time.perf_counter()
    resolver = get_resolver()
    patterns = len(resolver.url_patterns)
    # reverse() builds its lookup per language at its first call, compiling every pattern's
    # regex (0.2 s): an alarm's message carries its page's URL.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _lookup = resolver.reverse_dict
    # The backends are made, and their modules (redis among them) imported, at first use.
    get_channel_layer()
    caches.all(initialized_only=False)
    task_backends.all(initialized_only=False)
    # In a thread of its own: uvicorn with more than one worker imports the app inside its
    # event loop, where Django refuses database calls (the worker died at start).
    opener = threading.Thread(target=_open_databases, name="warm-databases")
    opener.start()
    opener.join()
    # What is loaded now lives as long as the worker: the garbage collector need not walk it
    # again at every full collection, a pause that falls on whichever request is running.
    gc.collect()
    gc.freeze()
    log.info(
        "worker warmed in %.0f ms (%d URL patterns)", (time.perf_counter() - start) * 1000, patterns
    )


def _open_databases():
    for connection in connections.all():
        # Opens the pool (or the connection) and gives the connection back to it. A database
        # that is down must not keep the worker from starting: its requests will say so.
        try:
            connection.ensure_connection()
        except Exception as exc:
            log.warning("worker not warmed: database %s: %s", connection.alias, exc)
        finally:
            connection.close()
