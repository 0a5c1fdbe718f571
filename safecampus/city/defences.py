"""The three defences: each school's guards and gatekeepers with their papers, a hiring check
for every member of staff, equipment at the gates and the security room, and technical systems
with their latest test. About one school in eight, and the hot spot, has each kind of gap the
bureau looks for (a guard short, a lapsed 保安员证, a check more than a year old, an expired
extinguisher, a failed or overdue test, video kept too few days, an alarm box not linked to the
police)."""

from datetime import date, time, timedelta

from safecampus.city.context import gap, person_name
from safecampus.core import idcard
from safecampus.core.models import Org, SchoolKind, ZoneKind
from safecampus.core.roles import Role
from safecampus.defences.models import (
    BackgroundCheck,
    DutyBand,
    DutySlot,
    Equipment,
    EquipmentType,
    LeaderDuty,
    SecurityStaff,
    SystemTest,
    SystemType,
    TechSystem,
)
from safecampus.defences.models.checks import CheckKind, CheckResult
from safecampus.defences.models.staff import Employer, StaffRole
from safecampus.defences.queries.roster import week_of
from safecampus.defences.rules import RulesIndex, required_guards

# A school's duty bands: two day shifts and the night.
BANDS = [("早班", time(6, 0), time(14, 0)), ("中班", time(14, 0), time(22, 0)),
         ("夜班", time(22, 0), time(6, 0))]  # fmt: skip
# Equipment a gate or a security room keeps (the codes of the rule-set list), and how many.
KIT = [("steel-fork", 2), ("shield", 2), ("rubber-baton", 2), ("stab-vest", 2),
       ("cut-gloves", 2), ("helmet", 2), ("torch", 2), ("extinguisher-powder", 4)]  # fmt: skip
# Technical systems and the zone kind each is placed at.
SYSTEMS = [("video", ZoneKind.GATE), ("intrusion", ZoneKind.PERIMETER),
           ("access", ZoneKind.GATE), ("alarm-box", ZoneKind.GATE)]  # fmt: skip


