"""Demo patrols: default checkpoints and routes for every demo school (made through the
services, so they are audited), and 30 days of rounds before today: mostly done, some late or
out of order, some incomplete or missed, and a few problems that became hazards.

The history is written in bulk (thousands of scans), not scan by scan through the service: the
service refuses scans of rounds that are over, which is right for a phone and wrong for a
history generator. Problems still go through the hazard ledger's own `report_hazard`.
"""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from safecampus.core.models import User
from safecampus.core.services.notifications import muted
from safecampus.hazards.models import Category, Source
from safecampus.hazards.services import report_hazard
from safecampus.patrols import services
from safecampus.patrols.completion import ScanFact, closing_status, compute
from safecampus.patrols.models import Round, Route, Scan, ScanMethod
from safecampus.patrols.rounds import ensure_rounds, plan_rounds

DAYS = 30
DEMO_NAMESPACE = uuid.UUID("2b7f0c1e-8a43-4c55-b1f6-0d7de8a1c9e2")
PROBLEMS = [
    ("围墙外侧有攀爬痕迹，铁丝网松脱", Category.PUBLIC_SECURITY),
    ("灭火器压力表指针在红区", Category.FIRE),
    ("配电箱门未锁，线路裸露", Category.ELECTRICAL),
    ("消防通道堆放杂物", Category.FIRE),
    ("宿舍楼安全出口指示灯不亮", Category.FIRE),
]


def _outcome(rng):
    """What happened to one demo round: mostly done on time."""
    roll = rng.random()
    if roll < 0.78:
        return "clean"
    if roll < 0.85:
        return "late"
    if roll < 0.90:
        return "out_of_order"
    if roll < 0.95:
        return "incomplete"
    return "missed"


def _walk(rng, round_, outcome):
    """The checkpoint ids and times of the demo walk of one round."""
    stops = list(round_.planned)
    if outcome == "missed":
        return []
    if outcome == "out_of_order" and len(stops) > 2:
        i = rng.randrange(len(stops) - 1)
        stops[i], stops[i + 1] = stops[i + 1], stops[i]
    if outcome == "incomplete" and len(stops) > 1:
        stops = stops[: rng.randrange(1, len(stops))]
    span = (round_.ends_at - round_.starts_at).total_seconds()
    step = span * 0.8 / max(len(stops), 1)
    start = round_.starts_at + timedelta(minutes=rng.randrange(0, 5))
    if outcome == "late":
        start = round_.ends_at - timedelta(seconds=step * len(stops) / 2)
        step = (round_.tolerance_minutes + 20) * 60 / max(len(stops), 1)
    return [
        (cp, start + timedelta(seconds=step * i + rng.randrange(0, 40)))
        for i, cp in enumerate(stops)
    ]


def _history(school, guards, rng):
    today = timezone.localdate()
    rounds = plan_rounds(school, today - timedelta(days=DAYS), today - timedelta(days=1))
    walks = []
    for round_ in rounds:
        walk = _walk(rng, round_, _outcome(rng))
        completion = compute(
            round_.planned,
            [ScanFact(cp, at) for cp, at in walk],
            ends_at=round_.ends_at,
            tolerance_minutes=round_.tolerance_minutes,
        )
        round_.status = closing_status(completion)
        round_.closed_at = walk[-1][1] if completion.complete else round_.closes_at
        if walk:
            round_.guard = guards[rng.randrange(len(guards))]
            round_.started_at = walk[0][1]
        round_.visited_count = len(completion.visited)
        round_.late_count = len(completion.late)
        round_.out_of_order_count = len(completion.out_of_order)
        walks.append(walk)
    Round.objects.bulk_create(rounds)
    scans = []
    for round_, walk in zip(rounds, walks, strict=True):
        for i, (cp, at) in enumerate(walk):
            key = f"demo:{round_.route_id}:{round_.window_id}:{round_.date}:{i}"
            scans.append(
                Scan(
                    round=round_,
                    checkpoint_id=cp,
                    client_uuid=uuid.uuid5(DEMO_NAMESPACE, key),
                    by=round_.guard,
                    method=ScanMethod.QR if rng.random() < 0.9 else ScanMethod.CODE,
                    scanned_at=at,
                    received_at=at + timedelta(seconds=rng.randrange(1, 4)),
                    recorded_at=at,
                )
            )
    Scan.objects.bulk_create(scans)
    visited, scanned = {}, {}
    for scan in scans:
        visited.setdefault(scan.round_id, set()).add(scan.checkpoint_id)
        if scan.method == ScanMethod.QR:
            scanned.setdefault(scan.round_id, set()).add(scan.checkpoint_id)
    for round_ in rounds:
        round_.typed_count = len(visited.get(round_.pk, set()) - scanned.get(round_.pk, set()))
    Round.objects.bulk_update([r for r in rounds if r.typed_count], ["typed_count"])
    return rounds, scans


def _problems(school, rounds, scans, rng):
    """A few scans found something wrong; each became a hazard through the ledger's service."""
    by_round = {}
    for scan in scans:
        by_round.setdefault(scan.round_id, []).append(scan)
    walked = [r for r in rounds if by_round.get(r.pk)]
    for description, category in rng.sample(PROBLEMS, 3):
        round_ = walked[rng.randrange(len(walked))]
        scan = by_round[round_.pk][rng.randrange(len(by_round[round_.pk]))]
        label, url = services.hazard_origin(round_)
        hazard = report_hazard(
            actor=scan.by,
            school=school,
            zone=scan.checkpoint.zone,
            place=scan.checkpoint.name,
            category=category,
            description=description,
            source=Source.PATROL,
            client_uuid=uuid.uuid5(services.HAZARD_NAMESPACE, str(scan.client_uuid)),
            found_on=round_.date,
            origin_label=label,
            origin_url=url,
        )
        Scan.objects.filter(pk=scan.pk).update(problem=True, note=description, hazard=hazard)
        Round.objects.filter(pk=round_.pk).update(problem_count=1)


def load_demo_patrols(demo):
    schools = demo.schools
    # Route names are data: the demo district's are in Chinese.
    with muted(), translation.override("zh-hans"):
        for index, school in enumerate(schools):
            with transaction.atomic():
                officer = User.objects.get(username=f"{school.code}.officer")
                if not Route.objects.filter(school=school).exists():
                    services.create_default_routes(actor=officer, school=school)
                if not Round.objects.filter(school=school, date__lt=timezone.localdate()).exists():
                    guards = list(
                        User.objects.filter(
                            username__in=[f"{school.code}.guard", f"{school.code}.guard2"]
                        )
                    )
                    rng = random.Random(f"patrols-{index}")
                    rounds, scans = _history(school, guards, rng)
                    if scans:
                        _problems(school, rounds, scans, rng)
                ensure_rounds(school, timezone.localdate())
