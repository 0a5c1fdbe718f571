"""The defences' part of the demo district: the district follows the municipal rule set (seed
003, with seed 004's kindergarten gatekeepers), and each school's guards and gatekeepers with
realistic gaps: two schools short of guards, an expired 保安员证, a guard with none, a
kindergarten gatekeeper over 55, a missing health check. The district's rule set asks for a
steel fork per gate and a stab vest per guard (its own choice: no quantity is published); s04
keeps one vest too few, and the sweep files that shortfall's hazard."""

from datetime import date, time, timedelta

from django.utils import timezone

from safecampus.core import idcard
from safecampus.core.alarm_devices import devices_of
from safecampus.core.models import Membership, Org, User, Zone
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.defences.models import (
    BackgroundCheck,
    DutyBand,
    Equipment,
    EquipmentType,
    Handover,
    RequiredEquipment,
    SecurityStaff,
    StaffingRuleSet,
    SystemType,
    TechSystem,
)
from safecampus.defences.models.equipment import years_after
from safecampus.defences.rules import months_before, rules_for
from safecampus.defences.services import checks as check_services
from safecampus.defences.services import duty as duty_services
from safecampus.defences.services import equipment as equipment_services
from safecampus.defences.services import required as required_services
from safecampus.defences.services import roster as roster_services
from safecampus.defences.services import rules as rule_services
from safecampus.defences.services import staff as services
from safecampus.defences.services import systems as system_services

COMPANY = "平安护卫保安服务有限公司"
REQUIRED_SOURCE = "demo: the district's own choice (no published quantity, rules-next §2)"
REQUIRED = [("steel-fork", "gate", 1), ("stab-vest", "guard", 1)]


def id_number(region, born, serial):
    first = f"{region}{born:%Y%m%d}{serial:03d}"
    return first + idcard.check_char(first)


# school: [(name, role, company?, birth, certificate?, certificate lapsed?, health checked?)]
G, K = "guard", "gatekeeper"
STAFF = {
    "s01": [
        ("赵国强", G, True, date(1972, 3, 14), True, False, True),
        ("钱建军", G, True, date(1980, 7, 2), True, True, True),
        ("孙立新", G, False, date(1968, 11, 20), True, False, True),
    ],
    "s02": [
        ("李卫东", G, True, date(1975, 5, 9), True, False, True),
        ("周志明", G, True, date(1983, 1, 30), True, False, True),
        ("吴海波", K, False, date(1966, 9, 12), False, False, True),
    ],
    "s03": [
        ("郑秀兰", K, False, date(1968, 4, 3), False, False, True),
        ("王德福", K, False, date(1978, 6, 18), False, False, True),
    ],
    "s04": [
        ("冯振华", G, True, date(1979, 2, 25), True, False, False),
        ("陈宝山", G, True, date(1985, 8, 8), True, False, True),
        ("褚明亮", G, True, date(1974, 12, 1), True, False, True),
    ],
    "s05": [
        ("卫长春", G, True, date(1976, 10, 10), True, False, True),
        ("蒋红梅", K, False, date(1970, 3, 3), False, False, True),
    ],
    "s06": [
        ("沈桂英", K, False, date(1975, 7, 7), False, False, True),
        ("韩永福", K, False, date(1977, 1, 15), False, False, True),
    ],
    "s07": [
        ("杨建华", G, True, date(1981, 4, 22), True, False, True),
        ("朱振宇", G, True, date(1987, 9, 5), True, False, True),
        ("秦国庆", G, False, date(1973, 10, 1), True, False, True),
    ],
    "s08": [
        ("尤志刚", G, True, date(1978, 5, 16), True, False, True),
        ("许伟", G, True, date(1990, 2, 11), False, False, True),
        ("何成", G, True, date(1984, 6, 6), True, False, True),
        ("吕大海", G, False, date(1971, 8, 19), True, False, True),
    ],
}


