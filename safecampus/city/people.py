"""The org tree (a city bureau, its districts, N schools), staff with memberships, zones, and
the posts people hold, each placed in the zone where its holder stands on duty."""

from safecampus.city.context import School, person_name
from safecampus.core.models import (
    Membership,
    Org,
    OrgKind,
    Post,
    PostAssignment,
    PostKind,
    User,
    Zone,
    ZoneKind,
)
from safecampus.core.models.org import SchoolKind
from safecampus.core.roles import Role

SCHOOLS_PER_DISTRICT = 100
KINDS = [
    (SchoolKind.PRIMARY, "小学", 0.45),
    (SchoolKind.KINDERGARTEN, "幼儿园", 0.25),
    (SchoolKind.JUNIOR, "中学", 0.18),
    (SchoolKind.SENIOR, "高级中学", 0.08),
    (SchoolKind.NINE_YEAR, "九年一贯制学校", 0.04),
]
PLACES = "城南东城西湖北山南桥新河滨江金沙青石梅园桃源长安柳林"
BUREAU_STAFF = [("bureau", Role.BUREAU_ADMIN), ("inspector", Role.BUREAU_INSPECTOR)]
# The named people of each school, then the rest as teachers and head teachers.
NAMED = [
    ("principal", Role.PRINCIPAL),
    ("officer", Role.SAFETY_OFFICER),
    ("officer2", Role.SAFETY_OFFICER),
    ("guard1", Role.GUARD),
    ("guard2", Role.GUARD),
    ("guard3", Role.GUARD),
]
ZONES = [
    ("教学楼A", ZoneKind.BUILDING),
    ("教学楼B", ZoneKind.BUILDING),
    ("综合楼", ZoneKind.BUILDING),
    ("食堂", ZoneKind.CANTEEN),
    ("学生宿舍", ZoneKind.DORMITORY),
    ("化学实验室", ZoneKind.LABORATORY),
    ("物理实验室", ZoneKind.LABORATORY),
    ("操场", ZoneKind.SPORTS_GROUND),
    ("体育馆", ZoneKind.SPORTS_GROUND),
    ("南门", ZoneKind.GATE),
    ("北门", ZoneKind.GATE),
    ("围墙", ZoneKind.PERIMETER),
    ("配电房", ZoneKind.OTHER),
    ("锅炉房", ZoneKind.OTHER),
    ("图书馆", ZoneKind.BUILDING),
    ("地下车库", ZoneKind.OTHER),
]

# Each school's posts: name, kind, the zone its holder stands in (one of the first ten ZONES,
# which every school has), who holds it (a role's people, or None for a teacher), and duties.
POSTS = [
    ("校长", PostKind.PRINCIPAL, "综合楼", Role.PRINCIPAL, "全面负责学校安全工作"),
    ("安全主任", PostKind.SAFETY_OFFICER, "综合楼", Role.SAFETY_OFFICER, "组织隐患排查与演练"),
    ("门卫", PostKind.GUARD, "南门", Role.GUARD, "来访登记、校门值守、一键报警"),
    ("食堂管理员", PostKind.CANTEEN_MANAGER, "食堂", None, "食品留样、燃气检查"),
    ("实验室管理员", PostKind.LAB_MANAGER, "化学实验室", None, "危化品双人双锁管理"),
    ("宿舍管理员", PostKind.DORM_MANAGER, "学生宿舍", None, "夜间查寝、消防通道畅通"),
    ("值班教师", PostKind.DUTY_TEACHER, "教学楼A", None, "课间巡查、上下学疏导"),
]


def _pick_kind(rng):
    x = rng.random()
    for kind, suffix, share in KINDS:
        x -= share
        if x <= 0:
            return kind, suffix
    return KINDS[0][:2]


