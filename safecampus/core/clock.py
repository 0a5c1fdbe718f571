"""The phone's clock beside the server's: a phone that lost signal sends later what it did
earlier, and the time it recorded is what a deadline is judged by, when it is plausible."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def aware(moment):
    """A phone time without an offset is read in school time (settings.TIME_ZONE)."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, ZoneInfo(settings.TIME_ZONE))
    return moment


def effective_time(recorded_at, received_at, *, max_age, skew):
    """The phone's time when it is plausible (no older than `max_age`, no more than `skew`
    ahead of the server; never later than the server's), else the server's."""
    recorded_at = aware(recorded_at)
    if recorded_at is None:
        return received_at
    if received_at - max_age <= recorded_at <= received_at + skew:
        return min(recorded_at, received_at)
    return received_at
