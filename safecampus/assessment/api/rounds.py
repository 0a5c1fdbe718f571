"""Assessment rounds over the API: a bureau's rounds, a round with its progress and ranking by
pages, a school's sheets, a sheet with its entries, a school's self-assessment of an indicator,
an inspector's points, an appeal; a scheme version with its areas, vetoes and grades, and a
bureau adding areas and indicators to its own."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.assessment import queries
from safecampus.assessment.models import AppealStatus, Area, RoundStatus, Rule
from safecampus.assessment.services import rounds as services
from safecampus.assessment.services import schemes as scheme_services
from safecampus.core.api_helpers import org_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap

router = Router(tags=["assessment"])

POINTS = {"ge": 0, "le": 1000}


class AssessmentRoundOut(Schema):
    id: int
    bureau_id: int
    title: str
    status: RoundStatus
    version_id: int
    starts_on: date
    ends_on: date
    self_due: date
    appeal_days: int
    published_at: datetime | None
    appeal_until: date | None


class AssessmentRoundDetailOut(AssessmentRoundOut):
    source: str
    max_points: Decimal
    schools: int
    submitted: int
    entries: int
    scored: int
    open_appeals: int


class AssessmentRankedOut(Schema):
    rank: int | None
    sheet_id: int
    school_id: int
    school: str
    self_total: Decimal | None
    total: Decimal | None
    grade: str
    vetoed: bool


class AssessmentEntryOut(Schema):
    id: int
    area: str
    indicator: str
    max_points: Decimal
    rule: str
    figure: dict | None
    computed_points: Decimal | None
    self_points: Decimal | None
    note: str
    links: list[dict]
    points: Decimal | None = None
    score_note: str = ""


class AssessmentSheetOut(Schema):
    id: int
    round_id: int
    round: str
    status: RoundStatus
    school_id: int
    submitted_at: datetime | None
    self_total: Decimal | None
    total: Decimal | None = None
    grade: str = ""
    vetoed: bool = False
    vetoes: list[str] = []
    appeal_until: date | None = None
    appeal_open: bool = False
    entries: list[AssessmentEntryOut] = []


class AssessmentLinkIn(Schema):
    url: str = Field(max_length=500)
    label: str = Field("", max_length=200)


class AssessmentSelfIn(Schema):
    self_points: Decimal | None = Field(None, **POINTS)
    note: str = Field("", max_length=services.MAX_TEXT)
    links: list[AssessmentLinkIn] = Field([], max_length=services.MAX_LINKS)


class AssessmentScoreIn(Schema):
    points: Decimal = Field(**POINTS)
    note: str = Field("", max_length=services.MAX_TEXT)


class AssessmentAppealIn(Schema):
    text: str = Field(max_length=services.MAX_TEXT)


class AssessmentIndicatorOut(Schema):
    id: int
    name: str
    guidance: str
    max_points: Decimal
    rule: str
    metric: str
    thresholds: list


class AssessmentAreaOut(Schema):
    id: int
    version_id: int
    position: int
    name: str
    indicators: list[AssessmentIndicatorOut]


class AssessmentAreaIn(Schema):
    name: str = Field(max_length=120)


class AssessmentIndicatorIn(Schema):
    name: str = Field(max_length=200)
    guidance: str = Field("", max_length=2000)
    max_points: Decimal = Field(**POINTS)
    rule: Rule = Rule.MANUAL
    metric: str = Field("", max_length=64)
    # [[figure, points], ...] for a computed indicator (see Indicator.thresholds).
    thresholds: list[tuple[float, float]] = Field(default_factory=list, max_length=10)


class AssessmentVersionOut(Schema):
    id: int
    scheme: str
    number: int
    source: str
    max_points: Decimal
    areas: list[AssessmentAreaOut]
    vetoes: list[str]
    grades: list[dict]


def _round_out(round_):
    return {
        **{f: getattr(round_, f) for f in AssessmentRoundOut.model_fields if f != "version_id"},
        "bureau_id": round_.bureau_id,
        "version_id": round_.version_id,
    }


@router.get("/orgs/{org_id}/assessment/rounds", response=list[AssessmentRoundOut])
@paginate(Pagination)
def rounds(request, org_id: int):
    """A bureau's rounds (and those of the bureaus above it), newest first."""
    org = org_for(request, org_id, Cap.ASSESSMENT_VIEW)
    if org.is_school:
        raise Http404
    return [_round_out(r) for r in queries.rounds(user=request.user, org=org)[:1000]]


@router.get("/assessment/rounds/{round_id}", response=AssessmentRoundDetailOut)
def round_detail(request, round_id: int):
    round_ = queries.round_for(request.user, round_id)
    return {
        **_round_out(round_),
        **queries.round_counts(round_),
        "source": round_.version.scheme.source,
        "max_points": queries.max_points(round_.version),
    }


@router.get("/assessment/rounds/{round_id}/ranking", response=list[AssessmentRankedOut])
@paginate(Pagination)
def ranking(request, round_id: int):
    """The round's schools best first (vetoed sheets last), with their rank."""
    round_ = queries.round_for(request.user, round_id)
    return [
        {
            "rank": s.rank if s.total is not None else None,
            "sheet_id": s.pk,
            "school_id": s.school_id,
            "school": s.school.name,
            "self_total": s.self_total,
            "total": s.total,
            "grade": s.grade,
            "vetoed": s.vetoed,
        }
        for s in queries.ranking(round_)
    ]