def load(demo):
    """Idempotent: each part is skipped when the district has any of its rows."""
    if not SecurityStaff.objects.filter(school__in=demo.schools).exists():
        _staff(demo)
    if not BackgroundCheck.objects.filter(school__in=demo.schools).exists():
        _checks(demo)
    district = Org.objects.get(code="demo-district")
    if not RequiredEquipment.objects.filter(rule_set=rules_for(district)).exists():
        _required(demo, district)
    if not Equipment.objects.filter(school__in=demo.schools).exists():
        _equipment(demo)
    if not Handover.objects.filter(school__in=demo.schools).exists():
        _duty(demo)
    if not TechSystem.objects.filter(school__in=demo.schools).exists():
        _systems(demo)
    if not DutyBand.objects.filter(school__in=demo.schools).exists():
        _roster(demo)


def _staff(demo):
    district = Org.objects.get(code="demo-district")
    today = timezone.localdate()
    with muted():
        municipal = StaffingRuleSet.objects.filter(code="municipal-seed-003").first()
        if municipal is not None:
            rule_services.choose_rule_set(
                actor=demo.bureau[Role.BUREAU_ADMIN], org=district, rule_set=municipal
            )
        for index, school in enumerate(demo.schools):
            officer = User.objects.get(username=f"{school.code}.officer")
            for serial, spec in enumerate(STAFF.get(school.code, []), start=1):
                name, role, company, born, certified, lapsed, health = spec
                valid_until = today - timedelta(days=40) if lapsed else date(today.year + 3, 6, 30)
                staff = services.add_staff(
                    actor=officer,
                    school=school,
                    name=name,
                    role=role,
                    employer="company" if company else "school",
                    company=COMPANY if company else "",
                    id_number=id_number("330102", born, index * 10 + serial),
                    phone=f"139{index:02d}{serial:02d}{born:%m%d}"[:11],
                    certificate_number=f"浙保{born:%y}{index:02d}{serial:04d}" if certified else "",
                    certificate_valid_until=valid_until if certified else None,
                    health_checked_on=today - timedelta(days=120 + serial * 20) if health else None,
                    started_on=date(2021 + serial % 4, 9, 1),
                )
                if serial % 2:
                    services.add_training(
                        actor=officer,
                        staff=staff,
                        held_on=today - timedelta(days=60),
                        topic="防暴器械使用与校门值守",
                        hours=4,
                    )


def _checks(demo):
    """Hiring checks: everyone checked before starting and re-checked since, except at each
    school a teacher never checked, a guard whose re-check lapsed, and (s01) the principal's
    re-check due within the month."""
    today = timezone.localdate()
    with muted():
        for school in demo.schools:
            officer = User.objects.get(username=f"{school.code}.officer")
            members = (
                Membership.objects.active()
                .filter(org=school)
                .select_related("user")
                .order_by("user__username")
            )
            seen = set()
            for n, member in enumerate(members):
                name = member.user.username
                if name.endswith(".teacher3") or name in seen:
                    continue
                seen.add(name)
                last = today - timedelta(days=40 + (n * 23) % 200)
                if name == "s01.principal":
                    last = months_before(today, 12) + timedelta(days=20)
                check_services.record_check(
                    actor=officer,
                    school=school,
                    person=member.user,
                    kind="recheck",
                    checked_on=last,
                    result="clear",
                )
            for n, staff in enumerate(SecurityStaff.objects.active().filter(school=school)):
                lapsed = n == 1 and school.code in ("s02", "s05", "s08")
                check_services.record_check(
                    actor=officer,
                    school=school,
                    person=staff,
                    kind="pre_hire" if not lapsed else "recheck",
                    checked_on=today - timedelta(days=400 if lapsed else 90 + n * 30),
                    result="clear",
                )


def _required(demo, district):
    kinds = {k.code: k for k in EquipmentType.objects.filter(code__in=[r[0] for r in REQUIRED])}
    with muted():
        for code, basis, minimum in REQUIRED:
            if code in kinds:
                required_services.set_line(
                    actor=demo.bureau[Role.BUREAU_ADMIN],
                    org=district,
                    kind=kinds[code],
                    basis=basis,
                    minimum=minimum,
                    source=REQUIRED_SOURCE,
                )


