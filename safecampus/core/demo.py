"""The demo district: one bureau, two streets, eight schools, people for every role.

Loaded only by `manage.py load_demo` (and so by `make run`). Running it again creates nothing
twice: every piece is looked up by its natural key first. Writes go through the services, so
the demo has a real audit trail.

Core loads the district, its people and its calendar; each app adds its part from its
registry.py with `register_demo` (the kernel imports no app), and `load_demo` runs those parts
in order.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string

from safecampus.core.models import (
    CalendarException,
    DayKind,
    Department,
    Membership,
    Org,
    OrgKind,
    Post,
    PostKind,
    ResponsibilityLetter,
    SchoolKind,
    Term,
    User,
    Zone,
    ZoneKind,
)
from safecampus.core.roles import Role
from safecampus.core.services import calendar as calendar_services
from safecampus.core.services import letters as letter_services
from safecampus.core.services import orgs as org_services
from safecampus.core.services import posts as post_services
from safecampus.core.services import zones as zone_services

PASSWORD = "demo-pass-2026"


@dataclass(frozen=True)
class Demo:
    """What an app's demo loader is given: the eight schools (by code) and the bureau's people
    (role -> user)."""

    schools: list
    bureau: dict
    # (username, role, org) of a login an app's part adds, printed with the others.
    logins: list = field(default_factory=list)


@dataclass(frozen=True)
class DemoLoader:
    name: str
    path: str  # dotted path of a function taking a Demo; imported only when the demo is loaded
    after: tuple = ()


LOADERS: list[DemoLoader] = []


def register_demo(name, path, *, after=()):
    """Add an app's part of the demo district. `after`: the names of the parts it builds on
    (a part that is not installed is skipped over)."""
    if any(loader.name == name for loader in LOADERS):
        return
    LOADERS.append(DemoLoader(name, path, tuple(after)))


def in_order(loaders):
    """Each part after the ones it names; otherwise in the order they were registered (the order
    of INSTALLED_APPS), so the demo comes out the same every time."""
    names = {loader.name for loader in loaders}
    done, ordered, waiting = set(), [], list(loaders)
    while waiting:
        ready = next(
            (x for x in waiting if all(a in done or a not in names for a in x.after)), None
        )
        if ready is None:
            cycle = ", ".join(x.name for x in waiting)
            raise ImproperlyConfigured(f"Demo loaders wait for each other: {cycle}")
        waiting.remove(ready)
        done.add(ready.name)
        ordered.append(ready)
    return ordered


BUREAU_LOGINS = [
    ("bureau.admin", "王建国", Role.BUREAU_ADMIN),
    ("bureau.inspector", "李督导", Role.BUREAU_INSPECTOR),
    ("police.liaison", "赵警官", Role.POLICE_LIAISON),
]
SCHOOL_LOGINS = [
    ("principal", "校长", Role.PRINCIPAL),
    ("officer", "安全主任", Role.SAFETY_OFFICER),
    ("headteacher", "班主任", Role.HEAD_TEACHER),
    ("teacher", "教师", Role.TEACHER),
    ("guard", "保安", Role.GUARD),
    ("pe", "体育教师", Role.PE_TEACHER),
    ("medic", "校医", Role.SCHOOL_MEDIC),
]

# code, name, kind, street index, day students, boarders, staff
SCHOOLS = [
    ("s01", "城南实验小学", SchoolKind.PRIMARY, 0, 1260, 0, 86),
    ("s02", "东城路小学", SchoolKind.PRIMARY, 0, 740, 0, 52),
    ("s03", "城南第一幼儿园", SchoolKind.KINDERGARTEN, 0, 310, 0, 41),
    ("s04", "东城中学", SchoolKind.JUNIOR, 0, 980, 0, 78),
    ("s05", "西湖镇中心小学", SchoolKind.PRIMARY, 1, 620, 0, 45),
    ("s06", "西湖镇中心幼儿园", SchoolKind.KINDERGARTEN, 1, 180, 0, 24),
    ("s07", "西湖镇初级中学", SchoolKind.JUNIOR, 1, 540, 160, 58),
    ("s08", "城南高级中学", SchoolKind.SENIOR, 1, 900, 1100, 160),
]

SURNAMES = "张王李刘陈杨黄周吴孙"

POSTS = [
    (
        PostKind.PRINCIPAL,
        "校长（安全第一责任人）",
        "全面负责学校安全工作；每学期主持安全工作会议；签订安全责任书；重大隐患组织验收。",
        "principal",
    ),
    (
        PostKind.SAFETY_OFFICER,
        "安全办主任",
        "组织日常安全检查与隐患排查；建立并维护隐患台账；组织应急演练；落实安全教育。",
        "officer",
    ),
    (
        PostKind.HEAD_TEACHER,
        "班主任",
        "每日放学前1分钟安全提醒；周末前5分钟、节假日前30分钟安全教育；学生请假离校审批；与家长保持联系。",
        "headteacher",
    ),
    (
        PostKind.DUTY_TEACHER,
        "值日教师",
        "上下学时段在校门、楼梯口值守；课间巡查走廊与楼梯；发现隐患立即报告。",
        "teacher",
    ),
    (
        PostKind.GUARD,
        "门卫保安",
        "24小时值守门卫室；外来人员登记核验；上下学时段校门护学；按时巡查重点部位；一键报警装置每日自检。",
        "guard",
    ),
]
EXTRA_POSTS = {
    "canteen": (
        PostKind.CANTEEN_MANAGER,
        "食堂管理员",
        "食品留样48小时；从业人员晨检；燃气设施每日检查；食品原料索证索票。",
    ),
    "lab": (
        PostKind.LAB_MANAGER,
        "实验室管理员",
        "危险化学品双人双锁管理；实验前后检查水电气；台账每周核对。",
    ),
    "dorm": (
        PostKind.DORM_MANAGER,
        "宿管员",
        "夜间查寝点名；宿舍用电检查；消防通道保持畅通；夜间巡查不少于两次。",
    ),
}

# Where each post's holder stands on duty (a top-level zone); the others move about.
POST_ZONES = {
    PostKind.DUTY_TEACHER: "南大门",
    PostKind.GUARD: "门卫室",
    PostKind.CANTEEN_MANAGER: "食堂",
    PostKind.LAB_MANAGER: "实验楼",
    PostKind.DORM_MANAGER: "男生宿舍楼",
}


def _zones_for(kind, boarders):
    """(name, kind, children) trees: 10 to 30 zones a school."""
    teaching = [
        ("教学楼A", ZoneKind.BUILDING, [(f"{i}楼", ZoneKind.FLOOR, []) for i in range(1, 5)]),
        ("教学楼B", ZoneKind.BUILDING, [(f"{i}楼", ZoneKind.FLOOR, []) for i in range(1, 4)]),
    ]
    common = [
        ("南大门", ZoneKind.GATE, []),
        ("北侧门", ZoneKind.GATE, []),
        ("门卫室", ZoneKind.ROOM, []),
        ("操场", ZoneKind.SPORTS_GROUND, []),
        ("围墙周界", ZoneKind.PERIMETER, []),
        ("配电房", ZoneKind.ROOM, []),
    ]
    if kind == SchoolKind.KINDERGARTEN:
        rooms = [
            (f"{n}活动室", ZoneKind.ROOM, []) for n in ("小一班", "小二班", "中一班", "大一班")
        ]
        sleep = [(f"{n}寝室", ZoneKind.ROOM, []) for n in ("小班", "中班", "大班")]
        return [
            (
                "主楼",
                ZoneKind.BUILDING,
                [("一楼", ZoneKind.FLOOR, rooms), ("二楼", ZoneKind.FLOOR, sleep)],
            ),
            ("厨房", ZoneKind.CANTEEN, []),
            ("户外活动场", ZoneKind.SPORTS_GROUND, []),
            *common[:3],
            ("围墙周界", ZoneKind.PERIMETER, []),
        ]
    zones = [
        *teaching,
        *common,
        ("食堂", ZoneKind.CANTEEN, [("操作间", ZoneKind.ROOM, []), ("留样间", ZoneKind.ROOM, [])]),
    ]
    if kind in (SchoolKind.JUNIOR, SchoolKind.SENIOR):
        zones.append(
            (
                "实验楼",
                ZoneKind.BUILDING,
                [
                    ("化学实验室", ZoneKind.LABORATORY, []),
                    ("物理实验室", ZoneKind.LABORATORY, []),
                    ("危化品储存室", ZoneKind.LABORATORY, []),
                ],
            )
        )
    if boarders:
        zones.append(
            (
                "男生宿舍楼",
                ZoneKind.DORMITORY,
                [(f"{i}层", ZoneKind.FLOOR, []) for i in range(1, 4)],
            )
        )
        zones.append(
            (
                "女生宿舍楼",
                ZoneKind.DORMITORY,
                [(f"{i}层", ZoneKind.FLOOR, []) for i in range(1, 4)],
            )
        )
    return zones


def _user(username, name, mobile):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": name,
            "mobile": mobile,
            "email": f"{username}@demo.safecampus.invalid",
        },
    )
    if created:
        # One hash for every demo login: hashing fifty times would take half a minute.
        user.password = _password_hash()
        user.save(update_fields=["password"])
    return user


_HASH = []


def _password_hash():
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


def _member(user, org, role, department=None):
    Membership.objects.get_or_create(
        user=user, org=org, role=role, ended_at=None, defaults={"department": department}
    )


def _org(parent, kind, code, name, **profile):
    existing = Org.objects.filter(code=code).first()
    if existing:
        return existing
    return org_services.create_org(
        actor=None, parent=parent, kind=kind, name=name, code=code, **profile
    )


def _make_zones(officer, school, trees, people, parent=None, counter=None):
    counter = counter if counter is not None else [0]
    for name, kind, children in trees:
        zone = Zone.objects.filter(school=school, parent=parent, name=name).first()
        if zone is None:
            responsible = people[counter[0] % len(people)]
            zone = zone_services.create_zone(
                actor=officer,
                school=school,
                name=name,
                kind=kind,
                parent=parent,
                responsible=responsible,
            )
        counter[0] += 1
        _make_zones(officer, school, children, people, zone, counter)


def _school(district, street, spec, index):
    code, name, kind, _street, day, boarders, staff = spec
    school = _org(
        street,
        OrgKind.SCHOOL,
        code,
        name,
        school_kind=kind,
        address=f"城南区{street.name}{index + 1}号",
        day_students=day,
        boarding_students=boarders,
        staff_count=staff,
        contact_name=f"{SURNAMES[index]}主任",
        contact_phone=f"0571-8800{index + 1:04d}",
        emergency_phone=f"0571-8899{index + 1:04d}",
    )
    departments = {}
    for dep in ("校长室", "安全办", "教务处", "总务处"):
        departments[dep], _c = Department.objects.get_or_create(school=school, name=dep)
    accounts = {}
    for i, (suffix, title, role) in enumerate(SCHOOL_LOGINS):
        user = _user(
            f"{code}.{suffix}",
            f"{SURNAMES[(index + i) % 10]}{title}",
            f"139{index + 1:02d}{i:02d}0000"[:11],
        )
        dep = {"principal": "校长室", "officer": "安全办", "guard": "总务处"}.get(suffix, "教务处")
        _member(user, school, role, departments[dep])
        accounts[suffix] = user
    for i in range(1, 4):
        user = _user(
            f"{code}.teacher{i + 1}",
            f"{SURNAMES[(index + i + 5) % 10]}老师{i + 1}",
            f"138{index + 1:02d}{i:02d}0000"[:11],
        )
        _member(user, school, Role.TEACHER, departments["教务处"])
        accounts[f"teacher{i + 1}"] = user
    extra_guard = _user(
        f"{code}.guard2", f"{SURNAMES[(index + 3) % 10]}保安2", f"137{index + 1:02d}000000"[:11]
    )
    _member(extra_guard, school, Role.GUARD, departments["总务处"])
    accounts["guard2"] = extra_guard

    officer = accounts["officer"]
    people = [
        accounts[k] for k in ("officer", "teacher", "teacher2", "guard", "headteacher", "teacher3")
    ]
    _make_zones(officer, school, _zones_for(kind, boarders), people)

    wanted = list(POSTS)
    holders = {p[3]: [accounts[p[3]]] for p in POSTS}
    holders["guard"].append(extra_guard)
    if kind != SchoolKind.KINDERGARTEN:
        wanted.append((*EXTRA_POSTS["canteen"], "teacher3"))
        holders["teacher3"] = [accounts["teacher3"]]
    if kind in (SchoolKind.JUNIOR, SchoolKind.SENIOR):
        wanted.append((*EXTRA_POSTS["lab"], "teacher2"))
        holders["teacher2"] = [accounts["teacher2"]]
    if boarders:
        wanted.append((*EXTRA_POSTS["dorm"], "teacher4"))
        holders["teacher4"] = [accounts["teacher4"]]
    for post_kind, post_name, duties, holder_key in wanted:
        post = Post.objects.filter(school=school, name=post_name).first()
        if post is None:
            zone = Zone.objects.filter(
                school=school, parent__isnull=True, name=POST_ZONES.get(post_kind, "")
            ).first()
            post = post_services.create_post(
                actor=officer,
                school=school,
                name=post_name,
                kind=post_kind,
                duties=duties,
                zone=zone,
            )
            for person in holders[holder_key]:
                post_services.assign_person(actor=officer, post=post, person=person)

    if not ResponsibilityLetter.objects.filter(school=school).exists():
        letter = letter_services.issue_letter(
            actor=accounts["principal"],
            school=school,
            title="2026—2027学年安全工作目标责任书",
            body=(
                "为落实“一岗双责”，保障师生生命安全，学校与各岗位签订本责任书。\n"
                "一、责任人对本岗位、本区域的安全负直接责任。\n"
                "二、按要求完成日常检查、巡查与安全教育，发现隐患立即报告。\n"
                "三、发生突发事件时按应急预案处置，第一时间报告。\n"
                "本责任书自签订之日起生效，有效期一学年。"
            ),
            term_start=date(2026, 9, 1),
            term_end=date(2027, 7, 10),
            roles=[Role.SAFETY_OFFICER, Role.HEAD_TEACHER, Role.TEACHER, Role.GUARD],
        )
        # Some have signed; the demo shows who has not.
        for recipient in letter.recipients.select_related("user").order_by("user__username")[:4]:
            letter_services.sign_letter(actor=recipient.user, recipient=recipient)
    return school, accounts


def _calendar(bureau_admin, district):
    if Term.objects.filter(org=district).exists():
        return
    for name, start, end in [
        ("2025—2026学年第二学期", date(2026, 2, 23), date(2026, 7, 3)),
        ("2026—2027学年第一学期", date(2026, 9, 1), date(2027, 1, 22)),
        ("2026—2027学年第二学期", date(2027, 2, 22), date(2027, 7, 9)),
    ]:
        calendar_services.add_term(
            actor=bureau_admin, org=district, name=name, start=start, end=end
        )
    for name, kind, start, end in [
        ("国庆节", DayKind.HOLIDAY, date(2026, 10, 1), date(2026, 10, 7)),
        ("国庆调休上课", DayKind.SCHOOL_DAY, date(2026, 10, 10), date(2026, 10, 10)),
        ("元旦", DayKind.HOLIDAY, date(2027, 1, 1), date(2027, 1, 3)),
        ("清明节", DayKind.HOLIDAY, date(2027, 4, 3), date(2027, 4, 5)),
        ("劳动节", DayKind.HOLIDAY, date(2027, 5, 1), date(2027, 5, 5)),
    ]:
        calendar_services.add_exception(
            actor=bureau_admin, org=district, name=name, kind=kind, start=start, end=end
        )


@transaction.atomic
def load_demo():
    """Create (or complete) the demo district. Returns the list of demo logins."""
    city = _org(None, OrgKind.CITY, "demo-city", "示范市")
    district = _org(city, OrgKind.DISTRICT, "demo-district", "城南区")
    streets = [
        _org(district, OrgKind.STREET, "demo-street-1", "东城街道"),
        _org(district, OrgKind.STREET, "demo-street-2", "西湖镇"),
    ]
    logins = []
    bureau_users = {}
    for i, (username, name, role) in enumerate(BUREAU_LOGINS):
        user = _user(username, name, f"1360000{i:04d}")
        _member(user, district, role)
        bureau_users[role] = user
        logins.append((username, role.label, district.name))
    _calendar(bureau_users[Role.BUREAU_ADMIN], district)
    for index, spec in enumerate(SCHOOLS):
        school, _accounts = _school(district, streets[spec[3]], spec, index)
        for suffix, _title, role in SCHOOL_LOGINS:
            logins.append((f"{spec[0]}.{suffix}", role.label, school.name))
    # A school's own adjustment: the boarding school starts a day early for boarders' check-in.
    s08 = Org.objects.get(code="s08")
    if not CalendarException.objects.filter(org=s08).exists():
        calendar_services.add_exception(
            actor=User.objects.get(username="s08.officer"),
            org=s08,
            name="住校生返校日",
            kind=DayKind.SCHOOL_DAY,
            start=date(2026, 8, 31),
            end=date(2026, 8, 31),
        )
    schools = list(Org.objects.filter(code__in=[s[0] for s in SCHOOLS]).order_by("code"))
    demo = Demo(schools=schools, bureau=bureau_users)
    for loader in in_order(LOADERS):
        import_string(loader.path)(demo)
    return logins + demo.logins