def _sheet_out(request, sheet, entries=True):
    shown = queries.results_shown(request.user, sheet) and sheet.round.status != "self"
    out = {
        "id": sheet.pk,
        "round_id": sheet.round_id,
        "round": sheet.round.title,
        "status": sheet.round.status,
        "school_id": sheet.school_id,
        "submitted_at": sheet.submitted_at,
        "self_total": sheet.self_total,
        "appeal_until": sheet.round.appeal_until,
    }
    if shown:
        out.update(total=sheet.total, grade=sheet.grade, vetoed=sheet.vetoed)
        out["vetoes"] = [f"{v.item.name}: {v.reason}" for v in sheet.vetoes.select_related("item")]
        out["appeal_open"] = sheet.appeals.filter(status=AppealStatus.OPEN).exists()
    if entries:
        out["entries"] = [
            {
                "id": e.pk,
                "area": e.indicator.area.name,
                "indicator": e.indicator.name,
                "max_points": e.indicator.max_points,
                "rule": e.indicator.rule,
                "figure": e.figure,
                "computed_points": e.computed_points,
                "self_points": e.self_points,
                "note": e.note,
                "links": e.links,
                **({"points": e.points, "score_note": e.score_note} if shown else {}),
            }
            for e in queries.entries(sheet)
        ]
    return out


@router.get("/orgs/{school_id}/assessment/sheets", response=list[AssessmentSheetOut])
@paginate(Pagination)
def school_sheets(request, school_id: int):
    """A school's sheets in the rounds opened to it, without their entries."""
    school = org_for(request, school_id, Cap.ASSESSMENT_VIEW)
    if not school.is_school:
        raise Http404
    rows = queries.school_sheets(user=request.user, school=school)[:1000]
    return [_sheet_out(request, sheet, entries=False) for sheet in rows]


@router.get("/assessment/sheets/{sheet_id}", response=AssessmentSheetOut)
def sheet(request, sheet_id: int):
    """One school's sheet: its entries with the computed figures; the inspectors' points,
    vetoes and grade once published (to the bureau always)."""
    return _sheet_out(request, queries.sheet_for(request.user, sheet_id))


@router.post("/assessment/entries/{entry_id}/self", response=AssessmentEntryOut)
def self_assess(request, entry_id: int, payload: AssessmentSelfIn):
    """The school's own points for one indicator, with a note and links to its records."""
    entry = queries.entry_for(request.user, entry_id)
    services.self_assess(
        actor=request.user,
        entry=entry,
        self_points=payload.self_points,
        note=payload.note,
        links=[link.dict() for link in payload.links],
    )
    return _entry(request, entry)


def _entry(request, entry):
    sheet = queries.sheet_for(request.user, entry.sheet_id)
    return next(e for e in _sheet_out(request, sheet)["entries"] if e["id"] == entry.pk)


@router.post("/assessment/entries/{entry_id}/score", response=AssessmentEntryOut)
def score(request, entry_id: int, payload: AssessmentScoreIn):
    """An inspector's points for one indicator of one school."""
    entry = queries.entry_for(request.user, entry_id)
    services.score_entry(actor=request.user, entry=entry, points=payload.points, note=payload.note)
    return _entry(request, entry)


@router.post("/assessment/sheets/{sheet_id}/appeal", response={201: dict})
def appeal(request, sheet_id: int, payload: AssessmentAppealIn):
    """The school contests its published result, within the round's appeal window."""
    found = services.file_appeal(
        actor=request.user, sheet=queries.sheet_for(request.user, sheet_id), text=payload.text
    )
    return Status(201, {"id": found.pk, "status": found.status})


@router.get("/assessment/versions/{version_id}", response=AssessmentVersionOut)
def version(request, version_id: int):
    """A scheme version: its areas and indicators, veto items, grades and source."""
    found = queries.readable_version(request.user, version_id)
    areas, total = queries.version_tree(found)
    return {
        "id": found.pk,
        "scheme": found.scheme.name,
        "number": found.number,
        "source": found.scheme.source,
        "max_points": total,
        "areas": [
            {
                "id": a.pk,
                "version_id": a.version_id,
                "position": a.position,
                "name": a.name,
                "indicators": [
                    {
                        "id": i.pk,
                        "name": i.name,
                        "guidance": i.guidance,
                        "max_points": i.max_points,
                        "rule": i.rule,
                        "metric": i.metric,
                        "thresholds": i.thresholds,
                    }
                    for i in a.indicators.all()
                ],
            }
            for a in areas
        ],
        "vetoes": [v.name for v in found.vetoes.all()],
        "grades": [
            {"label": b.label, "from": float(b.min_points), "veto_cap": b.veto_cap}
            for b in found.bands.all()
        ],
    }


@router.post("/assessment/versions/{version_id}/areas", response={201: AssessmentAreaOut})
def add_area(request, version_id: int, payload: AssessmentAreaIn):
    """A new area at the end of a scheme version of the bureau's own (of its next version when a
    round has used this one: see version_id in the answer)."""
    found = queries.readable_version(request.user, version_id)
    area = scheme_services.add_area(actor=request.user, version=found, name=payload.name)
    out = {"id": area.pk, "version_id": area.version_id, "position": area.position}
    return Status(201, {**out, "name": area.name, "indicators": []})


@router.post("/assessment/areas/{area_id}/indicators", response={201: AssessmentIndicatorOut})
def add_indicator(request, area_id: int, payload: AssessmentIndicatorIn):
    """A new indicator at the end of an area (of the next version when a round has used this
    one)."""
    area = Area.objects.filter(pk=area_id).first()
    if area is None:
        raise Http404
    queries.readable_version(request.user, area.version_id)
    found = scheme_services.add_indicator(
        actor=request.user,
        area=area,
        **payload.dict(include={"name", "guidance", "max_points", "rule", "metric"}),
        thresholds=[list(row) for row in payload.thresholds],
    )
    fields = ("name", "guidance", "max_points", "rule", "metric", "thresholds")
    return Status(201, {"id": found.pk, **{f: getattr(found, f) for f in fields}})
