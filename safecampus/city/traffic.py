"""Traffic safety round each school (一校一策): the traffic plan (a second version at some
schools), and at the schools whose children walk (every kindergarten, primary and nine-year
school, half the secondary ones, and the hot spot) one or two crossing posts with last week's
and this week's volunteers (小黄帽: parents and grandparents by name). About one school in
eight, and the hot spot, has left Friday's afternoon post open this week."""

from datetime import time, timedelta

from safecampus.city.context import gap
from safecampus.core.models import SchoolKind
from safecampus.core.roles import Role
from safecampus.transport.models import CrossingPost, TrafficPlan, VolunteerShift
from safecampus.transport.queries.traffic import week_of

ROADS = ["人民路", "建设路", "解放路", "中山路", "学府路", "文昌路", "新华路", "长安街"]
SURNAMES = "陈林赵周吴郑孙钱王李张刘黄杨何高罗郭"
RELATIONS = ["爸爸", "妈妈", "爷爷", "奶奶", "外婆"]
VOLUNTEERS = [surname + relation for surname in SURNAMES for relation in RELATIONS]
WALKING = {SchoolKind.KINDERGARTEN, SchoolKind.PRIMARY, SchoolKind.NINE_YEAR}
# Peak times by kind: arrival and leaving (morning post, afternoon post).
PEAKS = {
    SchoolKind.KINDERGARTEN: ((time(7, 50), time(8, 30)), (time(16, 0), time(16, 40))),
    SchoolKind.PRIMARY: ((time(7, 20), time(8, 0)), (time(15, 40), time(16, 40))),
}
SECONDARY = ((time(6, 50), time(7, 30)), (time(17, 20), time(18, 0)))
FOLLOWS = (
    "GB 5768.8-2018《道路交通标志和标线 第8部分：学校区域》；GA/T 1215-2014；"
    "区教育局、交警大队“一校一策”通知"
)


def _hm(t):
    return f"{t.hour}:{t.minute:02d}"


def grow(city):
    rng = city.rng("traffic")
    w = city.writer
    plans, posts, shifts = [], [], []
    this_week = week_of(city.today)[:5]
    days = [d - timedelta(days=7) for d in this_week] + this_week
    for school in city.schools:
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        road, side = rng.sample(ROADS, 2)
        (am, pm) = PEAKS.get(school.kind, SECONDARY)
        phone = f"0571-8{rng.randint(10**6, 10**7 - 1)}"
        plan = {
            "peak": f"上学 {_hm(am[0])}–{_hm(am[1])}，放学 {_hm(pm[0])}–{_hm(pm[1])}。",
            "zones": f"{road}北侧临时停车接送区（校门东西各50米，限停3分钟）",
            "routes": f"步行学生走{road}人行道进校；接送车辆由东向西单向通行，不在校门前掉头。",
            "crossings": f"校门前{road}斑马线；{road}与{side}路口信号灯。",
            "contacts": f"区交警大队城关中队；街道平安办；学校安全办 {phone}。",
        }  # fmt: skip
        versions = [rng.randint(300, 700)]
        if rng.random() < 0.4:
            versions.append(rng.randint(10, 200))
        for v, back in enumerate(versions, start=1):
            # A second version adds the no-stopping zone before the gate.
            zones = plan["zones"] + ("；校门前20米为禁停区。" if v > 1 else "。")
            plans.append(
                [school.id, v, plan["peak"], zones, plan["routes"], plan["crossings"],
                 plan["contacts"], FOLLOWS, city.today - timedelta(days=back), principal,
                 city.at(back - 1) - timedelta(hours=7)]
            )  # fmt: skip
        if not (school.hot or school.kind in WALKING or rng.random() < 0.5):
            continue
        places = [(f"校门前{road}斑马线", am), (f"{road}与{side}路口", pm)]
        if rng.random() < 0.3 and not school.hot:
            places = places[:1]
        gap_day = this_week[4] if gap(rng, school) else None
        for n, (place, (starts, ends)) in enumerate(places):
            posts.append([school.id, place, starts, ends, True])
            for day in days:
                if n == 1 and day == gap_day:
                    continue
                for name in rng.sample(VOLUNTEERS, 2):
                    phone = f"139{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else ""
                    shifts.append([len(posts) - 1, day, name, phone, officer])
    first = w.ids(TrafficPlan, len(plans))
    w.write(
        TrafficPlan,
        ["id", "school_id", "version", "peak_times", "zones", "routes", "crossings", "contacts",
         "follows", "adopted_on", "adopted_by_id", "created_at"],
        [[first + n, *row] for n, row in enumerate(plans)],
    )  # fmt: skip
    first_post = w.ids(CrossingPost, len(posts))
    w.write(
        CrossingPost,
        ["id", "school_id", "place", "starts", "ends", "is_active"],
        [[first_post + n, *row] for n, row in enumerate(posts)],
    )
    first = w.ids(VolunteerShift, len(shifts))
    w.write(
        VolunteerShift,
        ["id", "post_id", "day", "name", "phone", "added_by_id"],
        [[first + n, first_post + post, *rest] for n, (post, *rest) in enumerate(shifts)],
    )
