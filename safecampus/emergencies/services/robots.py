"""Setting up an org's chat robots. What they are sent, and how it is retried, is core's
notification pipeline (`notifications.post_to_robots`): alarms and incidents are posted there,
and a failure after the last try shows on the alarm or incident page and the robots page."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Robot, RobotKind
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require


@transaction.atomic
def add_robot(*, actor, org, kind, name, url):
    require(actor, Cap.ALARM_MANAGE if org.is_school else Cap.EMERGENCY_RULES, org)
    if kind not in RobotKind.values:
        raise DomainError(_("Choose the kind of robot."))
    if not url.startswith("https://") and not settings.DEBUG:
        raise DomainError(_("A robot's address must start with https://."))
    robot = Robot.objects.create(org=org, kind=kind, name=name.strip()[:60], url=url.strip())
    audit.record(actor=actor, org=org, action="robot.add", obj=robot, changes={"kind": kind})
    return robot


@transaction.atomic
def remove_robot(*, actor, robot):
    """Switch a robot off. Its deliveries stay as the record of what was sent."""
    org = robot.org
    require(actor, Cap.ALARM_MANAGE if org.is_school else Cap.EMERGENCY_RULES, org)
    robot.active = False
    robot.save(update_fields=["active"])
    audit.record(actor=actor, org=org, action="robot.remove", obj=robot)
