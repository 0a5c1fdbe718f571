"""Live updates of the bell: a person's open pages hear of new notifications at once.

A socket outlives the request that opened it, so it checks the person again at each event and
when told their access changed: a deactivated person's open page goes quiet and is closed.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from safecampus.core.models import User
from safecampus.core.services.notifications.push import access_group, user_group
from safecampus.core.twofactor import socket_missing

# The close code a page reads as "your access ended": it does not reconnect.
CLOSE_ACCESS_ENDED = 4403


def still_active(user_id):
    return User.objects.filter(pk=user_id, is_active=True).exists()


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if await database_sync_to_async(socket_missing)(user, self.scope.get("session")):
            await self.close(code=4401)
            return
        self.user_id = user.pk
        self.groups_joined = [user_group(user.pk), access_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def notification_new(self, event):
        if not await database_sync_to_async(still_active)(self.user_id):
            await self.close(code=CLOSE_ACCESS_ENDED)
            return
        await self.send_json({"type": "notification", "title": event["title"], "url": event["url"]})

    async def access_changed(self, event):
        if not await database_sync_to_async(still_active)(self.user_id):
            await self.close(code=CLOSE_ACCESS_ENDED)
