"""The alarm feed: a responder's open pages hear of alarms at once and show the banner.

On connecting, a page joins the group of every org where the person answers alarms, and is
sent the active alarms they have not acknowledged yet, so a page opened (or reconnected) during
an alarm shows its banner too.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from safecampus.core.access import active_memberships, visible_to
from safecampus.core.roles import Cap, capabilities_of
from safecampus.emergencies import realtime
from safecampus.emergencies.models import Alarm, AlarmResponse, AlarmStatus


def _orgs_and_pending(user):
    orgs = [
        m.org_id for m in active_memberships(user) if Cap.ALARM_RESPOND in capabilities_of(m.role)
    ]
    if not orgs:
        return [], []
    seen = AlarmResponse.objects.filter(user=user, acknowledged_at__isnull=False).values("alarm")
    pending = (
        visible_to(user, Alarm, Cap.ALARM_RESPOND)
        .filter(status=AlarmStatus.ACTIVE)
        .exclude(pk__in=seen)
        .exclude(raised_by=user)
        .select_related("school", "zone")
        .order_by("raised_at", "pk")[:20]
    )
    return orgs, [realtime.alarm_message(a, "raised") for a in pending]


class AlarmConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        orgs, pending = await database_sync_to_async(_orgs_and_pending)(user)
        self.user_id = user.pk
        self.groups_joined = [realtime.org_group(pk) for pk in orgs]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        for message in pending:
            await self.send_json(message)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def alarm_event(self, event):
        # The person who raised the alarm is on its page already: no banner over it.
        await self.send_json({**event, "mine": event.get("raised_by") == self.user_id})
