"""The arithmetic of an assessment: an indicator's points from its figure, a sheet's grade from
its points and vetoes. Pure functions over rows already loaded, for the services, the pages and
the tests alike."""

from decimal import Decimal


def points_for(indicator, value, better):
    """The points a computed indicator gives for `value` (None: no figure, so no points; the
    inspectors score it). `better` is the metric's direction."""
    if value is None:
        return None
    rows = [(Decimal(str(limit)), Decimal(str(points))) for limit, points in indicator.thresholds]
    value = Decimal(str(value))
    if better == "lower":
        chosen = next((p for limit, p in sorted(rows) if value <= limit), Decimal(0))
    else:
        chosen = next((p for limit, p in sorted(rows, reverse=True) if value >= limit), Decimal(0))
    return min(chosen, indicator.max_points)


def band_for(total, bands):
    """The band `total` reaches (bands in any order); below every band, the lowest."""
    ordered = sorted(bands, key=lambda b: b.min_points, reverse=True)
    if not ordered:
        return None
    if total is None:
        return None
    return next((b for b in ordered if total >= b.min_points), ordered[-1])


def veto_cap(bands):
    """The highest band a vetoed sheet may get: the band marked so, else the lowest."""
    marked = [b for b in bands if b.veto_cap]
    pool = marked or list(bands)
    return min(pool, key=lambda b: b.min_points) if pool else None


def grade_for(total, bands, vetoed):
    """The grade of a sheet: the band of its points, capped by a veto whatever the points."""
    band = band_for(total, bands)
    if vetoed:
        cap = veto_cap(bands)
        if band is None or (cap is not None and band.min_points > cap.min_points):
            band = cap
    return band.label if band is not None else ""


def total_of(points):
    """The sum of the points given so far (None where nothing is given)."""
    given = [p for p in points if p is not None]
    return sum(given, Decimal(0)) if given else None
