"""Visitors at the gate: a few a school day, all left by now except today's."""

from datetime import timedelta

from safecampus.city.context import person_name
from safecampus.core.roles import Role
from safecampus.gate.models import IdType, Visit, VisitStatus

PURPOSES = ["家长会", "送餐具维修", "消防设施检测", "教育局检查", "快递送货", "学生家长接送"]
FIELDS = [
    "id",
    "school_id",
    "client_uuid",
    "status",
    "name",
    "id_type",
    "id_number",
    "phone",
    "photo_id",
    "organisation",
    "purpose",
    "host_id",
    "vehicle_plate",
    "companions",
    "expected_on",
    "stay_minutes",
    "pass_code",
    "checked_in_at",
    "expected_out_at",
    "checked_out_at",
    "watchlist_entry_id",
    "override_reason",
    "registered_by_id",
    "created_at",
]


def grow(city):
    rng = city.rng("gate")
    w = city.writer
    planned = []
    for school in city.schools:
        guard = school.one(Role.GUARD)
        for back in range(city.days, -1, -1):
            day = city.today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for _ in range(rng.randint(0, 5)):
                planned.append((school, guard, back))
    first = w.ids(Visit, len(planned))
    rows = []
    for i, (school, guard, back) in enumerate(planned):
        pk = first + i
        checked_in = city.at(back, rng.randint(8 * 3600, 16 * 3600))
        stay = rng.choice((30, 60, 90))
        out = None if back == 0 else checked_in + timedelta(minutes=rng.uniform(10, stay + 30))
        rows.append(
            [
                pk,
                school.id,
                None,
                VisitStatus.LEFT if out else VisitStatus.ON_CAMPUS,
                person_name(rng),
                IdType.RESIDENT,
                f"1101011980{rng.randint(10000000, 99999999)}",
                f"139{rng.randint(10000000, 99999999)}",
                None,
                "",
                rng.choice(PURPOSES),
                rng.choice(school.staff),
                "",
                0,
                None,
                stay,
                city.code(pk, 8, salt=3),
                checked_in,
                checked_in + timedelta(minutes=stay),
                out,
                None,
                "",
                guard,
                checked_in,
            ]
        )
    w.write(Visit, FIELDS, rows)
