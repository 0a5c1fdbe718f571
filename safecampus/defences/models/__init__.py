from safecampus.defences.models.checks import BackgroundCheck, CheckKind, CheckResult
from safecampus.defences.models.duty import Handover, HandoverCheck
from safecampus.defences.models.equipment import Equipment, EquipmentCheck, EquipmentType
from safecampus.defences.models.required import CountBasis, EquipmentShortfall, RequiredEquipment
from safecampus.defences.models.roster import DutyBand, DutySlot, LeaderDuty
from safecampus.defences.models.rules import RegionRuleSet, Rounding, StaffingRuleSet
from safecampus.defences.models.staff import (
    Employer,
    SecurityStaff,
    StaffRole,
    Training,
)
from safecampus.defences.models.systems import SystemTest, SystemType, TechSystem

__all__ = [
    "BackgroundCheck",
    "CheckKind",
    "CheckResult",
    "CountBasis",
    "DutyBand",
    "DutySlot",
    "Employer",
    "Equipment",
    "EquipmentCheck",
    "EquipmentShortfall",
    "EquipmentType",
    "Handover",
    "HandoverCheck",
    "LeaderDuty",
    "RegionRuleSet",
    "RequiredEquipment",
    "Rounding",
    "SecurityStaff",
    "StaffRole",
    "StaffingRuleSet",
    "SystemTest",
    "SystemType",
    "TechSystem",
    "Training",
]