def _place(school):
    zones = Zone.objects.filter(school=school)
    return zones.filter(name="门卫室").first() or zones.filter(kind="gate").first() or zones.first()


def _equipment(demo):
    """Each school's guard gear and extinguishers in its gatehouse. s01 keeps a water-based
    extinguisher past its six years (the sweep files its hazard), s04 a CO₂ one expiring this
    month, s06 an emergency light not inspected for two months."""
    today = timezone.localdate()
    kinds = {k.code: k for k in EquipmentType.objects.all()}
    if not kinds:
        return
    with muted():
        for school in demo.schools:
            officer = User.objects.get(username=f"{school.code}.officer")
            zone = _place(school)
            if zone is None:
                continue
            guards = SecurityStaff.objects.active().filter(school=school).count() or 1
            items = [
                ("steel-fork", 2, date(2023, 3, 1), None),
                ("shield", 2, date(2023, 3, 1), None),
                ("stab-vest", max(1, guards - (school.code == "s04")), date(2024, 9, 1), None),
                ("cut-gloves", guards, date(2024, 9, 1), None),
                ("extinguisher-powder", 4, date(2021, 5, 10), None),
            ]
            if school.code == "s01":
                items.append(
                    ("extinguisher-water", 2, years_after(today, -6) - timedelta(days=30), None)
                )
            if school.code == "s04":
                items.append(
                    ("extinguisher-co2", 2, years_after(today, -12) + timedelta(days=20), None)
                )
            if school.code == "s06":
                items.append(("emergency-light", 3, date(2024, 2, 1), None))
            for code, count, made_on, expires_on in items:
                item = equipment_services.add_item(
                    actor=officer,
                    school=school,
                    zone=zone,
                    kind=kinds[code],
                    count=count,
                    made_on=made_on,
                    expires_on=expires_on,
                )
                if kinds[code].check_days and school.code != "s06":
                    equipment_services.inspect_item(
                        actor=officer, item=item, checked_on=today - timedelta(days=12), ok=True
                    )
                elif school.code == "s06" and code == "emergency-light":
                    equipment_services.inspect_item(
                        actor=officer, item=item, checked_on=today - timedelta(days=62), ok=True
                    )
        equipment_services.sweep(today)
        required_services.sweep(today)


def _duty(demo):
    """At each school the day guard handed the gatehouse to the second guard, the gear checked
    and an open item passed on."""
    with muted():
        for school in demo.schools:
            guard = User.objects.filter(username=f"{school.code}.guard").first()
            second = User.objects.filter(username=f"{school.code}.guard2").first()
            zone = _place(school)
            if guard is None or zone is None:
                continue
            items = list(duty_services.equipment_at(school, zone)[:2])
            duty_services.hand_over(
                actor=guard,
                school=school,
                zone=zone,
                happened="白班：来访登记12人次，快递2件已转交收发室；放学时段校门秩序正常。",
                open_items="北侧门门禁读卡器偶有失灵，已报总务处。",
                handed_to=second,
                checks=[(item, True, "") for item in items],
            )


