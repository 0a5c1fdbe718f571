"""Webhook robots against a local HTTP receiver: each robot gets its own message format, a
500 is retried with back-off, and after the last try the failure shows on the alarm page and
the robots page."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from safecampus.core.errors import DomainError
from safecampus.core.models import Channel, Delivery, DeliveryStatus, Robot, RobotKind
from safecampus.core.services import notifications
from safecampus.emergencies.services import alarms, robots

ROBOT = notifications.PACING[Channel.ROBOT]

pytestmark = pytest.mark.django_db


class Receiver:
    """Answers each path from a script of (status, body) replies; the last one repeats."""

    def __init__(self, script):
        self.script = {path: list(replies) for path, replies in script.items()}
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                receiver.received.append((self.path, json.loads(self.rfile.read(length))))
                replies = receiver.script[self.path]
                status, body = replies.pop(0) if len(replies) > 1 else replies[0]
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def bodies(self, path):
        return [body for p, body in self.received if p == path]


OK = (200, {"errcode": 0, "errmsg": "ok"})
SCRIPT = {
    "/wecom": [OK],
    "/dingtalk": [OK],
    "/feishu": [(500, {"msg": "busy"}), (200, {"code": 0, "msg": "success"})],
    "/broken": [(500, {"msg": "down"})],
    "/refusing": [(200, {"errcode": 310000, "errmsg": "keywords not in content"})],
}


@pytest.fixture
def receiver():
    with Receiver(SCRIPT) as r:
        yield r


def _robot(org, kind, name, url):
    return Robot.objects.create(org=org, kind=kind, name=name, url=url)


def _raise(org, person, capture):
    with capture(execute=True):
        return alarms.raise_alarm(
            actor=person("s01.guard"), school=org("s01"), kind="fire", place="食堂后厨"
        )


def test_each_robot_gets_its_format_and_a_500_is_retried(
    org, person, receiver, django_capture_on_commit_callbacks
):
    s01 = org("s01")
    _robot(s01, RobotKind.WECOM, "企业微信群", receiver.url + "/wecom")
    _robot(org("demo-district"), RobotKind.DINGTALK, "教育局钉钉群", receiver.url + "/dingtalk")
    feishu = _robot(s01, RobotKind.FEISHU, "飞书群", receiver.url + "/feishu")
    alarm = _raise(org, person, django_capture_on_commit_callbacks)

    (wecom,) = receiver.bodies("/wecom")
    assert wecom["msgtype"] == "markdown"
    assert "城南实验小学" in wecom["markdown"]["content"]
    assert "食堂后厨" in wecom["markdown"]["content"]
    (ding,) = receiver.bodies("/dingtalk")  # the bureau's robot hears its schools' alarms
    assert ding["msgtype"] == "markdown"
    assert "城南实验小学" in ding["markdown"]["title"]
    assert f"/alarms/{alarm.pk}/" in ding["markdown"]["text"]
    (first,) = receiver.bodies("/feishu")
    assert first["msg_type"] == "text"
    assert "食堂后厨" in first["content"]["text"]

    delivery = Delivery.objects.get(robot=feishu)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
    assert "500" in delivery.last_error
    # Not yet due: nothing is sent again.
    assert notifications.retry_due(now=delivery.next_attempt_at - ROBOT.wait(1) / 2) == []
    assert len(receiver.bodies("/feishu")) == 1
    assert notifications.retry_due(now=delivery.next_attempt_at) == [DeliveryStatus.SENT]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert receiver.bodies("/feishu")[1] == first
    assert set(alarm.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_failure_is_visible_after_the_last_try(
    org, person, login, receiver, django_capture_on_commit_callbacks
):
    s01 = org("s01")
    broken = _robot(s01, RobotKind.WECOM, "坏掉的机器人", receiver.url + "/broken")
    refusing = _robot(s01, RobotKind.DINGTALK, "拒收的机器人", receiver.url + "/refusing")
    alarm = _raise(org, person, django_capture_on_commit_callbacks)
    for _ in range(ROBOT.attempts + 2):
        pending = alarm.deliveries.filter(status=DeliveryStatus.RETRYING)
        if not pending.exists():
            break
        notifications.retry_due(now=max(d.next_attempt_at for d in pending))
    for robot in (broken, refusing):
        delivery = Delivery.objects.get(robot=robot)
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 4)
        assert delivery.next_attempt_at is None
    assert len(receiver.bodies("/broken")) == 4
    assert "310000" in Delivery.objects.get(robot=refusing).last_error

    client = login("s01.officer")
    page = client.get(f"/schools/{s01.pk}/emergencies/alarms/{alarm.pk}/").content.decode()
    assert page.count("list-group-item-danger") == 2
    assert "坏掉的机器人" in page
    robots_page = client.get(f"/orgs/{s01.pk}/robots/").content.decode()
    assert 'id="failed-posts"' in robots_page
    assert "keywords not in content" in robots_page


def test_a_robot_needs_https_outside_development(org, person, settings):
    settings.DEBUG = False
    with pytest.raises(DomainError):
        robots.add_robot(
            actor=person("s01.officer"),
            org=org("s01"),
            kind=RobotKind.FEISHU,
            name="明文",
            url="http://example.org/hook",
        )
    assert not Robot.objects.filter(name="明文").exists()
