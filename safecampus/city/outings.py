"""Off-campus activities: each school's study trips, sports meets and performances of the last
year, approved by the principal, with the roll call out and back, and now and then one coming up
(approved, awaiting approval, or still a draft). At about one school in eight, and at the hot
spot, one activity came back with a child not marked back: the safety officers were alerted,
the child was accounted for and the activity closed. No outing rule is set in the city (no
national figure was found), so the ratio is not checked; each group has one adult per fifteen."""

from datetime import timedelta

from safecampus.city import schoolyear
from safecampus.city.context import gap
from safecampus.core.roles import Role
from safecampus.transport.models import MarkKind, Outing, OutingKind, OutingMark, OutingStatus

GROUP = (20, 40)  # students on one activity
PAST = (1, 3)  # activities held in the last year
KINDS = [
    (OutingKind.OUTING, 6, ["春季研学：市科技馆", "秋季研学：湿地公园", "爱国主义教育基地参观",
                            "劳动实践：农场体验"],
     ["市科技馆（人民路100号）", "城南湿地公园（南门集合）", "革命纪念馆", "青禾生态农场"]),
    (OutingKind.SPORTS_MEET, 2, ["区中小学生田径运动会", "区校园足球联赛"],
     ["区体育中心", "区青少年活动中心足球场"]),
    (OutingKind.PERFORMANCE, 1, ["区艺术节合唱比赛", "少儿文艺汇演"],
     ["区文化馆剧场", "市少年宫"]),
    (OutingKind.LARGE_EVENT, 1, ["区科技创新大赛", "研学夏令营开营仪式"],
     ["区会展中心", "市青少年营地"]),
]  # fmt: skip
PLAN = "8:00校门集合点名，乘车前往；上午按计划开展活动，午餐统一安排，14:30集合返校。"
SECURITY = (
    "带队教师分组负责，出发、到达、午餐后、返程四次点名；随队急救包；"
    "遇走失立即报告带队负责人并联系场馆安保。"
)
FOUND = ["家长在活动场地门口接走，班主任电话确认", "提前随家长离队，已电话核实到家"]


def _kind(rng):
    kind, _weight, titles, places = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
    return kind, rng.choice(titles), rng.choice(places)


def grow(city):
    rng = city.rng("outings")
    schoolyear.enrol(city, {s.id: GROUP[1] for s in city.schools}, by="outings")
    outings, pupils, staff, marks = [], [], [], []
    for school in city.schools:
        teachers = (school.roles.get(Role.TEACHER) or []) + (
            school.roles.get(Role.HEAD_TEACHER) or []
        )
        principal = school.one(Role.PRINCIPAL)
        count = rng.randint(*PAST)
        backs = sorted(rng.sample(range(10, 330), count), reverse=True)
        lost = rng.randrange(count) if gap(rng, school) else None
        planned = [(back, n == lost) for n, back in enumerate(backs)]
        if rng.random() < 0.4:
            planned.append((-rng.randint(3, 20), False))
        for back, with_lost in planned:
            kind, title, destination = _kind(rng)
            group = rng.sample(school.students, rng.randint(*GROUP))
            leaders = rng.sample(teachers, max(2, -(-len(group) // 15)))
            starts = city.at(back, 8 * 3600)
            ends = starts + timedelta(hours=rng.randint(5, 8))
            # Requested a few weeks ahead, decided within days; one coming up may wait.
            requested = starts - timedelta(days=rng.uniform(10, 30))
            if back < 0:
                requested = min(requested, city.at(rng.uniform(1, 5)))
            status = OutingStatus.CLOSED
            if back < 0:
                status = rng.choice(
                    [OutingStatus.APPROVED, OutingStatus.SUBMITTED, OutingStatus.DRAFT]
                )
            decided = None
            if status in (OutingStatus.APPROVED, OutingStatus.CLOSED):
                decided = min(requested + timedelta(days=rng.uniform(0.2, 3)), city.midnight)
            outing = len(outings)
            alerted = closed = None
            if back > 0:
                alerted, closed = _roll(rng, marks, outing, group, leaders[0], starts, ends,
                                        with_lost)  # fmt: skip
            outings.append(
                [school.id, kind, title, destination, starts, ends, PLAN, SECURITY,
                 f"校方责任险（平安保险公司，保单号 XF-{starts.year}-{rng.randint(1000, 9999)}）",
                 status, leaders[0], requested, principal if decided else None, decided,
                 "同意，出发前确认天气和保险。" if decided else "", alerted, closed]
            )  # fmt: skip
            pupils.extend((outing, student) for student in group)
            staff.extend((outing, user) for user in leaders)
    w = city.writer
    first = w.ids(Outing, len(outings))
    w.write(
        Outing,
        ["id", "school_id", "kind", "title", "destination", "starts_at", "ends_at", "plan",
         "security_plan", "insurance", "status", "requested_by_id", "requested_at",
         "decided_by_id", "decided_at", "decision_note", "alerted_at", "closed_at"],
        [[first + n, *row] for n, row in enumerate(outings)],
    )  # fmt: skip
    for through, column, rows in (
        (Outing.students.through, "student_id", pupils),
        (Outing.staff.through, "user_id", staff),
    ):
        start = w.ids(through, len(rows))
        w.write(
            through,
            ["id", "outing_id", column],
            [[start + n, first + outing, pk] for n, (outing, pk) in enumerate(rows)],
        )
    start = w.ids(OutingMark, len(marks))
    w.write(
        OutingMark,
        ["id", "outing_id", "student_id", "kind", "at", "by_id", "note", "client_uuid"],
        [[start + n, first + row[0], *row[1:], None] for n, row in enumerate(marks)],
    )


def _roll(rng, marks, outing, group, by, starts, ends, with_lost):
    """The roll call out (a child or two stayed home) and back; returns (alerted, closed)."""
    went = []
    for i, student in enumerate(group):
        kind = MarkKind.ABSENT if rng.random() < 0.04 else MarkKind.BOARD
        marks.append([outing, student, kind, starts - timedelta(seconds=600 - 15 * i), by, ""])
        if kind == MarkKind.BOARD:
            went.append(student)
    missing = went.pop() if with_lost and went else None
    back = ends
    for i, student in enumerate(went):
        back = ends + timedelta(seconds=15 * i)
        marks.append([outing, student, MarkKind.ALIGHT, back, by, ""])
    closed = back + timedelta(minutes=5)
    if missing is None:
        return None, closed
    found = closed + timedelta(minutes=rng.randint(15, 90))
    marks.append([outing, missing, MarkKind.ACCOUNT, found, by, rng.choice(FOUND)])
    return closed, found
