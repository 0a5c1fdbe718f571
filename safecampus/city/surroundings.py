"""The surroundings ledger: each district's outside departments (派出所, 市场监管所, 文旅局, 城管
中队, 交警中队) with one login each, scoped to the district's schools as the bureau's page makes
them; problems near each school in every state of their workflow (reported, referred to a
department on the platform or by name, answered by the department or recorded by the school,
re-checked and closed, or found still there and back with the department); and a joint
inspection each semester, except at about one school in eight (and the hot spot), which has had
none this semester. The hot spot has a problem in each state, one answered by its department."""

from datetime import timedelta

from safecampus.city.context import gap, person_name
from safecampus.city.people import SCHOOLS_PER_DISTRICT
from safecampus.core.models import Membership, User
from safecampus.core.roles import Role
from safecampus.transport.models import (
    DepartmentKind,
    DepartmentMember,
    JointInspection,
    Outcome,
    OutsideDepartment,
    ProblemStatus,
    ProblemType,
    SurroundingsProblem,
)

# Each district's departments on the platform: kind, login suffix, name ({n}: district number).
DEPARTMENTS = [
    (DepartmentKind.POLICE, "police", "第{n}区公安分局城关派出所"),
    (DepartmentKind.MARKET, "market", "第{n}区市场监管局城关所"),
    (DepartmentKind.CULTURE, "culture", "第{n}区文化和旅游局"),
    (DepartmentKind.URBAN, "urban", "第{n}区综合行政执法局城关中队"),
    (DepartmentKind.TRAFFIC, "traffic", "第{n}区交警大队城关中队"),
]
# The department on the platform that acts on each default problem type.
ACTS_ON = {
    "internet_cafe": DepartmentKind.CULTURE,
    "entertainment": DepartmentKind.CULTURE,
    "publications": DepartmentKind.CULTURE,
    "tobacco": DepartmentKind.MARKET,
    "alcohol_lottery": DepartmentKind.MARKET,
    "food_stall": DepartmentKind.MARKET,
    "stall_building": DepartmentKind.URBAN,
    "construction": DepartmentKind.URBAN,
    "traffic": DepartmentKind.TRAFFIC,
    "rental_housing": DepartmentKind.POLICE,
}
# Per type: places (a road name is put in), what was seen, the department's answer.
SEEN = {
    "internet_cafe": ("{road}“极速网咖”", "放学后有穿校服的学生进出。",
                      "已约谈经营者，责令严格落实未成年人禁入规定，张贴禁入标志。"),
    "entertainment": ("{road}KTV", "晚间有未成年人出入，门口未设禁入标志。",
                      "已现场检查，责令整改并纳入重点巡查。"),
    "publications": ("校门对面书报亭", "出售内容低俗的口袋书和卡牌。",
                     "已查扣违规出版物，对经营者予以警告。"),
    "tobacco": ("{road}便利店", "柜台陈列香烟，未见禁止向未成年人售烟标识。",
                "已责令张贴标识，撤除醒目陈列，列入复查名单。"),
    "alcohol_lottery": ("{road}烟酒彩票店", "有学生在店内购买彩票。",
                        "已对经营者批评教育，张贴不向未成年人销售提示。"),
    "food_stall": ("校门西侧人行道", "流动摊贩售卖辣条、烤肠，无证照。",
                   "已劝离摊贩，上下学时段安排人员巡查。"),
    "stall_building": ("校门前{road}", "早点摊占用校门前通道，学生绕行车道。",
                       "已清理占道摊点，纳入日常巡查。"),
    "construction": ("{road}在建工地", "工地围挡破损，渣土车上下学时段进出。",
                     "已责令修复围挡，渣土车避开上下学时段。"),
    "traffic": ("校门东侧{road}", "上下学时段车辆占道停放，接送车辆掉头。",
                "已在上下学时段增派警力疏导，施划禁停线。"),
    "rental_housing": ("{road}12号3楼", "群租房人员进出频繁，住户情况不明。",
                       "已上门登记住户信息，纳入流动人口管理。"),
}  # fmt: skip
ROADS = ["人民路", "建设路", "解放路", "中山路", "学府路", "文昌路", "新华路", "长安街"]
# A problem's state, drawn by these weights (the hot spot has one of each).
STATES = [("closed", 45), ("referred", 20), ("answered", 15), ("reported", 10), ("persists", 10)]
JOINT = [
    ("街道、派出所、市场监管所、城管中队", "检查校园周边200米内经营场所{n}家，未发现违规经营。"),
    ("街道、派出所、文旅、交警中队", "检查经营场所{n}家，发现问题1处，已现场移交。"),
    ("派出所、市场监管所、综合执法中队", "检查周边商户{n}家，督促张贴禁售标识。"),
]


