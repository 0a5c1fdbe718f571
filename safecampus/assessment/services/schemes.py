"""Assessment schemes: a bureau copies the starter (or another of its own) and edits its copy.
A version a round has used is frozen: an edit of it is made on the next version, a copy of it,
so a published grade always reads the sheet it was given on."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.assessment.models import (
    Area,
    GradeBand,
    Indicator,
    Rule,
    Scheme,
    SchemeVersion,
    VetoItem,
)
from safecampus.core import metrics
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require

MAX_POINTS = Decimal("1000")
MAX_THRESHOLDS = 10
MAX_VETOES = 30
MAX_BANDS = 8


def _require_bureau(actor, org):
    require(actor, Cap.ASSESSMENT_MANAGE, org)
    if org.is_school:
        raise DomainError(_("A scheme belongs to a bureau, not to a school."))


def _require_owner(actor, scheme):
    if scheme.org_id is None:
        raise DomainError(_("The starter scheme is not edited: copy it to make it your own."))
    _require_bureau(actor, scheme.org)


def latest_version(scheme):
    return scheme.versions.order_by("-number").first()


def _copy_version(version, scheme, number, note):
    """A deep copy of `version` as `scheme`'s version `number`: areas, indicators, vetoes and
    bands; returns it with {old indicator id: new indicator}."""
    copy = SchemeVersion.objects.create(scheme=scheme, number=number, note=note[:300])
    indicators = {}
    for area in version.areas.prefetch_related("indicators"):
        new_area = Area.objects.create(version=copy, position=area.position, name=area.name)
        for ind in area.indicators.all():
            indicators[ind.pk] = Indicator.objects.create(
                area=new_area,
                position=ind.position,
                name=ind.name,
                guidance=ind.guidance,
                max_points=ind.max_points,
                rule=ind.rule,
                metric=ind.metric,
                thresholds=ind.thresholds,
            )
    VetoItem.objects.bulk_create(
        VetoItem(version=copy, position=v.position, name=v.name, look_back=v.look_back)
        for v in version.vetoes.all()
    )
    GradeBand.objects.bulk_create(
        GradeBand(version=copy, label=b.label, min_points=b.min_points, veto_cap=b.veto_cap)
        for b in version.bands.all()
    )
    return copy, indicators


@transaction.atomic
def copy_scheme(*, actor, bureau, scheme, name):
    """The bureau's own scheme, version 1 a copy of `scheme`'s latest version."""
    _require_bureau(actor, bureau)
    name = (name or "").strip()
    if not name:
        raise InvalidFields({"name": _("Give the scheme a name.")})
    own = Scheme.objects.create(
        org=bureau,
        name=name[:200],
        source=scheme.source,
        copied_from=scheme,
        created_by=actor,
    )
    _copy_version(latest_version(scheme), own, 1, _("Copied from %(name)s") % {"name": scheme})
    audit.record(
        actor=actor, org=bureau, action="scheme.copy", obj=own, changes={"from": str(scheme)}
    )
    return own


def editable(version, note):
    """The version an edit goes to: `version` itself while no round has used it, else a new
    version copied from it (returned with the map of its indicators)."""
    if not version.rounds.exists():
        return version, None
    latest = latest_version(version.scheme)
    return _copy_version(version, version.scheme, latest.number + 1, note)


def _points(value, field, limit=MAX_POINTS):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidFields({field: _("Give a number of points.")}) from None
    if not number.is_finite() or not 0 <= number <= limit:
        raise InvalidFields(
            {field: _("Points are from 0 to %(max)s.") % {"max": limit.normalize()}}
        )
    return number.quantize(Decimal("0.1"))


def clean_thresholds(rows, max_points):
    """[[limit, points], ...]: numbers, at most MAX_THRESHOLDS, no points above the maximum."""
    cleaned = []
    for row in rows or []:
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise InvalidFields({"thresholds": _("Each threshold is a figure and its points.")})
        try:
            limit = Decimal(str(row[0]).strip())
        except (InvalidOperation, ValueError):
            raise InvalidFields({"thresholds": _("A threshold's figure is a number.")}) from None
        if not limit.is_finite() or abs(limit) > Decimal("1000000"):
            raise InvalidFields({"thresholds": _("A threshold's figure is a number.")})
        points = _points(row[1], "thresholds", max_points)
        cleaned.append([float(limit), float(points)])
    if len(cleaned) > MAX_THRESHOLDS:
        raise InvalidFields({"thresholds": _("At most %(n)d thresholds.") % {"n": MAX_THRESHOLDS}})
    return cleaned


@transaction.atomic
def edit_indicator(
    *, actor, indicator, name, max_points, rule, metric="", thresholds=(), guidance=""
):
    """Change one indicator; on a used version the change lands on a new version. Returns the
    indicator changed (on the new version when one was made)."""
    version = indicator.area.version
    _require_owner(actor, version.scheme)
    name = (name or "").strip()
    if not name:
        raise InvalidFields({"name": _("Give the indicator a name.")})
    max_points = _points(max_points, "max_points")
    if rule not in Rule.values:
        raise InvalidFields({"rule": _("Choose how the indicator is scored.")})
    if rule == Rule.METRIC:
        if metric not in metrics.METRICS:
            raise InvalidFields({"metric": _("Choose the figure the points are computed from.")})
        thresholds = clean_thresholds(thresholds, max_points)
        if not thresholds:
            raise InvalidFields({"thresholds": _("Give at least one threshold.")})
    else:
        metric, thresholds = "", []
    target, copies = editable(version, _("Indicator changed: %(name)s") % {"name": name})
    if copies is not None:
        indicator = copies[indicator.pk]
    before = audit.snapshot(indicator, ["name", "max_points", "rule", "metric", "thresholds"])
    indicator.name = name[:200]
    indicator.guidance = (guidance or "").strip()
    indicator.max_points = max_points
    indicator.rule, indicator.metric, indicator.thresholds = rule, metric, thresholds
    indicator.save()
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes=audit.diff(
            indicator, before, ["name", "max_points", "rule", "metric", "thresholds"]
        ),
    )
    return indicator


@transaction.atomic
def set_vetoes(*, actor, version, items):
    """The version's veto list: [(name, look back)], in order. Returns the version changed."""
    _require_owner(actor, version.scheme)
    cleaned = [
        ((name or "").strip()[:300], (look or "").strip()[:60])
        for name, look in items
        if (name or "").strip()
    ]
    if len(cleaned) > MAX_VETOES:
        raise InvalidFields({"vetoes": _("At most %(n)d veto items.") % {"n": MAX_VETOES}})
    target, _copies = editable(version, _("Veto list changed"))
    target.vetoes.all().delete()
    VetoItem.objects.bulk_create(
        VetoItem(version=target, position=n, name=name, look_back=look)
        for n, (name, look) in enumerate(cleaned, start=1)
    )
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"vetoes": [name for name, _look in cleaned]},
    )
    return target


@transaction.atomic
def set_bands(*, actor, version, bands):
    """The version's grades: [(label, from points, veto cap)]. Returns the version changed."""
    _require_owner(actor, version.scheme)
    cleaned = []
    for label, low, cap in bands:
        label = (label or "").strip()
        if not label:
            continue
        cleaned.append((label[:40], _points(low, "bands"), bool(cap)))
    if not cleaned:
        raise InvalidFields({"bands": _("Give at least one grade.")})
    if len(cleaned) > MAX_BANDS:
        raise InvalidFields({"bands": _("At most %(n)d grades.") % {"n": MAX_BANDS}})
    if len({label for label, _low, _cap in cleaned}) != len(cleaned):
        raise InvalidFields({"bands": _("Each grade has a name of its own.")})
    if sum(1 for _label, _low, cap in cleaned if cap) > 1:
        raise InvalidFields({"bands": _("Mark at most one grade as what a veto gives.")})
    target, _copies = editable(version, _("Grades changed"))
    target.bands.all().delete()
    GradeBand.objects.bulk_create(
        GradeBand(version=target, label=label, min_points=low, veto_cap=cap)
        for label, low, cap in cleaned
    )
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"bands": {label: str(low) for label, low, _cap in cleaned}},
    )
    return target
