"""The one push to open pages: a message sent to WebSocket channel groups after commit."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def user_group(user_id):
    """The group of one person's open pages (their bell)."""
    return f"user.{user_id}"


def access_group(user_id):
    """The group every open socket of one person joins, whatever it listens to."""
    return f"access.{user_id}"


def access_changed(user_id):
    """Tell the person's open pages that a role ended or the account was deactivated: each
    socket checks again what it may still hear, and closes if that is nothing."""
    push([access_group(user_id)], {"type": "access.changed"})


def push(groups, message):
    """Send `message` to each group once the transaction commits: a page must never hear of a
    row the database does not hold."""
    groups = list(groups)
    transaction.on_commit(lambda: _send(groups, message))


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _send(groups, message):
    layer = get_channel_layer()
    if layer is None or _loop_running():
        # No layer, or a script driving an event loop in this thread (a test browser calling
        # a service directly): there is no page of this thread to tell.
        return
    # One call for all the groups: outside an event loop (a request's thread) each call starts
    # a loop of its own, and the channel layer a connection for it.
    async_to_sync(_send_all)(layer, groups, message)


async def _send_all(layer, groups, message):
    for group in groups:
        try:
            await layer.group_send(group, message)
        except Exception as exc:  # the rows are the record; a lost push only delays a page
            log.error("push to %s failed: %s", group, exc)
