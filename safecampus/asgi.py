"""ASGI entry point: HTTP through Django's WSGI handler in a pool of threads, WebSockets through
Channels.

Django's own ASGI handler runs a request's sync middleware and view by handing it between the
event loop and threads several times (our middleware and views are sync): about 2 ms a request on
this machine kind, a fifth of a hazard page (docs/performance.md). a2wsgi runs the whole request in
one thread of its pool instead, as a WSGI server would, while the sockets stay on the loop.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecampus.settings")
django_wsgi_app = get_wsgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the app registry loaded)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from safecampus.core.warmup import warm  # noqa: E402
from safecampus.routing import websocket_urlpatterns  # noqa: E402

warm()

application = ProtocolTypeRouter(
    {
        # As many threads as the process has database connections: no request waits for one.
        "http": WSGIMiddleware(django_wsgi_app, workers=settings.SAFECAMPUS_HTTP_THREADS),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
