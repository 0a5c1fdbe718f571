"""WebSocket routes. Each app adds its consumers here (the alarm feed comes with emergencies)."""

from django.urls import path

from safecampus.core.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
