"""A bureau keeps its own bus and outing rule rows; without one the nearest row up the tree
applies (`transport.rules.rules_for`, `transport.outing_rules.rules_for`)."""

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import BusRules, OutingRules

KINDS = {"bus": BusRules, "outing": OutingRules}


def _model(kind):
    if kind not in KINDS:
        raise DomainError(_("Unknown kind of rules."))
    return KINDS[kind]


def _check(actor, org):
    require(actor, Cap.TRANSPORT_RULES, org)
    if org.is_school:
        raise DomainError(_("A bureau keeps these rules, not a school."))


def _figures(row):
    if row is None:
        return None
    return {k: v for k, v in model_to_dict(row).items() if k not in ("id", "org")}


@transaction.atomic
def save_rules(*, actor, org, kind, **figures):
    """Write the bureau's own row of `kind` ("bus" or "outing") with `figures`."""
    _check(actor, org)
    model = _model(kind)
    if kind == "bus" and figures["driver_min_age"] > figures["driver_max_age"]:
        raise DomainError(_("The youngest age is above the oldest."))
    if not (figures.get("source") or "").strip():
        raise DomainError(_("Give the source of these figures."))
    before = model.objects.select_for_update().filter(org=org).first()
    old = _figures(before)
    row, _created = model.objects.update_or_create(org=org, defaults=figures)
    audit.record(
        actor=actor,
        org=org,
        action=f"transport.rules.{kind}",
        obj=row,
        changes={"before": old, "after": _figures(row)},
    )
    return row


@transaction.atomic
def drop_rules(*, actor, org, kind):
    """Delete the bureau's own row of `kind`: the rules inherited from above apply again."""
    _check(actor, org)
    model = _model(kind)
    row = model.objects.select_for_update().filter(org=org).first()
    if row is None:
        raise DomainError(_("This bureau has no rules of its own to drop."))
    old = _figures(row)
    object_repr = str(row)
    row.delete()
    audit.record(
        actor=actor,
        org=org,
        action=f"transport.rules.{kind}.drop",
        changes={"before": old, "after": None},
        object_repr=object_repr,
    )
