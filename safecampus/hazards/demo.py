"""Demo hazards: 20 to 40 per school across every state, grade and category, some overdue, one
or two major hazards under the bureau's supervision. Written through the services (so the
timeline and audit trail are real), then moved back in time so the ledger looks lived in."""

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from safecampus.core.models import User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.hazards import services, tally
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status

SAMPLES = {
    Category.FIRE: ("灭火器压力不足", "走廊灭火器压力表指针在红区，已过检验期。"),
    Category.ELECTRICAL: ("插座面板破损", "教室后墙插座面板开裂，有裸露导线。"),
    Category.STRUCTURE: ("楼梯扶手松动", "东侧楼梯二楼至三楼扶手固定螺栓松动，晃动明显。"),
    Category.FOOD: ("留样不足48小时", "食堂留样柜部分菜品留样时间不足48小时，标签缺失。"),
    Category.TRAFFIC: ("校门口无减速带", "放学时段校门口车辆车速快，缺少减速带和警示标志。"),
    Category.WATER: ("围墙外水塘无护栏", "学校北侧围墙外水塘无防护栏和警示牌。"),
    Category.LABORATORY: ("危化品台账不符", "化学实验室危化品实物与台账数量不一致。"),
    Category.SPECIAL_EQUIPMENT: ("电梯年检过期", "行政楼电梯年检合格证已过期。"),
    Category.PUBLIC_SECURITY: ("周界监控盲区", "操场西北角监控摄像头损坏，形成盲区。"),
    Category.SURROUNDINGS: ("校门口流动摊贩", "上下学时段校门口有无证流动摊贩聚集。"),
    Category.NETWORK: ("弱口令", "校园监控平台使用默认密码。"),
    Category.OTHER: ("体育器材老化", "单杠立柱底部锈蚀严重。"),
}
# How the demo hazards of a school end up: (final state, share).
PLAN = [
    ("reported", 4),
    ("confirmed", 2),
    ("rectifying", 5),
    ("overdue", 3),
    ("rectified", 2),
    ("closed", 8),
    ("rejected", 1),
    ("merged", 1),
]


