"""The supervision rules in force at an org: its own row, else the nearest one up the tree, else
the default row (no org). One module for every reader (planning, cadence, reminders)."""

from safecampus.core import rulesets
from safecampus.supervision.models import SupervisionRules


def rules_for(org):
    return rulesets.rules_for(SupervisionRules, org)


def rules_under(org):
    return rulesets.rules_under(SupervisionRules, org)