def grow(city):
    rng = city.rng("surroundings")
    departments = _departments(city, rng)
    _problems(city, rng, departments)
    _joint(city, rng)


def _departments(city, rng):
    """{district id: {kind: (department id, member user id, name)}}: one login per department, a
    member with the outside department role at the district, so it sees the district's
    schools."""
    w = city.writer
    n_departments = len(DEPARTMENTS) * len(city.district_ids)
    first = w.ids(OutsideDepartment, n_departments)
    first_user = w.ids(User, n_departments)
    first_membership = w.ids(Membership, n_departments)
    first_member = w.ids(DepartmentMember, n_departments)
    departments, users, memberships, members = [], [], [], []
    out = {}
    for d, district in enumerate(city.district_ids):
        for k, (kind, login, name) in enumerate(DEPARTMENTS):
            i = d * len(DEPARTMENTS) + k
            named = name.format(n=d + 1)
            departments.append([first + i, district, kind, named, True])
            users.append(
                [first_user + i, city.password_hash, None, False,
                 f"{city.prefix}-d{d + 1:02d}.{login}", "", "", "", False, True, city.midnight,
                 person_name(rng), None, ""]
            )  # fmt: skip
            memberships.append(
                [first_membership + i, district, first_user + i, Role.OUTSIDE_DEPARTMENT,
                 city.midnight]
            )  # fmt: skip
            members.append([first_member + i, first + i, first_user + i, city.midnight])
            out.setdefault(district, {})[kind] = (first + i, first_user + i, named)
    w.write(OutsideDepartment, ["id", "area_id", "kind", "name", "is_active"], departments)
    w.write(
        User,
        ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
         "email", "is_staff", "is_active", "date_joined", "display_name", "mobile", "language"],
        users,
    )  # fmt: skip
    w.write(Membership, ["id", "org_id", "user_id", "role", "started_at"], memberships)
    w.write(DepartmentMember, ["id", "department_id", "user_id", "added_at"], members)
    return out