def _photo(rng, label):
    image = Image.new("RGB", (320, 240), tuple(rng.randrange(90, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 300, 220], outline=(40, 40, 40), width=4)
    draw.text((32, 32), label, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{label}.png", out.getvalue(), content_type="image/png")


def _people(school):
    code = school.code
    names = ["principal", "officer", "headteacher", "teacher", "guard", "teacher2", "teacher3"]
    return {n: User.objects.get(username=f"{code}.{n}") for n in names}


def _backdate(hazard, days_ago, rng):
    """Move a hazard's history back so it reads like the last three months."""
    start = timezone.now() - timedelta(days=days_ago, hours=rng.randrange(1, 8))
    events = list(hazard.events.order_by("created_at", "id"))
    step = timedelta(days=max(days_ago, 1)) / (len(events) + 1)
    for i, event in enumerate(events):
        HazardEvent.objects.filter(pk=event.pk).update(created_at=start + step * i)
    stamps = {e.action: start + step * i for i, e in enumerate(events)}
    Hazard.objects.filter(pk=hazard.pk).update(
        found_on=timezone.localdate(start),
        reported_at=start,
        rectified_at=stamps.get("rectify"),
        accepted_at=stamps.get("accept"),
        closed_at=stamps.get("sign_off") or stamps.get("accept") or stamps.get("reject"),
    )


def _one(school, people, rng, final, index, major=False):
    category = list(Category)[index % len(Category)]
    _title, text = SAMPLES[category]
    zones = list(school.zones.all())
    zone = zones[index % len(zones)]
    reporter_key = rng.choice(["teacher", "guard", "headteacher", "teacher2", "officer", None])
    anonymous = reporter_key is None or rng.random() < 0.1
    hazard = services.report_hazard(
        actor=people[reporter_key] if reporter_key else None,
        school=school,
        zone=zone,
        place=rng.choice(["东侧", "西侧", "入口处", "北墙边", "楼梯口", "西北角", "走廊尽头"]),
        category=category,
        description=text,
        source=rng.choice(list(Source)),
        anonymous=anonymous,
        photos=[_photo(rng, f"H{index}")] if rng.random() < 0.6 else [],
    )
    officer, principal = people["officer"], people["principal"]
    days_ago = rng.randrange(5, 90)
    if final == "reported":
        return hazard, min(days_ago, 4)
    if final == "rejected":
        services.reject(
            actor=officer, hazard=hazard, reason="经现场核实，已按规定设置，不属于隐患。"
        )
        return hazard, days_ago
    if final == "merged":
        target = Hazard.objects.filter(school=school, status=Status.RECTIFYING).first()
        if target is not None:
            services.merge(actor=officer, hazard=hazard, into=target, note="重复上报")
        return hazard, days_ago
    grade = Grade.MAJOR if major else Grade.GENERAL
    services.confirm(actor=officer, hazard=hazard, grade=grade, note="")
    if final == "confirmed":
        return hazard, min(days_ago, 6)
    fixer = people[rng.choice(["headteacher", "teacher", "guard", "teacher2", "teacher3"])]
    services.assign(
        actor=officer,
        hazard=hazard,
        responsible_person=fixer,
        responsible_unit=rng.choice(["总务处", "教务处", "安全办"]),
        measures="立即设置警示标识，三日内完成维修更换，并复查同类部位。",
        # Within the default rule (7 days for a general hazard, 30 for a major one).
        deadline=services.today() + timedelta(days=rng.randrange(3, 20 if major else 8)),
        funds_amount=rng.choice([None, 200, 800, 3500]),
        funds_source="学校公用经费",
        interim_measures="设置警戒线和警示牌，安排专人值守。" if major else "",
        contingency_plan="发生险情立即疏散周边人员并报告安全办。" if major else "",
    )
    if final in ("rectifying", "overdue"):
        return hazard, days_ago
    services.rectify(
        actor=fixer, hazard=hazard, note="已完成维修并复查。", photos=[_photo(rng, f"R{index}")]
    )
    if final == "rectified":
        return hazard, days_ago
    acceptor = principal if fixer != principal else officer
    services.accept(actor=acceptor, hazard=hazard, note="现场验收合格。")
    return hazard, days_ago


def load_demo_hazards(demo):
    """Idempotent: a school that has hazards is left alone."""
    schools, bureau_user = demo.schools, demo.bureau[Role.BUREAU_INSPECTOR]
    with muted():
        for index, school in enumerate(schools):
            if Hazard.objects.filter(school=school).exists():
                continue
            rng = random.Random(f"hazards-{school.code}")
            people = _people(school)
            count = 20 + (index * 7) % 21
            plan = [final for final, share in PLAN for _ in range(share)]
            finals = [plan[i % len(plan)] for i in range(count)]
            made = []
            for i, final in enumerate(finals):
                hazard, days_ago = _one(school, people, rng, final, i)
                made.append((hazard, final, days_ago))
            # One or two major hazards under the bureau's supervision: one awaiting sign-off
            # where the school has accepted it, one still being fixed.
            awaiting, _days = _one(school, people, rng, "closed", count, major=True)
            made.append((awaiting, "closed", 20))
            if index % 2 == 0:
                fixing, _days = _one(school, people, rng, "rectifying", count + 1, major=True)
                services.supervise(
                    actor=bureau_user,
                    hazard=fixing,
                    note="请于督办期限内完成整改并上报。",
                    supervision_deadline=services.today() + timedelta(days=15),
                )
                made.append((fixing, "rectifying", 12))
            for hazard, final, days_ago in made:
                _backdate(hazard, days_ago, rng)
                if final == "overdue":
                    # A deadline no service would set: moved by hand, and counted by hand.
                    hazard = Hazard.objects.get(pk=hazard.pk)
                    counted = tally.key(hazard)
                    hazard.deadline = services.today() - timedelta(days=rng.randrange(1, 10))
                    Hazard.objects.filter(pk=hazard.pk).update(deadline=hazard.deadline)
                    tally.apply(counted, tally.key(hazard))
    # The reminders of today, as the daily task would send them (a few, with e-mail).
    services.send_reminders()
