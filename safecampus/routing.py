"""WebSocket routes. Each app adds its consumers here (the alarm feed comes with emergencies)."""

from django.urls import path

from safecampus.core.consumers import NotificationConsumer
from safecampus.emergencies.consumers import AlarmConsumer, BroadcastConsumer
from safecampus.students.consumers import RollConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/alarms/", AlarmConsumer.as_asgi()),
    path("ws/rolls/<int:org_id>/", RollConsumer.as_asgi()),
    path("ws/broadcasts/", BroadcastConsumer.as_asgi()),
]
