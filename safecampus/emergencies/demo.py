"""Demo emergencies: a plan of every kind in every school, a drill history per school (one
school behind), past alarms with their 1-3-5 timelines (one a false alarm), and two past
incidents with their reviews. Idempotent: a school that has plans is left as it is."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from safecampus.core.models import Org, User, Zone
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.emergencies import compliance
from safecampus.emergencies.models import (
    Alarm,
    AlarmDevice,
    AlarmKind,
    AlarmResponse,
    AlarmStatus,
    EmergencyKind,
    EmergencyPlan,
    FollowUp,
    IncidentReport,
    Review,
)
from safecampus.emergencies.services import devices, drills, incidents, plans
from safecampus.emergencies.services.alarms import roll_key
from safecampus.hazards.models import Category
from safecampus.students import roster
from safecampus.students.models import MarkStatus, RollMark, Student

ROLES = {
    EmergencyKind.INTRUSION: "\n".join(
        [
            "# 门卫",
            "立即关闭校门，按下一键报警",
            "手持钢叉、盾牌拦阻，拖延时间",
            "# 安全主任",
            "组织护卫队3分钟内到场",
            "引导民警到现场",
            "# 班主任",
            "关门锁窗，清点学生",
        ]
    ),
    EmergencyKind.FIRE: "\n".join(
        [
            "# 发现人",
            "呼喊报警，使用就近灭火器扑救初起火灾",
            "# 安全主任",
            "拨打119，切断电源",
            "启动疏散广播",
            "# 班主任",
            "按疏散路线带领学生到集合点",
            "清点人数并报告",
        ]
    ),
    EmergencyKind.EARTHQUAKE: "\n".join(
        [
            "# 班主任",
            "指挥学生就地避险（桌下、墙角）",
            "震动停止后按路线疏散",
            "# 安全主任",
            "检查建筑受损情况",
            "上报教育局",
        ]
    ),
    EmergencyKind.FOOD_POISONING: "\n".join(
        [
            "# 校医",
            "初步判断症状，必要时拨打120",
            "# 食堂负责人",
            "封存留样和剩余食品",
            "停止供餐",
            "# 校长",
            "两小时内报告教育局和市场监管部门",
        ]
    ),
    EmergencyKind.DROWNING: "\n".join(
        [
            "# 发现人",
            "呼救，抛投救生圈，不得盲目下水",
            "# 安全主任",
            "拨打120、110",
            "# 班主任",
            "通知家长",
        ]
    ),
    EmergencyKind.STAMPEDE: "\n".join(
        [
            "# 值日教师",
            "在楼梯口疏导，制止推挤",
            "# 班主任",
            "分批错峰下楼",
            "# 校医",
            "救治受伤学生",
        ]
    ),
    EmergencyKind.WEATHER: "\n".join(
        [
            "# 校长",
            "根据预警决定停课或延迟放学",
            "# 班主任",
            "通知家长接送",
            "# 后勤",
            "检查门窗、排水、围墙",
        ]
    ),
    EmergencyKind.PUBLIC_HEALTH: "\n".join(
        [
            "# 校医",
            "晨午检，登记症状",
            "隔离观察室安置",
            "# 校长",
            "按规定报告疾控和教育局",
        ]
    ),
    EmergencyKind.BUS: "\n".join(
        [
            "# 随车照管员",
            "组织学生从应急门有序下车，到安全地点清点人数",
            "# 驾驶员",
            "靠边停车熄火，开启危险报警闪光灯，设置警告标志",
            "# 安全主任",
            "报告校长和交警，通知家长",
        ]
    ),
    EmergencyKind.OTHER: "\n".join(
        [
            "# 安全主任",
            "判断情况，启动相应预案",
            "# 班主任",
            "稳定学生情绪，清点人数",
        ]
    ),
}
TITLES = {kind: f"{label}应急预案" for kind, label in EmergencyKind.choices}
CONTACTS = "校长 13800000001\n安全主任 13800000002\n辖区派出所 110\n消防 119\n急救 120"
ASSEMBLY = "操场东侧\n篮球场"
CLASSES = [("一年级1班", 42), ("一年级2班", 41), ("三年级1班", 45), ("五年级2班", 44)]


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _plans(school, officer):
    for kind, label in EmergencyKind.choices:
        plans.save_plan(
            actor=officer,
            school=school,
            kind=kind,
            title=TITLES[kind] if kind != EmergencyKind.OTHER else f"{label}突发事件应急预案",
            roles=ROLES[kind],
            contacts=CONTACTS,
            assembly_points=ASSEMBLY,
            zones=Zone.objects.filter(school=school, parent__isnull=True)[:3],
        )


def _counts(first):
    """Everyone present, except one pupil missing in the first drill (found in the toilets)."""
    counts = {label: (n, "") for label, n in CLASSES}
    if first:
        label, n = CLASSES[0]
        counts[label] = (n - 1, "1人在卫生间，已找回")
    return counts


def _drills(school, officer, index, today):
    """One drill in each past term window, except in the school chosen to be behind."""
    report = compliance.for_school(school, today)
    windows = [w for w in report.windows if w.end < today]
    if report.current is not None:
        windows.append(report.current)
    behind = index == 3  # s04 misses its drills: the bureau sees it behind
    for n, window in enumerate(windows):
        if behind:
            continue
        day = window.start + timedelta(days=14)
        if day >= today:
            continue
        kind = [EmergencyKind.FIRE, EmergencyKind.EARTHQUAKE, EmergencyKind.INTRUSION][n % 3]
        drill = drills.plan_drill(
            actor=officer,
            school=school,
            kind=kind,
            planned_on=day,
            scenario=f"{EmergencyKind(kind).label}：第{n + 1}次全校疏散演练",
            classes=CLASSES,
        )
        start = _local(day, 10, 0)
        drill = drills.record_run(
            actor=officer,
            drill=drill,
            started_at=start,
            alarm_at=start + timedelta(minutes=1),
            evacuated_at=start + timedelta(minutes=4, seconds=30),
            counts={
                label: (n_ - (1 if i == 0 and n == 0 else 0), "")
                for i, (label, n_) in enumerate(CLASSES)
            },
            problems="三楼东侧楼梯疏散指示灯不亮" if n == 0 else "",
            problem_place="教学楼三楼",
        )
        drills.summarise(
            actor=officer,
            drill=drill,
            summary="疏散有序，用时约3分30秒。",
            feedback="部分班级出教室较慢，下次加强。",
        )


# Where each kind of demo alarm happened (the first of these names the school has) and what
# was done on site in the first minute.
ALARM_PLACES = {
    AlarmKind.INTRUSION: (["南大门"], "关闭校门，持钢叉拦阻"),
    AlarmKind.MEDICAL: (["操场", "户外活动场"], "学生摔倒头部出血，现场压迫止血，已拨打120"),
    AlarmKind.FIRE: (["操作间", "厨房"], ""),
}


def _alarm_zone(school, kind):
    names = ALARM_PLACES[kind][0]
    zones = {z.name: z for z in Zone.objects.filter(school=school, name__in=names)}
    return next((zones[name] for name in names if name in zones), None)


def _alarm(school, guard, responders, raised, kind, stages, status=AlarmStatus.RESOLVED, note=""):
    """A past alarm with its timeline: `stages` seconds after the alarm (None: not reached)."""
    self_s, mutual_s, reinf_s = stages
    at = lambda s: raised + timedelta(seconds=s) if s is not None else None  # noqa: E731
    alarm = Alarm.objects.create(
        school=school,
        kind=kind,
        zone=_alarm_zone(school, kind),
        raised_by=guard,
        raised_at=raised,
        status=status,
        self_rescue_at=at(self_s),
        self_rescue_by=guard if self_s is not None else None,
        self_rescue_note=ALARM_PLACES[kind][1] if self_s is not None else "",
        mutual_rescue_at=at(mutual_s),
        reinforcement_at=at(reinf_s),
        reinforcement_note="派出所民警2人" if reinf_s is not None else "",
        closed_at=raised + timedelta(minutes=20),
        closed_by=responders[0] if responders else guard,
        close_note=note,
    )
    for i, user in enumerate(responders):
        arrived = at(mutual_s + 20 * i) if mutual_s is not None else None
        AlarmResponse.objects.create(
            alarm=alarm,
            user=user,
            acknowledged_at=raised + timedelta(seconds=15 + 5 * i),
            on_the_way_at=raised + timedelta(seconds=30 + 5 * i),
            arrived_at=arrived,
        )
    return alarm


def _history(school, today):
    guard = User.objects.get(username=f"{school.code}.guard")
    officer = User.objects.get(username=f"{school.code}.officer")
    principal = User.objects.get(username=f"{school.code}.principal")
    base = _local(today - timedelta(days=40), 7, 42)
    met = _alarm(school, guard, [officer, principal], base, AlarmKind.INTRUSION, (40, 150, 270))
    _alarm(
        school,
        guard,
        [officer],
        base + timedelta(days=12, hours=5),
        AlarmKind.MEDICAL,
        (50, 230, None),
    )
    _alarm(
        school,
        guard,
        [],
        base + timedelta(days=20, hours=3),
        AlarmKind.FIRE,
        (None, None, None),
        status=AlarmStatus.CANCELLED,
        note="保洁误触报警按钮",
    )
    return met, officer


def _incident(school, officer, alarm, bureau_reader):
    incident = incidents.record_incident(
        actor=officer,
        school=school,
        kind=EmergencyKind.INTRUSION,
        occurred_at=alarm.raised_at,
        place="校门口",
        zone=alarm.zone,
        injured=0,
        description="一名情绪激动的校外人员试图强行进入校园，被门卫拦阻。",
        actions="门卫关闭校门并拦阻，护卫队到场，民警带离。",
        alarm=alarm,
    )
    incidents.mark_read(incident=incident, actor=bureau_reader)
    incidents.add_follow_up(incident=incident, actor=officer, text="已与派出所沟通，该人员已移交。")
    incidents.review(
        incident=incident,
        actor=officer,
        causes="上学高峰校门口人员聚集，访客核验流程被绕过。",
        gaps="门卫室钢叉放置位置过远；护卫队集结用时偏长。",
        hazard_measures=[("门卫室钢叉移到门岗伸手可及处", "门卫室", Category.PUBLIC_SECURITY)],
    )
    # History: the report went up minutes after the incident and was read soon after.
    at = incident.occurred_at
    IncidentReport.objects.filter(incident=incident).update(
        sent_at=at + timedelta(minutes=8), read_at=at + timedelta(minutes=21)
    )
    FollowUp.objects.filter(incident=incident).update(created_at=at + timedelta(hours=3))
    Review.objects.filter(incident=incident).update(reviewed_at=at + timedelta(days=3))
    return incident


def _roll(school, alarm):
    """The intrusion alarm's roll: every class marked within minutes, one student hurt in the
    crush at the stairs, then the roll closed with the alarm."""
    raised = alarm.raised_at
    roll = roster.open_roll(
        school=school,
        key=roll_key(alarm),
        label=f"{alarm.get_kind_display()}",
        origin_url=alarm.get_absolute_url(),
        actor=alarm.raised_by,
        now=raised,
    )
    held = set(roll.marks.values_list("student_id", flat=True))
    students = Student.objects.filter(school=school, is_active=True).select_related(
        "school_class__head_teacher"
    )
    marks = []
    for n, student in enumerate(s for s in students if s.pk not in held):
        hurt = n == 0
        marks.append(
            RollMark(
                roll=roll,
                student=student,
                status=MarkStatus.INJURED if hurt else MarkStatus.PRESENT,
                note="楼梯口擦伤，校医已处理" if hurt else "",
                marked_by=student.school_class.head_teacher,
                marked_at=raised + timedelta(minutes=3, seconds=10 * (n % 12)),
            )
        )
    RollMark.objects.bulk_create(marks)
    roster.close_for(key=roll.key, actor=alarm.closed_by, now=alarm.closed_at)


def _device(school, officer, today):
    """The gatehouse's one-key alarm box with its key (which the demo never shows), last used
    at its quarterly test six weeks ago; s04's has never been used since it was installed. The
    defences' 技防 record of the box links to it."""
    zone = Zone.objects.filter(school=school, name="门卫室").first()
    device, _key = devices.add_device(
        actor=officer, school=school, name="门卫室一键报警", zone=zone
    )
    if school.code != "s04":
        used = timezone.make_aware(datetime.combine(today - timedelta(days=42), time(10)))
        AlarmDevice.objects.filter(pk=device.pk).update(last_used_at=used)


def load_demo_emergencies(demo, today=None):
    schools, bureau_reader = demo.schools, demo.bureau[Role.BUREAU_ADMIN]
    today = today or timezone.localdate()
    with muted():
        for index, school in enumerate(schools):
            if EmergencyPlan.objects.filter(school=school).exists():
                continue
            with transaction.atomic():
                officer = User.objects.get(username=f"{school.code}.officer")
                _plans(school, officer)
                _drills(school, officer, index, today)
                alarm, officer = _history(Org.objects.get(pk=school.pk), today)
                _roll(alarm.school, alarm)
                _device(school, officer, today)
                if index < 2:
                    _incident(school, officer, alarm, bureau_reader)
