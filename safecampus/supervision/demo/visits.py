"""The demo district's supervision visits: the last weeks' visits in several schools, their
findings filed as hazards in the schools' ledgers through the ledger's own service, and two
visits still to come (one announced, one unannounced).

Every visit goes through the services on today's date and is then moved back to its day, as
the hazards demo moves its history back.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from safecampus.core.models import Org, OrgKind, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.hazards import services as hazard_services
from safecampus.hazards.models import Grade, Hazard, HazardEvent
from safecampus.inspections.models import Area, ChecklistItem, ChecklistTemplate, TemplateVersion
from safecampus.supervision.models import ResponseKind, SupervisionVisit, VisitKind
from safecampus.supervision.services import visits as services

CHECKLIST = "校园安全专项督导检查表"
# (group, item, hazard category)
ITEMS = [
    ("安全管理", "安全工作责任制落实，责任书签订到岗到人", "other"),
    ("安全管理", "隐患排查台账完整，整改闭环记录齐全", "other"),
    ("门卫安防", "门卫24小时值守，来访人员登记核验", "public_security"),
    ("门卫安防", "防冲撞设施、一键报警装置完好有效", "public_security"),
    ("消防安全", "灭火器、消火栓在有效期内且取用无遮挡", "fire"),
    ("消防安全", "疏散通道畅通，应急照明和疏散指示完好", "fire"),
    ("食品卫生", "食堂证照齐全，食品留样48小时记录完整", "food"),
    ("设施设备", "教学楼栏杆、围墙等设施牢固无破损", "structure"),
]


def _photo(label):
    image = Image.new("RGB", (320, 240), (200, 190, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 300, 220], outline=(60, 40, 40), width=4)
    draw.text((32, 32), label, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{label}.png", out.getvalue(), content_type="image/png")


def _checklist(district, admin):
    """The district's own checklist. Bureau roles do not manage checklists (check.manage is a
    school's), so the bureau's list is written here as the rows its editor will write."""
    template = ChecklistTemplate.objects.filter(school=district, name=CHECKLIST).first()
    if template is None:
        template = ChecklistTemplate.objects.create(
            school=district,
            name=CHECKLIST,
            area=Area.COMPREHENSIVE,
            description="区教育局督导检查用表（经常性、专项、综合督导通用）。",
        )
        version = TemplateVersion.objects.create(template=template, number=1, created_by=admin)
        for position, (group, text, category) in enumerate(ITEMS, 1):
            ChecklistItem.objects.create(
                version=version,
                position=position,
                group=group,
                text=text,
                category=category,
                photo_on_fail=False,
            )
    return template.versions.order_by("-number").first()


def _fix(hazard, school):
    """The school's own closed loop on a finding: confirmed, assigned, fixed and accepted."""
    officer = User.objects.get(username=f"{school.code}.officer")
    principal = User.objects.get(username=f"{school.code}.principal")
    hazard_services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL, note="")
    hazard_services.assign(
        actor=officer,
        hazard=hazard,
        responsible_person=officer,
        responsible_unit="安全办",
        measures="按督导整改通知书要求立即整改，并举一反三排查同类部位。",
        deadline=hazard_services.today() + timedelta(days=5),
    )
    hazard_services.rectify(
        actor=officer, hazard=hazard, note="已按要求整改完毕。", photos=[_photo("OK")]
    )
    hazard_services.accept(actor=principal, hazard=hazard, note="现场验收合格。")


def _visit(spec, district, version, people, today):
    school = Org.objects.get(code=spec["school"])
    lead, other = people
    (visit,) = services.plan_visits(
        actor=lead,
        bureau=district,
        kind=spec["kind"],
        title=spec["title"],
        planned_on=today + timedelta(days=max(spec["days"], 0)),
        lead=lead,
        inspectors=[other],
        schools=[school],
        version=version,
    )
    if spec["days"] >= 0:
        return visit
    services.start_visit(actor=lead, visit=visit)
    for item in version.items.all():
        failed = item.position in spec["fail"]
        services.record_item(
            actor=lead,
            visit=visit,
            item_id=item.pk,
            outcome="fail" if failed else "pass",
            note=spec["fail"].get(item.position, ""),
            zone=school.zones.order_by("path_name").first() if failed else None,
        )
    services.issue_notice(
        actor=lead,
        visit=visit,
        opinion=spec["opinion"],
        rectify_by=today + timedelta(days=14) if spec["fail"] else None,
    )
    hazards = list(Hazard.objects.filter(pk__in=visit.results.values("hazard")).order_by("pk"))
    for hazard in hazards[: spec.get("fixed", 0)]:
        _fix(hazard, school)
    officer = User.objects.get(username=f"{school.code}.officer")
    if spec["end"] in ("responded", "closed"):
        services.respond(
            actor=officer,
            visit=visit,
            kind=ResponseKind.RECTIFICATION,
            text="收到整改通知书后，学校立即召开专题会议，逐项落实整改，现将整改情况报告如下。",
        )
    if spec["end"] == "closed":
        services.close_visit(actor=other, visit=visit, note="复查：整改措施已落实，同意销号。")
    _backdate(visit, -spec["days"], hazards)
    return visit


