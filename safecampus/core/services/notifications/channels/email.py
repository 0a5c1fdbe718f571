"""E-mail through Django's mailer (console in the embedded default, SMTP when configured)."""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from safecampus.core import oneline
from safecampus.core.models import FailureReason
from safecampus.core.services.notifications.errors import permanent, temporary


def send(delivery):
    try:
        validate_email(delivery.address)
    except ValidationError as exc:
        raise permanent(FailureReason.BAD_ADDRESS, delivery.address) from exc
    note = delivery.notification
    title, body = (note.title, note.body) if note else (delivery.title, delivery.text)
    url = note.url if note else ""
    link = f"\n\n{settings.SAFECAMPUS_SITE_URL}{url}" if url else ""
    message = EmailMessage(oneline.subject(title), f"{body}{link}", None, [delivery.address])
    try:
        # Written before the server is called, so that a message that can never be sent (a
        # header with a line break) is not taken for a server that is down.
        message.message()
    except ValueError as exc:
        raise permanent(FailureReason.BAD_MESSAGE, exc) from exc
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _message in exc.recipients.values()]
        reason = FailureReason.BAD_ADDRESS
        raise (permanent if min(codes) >= 500 else temporary)(reason, exc.recipients) from exc
    except smtplib.SMTPConnectError as exc:
        raise temporary(FailureReason.UNREACHABLE, exc) from exc
    except smtplib.SMTPResponseException as exc:
        # SMTP's own rule: 5xx answers are final, 4xx ones invite a later try.
        fail = permanent if exc.smtp_code >= 500 else temporary
        raise fail(FailureReason.REFUSED, f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except TimeoutError as exc:
        raise temporary(FailureReason.TIMEOUT, exc) from exc
    except OSError as exc:  # refused or dropped connections, unknown host, other SMTP errors
        raise temporary(FailureReason.UNREACHABLE, exc) from exc
