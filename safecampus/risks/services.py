"""Every change to risk points: create, edit, assess, flag for re-assessment."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import image_size, store_upload
from safecampus.core.services.permissions import require
from safecampus.risks import levels
from safecampus.risks.levels import Method
from safecampus.risks.models import (
    AccidentType,
    CampusPlan,
    RiskAssessment,
    RiskPoint,
    RiskRuleSet,
    ZoneShape,
)
from safecampus.risks.rules import rules_for

FIELDS = [
    "zone",
    "name",
    "hazard_factors",
    "accident_types",
    "existing_controls",
    "emergency_actions",
    "responsible",
]


@transaction.atomic
def set_rules(*, actor, org, lec_bands, matrix_bands, review_months, source):
    """The org's own grading bands; new assessments in the schools under it use them."""
    require(actor, Cap.RISK_RULES, org)
    rules, _created = RiskRuleSet.objects.update_or_create(
        org=org,
        defaults={
            "name": f"{org.name}",
            "source": source,
            "lec_bands": lec_bands,
            "matrix_bands": matrix_bands,
            "colours": rules_for(org).colours,
            "review_months": review_months,
        },
    )
    changes = {"lec": lec_bands, "matrix": matrix_bands}
    audit.record(actor=actor, org=org, action="risk.rules", obj=rules, changes=changes)
    return rules


def _check(school, zone, responsible, accident_types, posts):
    if zone.school_id != school.pk:
        raise DomainError(_("The zone belongs to another school."))
    if not Membership.objects.active().filter(user=responsible, org=school).exists():
        raise DomainError(_("The responsible person must be a current member of this school."))
    if not accident_types or any(a not in AccidentType.values for a in accident_types):
        raise DomainError(_("Choose at least one possible accident type."))
    if any(p.school_id != school.pk for p in posts):
        raise DomainError(_("Choose posts of this school only."))


@transaction.atomic
def create_risk_point(
    *,
    actor,
    school,
    zone,
    name,
    hazard_factors,
    accident_types,
    existing_controls,
    responsible,
    emergency_actions="",
    posts=(),
    catalogue_key="",
):
    require(actor, Cap.RISK_MANAGE, school)
    _check(school, zone, responsible, accident_types, posts)
    point = RiskPoint.objects.create(
        school=school,
        zone=zone,
        name=name.strip(),
        hazard_factors=hazard_factors.strip(),
        accident_types=list(accident_types),
        existing_controls=existing_controls.strip(),
        emergency_actions=emergency_actions.strip(),
        responsible=responsible,
        catalogue_key=catalogue_key,
    )
    point.posts.set(posts)
    audit.record(actor=actor, org=school, action="risk.create", obj=point)
    return point


@transaction.atomic
def update_risk_point(*, actor, point, posts=None, **data):
    require(actor, Cap.RISK_MANAGE, point.school)
    before = audit.snapshot(point, FIELDS)
    for field, value in data.items():
        if field not in FIELDS:
            raise TypeError(f"unknown risk point field {field}")
        setattr(point, field, value.strip() if isinstance(value, str) else value)
    _check(point.school, point.zone, point.responsible, point.accident_types, posts or [])
    changes = audit.diff(point, before, FIELDS)
    point.save()
    if posts is not None:
        point.posts.set(posts)
    audit.record(actor=actor, org=point.school, action="risk.update", obj=point, changes=changes)
    return point


@transaction.atomic
def adopt_from_catalogue(*, actor, school, entry, assess_suggested=False, **point):
    """A risk point of the school made from a starter catalogue entry, adapted by the school;
    with `assess_suggested`, graded at once with the entry's suggested LEC values."""
    if not entry.suits(school):
        raise DomainError(_("This catalogue entry does not suit this school."))
    created = create_risk_point(actor=actor, school=school, catalogue_key=entry.key, **point)
    if assess_suggested:
        assess(
            actor=actor,
            point=created,
            method=Method.LEC,
            likelihood=Decimal(entry.likelihood),
            exposure=Decimal(entry.exposure),
            consequence=Decimal(entry.consequence),
            note=_("Suggested values of the starter catalogue"),
        )
    return created


def _value_in(choices, value, name):
    if value is None or not any(value == allowed for allowed, _label in choices):
        raise DomainError(_("Choose a value from the list for %(name)s.") % {"name": name})


@dataclass(frozen=True)
class Grade:
    rules: RiskRuleSet
    bands: list
    value: Decimal
    level: str


def grade(school, method, *, likelihood, exposure=None, consequence=None, severity=None):
    """The score and level the school's rule set gives these values: what `assess` saves and
    what the assessment form previews before saving. Values off the standard lists are refused."""
    if method == Method.LEC:
        _value_in(levels.LEC_L, likelihood, "L")
        _value_in(levels.LEC_E, exposure, "E")
        _value_in(levels.LEC_C, consequence, "C")
        severity = None
    elif method == Method.MATRIX:
        _value_in(levels.MATRIX_L, likelihood, "L")
        _value_in(levels.MATRIX_S, severity, "S")
        exposure = consequence = None
    else:
        raise DomainError(_("Choose the method: LEC or risk matrix."))
    rules = rules_for(school)
    bands = rules.lec_bands if method == Method.LEC else rules.matrix_bands
    value = levels.score(
        method, likelihood=likelihood, exposure=exposure, consequence=consequence, severity=severity
    )
    return Grade(rules, bands, value, levels.level_for(value, bands))


