"""Live updates of the bell: a person's open pages hear of new notifications at once."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from safecampus.core.services.notifications.push import user_group


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_new(self, event):
        await self.send_json({"type": "notification", "title": event["title"], "url": event["url"]})
