"""The phone app's shell: the web app manifest, the service worker (served from the site's root
so it controls every page), the offline page and the page listing what waits on the phone."""

import hashlib
import json
import os
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safecampus.core.phonequeue import offline_ready

# What the service worker keeps from its first start: enough to draw any page of the app and
# the field tasks' scripts. Other static files are kept as they are first used.
SHELL_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/jsqr/jsQR.js",
    "css/app.css",
    "img/favicon.svg",
    "img/icons/icon-192.png",
    "js/app.js",
    "js/queue.js",
    "js/checks.js",
    "js/patrol-run.js",
    "js/qr-decode.js",
]


def _files_fingerprint():
    """A hash of every static file's name, size and modification time (development)."""
    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _manifest_fingerprint():
    """In production collectstatic wrote a manifest of hashed names: its hash changes exactly
    when a static file does (the process restarts after a deploy, so caching it is right)."""
    paths = getattr(staticfiles_storage, "hashed_files", None)
    if not paths:
        try:
            paths = staticfiles_storage.load_manifest()
        except (AttributeError, ValueError, OSError):
            paths = {}
    text = json.dumps(paths, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def static_version():
    """The service worker's version: it changes when any static file changes, so a phone drops
    its old copies and fetches the new ones."""
    if getattr(staticfiles_storage, "manifest_name", None) and not settings.DEBUG:
        return _manifest_fingerprint()
    return _files_fingerprint()


def _no_store(response):
    # A phone must ask for the worker and the manifest again, or it would keep an old version.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request):
    version = static_version()
    config = {
        "version": version,
        "shell": [static(name) for name in SHELL_STATIC],
        "offline": reverse("core:offline"),
        "queuePage": reverse("core:phone_queue"),
        "staticPrefix": static(""),
        "never": ["/api/", "/ws/", "/admin/", reverse("core:logout"), reverse("core:login")],
    }
    body = render(request, "core/phone/sw.js", {"config": json.dumps(config)}).content
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The worker sits at /sw.js, whose scope is the whole site already; the header says so
    # explicitly for a deployment that serves it from elsewhere.
    response["Service-Worker-Allowed"] = "/"
    return _no_store(response)


@require_GET
def manifest(request):
    icon = "img/icons/"
    data = {
        "id": "/",
        "name": _("SafeCampus"),
        "short_name": _("SafeCampus"),
        "description": _("Campus safety, every day."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("core:home") + "?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#0b5e4a",
        "icons": [
            {"src": static(icon + "icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static(icon + "icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(icon + "maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    return _no_store(response)


@require_GET
@offline_ready
def offline(request):
    """What a page that cannot load without signal shows instead (kept by the service worker)."""
    return render(request, "core/phone/offline.html")


@require_GET
@offline_ready
def queue(request):
    """What waits on this phone: drawn by queue.js from the phone's own storage, so the page
    holds no server data and opens without signal."""
    return render(request, "core/phone/queue.html")