def _backdate(visit, days_ago, hazards):
    """Move the visit and its findings back to the day it took place."""
    now = timezone.now()
    day = now - timedelta(days=days_ago)
    visit = SupervisionVisit.objects.get(pk=visit.pk)
    SupervisionVisit.objects.filter(pk=visit.pk).update(
        planned_on=timezone.localdate(day),
        created_at=day - timedelta(days=7),
        started_at=day,
        issued_at=day + timedelta(hours=3),
        rectify_by=(timezone.localdate(day) + timedelta(days=14) if visit.rectify_by else None),
        responded_at=(day + timedelta(days=5)) if visit.responded_at else None,
        closed_at=(day + timedelta(days=days_ago - 1)) if visit.closed_at else None,
    )
    visit.results.update(recorded_at=day + timedelta(hours=1))
    for hazard in hazards:
        Hazard.objects.filter(pk=hazard.pk).update(
            found_on=timezone.localdate(day), reported_at=day + timedelta(hours=1)
        )
        HazardEvent.objects.filter(hazard=hazard, action="report").update(
            created_at=day + timedelta(hours=1)
        )


# The visits: school, kind, title, day (negative: in the past), failed items {position: note},
# how many findings the school has fixed, and where the visit ends.
VISITS = [
    {
        "school": "s01",
        "kind": VisitKind.ROUTINE,
        "title": "春季学期经常性督导",
        "days": -21,
        "fail": {5: "三楼东侧灭火器压力不足", 6: "一楼西侧疏散通道堆放杂物"},
        "fixed": 1,
        "opinion": "学校安全管理制度基本健全，消防设施维护和疏散通道管理存在不足，限期整改。",
        "end": "closed",
    },
    {
        "school": "s02",
        "kind": VisitKind.SPECIAL,
        "title": "消防安全专项督导",
        "days": -14,
        "fail": {6: "应急照明灯两处不亮"},
        "fixed": 1,
        "opinion": "消防安全工作总体落实，个别设施需维修。",
        "end": "closed",
    },
    {
        "school": "s04",
        "kind": VisitKind.SPECIAL,
        "title": "门卫安防专项督导",
        "days": -6,
        "fail": {3: "来访登记信息不全，未核验身份证件", 4: "一键报警装置未与公安联网"},
        "opinion": "门卫安防存在明显薄弱环节，请对照问题清单逐项整改并按期报告。",
        "end": "issued",
    },
    {
        "school": "s05",
        "kind": VisitKind.ROUTINE,
        "title": "秋季开学安全督导",
        "days": -10,
        "fail": {7: "食品留样记录缺少两日"},
        "opinion": "开学准备工作较充分，食堂管理需加强。",
        "end": "responded",
    },
    {
        "school": "s06",
        "kind": VisitKind.ROUTINE,
        "title": "经常性督导检查",
        "days": 3,
        "fail": {},
        "opinion": "",
        "end": "planned",
    },
    {
        "school": "s01",
        "kind": VisitKind.UNANNOUNCED,
        "title": "“四不两直”暗访督导",
        "days": 7,
        "fail": {},
        "opinion": "",
        "end": "planned",
    },
]


def load(demo):
    """Idempotent: a district that already has visits is left alone."""
    district = Org.objects.filter(
        pk__in=demo.schools[0].ancestor_ids(), kind=OrgKind.DISTRICT
    ).first()
    if district is None or SupervisionVisit.objects.filter(bureau=district).exists():
        return
    people = (demo.bureau[Role.BUREAU_INSPECTOR], demo.bureau[Role.BUREAU_ADMIN])
    today = timezone.localdate()
    with muted(), transaction.atomic():
        version = _checklist(district, people[1])
        for spec in VISITS:
            _visit(spec, district, version, people, today)
