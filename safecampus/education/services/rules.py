"""A bureau sets its own education programme (its EducationRules row)."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.education.models import EducationRules
from safecampus.education.rules import rules_for

# The figures a bureau sets, with their bounds (the model's validators say the same).
FIGURES = {
    "minutes_daily": (1, 60),
    "minutes_weekend": (1, 60),
    "minutes_holiday": (1, 120),
    "lesson_interval_days": (1, 120),
    "head_teacher_trainings": (0, 20),
    "principal_reports": (0, 20),
    "notice_reminder_days": (1, 30),
}
SOURCE_MAX = 300


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
    require(actor, Cap.EDUCATION_RULES, org)
    if org.is_school:
        raise DomainError(_("The education programme is set by a bureau, not by a school."))
    source = (source or "").strip()
    _check(values, source)
    current = rules_for(org)
    own = current if current.org_id == org.pk else EducationRules(org=org, name=org.name)
    before = {name: getattr(current, name) for name in FIGURES} | {"source": current.source}
    for name in FIGURES:
        setattr(own, name, values[name])
    own.source = source
    own.save()
    after = {name: values[name] for name in FIGURES} | {"source": source}
    changes = {name: [before[name], new] for name, new in after.items() if before[name] != new}
    audit.record(actor=actor, org=org, action="education.rules", obj=own, changes=changes)
    return own