def _id_number(rng, today):
    born = date(today.year - rng.randint(24, 58), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"110101{born:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + idcard.check_char(first17)


def grow(city):
    rng = city.rng("defences")
    today = city.today
    _staff(city, rng, today)
    _checks(city, rng, today)
    _equipment(city, rng, today)
    _systems(city, rng, today)
    _roster(city, rng, today)


def _staff(city, rng, today):
    index = RulesIndex.everywhere()
    orgs = Org.objects.filter(pk__in=[s.id for s in city.schools])
    fields = ("pk", "path", "day_students", "boarding_students")
    rows = {pk: rest for pk, *rest in orgs.values_list(*fields)}
    planned = []
    for school in city.schools:
        # What the school's rule set asks, one short at a school with this gap.
        path, day, boarding = rows[school.id]
        need = required_guards(
            index.for_path(path), kind=school.kind, day_students=day, boarding_students=boarding
        )
        count = need - 1 if gap(rng, school, True) else need + rng.choice((0, 0, 1))
        planned.extend((school, n) for n in range(max(1, count)))
    first = city.writer.ids(SecurityStaff, len(planned))
    rows = []
    for i, (school, n) in enumerate(planned):
        lapsed = gap(rng, school, n == 0)
        company = n % 2 == 1
        rows.append(
            [
                first + i,
                school.id,
                person_name(rng),
                StaffRole.GATEKEEPER
                if n == 0 and school.kind == SchoolKind.KINDERGARTEN
                else StaffRole.GUARD,
                Employer.COMPANY if company else Employer.SCHOOL,
                "平安保安服务有限公司" if company else "",
                _id_number(rng, today),
                f"138{rng.randint(10000000, 99999999)}",
                f"BA{rng.randint(10**9, 10**10 - 1)}",
                today + timedelta(days=-rng.randint(1, 200) if lapsed else rng.randint(30, 1500)),
                today - timedelta(days=rng.randint(10, 300)),
                today - timedelta(days=rng.randint(200, 3000)),
                None,
                city.midnight,
            ]
        )
    city.writer.write(
        SecurityStaff,
        ["id", "school_id", "name", "role", "employer", "company", "id_number", "phone",
         "certificate_number", "certificate_valid_until", "health_checked_on", "started_on",
         "left_on", "created_at"],
        rows,
    )  # fmt: skip


def _checks(city, rng, today):
    """One hiring check for every member of staff: most within the year, some older."""
    rows = []
    planned = [(school, user) for school in city.schools for user in school.staff]
    first = city.writer.ids(BackgroundCheck, len(planned))
    for i, (school, user) in enumerate(planned):
        old = rng.random() < 0.04
        rows.append(
            [
                first + i,
                school.id,
                user,
                None,
                CheckKind.RECHECK,
                today - timedelta(days=rng.randint(370, 700) if old else rng.randint(1, 330)),
                CheckResult.CLEAR,
                school.one(Role.PRINCIPAL),
                city.midnight,
            ]
        )
    city.writer.write(
        BackgroundCheck,
        ["id", "school_id", "user_id", "staff_id", "kind", "checked_on", "result",
         "recorded_by_id", "recorded_at"],
        rows,
    )  # fmt: skip


def _first_zone(school, kind):
    return next((pk for pk, _name, zkind in school.zones if zkind == kind), school.zones[0][0])


def _equipment(city, rng, today):
    known = EquipmentType.objects.filter(code__in=[code for code, _n in KIT])
    kinds = dict(known.values_list("code", "pk"))
    lives = dict(known.values_list("code", "life_years"))
    planned = [(school, code, n) for school in city.schools for code, n in KIT if code in kinds]
    first = city.writer.ids(Equipment, len(planned))
    rows = []
    for i, (school, code, n) in enumerate(planned):
        life = lives.get(code)
        made = today - timedelta(days=rng.randint(60, 1500))
        made = made.replace(day=min(made.day, 28))  # a day every year has
        expires = None
        if life:
            expires = made.replace(year=made.year + life)
            if gap(rng, school, True):
                # Kept past its service life: the sweep's hazard is the school's to file.
                expires = today - timedelta(days=rng.randint(1, 90))
        rows.append(
            [
                first + i,
                school.id,
                _first_zone(school, ZoneKind.GATE),
                kinds[code],
                n,
                made,
                expires,
                today - timedelta(days=rng.randint(0, 25)),
                None,
                city.midnight,
            ]
        )
    city.writer.write(
        Equipment,
        ["id", "school_id", "zone_id", "kind_id", "count", "made_on", "expires_on",
         "last_checked_on", "retired_on", "created_at"],
        rows,
    )  # fmt: skip


def _systems(city, rng, today):
    types = {t.code: t for t in SystemType.objects.filter(code__in=[c for c, _k in SYSTEMS])}
    planned = [
        (school, code, zone_kind)
        for school in city.schools
        for code, zone_kind in SYSTEMS
        if code in types
    ]
    first = city.writer.ids(TechSystem, len(planned))
    first_test = city.writer.ids(SystemTest, len(planned))
    systems, tests = [], []
    for i, (school, code, zone_kind) in enumerate(planned):
        kind = types[code]
        overdue = gap(rng, school, code == "intrusion")
        failed = gap(rng, school, code == "access")
        every = kind.test_every_days
        back = every + rng.randint(1, 30) if overdue else rng.randint(0, every - 1)
        tested = today - timedelta(days=back)
        cameras = rng.randint(8, 60) if kind.is_video else None
        systems.append(
            [
                first + i,
                school.id,
                _first_zone(school, zone_kind),
                kind.pk,
                kind.name,
                cameras,
                cameras - (rng.randint(1, 3) if failed else 0) if cameras else None,
                (15 if gap(rng, school, True) else 30) if kind.is_video else None,
                not gap(rng, school, kind.is_alarm_box)
                if kind.is_alarm_box or kind.is_video
                else False,
                today - timedelta(days=rng.randint(400, 2500)),
                tested,
                not failed,
                tested + timedelta(days=kind.test_every_days),
                None,
                city.midnight,
            ]
        )
        tests.append(
            [
                first_test + i,
                first + i,
                tested,
                not failed,
                systems[-1][6],
                "摄像头离线" if failed and cameras else ("报警无响应" if failed else ""),
                school.one(Role.GUARD),
                None,
            ]
        )
    city.writer.write(
        TechSystem,
        ["id", "school_id", "zone_id", "kind_id", "name", "cameras", "cameras_working",
         "retention_days", "police_linked", "installed_on", "last_tested_on", "last_test_ok",
         "test_due_on", "retired_on", "created_at"],
        systems,
    )  # fmt: skip
    city.writer.write(
        SystemTest,
        ["id", "system_id", "tested_on", "ok", "cameras_working", "note", "tested_by_id",
         "hazard_id"],
        tests,
    )  # fmt: skip


def _roster(city, rng, today):
    """This week's roster: every band of every day at every gate has a guard, except at a school
    with this gap (the night band of its first gate left open on one day); a boarding school
    has a leader on duty each night but one where it has the gap."""
    w = city.writer
    monday = week_of(today)
    week = [monday + timedelta(days=n) for n in range(7)]
    first_band = w.ids(DutyBand, len(BANDS) * len(city.schools))
    bands, plans, leaders = [], [], []
    boarding = set(
        Org.objects.filter(
            pk__in=[s.id for s in city.schools], boarding_students__gt=0
        ).values_list("pk", flat=True)
    )
    for i, school in enumerate(city.schools):
        ids = [first_band + i * len(BANDS) + n for n in range(len(BANDS))]
        bands.extend(
            [pk, school.id, name, starts, ends]
            for pk, (name, starts, ends) in zip(ids, BANDS, strict=True)
        )
        gates = [pk for pk, _name, kind in school.zones if kind == ZoneKind.GATE]
        gap_day = rng.choice(week) if gap(rng, school, True) else None
        guards = school.roles[Role.GUARD]
        for g, gate in enumerate(gates):
            for day in week:
                for b, band in enumerate(ids):
                    if g == 0 and day == gap_day and b == len(BANDS) - 1:
                        continue
                    plans.append((school, gate, band, day, guards[(g + b) % len(guards)]))
        if school.id in boarding:
            leaders.extend((school, day) for day in week if day != gap_day)
    w.write(DutyBand, ["id", "school_id", "name", "starts", "ends"], bands)
    first_slot = w.ids(DutySlot, len(plans))
    w.write(
        DutySlot,
        ["id", "school_id", "zone_id", "band_id", "day", "closed"],
        [
            [first_slot + n, s.id, gate, band, day, False]
            for n, (s, gate, band, day, _g) in enumerate(plans)
        ],
    )
    through = DutySlot.guards.through
    first_link = w.ids(through, len(plans))
    w.write(
        through,
        ["id", "dutyslot_id", "user_id"],
        [[first_link + n, first_slot + n, guard] for n, (*_rest, guard) in enumerate(plans)],
    )
    first_leader = w.ids(LeaderDuty, len(leaders))
    w.write(
        LeaderDuty,
        ["id", "school_id", "day", "leader_id"],
        [
            [first_leader + n, s.id, day, s.one(Role.PRINCIPAL)]
            for n, (s, day) in enumerate(leaders)
        ],
    )
