"""Alarms and drills on a school leader's home page: alarms still active, and the drills owed
while the school is behind (every period missed since its last drill, and the current one)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.summary import HomeCount
from safecampus.emergencies import compliance
from safecampus.emergencies.models import Alarm, AlarmStatus


def home_counts(user, school):
    counts = []
    if has_cap(user, Cap.ALARM_MANAGE, school):
        active = Alarm.objects.filter(school=school, status=AlarmStatus.ACTIVE).count()
        counts.append(
            HomeCount(
                "alarms-active",
                _("Alarms still active"),
                active,
                reverse("emergencies:index", args=[school.pk]),
                Cap.ALARM_VIEW,
            )
        )
    if has_cap(user, Cap.DRILL_MANAGE, school):
        owed = compliance.for_school(school).owed
        counts.append(
            HomeCount(
                "drills-owed",
                _("Drills owed"),
                owed,
                reverse("emergencies:drills", args=[school.pk]),
                Cap.DRILL_VIEW,
            )
        )
    return counts
