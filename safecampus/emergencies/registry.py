"""What emergencies adds to the shared kernel: scopes, audit labels and periodic work."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from safecampus.core.access import register_scope
from safecampus.core.alarm_devices import DeviceSource, register_devices
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.reporting import register_parts
from safecampus.core.roles import Cap
from safecampus.core.safety_calendar import register_source
from safecampus.core.schedule import Periodic, register
from safecampus.core.summary import register_counts
from safecampus.emergencies import exports, metrics, queries, safety_calendar
from safecampus.emergencies.home import home_counts
from safecampus.emergencies.models import (
    Alarm,
    AlarmDevice,
    AlarmResponse,
    Drill,
    EmergencyPlan,
    EmergencyRuleSet,
    Incident,
    IncidentReport,
)

register_scope(Alarm, "school")
register_scope(AlarmResponse, "alarm__school")
register_scope(AlarmDevice, "school")
register_scope(EmergencyPlan, "school")
register_scope(Incident, "school")
register_scope(IncidentReport, "incident__school")
register_scope(Drill, "school")
register_scope(EmergencyRuleSet, "org")
register_metrics(metrics.METRICS)
# The school's alarm boxes, for the defences' 技防 records to link to (core.alarm_devices).
register_devices(DeviceSource(queries.linkable_devices_no_viewer, queries.devices_by_ids_no_viewer))
register_parts(metrics.PARTS)

register_labels(
    {
        "alarm.raise": _("Alarm raised"),
        "alarm.acknowledge": _("Alarm acknowledged"),
        "alarm.on_the_way": _("Responder on the way"),
        "alarm.arrived": _("Responder arrived"),
        "alarm.self_rescue": _("Self-rescue recorded"),
        "alarm.reinforcement": _("Reinforcement arrived"),
        "alarm.close": _("Alarm closed"),
        "alarm.cancel": _("False alarm cancelled"),
        "alarm.plan": _("Emergency plan activated"),
        "alarm.step": _("Plan step done"),
        "alarm_device.add": _("Alarm device added"),
        "alarm_device.revoke": _("Alarm device revoked"),
        "plan.create": _("Emergency plan created"),
        "plan.edit": _("Emergency plan changed"),
        "incident.record": _("Incident recorded and reported"),
        "incident.read": _("Incident report read"),
        "incident.escalate": _("Unread incident report escalated"),
        "incident.follow_up": _("Incident follow-up"),
        "incident.review": _("Incident reviewed"),
        "drill.plan": _("Drill planned"),
        "drill.run": _("Drill recorded"),
        "drill.summary": _("Drill summary"),
        "robot.add": _("Robot added"),
        "robot.remove": _("Robot switched off"),
        "emergency.rules": _("Emergency rules changed"),
        "emergency.broadcast_rules": _("Broadcast instructions changed"),
    }
)

register(
    Periodic(
        "escalate_reports",
        "safecampus.emergencies.tasks.escalate_reports",
        every=timedelta(minutes=1),
    )
)
register(
    Periodic(
        "announce_alarms",
        "safecampus.emergencies.tasks.announce_alarms",
        every=timedelta(minutes=1),
    )
)

# Its demo files hazards of its own: after the ledger's demo, which skips a school that has any.
register_demo(
    "emergencies",
    "safecampus.emergencies.demo.load_demo_emergencies",
    after=["hazards", "students"],
)

# Active alarms and drills owed, counted on a school leader's home page.
register_counts(home_counts)


# The app's items of the school's safety calendar (core.safety_calendar).
register_source(safety_calendar.calendar_items)

register_ledgers(
    [
        Ledger(
            "drills",
            "应急演练记录",
            Cap.DRILL_VIEW,
            exports.drill_columns,
            exports.DRILL_WIDTHS,
            exports.DRILL_KINDS,
            exports.drill_rows,
            order=55,
        ),
        Ledger(
            "alarms",
            "一键报警记录",
            Cap.ALARM_VIEW,
            exports.alarm_columns,
            exports.ALARM_WIDTHS,
            exports.ALARM_KINDS,
            exports.alarm_rows,
            order=56,
        ),
    ]
)
