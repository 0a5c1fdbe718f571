"""The roll on a school home page: an open roll is the first thing a teacher must act on during
an alarm or an evacuation drill (one query, and only while a roll is open)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.students.models import Roll, RollStatus


def home_counts(user, school):
    cap = next((c for c in (Cap.ROLL_MARK, Cap.ROLL_VIEW) if has_cap(user, c, school)), None)
    if cap is None:
        return []
    open_rolls = list(
        Roll.objects.filter(school=school, status=RollStatus.OPEN)
        .order_by("-opened_at", "-pk")
        .values_list("pk", flat=True)[:21]
    )
    if not open_rolls:
        return []
    url = (
        reverse("students:roll", args=[school.pk, open_rolls[0]])
        if len(open_rolls) == 1
        else reverse("students:rolls", args=[school.pk])
    )
    label = _("Roll open: mark your class") if cap == Cap.ROLL_MARK else _("Rolls open")
    return [HomeCount("rolls-open", label, len(open_rolls), url, cap)]
