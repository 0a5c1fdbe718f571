"""A patrol round open right now in a demo school, whatever the time of day."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.patrols import services
from safecampus.patrols.models import Checkpoint, Round, WindowKind
from safecampus.patrols.rounds import ensure_rounds


def open_round(code="s01", stops=4, name="测试路线"):
    """A new every-day route over the school's first `stops` checkpoints (by code), with a
    40-minute window that began up to 10 minutes ago (never before midnight), and its round."""
    school = Org.objects.get(code=code)
    officer = User.objects.get(username=f"{code}.officer")
    checkpoints = list(
        Checkpoint.objects.filter(school=school, active=True).order_by("code")[:stops]
    )
    route = services.create_route(
        actor=officer, school=school, name=name, checkpoints=checkpoints, every_day=True
    )
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now - timedelta(minutes=10), midnight).replace(second=0, microsecond=0)
    services.add_window(
        actor=officer,
        route=route,
        kind=WindowKind.OTHER,
        start=start.time(),
        end=(start + timedelta(minutes=40)).time(),
        tolerance_minutes=10,
    )
    ensure_rounds(school, now.date())
    return Round.objects.get(route=route, date=now.date()), checkpoints
