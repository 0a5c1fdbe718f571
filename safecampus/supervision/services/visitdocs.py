"""A bureau sets its own supervision cadence (its SupervisionRules row)."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import OrgKind
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.supervision.models import SupervisionRules
from safecampus.supervision.rules import rules_for

# The figures a bureau sets, with their bounds (the model's validators say the same).
FIGURES = {
    "visits_per_inspector_week": (0, 50),
    "visits_per_school_semester": (0, 50),
    "comprehensive_min_inspectors": (1, 20),
    "reminder_days": (0, 30),
}
SOURCE_MAX = 200


def _check(values, source):
    problems = {}
    for name, (low, high) in FIGURES.items():
        value = values.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems[name] = _("Enter a whole number from %(low)d to %(high)d.") % {
                "low": low,
                "high": high,
            }
    if len(source) > SOURCE_MAX:
        problems["source"] = _("Keep the source under %(n)d characters.") % {"n": SOURCE_MAX}
    if problems:
        raise InvalidFields(problems)


@transaction.atomic
def set_rules(*, actor, org, source, **values):
    """The bureau's own figures; the first save creates its row from the inherited one."""
    require(actor, Cap.SUPERVISION_RULES, org)
    if org.kind == OrgKind.SCHOOL:
        raise DomainError(_("Supervision rules are set by a bureau, not by a school."))
    source = (source or "").strip()
    _check(values, source)
    current = rules_for(org)
    own = current if current is not None and current.org_id == org.pk else None
    before = {name: getattr(current, name) for name in FIGURES} if current else {}
    before["source"] = current.source if current else ""
    if own is None:
        own = SupervisionRules(org=org, name=org.name)
    for name in FIGURES:
        setattr(own, name, values[name])
    own.source = source
    own.save()
    after = {name: values[name] for name in FIGURES} | {"source": source}
    changes = {
        name: [before.get(name), new] for name, new in after.items() if before.get(name) != new
    }
    audit.record(actor=actor, org=org, action="svisit.rules", obj=own, changes=changes)
    return own