@transaction.atomic
def assess(
    *,
    actor,
    point,
    method,
    likelihood,
    exposure=None,
    consequence=None,
    severity=None,
    control_level="",
    override_reason="",
    note="",
):
    """Grade the point by the school's rule set; the control level follows the grade unless
    another one is chosen with a reason. Clears "needs re-assessment" and sets the next review."""
    require(actor, Cap.RISK_MANAGE, point.school)
    point = RiskPoint.objects.select_for_update().get(pk=point.pk)
    graded = grade(
        point.school,
        method,
        likelihood=likelihood,
        exposure=exposure,
        consequence=consequence,
        severity=severity,
    )
    rules, bands, value, level = graded.rules, graded.bands, graded.value, graded.level
    if method == Method.LEC:
        severity = None
    else:
        exposure = consequence = None
    default_control = levels.control_level_for(level)
    if control_level and control_level != default_control:
        if not override_reason.strip():
            raise DomainError(_("Give a reason for a control level other than the grade's."))
    else:
        control_level, override_reason = default_control, ""
    now = timezone.now()
    assessment = RiskAssessment.objects.create(
        risk_point=point,
        method=method,
        likelihood=likelihood,
        exposure=exposure,
        consequence=consequence,
        severity=severity,
        value=value,
        level=level,
        rule_set_name=str(rules.name),
        bands=bands,
        assessor=actor,
        assessed_at=now,
        note=note.strip(),
    )
    point.level = level
    point.control_level = control_level
    point.control_override_reason = override_reason.strip()
    point.needs_reassessment = False
    point.reassessment_reason = ""
    point.review_due = timezone.localdate(now) + timedelta(days=round(rules.review_months * 30.4))
    point.save()
    audit.record(
        actor=actor,
        org=point.school,
        action="risk.assess",
        obj=point,
        changes={"method": method, "value": value, "level": level, "control": control_level},
    )
    return assessment


@transaction.atomic
def flag_for_reassessment(*, point, reason, actor=None):
    """A failure of the point's controls (a hazard found there, an incident): re-assess it."""
    point = RiskPoint.objects.select_for_update().get(pk=point.pk)
    point.needs_reassessment = True
    point.reassessment_reason = reason[:300]
    point.save(update_fields=["needs_reassessment", "reassessment_reason", "updated_at"])
    audit.record(
        actor=actor, org=point.school, action="risk.flag", obj=point, changes={"reason": reason}
    )
    return point


# The campus plan and the zones' outlines on it ---------------------------------------------------

MIN_POINTS = 3
MAX_POINTS = 200


def set_campus_plan(*, actor, school, upload):
    """Store the plan image and make it the school's plan; outlines drawn on an earlier plan of
    another size are scaled to the new one. Returns (plan, number of outlines scaled). Must run
    inside the caller's `atomic_with_files()` so a refused image leaves nothing behind."""
    require(actor, Cap.RISK_MANAGE, school)
    attachment = store_upload(actor=actor, org=school, upload=upload, images_only=True)
    with attachment.file.open("rb") as handle:
        width, height = image_size(handle.read())
    plan = CampusPlan.objects.select_for_update().filter(school=school).first()
    before = (plan.width, plan.height) if plan else None
    scaled = 0
    if plan is None:
        plan = CampusPlan(school=school)
    elif before != (width, height):
        scaled = _scale_shapes(school, width / plan.width, height / plan.height)
    plan.image, plan.width, plan.height = attachment, width, height
    plan.save()
    audit.record(
        actor=actor,
        org=school,
        action="risk.plan",
        obj=plan,
        object_repr=str(school),
        changes={
            "image": attachment.original_name,
            "size": [width, height],
            "before": list(before) if before else None,
            "scaled_outlines": scaled,
        },
    )
    return plan, scaled


def _scale_shapes(school, fx, fy):
    """Keep the outlines in place when the plan comes back at another resolution."""
    shapes = list(ZoneShape.objects.filter(zone__school=school))
    for shape in shapes:
        shape.points = [[round(x * fx, 1), round(y * fy, 1)] for x, y in shape.points]
        shape.save(update_fields=["points", "updated_at"])
    return len(shapes)


def _pair(point):
    """[x, y] as two finite floats (JSON allows Infinity, NaN and 400-digit integers)."""
    refused = DomainError(_("Each point is a pair of numbers: [x, y]."))
    if not isinstance(point, list) or len(point) != 2:
        raise refused
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point):
        raise refused
    try:
        x, y = float(point[0]), float(point[1])
    except OverflowError:
        raise refused from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise refused
    return x, y


def _clean_points(raw, plan):
    """[[x, y], ...] of finite numbers inside the plan, or a DomainError saying what is wrong."""
    if not isinstance(raw, list):
        raise DomainError(_('Send the outline as {"points": [[x, y], ...]}.'))
    if raw and not MIN_POINTS <= len(raw) <= MAX_POINTS:
        raise DomainError(
            _("An outline has %(min)d to %(max)d points.") % {"min": MIN_POINTS, "max": MAX_POINTS}
        )
    points = []
    for point in raw:
        x, y = _pair(point)
        if not (0 <= x <= plan.width and 0 <= y <= plan.height):
            raise DomainError(_("Every point must lie on the campus plan."))
        points.append([round(x, 1), round(y, 1)])
    return points


@transaction.atomic
def save_zone_outline(*, actor, zone, plan, raw):
    """Save (or, with no points, remove) a zone's outline on the plan. Returns the points."""
    require(actor, Cap.RISK_MANAGE, zone.school)
    points = _clean_points(raw, plan)
    before = ZoneShape.objects.select_for_update().filter(zone=zone).first()
    old = len(before.points) if before else 0
    if points:
        ZoneShape.objects.update_or_create(zone=zone, defaults={"points": points})
    elif before is not None:
        before.delete()
    if points or before is not None:
        audit.record(
            actor=actor,
            org=zone.school,
            action="risk.shape",
            obj=zone,
            changes={"points": [old, len(points)]},
        )
    return points
