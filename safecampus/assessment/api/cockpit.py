"""The cockpit's figures as JSON, for a bureau (or a school, its own): the tiles, the trends and
distributions, the ranking of schools page by page, and a school's profile."""

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from safecampus.assessment import cockpit
from safecampus.core.api_helpers import org_for
from safecampus.core.models import Org
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router(tags=["cockpit"])


class TileOut(Schema):
    key: str
    label: str
    total: int
    schools: int
    this_week: bool
    url: str | None


class SeriesOut(Schema):
    key: str
    label: str
    data: list[int]


class TrendsOut(Schema):
    months: list[str]
    series: list[SeriesOut]


class CategoryOut(Schema):
    value: str
    label: str
    n: int


class DistributionOut(Schema):
    key: str
    label: str
    this_year: bool
    total: int
    rows: list[CategoryOut]


class CockpitOut(Schema):
    org_id: int
    schools: int
    tiles: list[TileOut]
    trends: TrendsOut
    distributions: list[DistributionOut]


class RankedOut(Schema):
    rank: int
    school_id: int
    name: str
    score: float | None
    figures: dict[str, float | None]


class CockpitFigureOut(Schema):
    key: str
    group: str
    label: str
    unit: str
    better: str
    per_period: bool
    month: float | None
    month_median: float | None
    year: float | None
    year_median: float | None


@router.get("/orgs/{org_id}/cockpit", response=CockpitOut)
def cockpit_figures(request, org_id: int):
    """The tiles (totals over the org's schools this week or now, and how many schools), the
    last 12 months' trends and the distributions."""
    org = org_for(request, org_id, Cap.COCKPIT_VIEW)
    schools = cockpit.schools_of(org)
    snap = cockpit.snapshot(org)
    tiles = cockpit.tiles(request.user, org, schools, snap)
    return {
        "org_id": org.pk,
        "schools": schools.count(),
        "tiles": [
            {
                "key": t.key,
                "label": t.label,
                "total": t.total,
                "schools": t.schools,
                "this_week": t.week,
                "url": t.url,
            }
            for t in tiles
        ],
        "trends": cockpit.trends(request.user, org, schools, snap),
        "distributions": cockpit.distributions(request.user, org, schools, snap),
    }


@router.get("/orgs/{org_id}/cockpit/ranking", response=list[RankedOut])
@paginate(Pagination, page_size=cockpit.RANKING_PAGE)
def cockpit_ranking(request, org_id: int):
    """The org's schools by the composite score of its weights, best first."""
    org = org_for(request, org_id, Cap.COCKPIT_VIEW)
    if org.is_school:
        raise Http404
    _owner, weights = cockpit.weights_for(org)
    snap = cockpit.snapshot(org, [key for key, weight in weights.items() if weight > 0])
    ranked, _used, _weights = cockpit.ranking(request.user, org, weights, snap=snap)
    return [r.__dict__ for r in ranked]


@router.get("/orgs/{org_id}/schools/{school_id}/profile", response=list[CockpitFigureOut])
def school_profile(request, org_id: int, school_id: int):
    """Every figure the caller may read for one school of the org, this month and this year,
    beside the median of the org's schools."""
    org = org_for(request, org_id, Cap.COCKPIT_VIEW)
    school = Org.objects.schools().under(org).filter(pk=school_id).first()
    if school is None:
        raise Http404
    rows, _taken_at = cockpit.profile(request.user, org, school, org)
    return [row.__dict__ for row in rows]
