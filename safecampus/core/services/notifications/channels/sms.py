"""Text messages: printed on the console by default, or posted to an SMS gateway over HTTP.

The gateway gets `{"to": "<number>", "text": "<message>"}` as JSON, with the token in an
`Authorization: Bearer` header when one is set; any 2xx answer means accepted. A vendor's own
API (templates, signatures) sits behind a small adapter that speaks this (docs/deploy.md).
"""

import re
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from safecampus.core.models import FailureReason
from safecampus.core.services.notifications.channels.http import post_json
from safecampus.core.services.notifications.errors import permanent

NUMBER = re.compile(r"\+?[0-9]{5,15}")


def send(delivery):
    number = delivery.address.replace(" ", "").replace("-", "")
    if not NUMBER.fullmatch(number):
        raise permanent(FailureReason.BAD_ADDRESS, delivery.address)
    text = f"{delivery.title}\n{delivery.text}" if delivery.title else delivery.text
    backend = settings.SAFECAMPUS_SMS_BACKEND
    if backend == "console":
        sys.stdout.write(f"SMS to {number}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
    elif backend == "http":
        token = settings.SAFECAMPUS_SMS_TOKEN
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        post_json(settings.SAFECAMPUS_SMS_URL, {"to": number, "text": text}, headers)
    else:
        raise ImproperlyConfigured(f"SAFECAMPUS_SMS_BACKEND: unknown backend {backend!r}")
