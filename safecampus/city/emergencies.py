"""Past one-key alarms with their 1-3-5 timeline and responders, and drills held and planned."""

from datetime import timedelta

from safecampus.core.models import PostKind
from safecampus.core.roles import Role
from safecampus.emergencies.models import (
    Alarm,
    AlarmKind,
    AlarmResponse,
    AlarmStatus,
    Drill,
    DrillClass,
    DrillStatus,
    EmergencyKind,
)

SPOTS = ["", "一楼走廊", "楼梯口", "门口", "东侧", "二楼"]
ALARM_FIELDS = [
    "id",
    "school_id",
    "kind",
    "zone_id",
    "place",
    "raised_by_id",
    "device_id",
    "raised_at",
    "status",
    "client_uuid",
    "self_rescue_at",
    "self_rescue_by_id",
    "self_rescue_note",
    "mutual_rescue_at",
    "reinforcement_at",
    "reinforcement_note",
    "closed_at",
    "closed_by_id",
    "close_note",
]
DRILL_FIELDS = [
    "id",
    "school_id",
    "kind",
    "planned_on",
    "scenario",
    "status",
    "started_at",
    "alarm_at",
    "evacuated_at",
    "summary",
    "feedback",
    "created_by_id",
    "created_at",
    "client_uuid",
]


def grow(city):
    rng = city.rng("emergencies")
    w = city.writer
    alarms, responses, drills, classes = [], [], [], []
    for school in city.schools:
        guard, officer = school.one(Role.GUARD), school.one(Role.SAFETY_OFFICER)
        principal = school.one(Role.PRINCIPAL)
        for _ in range(rng.randint(0, 3)):
            raised = city.at(rng.uniform(1, 180))
            # Half the alarms come from the guard's own post (the gate), placed in its zone as the
            # alarm form does; the others from anywhere on campus. The place adds a spot.
            if rng.random() < 0.5:
                zone_id = school.posts[PostKind.GUARD][1]
            else:
                zone_id, _name, _kind = rng.choice(school.zones)
            spot = rng.choice(SPOTS)
            cancelled = rng.random() < 0.3
            s = lambda lo, hi, raised=raised: raised + timedelta(seconds=rng.uniform(lo, hi))  # noqa: E731
            if cancelled:
                times = [None, None, None, s(60, 300)]
            else:
                times = [
                    s(20, 90),
                    s(90, 240),
                    s(200, 420) if rng.random() < 0.6 else None,
                    s(1200, 3600),
                ]
            alarms.append(
                [
                    school.id,
                    rng.choice(AlarmKind.values),
                    zone_id,
                    spot,
                    guard,
                    None,
                    raised,
                    AlarmStatus.CANCELLED if cancelled else AlarmStatus.RESOLVED,
                    None,
                    times[0],
                    guard if times[0] else None,
                    "现场已控制" if times[0] else "",
                    times[1],
                    times[2],
                    "派出所民警到场" if times[2] else "",
                    times[3],
                    officer,
                    "误报" if cancelled else "处置完毕",
                ]
            )
            for user in (officer, principal):
                ack = s(5, 60)
                responses.append(
                    [
                        len(alarms) - 1,
                        user,
                        False,
                        ack,
                        None if cancelled else ack + timedelta(seconds=30),
                        None if cancelled else ack + timedelta(seconds=150),
                    ]
                )
        for _n, (kind, back) in enumerate(
            ((EmergencyKind.FIRE, 60), (EmergencyKind.EARTHQUAKE, -20))
        ):
            held = back > 0
            start = city.at(back, 10 * 3600)
            drills.append(
                [
                    school.id,
                    kind,
                    start.date(),
                    "模拟教学楼起火，全体师生疏散到操场",
                    DrillStatus.DONE if held else DrillStatus.PLANNED,
                    start if held else None,
                    start + timedelta(minutes=1) if held else None,
                    start + timedelta(minutes=rng.uniform(3, 6)) if held else None,
                    "疏散有序" if held else "",
                    "",
                    officer,
                    city.at(90),
                    None,
                ]
            )
            if held:
                for c in range(1, rng.randint(6, 18)):
                    expected = rng.randint(30, 50)
                    present = expected - (rng.random() < 0.05)
                    classes.append(
                        [
                            len(drills) - 1,
                            f"{(c - 1) // 4 + 1}年级{(c - 1) % 4 + 1}班",
                            expected,
                            present,
                            "病假" if present < expected else "",
                        ]
                    )
    first_alarm = w.ids(Alarm, len(alarms))
    w.write(Alarm, ALARM_FIELDS, [[first_alarm + i, *row] for i, row in enumerate(alarms)])
    first = w.ids(AlarmResponse, len(responses))
    w.write(
        AlarmResponse,
        [
            "id",
            "alarm_id",
            "user_id",
            "reinforcement",
            "acknowledged_at",
            "on_the_way_at",
            "arrived_at",
        ],
        [[first + i, first_alarm + r[0], *r[1:]] for i, r in enumerate(responses)],
    )
    first_drill = w.ids(Drill, len(drills))
    w.write(Drill, DRILL_FIELDS, [[first_drill + i, *row] for i, row in enumerate(drills)])
    first = w.ids(DrillClass, len(classes))
    w.write(
        DrillClass,
        ["id", "drill_id", "label", "expected", "present", "missing_note"],
        [[first + i, first_drill + c[0], *c[1:]] for i, c in enumerate(classes)],
    )
