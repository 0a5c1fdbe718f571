"""Patrol API: today's rounds, a round with its checkpoints, starting, and scans in batches.

A phone queues its scans while it has no signal and replays the queue later: every scan carries
the UUID the phone made and the time the phone recorded. A repeated UUID returns the first
result and creates nothing (no second scan, no second hazard).
"""

import base64
import binascii
from datetime import date, datetime
from functools import partial
from uuid import UUID

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.hazards.models import Category
from safecampus.patrols import queries, services
from safecampus.patrols.models import Round, RoundStatus

router = Router(tags=["patrols"])
MAX_BATCH = 100


class CheckpointOut(Schema):
    id: int
    code: str
    name: str
    zone_id: int
    active: bool


class RoundOut(Schema):
    id: int
    school_id: int
    route_id: int
    route_name: str = Field(..., alias="route.name")
    window: str = Field(..., alias="window.kind")
    date: date
    starts_at: datetime
    ends_at: datetime
    status: RoundStatus
    guard_id: int | None
    planned: list[int]
    visited_count: int
    late_count: int
    out_of_order_count: int
    problem_count: int
    typed_count: int


class ScanIn(Schema):
    client_uuid: UUID
    round_id: int
    qr: str = ""
    code: str = ""
    recorded_at: datetime | None = None
    note: str = ""
    problem: bool = False
    category: Category = Category.OTHER
    photo: str = ""  # a data: URL (base64 JPEG/PNG/WebP), optional


class ScanBatchIn(Schema):
    scans: list[ScanIn]


class ScanResult(Schema):
    client_uuid: UUID
    ok: bool
    detail: str = ""
    scan_id: int | None = None
    checkpoint_code: str = ""
    scanned_at: datetime | None = None
    received_at: datetime | None = None
    recorded_at: datetime | None = None
    hazard_id: int | None = None
    round_status: str = ""


class ScanBatchOut(Schema):
    results: list[ScanResult]


@router.get("/checkpoints", response=list[CheckpointOut])
@paginate(Pagination)
def checkpoint_list(request, school_id: int):
    """The school's checkpoints with their codes: for those who set patrols up and oversee them.
    A guard walking a round does not get them: the code is the proof of having been there, and
    it is printed on the label only."""
    school = school_for(request, school_id, Cap.PATROL_VIEW)
    return queries.checkpoints(user=request.user, school=school)


@router.get("/patrol-rounds", response=list[RoundOut])
@paginate(Pagination)
def round_list(request, school_id: int | None = None, day: date | None = None, mine: bool = False):
    """Rounds the person may see; `mine=true`: the person's rounds for today."""
    if mine:
        return queries.rounds_today(request.user)
    rounds = queries.rounds_for_api(user=request.user)
    if school_id is not None:
        school = school_for(request, school_id, None)
        if day is None or day == timezone.localdate():
            queries.ensure_rounds(school, timezone.localdate())
        rounds = rounds.filter(school=school)
    return rounds.filter(date=day or timezone.localdate()).order_by("starts_at", "pk")


def _round(request, round_id):
    return get_visible_or_404(
        request.user, Round, round_id, queries.rounds_for_api(user=request.user)
    )


@router.get("/patrol-rounds/{round_id}", response=RoundOut)
def round_detail(request, round_id: int):
    return _round(request, round_id)


@router.post("/patrol-rounds/{round_id}/start", response=RoundOut)
def round_start(request, round_id: int):
    return services.start_round(actor=request.user, round=_round(request, round_id))


def _photo(data_url):
    if not data_url:
        return None
    head, _sep, body = data_url.partition(",")
    if not head.startswith("data:image/") or ";base64" not in head:
        raise DomainError(_("The photo must be a JPEG, PNG or WebP image."))
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The file is not a readable image.")) from None
    return SimpleUploadedFile("scan-photo", raw)


def _result(item, outcome):
    result = {"client_uuid": item.client_uuid, "ok": outcome.ok}
    if not outcome.ok:
        return {**result, "detail": str(outcome.error.message)}
    scan = outcome.scan
    return {
        **result,
        "scan_id": scan.pk,
        "checkpoint_code": scan.checkpoint.code,
        "scanned_at": scan.scanned_at,
        "received_at": scan.received_at,
        "recorded_at": scan.recorded_at,
        "hazard_id": scan.hazard_id,
        "round_status": outcome.round_status,
    }


@router.post("/patrol-scans", response=ScanBatchOut, url_name="patrol_scans")
def scan_batch(request, payload: ScanBatchIn):
    """Record a batch of scans in one transaction, each judged on its own: one refused scan does
    not stop the others.
    `ok: false` with a `detail` is a refusal the phone should show and drop, not retry."""
    if len(payload.scans) > MAX_BATCH:
        raise DomainError(_("At most %(n)d scans at a time.") % {"n": MAX_BATCH})
    items = [
        services.ScanItem(
            client_uuid=item.client_uuid,
            round_id=item.round_id,
            qr=item.qr,
            code=item.code,
            recorded_at=item.recorded_at,
            note=item.note,
            photo=partial(_photo, item.photo),
            problem=item.problem,
            category=item.category,
        )
        for item in payload.scans
    ]
    outcomes = services.record_scans(actor=request.user, items=items)
    return {"results": [_result(i, o) for i, o in zip(payload.scans, outcomes, strict=True)]}
