"""One delivery record for every channel: the same statuses whatever the channel, a permanent
error is not tried again, the reason is said in the reader's language, and text messages reach
the console (default) or an HTTP gateway."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone, translation

from safecampus.core.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    FailureReason,
    Robot,
    RobotKind,
)
from safecampus.core.services import notifications

pytestmark = pytest.mark.django_db


class Gateway:
    """A local HTTP server answering each path with a fixed status; it keeps what it got."""

    def __init__(self, statuses):
        self.received = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((self.path, self.headers, json.loads(body)))
                self.send_response(statuses[self.path])
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    g = Gateway({"/ok": 200, "/busy": 429, "/down": 503, "/gone": 404})
    yield g
    g.close()


@pytest.fixture
def refused_smtp(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }


def _robot(org, url):
    return Robot.objects.create(org=org, kind=RobotKind.FEISHU, name="群", url=url)


def _sweep_until_settled():
    """Run the retry sweep, each time at the latest wait, until nothing waits any more."""
    seen = set()
    for _ in range(10):
        waiting = Delivery.objects.filter(status=DeliveryStatus.RETRYING)
        if not waiting.exists():
            return seen
        seen |= set(notifications.retry_due(now=max(d.next_attempt_at for d in waiting)))
    raise AssertionError("deliveries still waiting after ten sweeps")


def test_a_permanent_error_is_not_retried(
    org, person, login, gateway, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.mail import EmailMessage

    def unbuildable(self):
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    # A message the mail library cannot write (subjects are made one line before, so this
    # stands for whatever else it may refuse).
    monkeypatch.setattr(EmailMessage, "message", unbuildable)
    s01, guard = org("s01"), person("s01.guard")
    _robot(s01, gateway.url + "/gone")
    with django_capture_on_commit_callbacks(execute=True):
        (posted,) = notifications.post_to_robots(s01, title="演练", text="十点")
        (texted,) = notifications.send_sms("not a number", text="演练")
        (note,) = notifications.notify([guard], kind="test", title="演练通知")
    mailed = note.deliveries.get()
    later = timezone.now() + timedelta(days=1)
    assert notifications.retry_due(now=later) == []
    for delivery, reason in (
        (posted, FailureReason.REFUSED),
        (texted, FailureReason.BAD_ADDRESS),
        (mailed, FailureReason.BAD_MESSAGE),
    ):
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.failure) == (
            DeliveryStatus.FAILED,
            1,
            reason,
        )
        assert delivery.next_attempt_at is None
    assert len(gateway.received) == 1
    assert "404" in posted.last_error
    # The reason is said in the reader's language; the technical detail stays beside it.
    with translation.override("zh-hans"):
        assert posted.get_failure_display() == "接收方拒收了此消息。"
    inbox = login("s01.guard").get("/notifications/").content.decode()  # zh-hans by default
    assert "消息无法生成" in inbox


def test_busy_and_broken_servers_are_retried(
    org, gateway, settings, refused_smtp, person, django_capture_on_commit_callbacks
):
    s01 = org("s01")
    _robot(s01, gateway.url + "/busy")
    settings.SAFECAMPUS_SMS_BACKEND = "http"
    settings.SAFECAMPUS_SMS_URL = gateway.url + "/down"
    with django_capture_on_commit_callbacks(execute=True):
        (posted,) = notifications.post_to_robots(s01, title="演练", text="十点")
        (texted,) = notifications.send_sms("13800000000", text="演练")
        (note,) = notifications.notify([person("s01.guard")], kind="test", title="重试")
    for delivery, reason in (
        (posted, FailureReason.BUSY),
        (texted, FailureReason.SERVER_ERROR),
        (note.deliveries.get(), FailureReason.UNREACHABLE),
    ):
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.failure) == (
            DeliveryStatus.RETRYING,
            1,
            reason,
        )
        assert delivery.next_attempt_at > timezone.now()


def test_the_sms_console_backend_prints_the_message(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = notifications.send_sms("+86 138-0000-0000", text="食堂后厨火警，请立即处置")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    out = capsys.readouterr().out
    assert "+8613800000000" in out
    assert "食堂后厨火警，请立即处置" in out


def test_the_sms_gateway_gets_number_text_and_token(
    gateway, settings, django_capture_on_commit_callbacks
):
    settings.SAFECAMPUS_SMS_BACKEND = "http"
    settings.SAFECAMPUS_SMS_URL = gateway.url + "/ok"
    settings.SAFECAMPUS_SMS_TOKEN = "s3cret"
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = notifications.send_sms("13800000000", text="演练十点开始")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    ((path, headers, body),) = gateway.received
    assert path == "/ok"
    assert body == {"to": "13800000000", "text": "演练十点开始"}
    assert headers["Authorization"] == "Bearer s3cret"


def test_every_channel_ends_in_the_same_statuses(
    org, person, gateway, settings, refused_smtp, django_capture_on_commit_callbacks
):
    """Sent, or failed after the last try (temporary errors) or the first (permanent ones), by
    way of the same pending and retrying, whichever way a message travels."""
    s01 = org("s01")
    for path in ("/ok", "/down", "/gone"):
        _robot(s01, gateway.url + path)
    settings.SAFECAMPUS_SMS_BACKEND = "http"
    settings.SAFECAMPUS_SMS_URL = gateway.url + "/down"
    unreachable = person("s01.teacher")
    unreachable.email = "not an address"
    unreachable.save(update_fields=["email"])
    before = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        notifications.post_to_robots(s01, title="演练", text="十点")
        notifications.send_sms("13800000000", text="演练")
        notifications.send_sms("no number", text="演练")
        notifications.notify([person("s01.guard")], kind="test", title="演练")
        notifications.notify([unreachable], kind="test", title="演练")
    seen = set(Delivery.objects.filter(pk__gt=before).values_list("status", flat=True))
    seen |= _sweep_until_settled()
    assert seen <= set(DeliveryStatus.values)
    assert set(DeliveryStatus.values) == {"pending", "sent", "retrying", "failed"}
    ends = {
        (d.channel, d.status, d.attempts == notifications.PACING[d.channel].attempts)
        for d in Delivery.objects.filter(pk__gt=before)
    }
    assert ends == {
        (Channel.ROBOT, DeliveryStatus.SENT, False),
        (Channel.ROBOT, DeliveryStatus.FAILED, True),  # 503, tried to the last
        (Channel.ROBOT, DeliveryStatus.FAILED, False),  # 404, given up at once
        (Channel.SMS, DeliveryStatus.FAILED, True),
        (Channel.SMS, DeliveryStatus.FAILED, False),
        (Channel.EMAIL, DeliveryStatus.FAILED, True),  # the mail server is down
        (Channel.EMAIL, DeliveryStatus.FAILED, False),  # an address that is none
    }


def test_a_title_with_a_line_break_is_mailed_with_a_one_line_subject(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notifications.notify([person("s01.guard")], kind="test", title="第一行\n第二行")
    assert note.deliveries.get().status == DeliveryStatus.SENT
    assert mailoutbox[-1].subject == "第一行 第二行"
