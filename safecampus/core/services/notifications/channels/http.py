"""Posting JSON to a webhook or a gateway, with each failure sorted into permanent or temporary."""

import json
import urllib.error
import urllib.request

from safecampus.core.models import FailureReason
from safecampus.core.services.notifications.errors import permanent, temporary

TIMEOUT = 5  # seconds: a hanging server must not hold the worker


def post_json(url, data, headers=None):
    """POST `data` as JSON and return the parsed answer (None when it is not JSON)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(data, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read(2000)
    except urllib.error.HTTPError as exc:
        raise _status_error(exc.code, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise temporary(FailureReason.TIMEOUT, exc.reason) from exc
        raise temporary(FailureReason.UNREACHABLE, exc.reason) from exc
    except TimeoutError as exc:
        raise temporary(FailureReason.TIMEOUT, exc) from exc
    except ValueError as exc:  # no scheme, a control character: not an address to post to
        raise permanent(FailureReason.BAD_ADDRESS, exc) from exc
    except OSError as exc:  # the connection dropped halfway
        raise temporary(FailureReason.UNREACHABLE, exc) from exc
    try:
        return json.loads(answer or b"{}")
    except ValueError:
        return None


def _status_error(status, detail):
    """5xx, 408 and 429 are the server's trouble and pass; any other 4xx (a deleted robot, a
    refused key) would answer the same again."""
    if status == 429:
        return temporary(FailureReason.BUSY, detail)
    if status == 408:
        return temporary(FailureReason.TIMEOUT, detail)
    if status >= 500:
        return temporary(FailureReason.SERVER_ERROR, detail)
    return permanent(FailureReason.REFUSED, detail)
