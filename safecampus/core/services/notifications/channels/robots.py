"""Group-chat webhook robots (WeCom, DingTalk, Feishu): each robot's message format."""

from safecampus.core.models import FailureReason, Robot, RobotKind
from safecampus.core.services.notifications.channels.http import post_json
from safecampus.core.services.notifications.errors import temporary


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


def robots_for(org):
    """The active robots of an org and of every org above it."""
    return list(Robot.objects.filter(org_id__in=org.ancestor_ids(), active=True).order_by("pk"))


def send(delivery):
    robot = delivery.robot
    answer = post_json(robot.url, payload(robot.kind, delivery.title, delivery.text))
    # The robots answer HTTP 200 with an error code in the body when they refuse a message. The
    # codes mix sending too fast with set-up mistakes (a keyword, a signature, an IP list) that
    # the org can fix on its robot while the message is retried: all are tried again.
    if not isinstance(answer, dict):
        return
    code = answer.get("errcode", answer.get("code", 0))
    if code not in (0, None):
        message = answer.get("errmsg") or answer.get("msg") or ""
        raise temporary(FailureReason.REFUSED, f"{code} {message}".strip())
