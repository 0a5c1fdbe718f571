"""Hazards in every state, with the fields each state implies and the timeline that led there."""

from datetime import timedelta
from decimal import Decimal

from safecampus.city.context import new_uuid
from safecampus.core.roles import Role
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status

CHUNK = 20000
# (status, share, steps taken after the report)
STATES = [
    (Status.REPORTED, 0.04, []),
    (Status.CONFIRMED, 0.03, ["confirm"]),
    (Status.RECTIFYING, 0.12, ["confirm", "assign"]),
    (Status.RECTIFIED, 0.05, ["confirm", "assign", "rectify"]),
    (Status.ACCEPTED, 0.02, ["confirm", "assign", "rectify", "accept"]),
    (Status.CLOSED, 0.68, ["confirm", "assign", "rectify", "accept"]),
    (Status.REJECTED, 0.04, ["reject"]),
    (Status.MERGED, 0.02, ["merge"]),
]
PROBLEMS = {
    Category.FIRE: ["灭火器压力不足", "消防通道堆放杂物", "安全出口指示灯损坏", "消火栓箱被遮挡"],
    Category.ELECTRICAL: ["插座面板破损", "电线私拉乱接", "配电箱未上锁", "漏电保护器失灵"],
    Category.STRUCTURE: ["墙面瓷砖空鼓", "楼梯扶手松动", "天花板渗水", "窗户限位器缺失"],
    Category.FOOD: ["留样记录不全", "冷库温度偏高", "燃气软管老化", "从业人员健康证过期"],
    Category.TRAFFIC: ["校门口减速带损坏", "接送车辆占道", "校车安全锤缺失"],
    Category.WATER: ["水池护栏缺口", "饮水机滤芯超期"],
    Category.LABORATORY: ["危化品台账不符", "通风橱故障", "试剂柜未双锁"],
    Category.PUBLIC_SECURITY: ["监控摄像头离线", "一键报警装置故障", "围墙防攀爬设施损坏"],
    Category.OTHER: ["体育器材固定螺栓松动", "篮球架底座锈蚀", "井盖缺失"],
}
CATEGORIES = list(PROBLEMS)
SOURCES = [
    Source.SELF_INSPECTION,
    Source.PATROL,
    Source.CHECKLIST,
    Source.REPORT,
    Source.SUPERVISION,
]
UNITS = ["总务处", "后勤处", "安全办", "教务处", "食堂"]
SPOTS = ["一楼东侧", "二楼走廊", "三楼楼梯口", "北侧", "南侧", "门口", "内部", "西北角"]
FIELDS = [
    "id",
    "school_id",
    "zone_id",
    "place",
    "category",
    "description",
    "source",
    "status",
    "grade",
    "supervised",
    "reporter_id",
    "anonymous",
    "tracking_code",
    "client_uuid",
    "found_on",
    "origin_label",
    "origin_url",
    "reported_at",
    "responsible_unit",
    "responsible_person_id",
    "measures",
    "deadline",
    "funds_amount",
    "funds_source",
    "interim_measures",
    "contingency_plan",
    "rectified_by_id",
    "rectified_at",
    "accepted_by_id",
    "accepted_at",
    "supervision_deadline",
    "signed_off_by_id",
    "signed_off_at",
    "closed_at",
    "rejection_reason",
    "merged_into_id",
    "imported",
    "updated_at",
]
EVENT_FIELDS = [
    "id",
    "hazard_id",
    "action",
    "actor_id",
    "from_status",
    "to_status",
    "note",
    "created_at",
]


def _state_picker(rng):
    cumulative, total = [], 0.0
    for state in STATES:
        total += state[1]
        cumulative.append((total, state))

    def pick():
        x = rng.random() * total
        for bound, state in cumulative:
            if x <= bound:
                return state
        return STATES[-1]

    return pick


def grow(city):
    rng = city.rng("hazards")
    w = city.writer
    pick = _state_picker(rng)
    next_id = w.ids(Hazard, sum(s.hazards for s in city.schools))
    rows, events = [], []

    def flush():
        first = w.ids(HazardEvent, len(events))
        w.write(Hazard, FIELDS, rows)
        w.write(HazardEvent, EVENT_FIELDS, [[first + n, *e] for n, e in enumerate(events)])
        rows.clear()
        events.clear()

    _schools(city, rng, pick, rows, events, flush, next_id)