def _systems(demo):
    """Each school's video in the gatehouse (16 cameras, 30 days kept), one camera system at
    each place the rule set asks video for (gates, sports ground, canteen, laboratories,
    dormitories), the one-key alarm box linked to the emergencies module's device, access
    control at each gate; all tested last month. Gaps: s03's recorder keeps 15 days and its box
    is linked to no device, s05's alarm box is not linked to the police, s02's alarm box failed
    its last test (a hazard), s06's gatehouse video test is overdue with two cameras down; s04
    has no video in its canteen and no access control at its north gate, s07's laboratory
    camera failed its test (video coverage and closed management below 100%)."""
    today = timezone.localdate()
    kinds = {k.code: k for k in SystemType.objects.all()}
    if not kinds:
        return
    with muted():
        for school in demo.schools:
            officer = User.objects.get(username=f"{school.code}.officer")
            zone = _place(school)
            if zone is None:
                continue
            devices = {d.name: d.id for d in devices_of(school)}
            specs = [
                ("video", zone, "校门及周界监控", 16, 14 if school.code == "s06" else 16,
                 15 if school.code == "s03" else 30, True),
                ("alarm-box", zone, "门卫室一键报警", None, None, None, school.code != "s05"),
            ]  # fmt: skip
            for gate in Zone.objects.filter(school=school, kind="gate").order_by("path_name"):
                if not (school.code == "s04" and gate.name == "北侧门"):
                    specs.append(("access", gate, f"{gate.name}门禁", None, None, None, False))
            places = rules_for(school).video_places or []
            covered = Zone.objects.filter(school=school, kind__in=places).order_by("path_name")
            for spot in covered:
                if not (school.code == "s04" and spot.kind == "canteen"):
                    specs.append(("video", spot, f"{spot.name}监控", 4, 4, 30, False))
            for code, where, name, cameras, working, kept, linked in specs:
                device = devices.get(name) if code == "alarm-box" and school.code != "s03" else None
                system = system_services.add_system(
                    actor=officer,
                    school=school,
                    zone=where,
                    kind=kinds[code],
                    name=name,
                    cameras=cameras,
                    cameras_working=working,
                    retention_days=kept,
                    police_linked=linked,
                    alarm_device_id=device,
                    installed_on=date(2022, 8, 20),
                )
                overdue = school.code == "s06" and name == "校门及周界监控"
                failed = (school.code == "s02" and code == "alarm-box") or (
                    school.code == "s07" and where.name == "化学实验室" and code == "video"
                )
                system_services.test_system(
                    actor=officer,
                    system=system,
                    tested_on=today - timedelta(days=45 if overdue else 20),
                    ok=not failed,
                    cameras_working=working,
                    note=("按下后110未回拨，已报维保单位" if code == "alarm-box" else "画面无信号")
                    if failed
                    else "",
                )


def _roster(demo):
    """Two bands (day 07:00–19:00, night 19:00–07:00) at each gate this week, the north gate
    closed at night. Gaps: s02's south gate on Saturday night, s05's north gate on Wednesday
    by day; the boarding schools' leaders take turns at night, s08 has none on Sundays."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    with muted():
        for school in demo.schools:
            officer = User.objects.get(username=f"{school.code}.officer")
            guards = [
                User.objects.filter(username=f"{school.code}.{name}").first()
                for name in ("guard", "guard2")
            ]
            posts = list(Zone.objects.filter(school=school, kind="gate").order_by("path_name"))
            if None in guards or not posts:
                continue
            bands = [
                roster_services.add_band(
                    actor=officer, school=school, name=name, starts=starts, ends=ends
                )
                for name, starts, ends in (("白班", time(7), time(19)), ("夜班", time(19), time(7)))
            ]
            leaders = list(
                User.objects.filter(
                    username__in=[f"{school.code}.principal", f"{school.code}.officer"]
                ).order_by("username")
            )
            for n in range(7):
                day = monday + timedelta(days=n)
                for zone in posts:
                    main = zone.name == "南大门"
                    for b, band in enumerate(bands):
                        if school.code == "s02" and main and b and n == 5:
                            continue
                        if school.code == "s05" and not main and n == 2 and not b:
                            continue
                        # The north gate is locked at night; the two guards take turns at
                        # the main gate by day and night, the day guard also at the north gate.
                        roster_services.set_duty(
                            actor=officer,
                            school=school,
                            zone=zone,
                            band=band,
                            day=day,
                            guards=[] if b and not main else [guards[(b + n) % 2]],
                            closed=bool(b and not main),
                        )
                if school.boarding_students and leaders:
                    if school.code == "s08" and n % 7 == 6:
                        continue
                    roster_services.set_leader(
                        actor=officer, school=school, day=day, leader=leaders[n % len(leaders)]
                    )
