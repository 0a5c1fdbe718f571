"""Webhook robots (WeCom, DingTalk, Feishu): the message per format, delivery and retries.

A delivery is tried at once after commit, then again with back-off (10 s, 30 s, 90 s) by the
scheduler's retry tick; after MAX_ATTEMPTS it is failed and shown as failed on the alarm or
incident page and the robots page.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.common import require
from safecampus.emergencies.models import Robot, RobotDelivery, RobotDeliveryStatus, RobotKind

log = logging.getLogger(__name__)
TIMEOUT = 5  # seconds: a hanging chat server must not hold the worker


def payload(kind, title, text, link=""):
    """The JSON body each robot expects (their documented text/markdown message types)."""
    body = f"{title}\n{text}" + (f"\n{link}" if link else "")
    if kind == RobotKind.WECOM:
        content = f"**{title}**\n{text}" + (f"\n[{link}]({link})" if link else "")
        return {"msgtype": "markdown", "markdown": {"content": content}}
    if kind == RobotKind.DINGTALK:
        content = f"### {title}\n\n{text}" + (f"\n\n[{link}]({link})" if link else "")
        return {"msgtype": "markdown", "markdown": {"title": title, "text": content}}
    if kind == RobotKind.FEISHU:
        return {"msg_type": "text", "content": {"text": body}}
    raise ValueError(kind)


def backoff(attempts):
    return timedelta(seconds=10 * 3 ** max(attempts - 1, 0))


def _robots_for(school):
    return Robot.objects.filter(org_id__in=school.ancestor_ids(), active=True).order_by("pk")


def queue(*, school, title, text, url="", alarm=None, incident=None):
    """One delivery per active robot of the school and the orgs above it; sent after commit."""
    rows = [
        RobotDelivery(
            robot=robot,
            school=school,
            alarm=alarm,
            incident=incident,
            title=title[:200],
            text=f"{text}\n{settings.SAFECAMPUS_SITE_URL}{url}" if url else text,
        )
        for robot in _robots_for(school)
    ]
    if not rows:
        return []
    RobotDelivery.objects.bulk_create(rows)
    ids = list(
        RobotDelivery.objects.filter(
            school=school, alarm=alarm, incident=incident, status=RobotDeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _enqueue(ids):
    from safecampus.emergencies.tasks import send_robot

    for pk in ids:
        send_robot.enqueue(pk)


def _post(url, data):
    request = urllib.request.Request(
        url,
        data=json.dumps(data, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        answer = response.read(2000)
    # The robots answer HTTP 200 with an error code in the body when they refuse a message.
    try:
        parsed = json.loads(answer or b"{}")
    except ValueError:
        return
    code = parsed.get("errcode", parsed.get("code", 0)) if isinstance(parsed, dict) else 0
    if code not in (0, None):
        message = parsed.get("errmsg") or parsed.get("msg") or ""
        raise OSError(f"robot refused: {code} {message}".strip())


def attempt(delivery_id, now=None):
    """Send one delivery; on failure schedule the next try, or give up after the last one."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            RobotDelivery.objects.select_for_update(of=("self",))
            .select_related("robot")
            .filter(
                pk=delivery_id,
                status__in=[RobotDeliveryStatus.PENDING, RobotDeliveryStatus.RETRYING],
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            _post(delivery.robot.url, payload(delivery.robot.kind, delivery.title, delivery.text))
        except (OSError, urllib.error.URLError, ValueError) as exc:
            log.warning("robot delivery %s failed: %s", delivery.pk, exc)
            delivery.last_error = str(exc)[:1000]
            if delivery.attempts >= RobotDelivery.MAX_ATTEMPTS:
                delivery.status = RobotDeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.status = RobotDeliveryStatus.RETRYING
                delivery.next_attempt_at = now + backoff(delivery.attempts)
        else:
            delivery.status = RobotDeliveryStatus.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
        delivery.save(
            update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"]
        )
        return delivery.status


def retry_due(now=None):
    now = now or timezone.now()
    due = RobotDelivery.objects.filter(
        status=RobotDeliveryStatus.RETRYING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return [attempt(pk, now=now) for pk in list(due[:200])]


@transaction.atomic
def add_robot(*, actor, org, kind, name, url):
    require(actor, Cap.ALARM_MANAGE if org.is_school else Cap.EMERGENCY_RULES, org)
    if kind not in RobotKind.values:
        raise DomainError(_("Choose the kind of robot."))
    if not url.startswith("https://") and not settings.DEBUG:
        raise DomainError(_("A robot's address must start with https://."))
    robot = Robot.objects.create(org=org, kind=kind, name=name.strip()[:60], url=url.strip())
    audit.record(actor=actor, org=org, action="robot.add", obj=robot, changes={"kind": kind})
    return robot


@transaction.atomic
def remove_robot(*, actor, robot):
    """Switch a robot off. Its deliveries stay as the record of what was sent."""
    org = robot.org
    require(actor, Cap.ALARM_MANAGE if org.is_school else Cap.EMERGENCY_RULES, org)
    robot.active = False
    robot.save(update_fields=["active"])
    audit.record(actor=actor, org=org, action="robot.remove", obj=robot)