def _schools(city, rng, pick, rows, events, flush, next_id):
    inspector = city.bureau_users[Role.BUREAU_INSPECTOR]
    now = city.midnight
    hour = timedelta(hours=1)
    for school in city.schools:
        staff = school.staff
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        zones = school.zones
        target = None  # (id, status) of the last hazard another may be merged into
        # The hot spot's history is long; open hazards are recent everywhere.
        horizon = 1500 if school.hot else 700
        for _ in range(school.hazards):
            pk = next_id
            next_id += 1
            status, _share, steps = pick()
            if status == Status.MERGED and target is None:
                status, steps = Status.REJECTED, ["reject"]
            category = rng.choice(CATEGORIES)
            zone_id, zone_name, _kind = rng.choice(zones)
            problem = rng.choice(PROBLEMS[category])
            major = "confirm" in steps and rng.random() < 0.06
            supervised = major
            if status == Status.ACCEPTED and not supervised:
                major = supervised = True
            anonymous = status == Status.REPORTED and rng.random() < 0.1
            reporter = None if anonymous else rng.choice(staff)
            source = Source.REPORT if anonymous else rng.choice(SOURCES)
            # Durations first, then the start, so that every step lies in the past.
            gaps = [timedelta(hours=rng.uniform(2, 48)) for _ in steps]
            days_to_fix = 30 if major else 7
            if "rectify" in steps:
                gaps[2] = timedelta(days=rng.uniform(0.5, days_to_fix * 1.2))
            span = sum(gaps, timedelta())
            open_ = status not in (Status.CLOSED, Status.REJECTED, Status.MERGED)
            back = rng.uniform(0, 40 if open_ else horizon)
            reported_at = now - span - timedelta(days=back) - hour
            if source == Source.SUPERVISION and back < 365:
                school.visit_hazards.append((pk, reported_at))
            t = reported_at
            row = {
                "grade": "",
                "responsible_unit": "",
                "responsible_person_id": None,
                "measures": "",
                "deadline": None,
                "funds_amount": None,
                "funds_source": "",
                "interim_measures": "",
                "contingency_plan": "",
                "rectified_by_id": None,
                "rectified_at": None,
                "accepted_by_id": None,
                "accepted_at": None,
                "supervision_deadline": None,
                "signed_off_by_id": None,
                "signed_off_at": None,
                "closed_at": None,
                "rejection_reason": "",
                "merged_into_id": None,
            }
            events.append([pk, "report", reporter, "", Status.REPORTED, "", t])
            current = Status.REPORTED
            for step, gap in zip(steps, gaps, strict=False):
                t = t + gap
                if step == "confirm":
                    row["grade"] = Grade.MAJOR if major else Grade.GENERAL
                    after, actor, note = Status.CONFIRMED, officer, ""
                elif step == "assign":
                    person = rng.choice(staff)
                    row.update(
                        responsible_unit=rng.choice(UNITS),
                        responsible_person_id=person,
                        measures=f"{problem}：立即整改",
                        deadline=(t + timedelta(days=days_to_fix)).date(),
                        funds_amount=Decimal(rng.randint(0, 50) * 100) if major else None,
                        funds_source="学校公用经费" if major else "",
                        interim_measures="设置警示标志" if major else "",
                        contingency_plan="按应急预案处置" if major else "",
                        supervision_deadline=(t + timedelta(days=45)).date() if major else None,
                    )
                    after, actor, note = Status.RECTIFYING, officer, row["measures"]
                elif step == "rectify":
                    actor = row["responsible_person_id"]
                    row.update(rectified_by_id=actor, rectified_at=t)
                    after, note = Status.RECTIFIED, "已整改"
                elif step == "accept":
                    row.update(accepted_by_id=principal, accepted_at=t)
                    after, actor, note = Status.CLOSED, principal, "验收合格"
                    if supervised:
                        after = Status.ACCEPTED
                    else:
                        row["closed_at"] = t
                elif step == "reject":
                    row.update(rejection_reason="经核实不属于隐患", closed_at=t)
                    after, actor, note = Status.REJECTED, officer, row["rejection_reason"]
                else:  # merge
                    row.update(merged_into_id=target[0], closed_at=t)
                    after, actor, note = Status.MERGED, officer, f"#{target[0]}"
                    events.append(
                        [target[0], "merged_in", officer, target[1], target[1], f"#{pk}", t]
                    )
                events.append([pk, step, actor, current, after, note, t])
                current = after
            if status == Status.CLOSED and supervised:
                t = t + timedelta(days=rng.uniform(1, 5))
                row.update(signed_off_by_id=inspector, signed_off_at=t, closed_at=t)
                events.append([pk, "sign_off", inspector, current, Status.CLOSED, "同意销号", t])
                current = Status.CLOSED
            rows.append(
                [
                    pk,
                    school.id,
                    zone_id,
                    f"{zone_name}{rng.choice(SPOTS)}",
                    category,
                    f"{zone_name}{problem}",
                    source,
                    current,
                    row["grade"],
                    supervised,
                    reporter,
                    anonymous,
                    city.code(pk, 10, salt=1)[:5] + "-" + city.code(pk, 10, salt=1)[5:],
                    new_uuid(rng) if rng.random() < 0.3 else None,
                    reported_at.date(),
                    "",
                    "",
                    reported_at,
                    row["responsible_unit"],
                    row["responsible_person_id"],
                    row["measures"],
                    row["deadline"],
                    row["funds_amount"],
                    row["funds_source"],
                    row["interim_measures"],
                    row["contingency_plan"],
                    row["rectified_by_id"],
                    row["rectified_at"],
                    row["accepted_by_id"],
                    row["accepted_at"],
                    row["supervision_deadline"],
                    row["signed_off_by_id"],
                    row["signed_off_at"],
                    row["closed_at"],
                    row["rejection_reason"],
                    row["merged_into_id"],
                    False,
                    t,
                ]
            )
            if current != Status.MERGED:
                target = (pk, current)
            if len(rows) >= CHUNK:
                flush()
    flush()
