"""Assessment schemes: a bureau copies the starter (or another of its own) and edits its copy.
A version a round has used is frozen: an edit of it is made on the next version, a copy of it,
so a published grade always reads the sheet it was given on."""

from dataclasses import dataclass
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
MAX_AREAS = 20
MAX_YEARS = 5  # a veto item's look-back
MAX_INDICATORS = 50  # in one area


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


@dataclass
class Copied:
    """What an edit of a used version was made on: the new version's areas and indicators by
    the ids of the ones they copy."""

    areas: dict
    indicators: dict


def _copy_version(version, scheme, number, note):
    """A deep copy of `version` as `scheme`'s version `number`: areas, indicators, vetoes and
    bands; returns it with what was copied (Copied)."""
    copy = SchemeVersion.objects.create(scheme=scheme, number=number, note=note[:300])
    areas, indicators = {}, {}
    for area in version.areas.prefetch_related("indicators"):
        new_area = Area.objects.create(version=copy, position=area.position, name=area.name)
        areas[area.pk] = new_area
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
        VetoItem(
            version=copy,
            position=v.position,
            name=v.name,
            look_back=v.look_back,
            metric=v.metric,
            years=v.years,
        )
        for v in version.vetoes.all()
    )
    GradeBand.objects.bulk_create(
        GradeBand(version=copy, label=b.label, min_points=b.min_points, veto_cap=b.veto_cap)
        for b in version.bands.all()
    )
    return copy, Copied(areas=areas, indicators=indicators)


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
    version copied from it (returned with what was copied, else None)."""
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
            {field: _("Points are from 0 to %(max)s.") % {"max": f"{limit.normalize():f}"}}
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


def _clean_indicator(name, max_points, rule, metric, thresholds):
    """(name, max points, rule, metric, thresholds) checked, or InvalidFields."""
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
    return name[:200], max_points, rule, metric, thresholds


def _area_name(name):
    name = (name or "").strip()
    if not name:
        raise InvalidFields({"name": _("Give the area a name.")})
    return name[:120]


def _renumber(rows):
    """Positions 1, 2, 3... in the rows' order, after one was removed (ascending, so each row
    moves only to a position already free)."""
    for n, row in enumerate(rows, start=1):
        if row.position != n:
            row.position = n
            row.save(update_fields=["position"])


@transaction.atomic
def add_area(*, actor, version, name):
    """A new area at the end of the version's sheet; on a used version, of its next version.
    Returns the area."""
    _require_owner(actor, version.scheme)
    name = _area_name(name)
    if version.areas.count() >= MAX_AREAS:
        raise InvalidFields({"name": _("At most %(n)d areas.") % {"n": MAX_AREAS}})
    target, _copies = editable(version, _("Area added: %(name)s") % {"name": name})
    last = target.areas.order_by("-position").first()
    area = Area.objects.create(
        version=target, position=(last.position if last else 0) + 1, name=name
    )
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"area added": name},
    )
    return area


@transaction.atomic
def rename_area(*, actor, area, name):
    """Returns the area renamed (on the next version when the area's was used)."""
    version = area.version
    _require_owner(actor, version.scheme)
    name = _area_name(name)
    target, copies = editable(version, _("Area renamed: %(name)s") % {"name": name})
    if copies is not None:
        area = copies.areas[area.pk]
    before = area.name
    area.name = name
    area.save(update_fields=["name"])
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"area": [before, name]},
    )
    return area


@transaction.atomic
def remove_area(*, actor, area):
    """The area goes with its indicators; the areas after it move up. A sheet keeps at least
    one area. Returns the version changed."""
    version = area.version
    _require_owner(actor, version.scheme)
    if version.areas.count() <= 1:
        raise DomainError(
            _("A scheme keeps at least one area: add another before removing this one.")
        )
    target, copies = editable(version, _("Area removed: %(name)s") % {"name": area.name})
    if copies is not None:
        area = copies.areas[area.pk]
    name = area.name
    area.delete()
    _renumber(target.areas.order_by("position"))
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"area removed": name},
    )
    return target