def grow(city, n_schools, hazards, hot_spot):
    rng = city.rng("people")
    w = city.writer
    n_districts = -(-n_schools // SCHOOLS_PER_DISTRICT)
    first_org = w.ids(Org, 1 + n_districts + n_schools)
    now = city.midnight
    orgs = []

    def org(pk, kind, name, code, parent, path, depth, **school):
        orgs.append(
            [
                pk,
                kind,
                name,
                code,
                parent,
                path,
                depth,
                school.get("school_kind", ""),
                school.get("address", ""),
                school.get("day", 0),
                school.get("boarding", 0),
                school.get("staff", 0),
                school.get("contact", ""),
                "",
                "",
                0,
                now,
            ]
        )

    city.bureau_id = first_org
    root_path = f"/{first_org}/"
    org(first_org, OrgKind.CITY, f"{city.prefix}市教育局", city.prefix, None, root_path, 0)
    districts = []
    for d in range(n_districts):
        pk = first_org + 1 + d
        path = f"{root_path}{pk}/"
        districts.append((pk, path))
        org(
            pk,
            OrgKind.DISTRICT,
            f"第{d + 1}区教育局",
            f"{city.prefix}-d{d + 1:02d}",
            first_org,
            path,
            1,
        )
    city.district_ids = [pk for pk, _path in districts]

    staff_sizes = [rng.randint(24, 160) for _ in range(n_schools)]
    first_user = w.ids(User, len(BUREAU_STAFF) + sum(staff_sizes))
    users, memberships = [], []
    next_user = first_user

    def user(username, name, org_id, role):
        nonlocal next_user
        pk = next_user
        next_user += 1
        users.append(
            [
                pk,
                city.password_hash,
                None,
                False,
                username,
                "",
                "",
                "",
                False,
                True,
                now,
                name,
                None,
                "",
            ]
        )
        memberships.append([org_id, pk, role, now])
        return pk

    for login, role in BUREAU_STAFF:
        city.bureau_users[role] = user(f"{city.prefix}.{login}", person_name(rng), first_org, role)

    for i in range(n_schools):
        pk = first_org + 1 + n_districts + i
        district, dpath = districts[i // SCHOOLS_PER_DISTRICT]
        kind, suffix = _pick_kind(rng)
        place = "".join(rng.sample(PLACES, 2))
        code = f"{city.prefix}-s{i + 1:04d}"
        enrolment = rng.randint(150, 3000)
        boarding = enrolment // 2 if kind in (SchoolKind.SENIOR, SchoolKind.NINE_YEAR) else 0
        school = School(pk, code, f"{place}第{i + 1}{suffix}", kind, enrolment)
        city.schools.append(school)
        org(
            pk,
            OrgKind.SCHOOL,
            school.name,
            code,
            district,
            f"{dpath}{pk}/",
            2,
            school_kind=kind,
            address=f"{place}路{rng.randint(1, 300)}号",
            day=enrolment - boarding,
            boarding=boarding,
            staff=staff_sizes[i],
            contact=person_name(rng),
        )
        for n in range(staff_sizes[i]):
            if n < len(NAMED):
                login, role = NAMED[n]
            else:
                login, role = (
                    f"t{n:03d}",
                    rng.choice((Role.TEACHER, Role.TEACHER, Role.HEAD_TEACHER)),
                )
            uid = user(f"{code}.{login}", person_name(rng), pk, role)
            school.staff.append(uid)
            school.roles.setdefault(role, []).append(uid)

    w.write(
        Org,
        [
            "id",
            "kind",
            "name",
            "code",
            "parent_id",
            "path",
            "depth",
            "school_kind",
            "address",
            "day_students",
            "boarding_students",
            "staff_count",
            "contact_name",
            "contact_phone",
            "emergency_phone",
            "audit_seq",
            "created_at",
        ],
        orgs,
    )
    w.write(
        User,
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "display_name",
            "mobile",
            "language",
        ],
        users,
    )
    first_membership = w.ids(Membership, len(memberships))
    w.write(
        Membership,
        ["id", "org_id", "user_id", "role", "started_at"],
        [[first_membership + n, *row] for n, row in enumerate(memberships)],
    )
    _zones(city, rng)
    _posts(city, rng)
    _share_hazards(city, rng, hazards, hot_spot)


def _zones(city, rng):
    w = city.writer
    counts = [rng.randint(10, len(ZONES)) for _ in city.schools]
    next_id = w.ids(Zone, sum(counts))
    rows = []
    now = city.midnight
    for school, count in zip(city.schools, counts, strict=False):
        for name, kind in ZONES[:count]:
            # Every generated zone is at the top level: its full path is its name.
            rows.append(
                [next_id, school.id, None, name, name, kind, rng.choice(school.staff), "", now, now]
            )
            school.zones.append((next_id, name, kind))
            next_id += 1
    w.write(
        Zone,
        [
            "id",
            "school_id",
            "parent_id",
            "name",
            "path_name",
            "kind",
            "responsible_id",
            "notes",
            "created_at",
            "updated_at",
        ],
        rows,
    )


def _posts(city, rng):
    w = city.writer
    now = city.midnight
    next_post = w.ids(Post, len(POSTS) * len(city.schools))
    posts, holders = [], []
    for school in city.schools:
        zone_of = {name: pk for pk, name, _kind in school.zones}
        teachers = school.roles.get(Role.TEACHER) or school.staff
        for name, kind, zone, role, duties in POSTS:
            posts.append([next_post, school.id, name, kind, duties, zone_of[zone], now, now])
            school.posts[kind] = (next_post, zone_of[zone])
            people = school.roles[role] if role else [rng.choice(teachers)]
            holders.extend([next_post, user, now, None] for user in people)
            next_post += 1
    w.write(
        Post,
        ["id", "school_id", "name", "kind", "duties", "zone_id", "created_at", "updated_at"],
        posts,
    )
    first = w.ids(PostAssignment, len(holders))
    w.write(
        PostAssignment,
        ["id", "post_id", "user_id", "started_at", "ended_at"],
        [[first + n, *row] for n, row in enumerate(holders)],
    )


def _share_hazards(city, rng, total, hot_spot):
    """The hot-spot school (the first) takes `hot_spot` (at most half); the rest is shared
    unevenly."""
    schools = city.schools
    hot = min(hot_spot, total // 2) if len(schools) > 1 else total
    schools[0].hazards = hot
    schools[0].hot = True
    rest = schools[1:]
    if not rest:
        return
    weights = [rng.lognormvariate(0, 0.6) for _ in rest]
    scale = (total - hot) / sum(weights)
    shares = [int(weight * scale) for weight in weights]
    for n in range(total - hot - sum(shares)):
        shares[n % len(rest)] += 1
    for school, share in zip(rest, shares, strict=False):
        school.hazards = share
