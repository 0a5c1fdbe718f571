"""What the defences add to the kernel: scopes, audit labels, metrics, the demo's part."""

from datetime import time

from django.utils.translation import gettext_lazy

from safecampus.core.access import register_scope
from safecampus.core.audit_labels import register_labels
from safecampus.core.demo import register_demo
from safecampus.core.ledgers import Ledger, register_ledgers
from safecampus.core.metrics import register_metrics
from safecampus.core.roles import Cap
from safecampus.core.schedule import Periodic, register
from safecampus.core.summary import register_audience, register_counts
from safecampus.defences import exports, metrics
from safecampus.defences.home import home_counts
from safecampus.defences.models import (
    BackgroundCheck,
    DutyBand,
    DutySlot,
    Equipment,
    EquipmentCheck,
    Handover,
    LeaderDuty,
    RegionRuleSet,
    SecurityStaff,
    SystemTest,
    TechSystem,
    Training,
)

register_scope(SecurityStaff, "school")
register_scope(Training, "staff__school")
register_scope(RegionRuleSet, "org")
register_scope(BackgroundCheck, "school")
register_scope(Equipment, "school")
register_scope(EquipmentCheck, "item__school")
register_scope(Handover, "school")
register_scope(TechSystem, "school")
register_scope(SystemTest, "system__school")
register_scope(DutyBand, "school")
register_scope(DutySlot, "school")
register_scope(LeaderDuty, "school")

# Hiring checks about to lapse: the school is reminded once, each morning's run.
register(
    Periodic(
        "defences_check_reminders", "safecampus.defences.tasks.check_reminders", at=time(7, 30)
    )
)
# Equipment about to expire (reminded once) and expired (one hazard each), each morning.
register(
    Periodic(
        "defences_equipment_sweep", "safecampus.defences.tasks.equipment_sweep", at=time(7, 40)
    )
)

register_metrics(metrics.METRICS)

register_labels(
    {
        "defence.staff_add": gettext_lazy("Security staff member added"),
        "defence.staff_edit": gettext_lazy("Security staff record corrected"),
        "defence.staff_leave": gettext_lazy("Security staff member left"),
        "defence.staff_id_view": gettext_lazy("Full ID number of a guard viewed"),
        "defence.training": gettext_lazy("Guard training recorded"),
        "defence.rules": gettext_lazy("Staffing rule set chosen"),
        "defence.check": gettext_lazy("Hiring check recorded"),
        "defence.check_remind": gettext_lazy("Hiring check reminder sent"),
        "defence.item_add": gettext_lazy("Equipment added"),
        "defence.item_replace": gettext_lazy("Equipment replaced"),
        "defence.item_retire": gettext_lazy("Equipment retired"),
        "defence.item_check": gettext_lazy("Equipment inspected"),
        "defence.item_remind": gettext_lazy("Equipment expiry reminder sent"),
        "defence.item_expired": gettext_lazy("Expired equipment filed as a hazard"),
        "defence.handover": gettext_lazy("Shift handed over"),
        "defence.system_add": gettext_lazy("Technical system added"),
        "defence.system_retire": gettext_lazy("Technical system out of use"),
        "defence.system_test": gettext_lazy("Technical system tested"),
        "defence.band_add": gettext_lazy("Duty time band added"),
        "defence.duty_set": gettext_lazy("Duty roster changed"),
        "defence.leader_duty": gettext_lazy("Leader on night duty set"),
        "defence.roster_copy": gettext_lazy("Duty roster copied from the week before"),
        "defence.system_device": gettext_lazy("Alarm box linked to an alarm device"),
    }
)
register_audience(
    {
        "defence.staff_add": Cap.DEFENCE_VIEW,
        "defence.staff_leave": Cap.DEFENCE_VIEW,
        "defence.staff_edit": None,
        "defence.staff_id_view": None,
        "defence.training": None,
        "defence.rules": None,
        "defence.check": None,
        "defence.check_remind": Cap.DEFENCE_MANAGE,
        "defence.item_add": None,
        "defence.item_replace": None,
        "defence.item_retire": None,
        "defence.item_check": None,
        "defence.item_remind": Cap.DEFENCE_MANAGE,
        "defence.item_expired": Cap.DEFENCE_VIEW,
        "defence.handover": Cap.DEFENCE_DUTY,
        "defence.system_add": None,
        "defence.system_retire": None,
        "defence.system_test": None,
        "defence.system_device": None,
        "defence.roster_copy": None,
        "defence.band_add": None,
        "defence.duty_set": None,
        "defence.leader_duty": None,
    }
)

register_counts(home_counts)

# After emergencies: the 技防 alarm boxes link to its alarm devices.
register_demo("defences", "safecampus.defences.demo.load", after=["emergencies"])

register_ledgers(
    [
        Ledger(
            "defences",
            "保安人员台账",
            Cap.DEFENCE_VIEW,
            exports.staff_columns,
            exports.STAFF_WIDTHS,
            exports.STAFF_KINDS,
            exports.term_staff,
            order=60,
        ),
        Ledger(
            "defences_equipment",
            "器材台账",
            Cap.DEFENCE_VIEW,
            exports.item_columns,
            exports.ITEM_WIDTHS,
            exports.ITEM_KINDS,
            exports.term_items,
            order=61,
        ),
        Ledger(
            "defences_systems",
            "技防设施台账",
            Cap.DEFENCE_VIEW,
            exports.system_columns,
            exports.SYSTEM_WIDTHS,
            exports.SYSTEM_KINDS,
            exports.term_systems,
            order=62,
        ),
    ]
)