@transaction.atomic
def add_indicator(*, actor, area, name, max_points, rule, metric="", thresholds=(), guidance=""):
    """A new indicator at the end of the area; on a used version, of its next version.
    Returns the indicator."""
    version = area.version
    _require_owner(actor, version.scheme)
    name, max_points, rule, metric, thresholds = _clean_indicator(
        name, max_points, rule, metric, thresholds
    )
    if area.indicators.count() >= MAX_INDICATORS:
        raise InvalidFields(
            {"name": _("At most %(n)d indicators in an area.") % {"n": MAX_INDICATORS}}
        )
    target, copies = editable(version, _("Indicator added: %(name)s") % {"name": name})
    if copies is not None:
        area = copies.areas[area.pk]
    last = area.indicators.order_by("-position").first()
    indicator = Indicator.objects.create(
        area=area,
        position=(last.position if last else 0) + 1,
        name=name,
        guidance=(guidance or "").strip(),
        max_points=max_points,
        rule=rule,
        metric=metric,
        thresholds=thresholds,
    )
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"indicator added": name, "area": area.name, "max_points": str(max_points)},
    )
    return indicator


@transaction.atomic
def remove_indicator(*, actor, indicator):
    """The indicator leaves its area; those after it move up. Returns the version changed."""
    version = indicator.area.version
    _require_owner(actor, version.scheme)
    target, copies = editable(version, _("Indicator removed: %(name)s") % {"name": indicator.name})
    if copies is not None:
        indicator = copies.indicators[indicator.pk]
    area, name = indicator.area, indicator.name
    indicator.delete()
    _renumber(area.indicators.order_by("position"))
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes={"indicator removed": name, "area": area.name},
    )
    return target


@transaction.atomic
def edit_indicator(
    *, actor, indicator, name, max_points, rule, metric="", thresholds=(), guidance=""
):
    """Change one indicator; on a used version the change lands on a new version. Returns the
    indicator changed (on the new version when one was made)."""
    version = indicator.area.version
    _require_owner(actor, version.scheme)
    name, max_points, rule, metric, thresholds = _clean_indicator(
        name, max_points, rule, metric, thresholds
    )
    target, copies = editable(version, _("Indicator changed: %(name)s") % {"name": name})
    if copies is not None:
        indicator = copies.indicators[indicator.pk]
    before = audit.snapshot(indicator, ["name", "max_points", "rule", "metric", "thresholds"])
    indicator.name = name
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
    # An item kept by name keeps how it is matched against the records.
    matched = {v.name: (v.metric, v.years) for v in target.vetoes.all()}
    target.vetoes.all().delete()
    VetoItem.objects.bulk_create(
        VetoItem(
            version=target,
            position=n,
            name=name,
            look_back=look,
            metric=matched.get(name, ("", 1))[0],
            years=matched.get(name, ("", 1))[1],
        )
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


@transaction.atomic
def set_veto_match(*, actor, item, metric, years):
    """How a veto item is matched against the records: a figure (a count) and the years looked
    back; no figure: the inspectors alone find it. Returns the item changed (on the next
    version when its own was used)."""
    version = item.version
    _require_owner(actor, version.scheme)
    metric = (metric or "").strip()
    if metric:
        found = metrics.METRICS.get(metric)
        if found is None or found.unit != "count" or not found.per_period:
            raise InvalidFields({"metric": _("Choose a count of events in a period.")})
    try:
        years = int(years)
    except (TypeError, ValueError):
        years = 0
    if not 1 <= years <= MAX_YEARS:
        raise InvalidFields({"years": _("From 1 to %(n)d years.") % {"n": MAX_YEARS}})
    target, _copies = editable(version, _("Veto item matched: %(name)s") % {"name": item.name})
    if target != version:
        item = target.vetoes.get(position=item.position)
    before = audit.snapshot(item, ["metric", "years"])
    item.metric, item.years = metric, years
    item.save(update_fields=["metric", "years"])
    audit.record(
        actor=actor,
        org=version.scheme.org,
        action="scheme.edit",
        obj=target,
        changes=audit.diff(item, before, ["metric", "years"]),
    )
    return item
