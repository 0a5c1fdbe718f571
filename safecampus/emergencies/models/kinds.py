"""The kinds of emergency: what an alarm is about, and what a plan, an incident or a drill
is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlarmKind(models.TextChoices):
    INTRUSION = "intrusion", _("Intrusion or violence")
    FIRE = "fire", pgettext_lazy("emergency", "Fire")
    MEDICAL = "medical", _("Medical emergency")
    STAMPEDE = "stampede", _("Stampede")
    OTHER = "other", _("Other emergency")


class EmergencyKind(models.TextChoices):
    """The kinds of emergency a plan, an incident or a drill is about."""

    INTRUSION = "intrusion", _("Intrusion and violence")
    FIRE = "fire", pgettext_lazy("emergency", "Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    DROWNING = "drowning", _("Drowning")
    STAMPEDE = "stampede", _("Stampede")
    WEATHER = "weather", _("Extreme weather")
    PUBLIC_HEALTH = "public_health", _("Public health")
    # A drill of this kind is the bus evacuation drill that schools with buses hold (中小学幼儿园
    # 应急疏散演练指南, 教基一厅〔2014〕2号): it counts with the school's other drills.
    BUS = "bus", _("School bus emergency")
    OTHER = "other", _("Other")


# Which plan an alarm of each kind calls for.
PLAN_FOR_ALARM = {
    AlarmKind.INTRUSION: EmergencyKind.INTRUSION,
    AlarmKind.FIRE: EmergencyKind.FIRE,
    AlarmKind.MEDICAL: EmergencyKind.PUBLIC_HEALTH,
    AlarmKind.STAMPEDE: EmergencyKind.STAMPEDE,
    AlarmKind.OTHER: EmergencyKind.OTHER,
}
