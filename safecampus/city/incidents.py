"""Incident records of the last year: most schools had none, some one or two (a fall in the
playground, a stranger at the gate, a suspected food poisoning ...), each reported up to the city
bureau the moment it was recorded, as the service does, and read there within the rule's half
hour, except now and then one read only after its escalation; follow-ups by the safety officer.
The hot spot had two, one with people hurt. No review is written: its measures are hazards
filed through the ledger, and the hazards are counted as asked for (--hazards)."""

from datetime import timedelta

from safecampus.core.roles import Role
from safecampus.emergencies.models import EmergencyKind, FollowUp, Incident, IncidentReport
from safecampus.emergencies.rules import DEFAULT

# kind, place (a zone name when the school has that zone), what happened, actions, people hurt
EVENTS = [
    (EmergencyKind.OTHER, "操场", "课间追逐打闹，一名学生摔倒致手臂骨折。",
     "校医现场固定处置，班主任通知家长，送医院就诊。", (1, 1)),
    (EmergencyKind.INTRUSION, "南门", "一名情绪激动的校外人员试图强行进入校园，被门卫拦阻。",
     "门卫关闭校门并拦阻，护卫队到场，民警带离。", (0, 0)),
    (EmergencyKind.FOOD_POISONING, "食堂", "午餐后多名学生出现腹痛、呕吐。",
     "停止供餐并封存留样，送医观察，报告市场监管和卫健部门。", (3, 9)),
    (EmergencyKind.FIRE, "配电房", "配电箱短路冒烟，无明火蔓延。",
     "切断电源，用干粉灭火器处置，电工检修线路。", (0, 0)),
    (EmergencyKind.STAMPEDE, "教学楼A", "放学时楼梯拥挤，一名学生被挤倒擦伤。",
     "值班教师疏导，校医处置擦伤，调整分年级错峰放学。", (1, 2)),
    (EmergencyKind.WEATHER, "围墙", "台风过境，围墙局部倒塌。",
     "设置警戒隔离，学生改走北门，联系施工单位抢修。", (0, 0)),
    (EmergencyKind.PUBLIC_HEALTH, "教学楼B", "一个班级一周内出现多例水痘病例。",
     "患病学生居家隔离，教室消毒，报告疾控中心。", (2, 6)),
]  # fmt: skip
FOLLOW_UPS = [
    "已与家长沟通，学生情况稳定。",
    "已向派出所了解后续处理情况。",
    "已组织全校安全排查。",
]
SHARES = (0.6, 0.3, 0.1)  # of the schools: no incident, one, two


def grow(city):
    rng = city.rng("incidents")
    w = city.writer
    # The city's bureau keeps no rule set of its own: the default's minutes apply.
    minutes = DEFAULT.report_read_minutes
    readers = [city.bureau_users[r] for r in (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)]
    incidents, reports, follow_ups = [], [], []
    for school in city.schools:
        officer = school.one(Role.SAFETY_OFFICER)
        zones = {name: pk for pk, name, _kind in school.zones}
        count = 2 if school.hot else rng.choices(range(len(SHARES)), weights=SHARES)[0]
        for n in range(count):
            event = EVENTS[0] if school.hot and n == 0 else rng.choice(EVENTS)
            kind, place, what, actions, hurt = event
            occurred = city.at(rng.randint(3, 360), rng.uniform(8, 17) * 3600)
            recorded = occurred + timedelta(minutes=rng.uniform(10, 60))
            incidents.append(
                [school.id, kind, occurred, place, zones.get(place), rng.randint(*hurt), what,
                 actions, None, officer, recorded, None]
            )  # fmt: skip
            # The report goes up as it is recorded; one in ten is read only after escalating.
            late = rng.random() < 0.1
            read = recorded + timedelta(
                minutes=rng.uniform(minutes + 10, 180) if late else rng.uniform(2, minutes - 2)
            )
            reports.append(
                [len(incidents) - 1, city.bureau_id, recorded, read, rng.choice(readers),
                 recorded + timedelta(minutes=minutes) if late else None]
            )  # fmt: skip
            for k in range(rng.randint(0, 2)):
                follow_ups.append(
                    [len(incidents) - 1, officer, FOLLOW_UPS[k], occurred + timedelta(days=k + 1)]
                )
    first = w.ids(Incident, len(incidents))
    w.write(
        Incident,
        ["id", "school_id", "kind", "occurred_at", "place", "zone_id", "injured", "description",
         "actions", "alarm_id", "recorded_by_id", "created_at", "client_uuid"],
        [[first + n, *row] for n, row in enumerate(incidents)],
    )  # fmt: skip
    start = w.ids(IncidentReport, len(reports))
    w.write(
        IncidentReport,
        ["id", "incident_id", "bureau_id", "sent_at", "read_at", "read_by_id", "escalated_at"],
        [[start + n, first + i, *rest] for n, (i, *rest) in enumerate(reports)],
    )
    start = w.ids(FollowUp, len(follow_ups))
    w.write(
        FollowUp,
        ["id", "incident_id", "author_id", "text", "created_at"],
        [[start + n, first + i, *rest] for n, (i, *rest) in enumerate(follow_ups)],
    )
