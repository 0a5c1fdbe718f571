"""The live roster: an open roster page hears of every mark at once and reads its counts again.

A page joins the group of the org it shows (a school, or a bureau for its schools' rolls) when
the person reads rolls there (roll.view), and its person's own group: when a role ends, the
socket checks again and closes. Each event is checked against the person's current roles
before it is sent on.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from safecampus.core.access import forget_memberships, has_cap
from safecampus.core.consumers import CLOSE_ACCESS_ENDED
from safecampus.core.models import Org, User
from safecampus.core.roles import Cap
from safecampus.core.services.notifications.push import access_group
from safecampus.core.twofactor import socket_missing
from safecampus.students.roster import roll_group


def _may_read(user_id, org_id):
    user = User.objects.filter(pk=user_id, is_active=True).first()
    org = Org.objects.filter(pk=org_id).first()
    if user is None or org is None:
        return False
    forget_memberships(user)
    return has_cap(user, Cap.ROLL_VIEW, org)


class RollConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if await database_sync_to_async(socket_missing)(user, self.scope.get("session")):
            await self.close(code=4401)
            return
        self.user_id = user.pk
        self.org_id = self.scope["url_route"]["kwargs"]["org_id"]
        if not await database_sync_to_async(_may_read)(self.user_id, self.org_id):
            await self.close(code=CLOSE_ACCESS_ENDED)
            return
        self.groups_joined = [access_group(user.pk), roll_group(self.org_id)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def roll_changed(self, event):
        if not await database_sync_to_async(_may_read)(self.user_id, self.org_id):
            await self.close(code=CLOSE_ACCESS_ENDED)
            return
        await self.send_json({"type": "roll", "roll": event["roll"], "school": event["school"]})

    async def access_changed(self, event):
        if not await database_sync_to_async(_may_read)(self.user_id, self.org_id):
            await self.close(code=CLOSE_ACCESS_ENDED)