def _problems(city, rng, departments):
    types = list(ProblemType.objects.filter(org=None).order_by("position", "pk"))
    # The hot spot's problems are of types a department on the platform acts on.
    referable = [t for t in types if t.code in ACTS_ON] or types
    names, weights = zip(*STATES, strict=True)
    rows = []
    for i, school in enumerate(city.schools):
        platform = departments[city.district_ids[i // SCHOOLS_PER_DISTRICT]]
        count = rng.randint(0, 3)
        states = list(names) if school.hot else rng.choices(names, weights, k=count)
        officers = school.roles[Role.SAFETY_OFFICER]
        officer = officers[0]
        for n, state in enumerate(states):
            kind = rng.choice(referable if school.hot else types)
            place, seen, answer = SEEN.get(kind.code, ("校门附近", "发现安全隐患。", "已处理。"))
            acting = platform.get(ACTS_ON.get(kind.code))
            # Most referrals go to the department on the platform; some by name only (a letter).
            on_platform = acting is not None and (school.hot or rng.random() < 0.7)
            by_department = on_platform and (
                (school.hot and state == "answered") or (not school.hot and rng.random() < 0.75)
            )
            back = {"reported": (0, 4), "referred": (3, 30), "answered": (8, 40),
                    "persists": (30, 90), "closed": (20, 330)}[state]  # fmt: skip
            reported = city.at(rng.uniform(*back)) - timedelta(hours=rng.uniform(0, 10))
            referred = reported + timedelta(days=rng.uniform(0.1, 2))
            answered = referred + timedelta(days=rng.uniform(2, 5))
            rechecked = answered + timedelta(days=rng.uniform(1, 5))
            radius = kind.radius_m or 300
            row = {
                "status": ProblemStatus.REPORTED,
                "department": "",
                "referred_to": None,
                "referred_at": None,
                "answer": "",
                "answered_at": None,
                "answered_by": None,
                "outcome": "",
                "recheck_note": "",
                "rechecked_at": None,
                "rechecked_by": None,
            }
            if state != "reported":
                row.update(
                    status=ProblemStatus.REFERRED,
                    department=acting[2] if on_platform else kind.department,
                    referred_to=acting[0] if on_platform else None,
                    referred_at=referred,
                )
            if state in ("answered", "persists", "closed"):
                row.update(
                    status=ProblemStatus.ANSWERED,
                    answer=answer,
                    answered_at=answered,
                    answered_by=acting[1] if by_department else officer,
                )
            if state in ("persists", "closed"):
                resolved = state == "closed"
                row.update(
                    # Still there: back with the department, its first answer kept.
                    status=ProblemStatus.CLOSED if resolved else ProblemStatus.REFERRED,
                    outcome=Outcome.RESOLVED if resolved else Outcome.PERSISTS,
                    recheck_note="复查已整改。" if resolved else "复查问题仍存在，已再次转交。",
                    rechecked_at=rechecked,
                    rechecked_by=officer,
                )
            rows.append(
                [
                    school.id,
                    kind.pk,
                    place.format(road=rng.choice(ROADS)),
                    rng.randint(max(0, radius // 4), radius),
                    seen,
                    row["status"],
                    officers[n % len(officers)],
                    reported,
                    row["department"],
                    row["referred_to"],
                    row["referred_at"],
                    row["answer"],
                    row["answered_at"],
                    row["answered_by"],
                    "",
                    row["outcome"],
                    row["recheck_note"],
                    row["rechecked_at"],
                    row["rechecked_by"],
                    None,
                ]
            )
    first = city.writer.ids(SurroundingsProblem, len(rows))
    city.writer.write(
        SurroundingsProblem,
        ["id", "school_id", "kind_id", "place", "distance_m", "description", "status",
         "reported_by_id", "reported_at", "department", "referred_to_id", "referred_at", "answer",
         "answered_at", "answered_by_id", "returned_note", "outcome", "recheck_note",
         "rechecked_at", "rechecked_by_id", "client_uuid"],
        [[first + n, *row] for n, row in enumerate(rows)],
    )  # fmt: skip


def _joint(city, rng):
    """One joint inspection last semester and one this semester, this one missing at a school
    with the gap."""
    rows = []
    for school in city.schools:
        held = [rng.randint(180, 320)]
        if not gap(rng, school):
            held.append(rng.randint(5, 120))
        for back in held:
            departments, findings = rng.choice(JOINT)
            day = city.today - timedelta(days=back)
            rows.append(
                [
                    school.id,
                    day,
                    departments,
                    findings.format(n=rng.randint(6, 25)),
                    school.one(Role.SAFETY_OFFICER),
                    city.at(back - 1) - timedelta(hours=6),
                ]
            )
    first = city.writer.ids(JointInspection, len(rows))
    city.writer.write(
        JointInspection,
        ["id", "school_id", "held_on", "departments", "findings", "recorded_by_id",
         "recorded_at"],
        [[first + n, *row] for n, row in enumerate(rows)],
    )  # fmt: skip
