"""Demo risks: 25 to 60 risk points per school from the starter catalogue, across every level,
a generated campus plan with every zone drawn, and a point flagged by a confirmed hazard."""

import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from safecampus.core.models import Post, User, Zone, ZoneKind
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import muted
from safecampus.hazards import services as hazard_services
from safecampus.risks import catalogue, demo_plan, services
from safecampus.risks.models import CampusPlan, RiskPoint, ZoneShape

# (L, E, C) giving each level under the default bands: 540 major, 270 significant,
# 126 general, 21 low; the pattern keeps every level present in every school.
VALUES = [
    ("6", "6", "15"),
    ("3", "6", "15"),
    ("3", "6", "7"),
    ("1", "3", "7"),
    ("3", "6", "7"),
    ("1", "6", "3"),
]


def _plan(school, officer):
    if CampusPlan.objects.filter(school=school).exists():
        return
    zones = list(Zone.objects.filter(school=school))
    png, outlines = demo_plan.draw(zones)
    upload = SimpleUploadedFile("campus-plan.png", png, content_type="image/png")
    image = store_upload(actor=officer, org=school, upload=upload, images_only=True)
    with Image.open(image.file.path) as opened:
        width, height = opened.size
    CampusPlan.objects.create(school=school, image=image, width=width, height=height)
    ZoneShape.objects.bulk_create(
        [ZoneShape(zone_id=zone_id, points=points) for zone_id, points in outlines.items()]
    )
    audit.record(actor=officer, org=school, action="risk.plan", obj=school)


# "Room" says nothing of what a room holds: a room's entries are chosen by its name, so the
# power room's point is never put on the food-sample room.
ROOM_ENTRIES = {
    "门卫室": ("gate-intrusion",),
    "配电房": ("power-distribution-room",),
    "操作间": ("canteen-gas-cooking", "canteen-food-hygiene", "boiler-hot-water"),
    "留样间": ("canteen-food-hygiene",),
    "活动室": ("kg-small-objects", "kg-hot-water-food"),
    "寝室": ("kg-naptime",),
}


def _fits(entry, zone):
    if zone.kind not in entry.zone_kinds:
        return False
    if zone.kind != ZoneKind.ROOM:
        return True
    return any(word in zone.name and entry.key in keys for word, keys in ROOM_ENTRIES.items())


def _points(school, index, officer, people):
    target = 25 + (index * 5) % 36
    entries = catalogue.for_school(school)
    zones = list(Zone.objects.filter(school=school).order_by("pk"))
    posts = list(Post.objects.filter(school=school))
    made = 0
    values = itertools.cycle(VALUES)
    used = {}
    for round_no in range(3):
        for zone in zones:
            # The entries made for this kind of place first, then those that also fit it; no
            # entry more than twice in a school, so each post's card stays readable.
            suited = sorted(
                (e for e in entries if _fits(e, zone) and used.get(e.key, 0) < 2),
                key=lambda e: (e.zone_kinds.index(zone.kind), used.get(e.key, 0)),
            )
            if len(suited) <= round_no:
                continue
            entry = suited[round_no]
            used[entry.key] = used.get(entry.key, 0) + 1
            point = services.create_risk_point(
                actor=officer,
                school=school,
                zone=zone,
                name=entry.name,
                hazard_factors=entry.hazard_factors,
                accident_types=list(entry.accident_types),
                existing_controls=entry.controls,
                emergency_actions=entry.emergency_actions,
                responsible=people[made % len(people)],
                posts=[p for p in posts if p.kind in entry.post_kinds],
                catalogue_key=entry.key,
            )
            made += 1
            # Every thirteenth point waits for its first assessment.
            if made % 13 != 0:
                likelihood, exposure, consequence = next(values)
                services.assess(
                    actor=officer,
                    point=point,
                    method="lec",
                    likelihood=Decimal(likelihood),
                    exposure=Decimal(exposure),
                    consequence=Decimal(consequence),
                )
            if made >= target:
                return made
    return made


def _flag_one(school, officer, reporter):
    """A hazard confirmed where a risk point expects that accident: the dual prevention link."""
    from safecampus.risks.registry import CATEGORY_ACCIDENTS

    for point in RiskPoint.objects.filter(school=school).exclude(level="").order_by("pk"):
        for category, accidents in CATEGORY_ACCIDENTS.items():
            if {str(a) for a in accidents} & set(point.accident_types):
                hazard = hazard_services.report_hazard(
                    actor=reporter,
                    school=school,
                    zone=point.zone,
                    place="巡查发现",
                    category=category,
                    description=f"{point.name}：现有管控措施未落实到位。",
                    source="patrol",
                )
                hazard_services.confirm(actor=officer, hazard=hazard, grade="general")
                return point
    return None


@transaction.atomic
def load_demo_risks(demo):
    """Idempotent: a school that has risk points is left alone."""
    schools = demo.schools
    with muted():
        for index, school in enumerate(schools):
            officer = User.objects.get(username=f"{school.code}.officer")
            _plan(school, officer)
            if RiskPoint.objects.filter(school=school).exists():
                continue
            names = ("principal", "officer", "headteacher", "teacher", "guard", "teacher3")
            people = [User.objects.get(username=f"{school.code}.{n}") for n in names]
            _points(school, index, officer, people)
            _flag_one(school, officer, User.objects.get(username=f"{school.code}.guard"))
