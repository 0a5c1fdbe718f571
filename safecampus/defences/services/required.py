"""Required equipment: a bureau sets or removes a line of the rule set in force in its region;
the nightly sweep files one hazard per school and type while the school is short, and notes when
the shortfall was made good, so a later one is filed anew."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Org, OrgKind
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.models import (
    CountBasis,
    EquipmentShortfall,
    EquipmentType,
    RequiredEquipment,
)
from safecampus.defences.queries.equipment import requirements
from safecampus.defences.rules import rules_for
from safecampus.defences.services import validation as check
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard


def _bureau_rules(actor, org):
    require(actor, Cap.DEFENCE_RULES, org)
    if org.is_school:
        raise DomainError(_("A bureau sets the required equipment, not a school."))
    return rules_for(org)


@transaction.atomic
def set_line(*, actor, org, kind, basis, minimum, source):
    """Add a line to the rule set in force at `org`, or change the line of that type."""
    rules = _bureau_rules(actor, org)
    problems = check.Problems()
    if not isinstance(kind, EquipmentType):
        problems.add("kind", _("Choose the type."))
    if basis not in CountBasis.values:
        problems.add("basis", _("Choose how the minimum is counted."))
    if not isinstance(minimum, int) or isinstance(minimum, bool) or not 1 <= minimum <= 1000:
        problems.add("minimum", _("Enter a minimum from 1 to 1000."))
    source = check.text(problems, "source", source, 300)
    problems.raise_any()
    line, created = RequiredEquipment.objects.update_or_create(
        rule_set=rules,
        kind=kind,
        defaults={"basis": basis, "minimum": minimum, "source": source},
    )
    audit.record(
        actor=actor,
        org=org,
        action="defence.required_set",
        obj=rules,
        changes={"line": [None if created else "", str(line)], "source": [None, source]},
    )
    return line


@transaction.atomic
def remove_line(*, actor, org, kind):
    rules = _bureau_rules(actor, org)
    line = RequiredEquipment.objects.filter(rule_set=rules, kind=kind).first()
    if line is None:
        raise DomainError(_("The rule set has no line for this type."))
    audit.record(
        actor=actor,
        org=org,
        action="defence.required_remove",
        obj=rules,
        changes={"line": [str(line), None]},
    )
    line.delete()


def sweep(today=None):
    """File one hazard for each school short of a required type with none open for it; close
    the record of each shortfall made good. Returns how many were filed and closed."""
    today = today or timezone.localdate()
    schools = Org.objects.filter(kind=OrgKind.SCHOOL)
    short = {
        (pk, req.line.kind_id): req
        for pk, reqs in requirements(schools, today=today).items()
        for req in reqs
        if req.short
    }
    open_rows = {
        (row.school_id, row.kind_id): row
        for row in EquipmentShortfall.objects.filter(made_good_at__isnull=True)
    }
    closed = 0
    for key, row in open_rows.items():
        if key not in short:
            closed += EquipmentShortfall.objects.filter(
                pk=row.pk, made_good_at__isnull=True
            ).update(made_good_at=timezone.now())
    filed = 0
    wanted = [key for key in short if key not in open_rows]
    names = Org.objects.in_bulk([pk for pk, _kind in wanted])
    for pk, kind_id in wanted:
        req = short[(pk, kind_id)]
        school = names[pk]
        with transaction.atomic():
            if EquipmentShortfall.objects.filter(
                school=school, kind_id=kind_id, made_good_at__isnull=True
            ).exists():
                continue
            row = EquipmentShortfall.objects.create(school=school, kind_id=kind_id)
            kind = req.line.kind
            values = {"kind": kind.name, "have": req.have, "required": req.required}
            # Filed by the system: no person reported it, so the ledger shows no reporter.
            hazard = report_hazard(
                actor=None,
                school=school,
                place=school.name,
                category=Category.FIRE
                if kind.code.startswith("extinguisher")
                else Category.PUBLIC_SECURITY,
                description=_("%(kind)s: %(have)d kept, %(required)d required by the rule set.")
                % values,
                source=Source.SELF_INSPECTION,
                origin_label=_("Required equipment: %(kind)s") % values,
                origin_url=reverse("defences:items", args=[school.pk]),
            )
            row.hazard = hazard
            row.save(update_fields=["hazard"])
            audit.record(
                actor=None,
                org=school,
                action="defence.equipment_short",
                obj=row,
                changes={"hazard": [None, hazard.pk]},
            )
        filed += 1
    return {"filed": filed, "made_good": closed}
