"""The alarm feed: a responder's open pages hear of alarms at once and show the banner.

On connecting, a page joins the group of every org where the person answers alarms, and is
sent the active alarms they have not acknowledged yet, newest first, so a page opened (or
reconnected) during an alarm shows its banner too. The page also joins its person's own group:
when a role ends or the account is deactivated, it leaves the groups it may no longer hear, and
closes when none is left; each alarm is checked against the person's current roles before it
is sent on.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from safecampus.core.access import active_memberships, forget_memberships, visible_to
from safecampus.core.consumers import CLOSE_ACCESS_ENDED
from safecampus.core.models import User
from safecampus.core.roles import Cap, capabilities_of
from safecampus.core.services.notifications.push import access_group
from safecampus.core.twofactor import socket_missing
from safecampus.emergencies import broadcast, realtime
from safecampus.emergencies.models import Alarm, AlarmResponse, AlarmStatus


def _answering_orgs(user):
    if not user.is_active:
        return []
    return [
        m.org_id for m in active_memberships(user) if Cap.ALARM_RESPOND in capabilities_of(m.role)
    ]


def _current_orgs(user_id):
    """The orgs where the person answers alarms now, read afresh (not the connection's copy)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return []
    forget_memberships(user)
    return _answering_orgs(user)


def _orgs_and_pending(user):
    orgs = _answering_orgs(user)
    if not orgs:
        return [], []
    seen = AlarmResponse.objects.filter(user=user, acknowledged_at__isnull=False).values("alarm")
    pending = (
        visible_to(user, Alarm, Cap.ALARM_RESPOND)
        .filter(status=AlarmStatus.ACTIVE)
        .exclude(pk__in=seen)
        .exclude(raised_by=user)
        .select_related("school", "zone")
        .order_by("-raised_at", "-pk")[:20]
    )
    return orgs, [realtime.alarm_message(a, "raised") for a in pending]


class AlarmConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if await database_sync_to_async(socket_missing)(user, self.scope.get("session")):
            await self.close(code=4401)
            return
        orgs, pending = await database_sync_to_async(_orgs_and_pending)(user)
        self.user_id = user.pk
        self.orgs = set(orgs)
        self.groups_joined = [access_group(user.pk)] + [realtime.org_group(pk) for pk in orgs]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        for message in pending:
            await self.send_json(message)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def alarm_event(self, event):
        orgs = set(await database_sync_to_async(_current_orgs)(self.user_id))
        if not orgs & set(event.get("orgs", ())):
            await self.access_changed(event)
            return
        # The person who raised the alarm is on its page already: no banner over it.
        await self.send_json({**event, "mine": event.get("raised_by") == self.user_id})

    async def access_changed(self, event):
        orgs = set(await database_sync_to_async(_current_orgs)(self.user_id))
        for pk in self.orgs - orgs:
            group = realtime.org_group(pk)
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.remove(group)
        self.orgs &= orgs
        if not self.orgs:
            await self.close(code=CLOSE_ACCESS_ENDED)


def _member_orgs(user_id):
    """The orgs where the person is a member now (read afresh), for the lockdown broadcast."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return []
    forget_memberships(user)
    return sorted({m.org_id for m in active_memberships(user)})


def _orgs_and_active(user_id):
    orgs = _member_orgs(user_id)
    active = (
        Alarm.objects.filter(school_id__in=orgs, status=AlarmStatus.ACTIVE)
        .select_related("school", "zone")
        .order_by("raised_at", "pk")[:20]
    )
    return orgs, [broadcast.message(alarm, "raised") for alarm in active]


class BroadcastConsumer(AsyncJsonWebsocketConsumer):
    """Every open page of a school's people: the lockdown banner of an alarm raised there, with
    the instructions for its kind, and its removal when the alarm is closed. A page opened
    during an alarm is sent the banners of the alarms still active."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if await database_sync_to_async(socket_missing)(user, self.scope.get("session")):
            await self.close(code=4401)
            return
        self.user_id = user.pk
        orgs, active = await database_sync_to_async(_orgs_and_active)(user.pk)
        self.groups_joined = [access_group(user.pk)] + [broadcast.broadcast_group(o) for o in orgs]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        for message in active:
            await self.send_json(message)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def broadcast_message(self, event):
        orgs = await database_sync_to_async(_member_orgs)(self.user_id)
        if event.get("school") not in orgs:
            await self.access_changed(event)
            return
        await self.send_json(event)

    async def access_changed(self, event):
        orgs = set(await database_sync_to_async(_member_orgs)(self.user_id))
        for group in list(self.groups_joined[1:]):
            if int(group.rsplit(".", 1)[1]) not in orgs:
                await self.channel_layer.group_discard(group, self.channel_name)
                self.groups_joined.remove(group)
        if len(self.groups_joined) <= 1 and not orgs:
            await self.close(code=CLOSE_ACCESS_ENDED)
