"""A bureau's own emergency rules: how often its schools drill, how soon a report is read."""

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.emergencies import broadcast
from safecampus.emergencies.models import AlarmKind, BroadcastRule, EmergencyRuleSet


@transaction.atomic
def set_rules(*, actor, org, school_period, kindergarten_period, report_read_minutes, source):
    """The org's own rules; compliance under it follows them from now on."""
    require(actor, Cap.EMERGENCY_RULES, org)
    values = {
        "school_period": school_period,
        "kindergarten_period": kindergarten_period,
        "report_read_minutes": report_read_minutes,
        "source": source,
    }
    rules, _created = EmergencyRuleSet.objects.update_or_create(org=org, defaults=values)
    audit.record(
        actor=actor,
        org=org,
        action="emergency.rules",
        obj=rules,
        changes={key: str(value) for key, value in values.items()},
    )
    return rules


@transaction.atomic
def set_broadcast_rules(*, actor, org, messages, source):
    """The org's own broadcast instructions, {alarm kind: text}: a text the same as the one it
    would inherit is not kept as its own (a later change above it reaches it then)."""
    require(actor, Cap.EMERGENCY_RULES, org)
    unknown = set(messages) - set(AlarmKind.values)
    if unknown:
        raise DomainError(_("Choose the kind of emergency."))
    source = (source or "").strip()[:200]
    if not source:
        raise DomainError(_("Say where the instructions come from (the plan or the document)."))
    changed = {}
    for kind, text in messages.items():
        text = (text or "").strip()[:500]
        if not text:
            raise DomainError(_("Write the instructions for every kind of alarm."))
        inherited = broadcast.instructions_for(org, kind, above=True)
        own = BroadcastRule.objects.filter(org=org, kind=kind).first()
        if inherited is not None and inherited.message == text:
            if own is not None:
                own.delete()
                changed[kind] = "—"
            continue
        if own is None or own.message != text or own.source != source:
            BroadcastRule.objects.update_or_create(
                org=org, kind=kind, defaults={"message": text, "source": source}
            )
            changed[kind] = text
    # Saved is recorded even when nothing differed, as the other rules are: who confirmed them.
    audit.record(
        actor=actor,
        org=org,
        action="emergency.broadcast_rules",
        changes={**changed, "source": source},
        object_repr=str(org),
    )
    return changed
