"""The demo's traffic safety at 城南实验小学: the traffic plan (一校一策) in two versions (the
second adds the south gate's drop-off zone), two crossing posts, and this week's volunteers
(小黄帽, parents by name), with Friday afternoon's post still open so the page shows a gap."""

from datetime import time, timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.transport.models import TrafficPlan
from safecampus.transport.queries.traffic import week_of
from safecampus.transport.services import traffic as services

PLAN = {
    "peak_times": "上学 7:20–8:00，放学 15:40–16:40（周五 14:50–15:40）。",
    "zones": "人民路北侧临时停车接送区（校门东西各50米，限停3分钟）；校门前20米为禁停区。",
    "routes": "步行学生走人民路北侧人行道进校；家长车辆由东向西单向通行，不在校门前掉头。",
    "crossings": "校门前人民路斑马线（宽8米，距校门30米）；人民路与建设路口信号灯。",
    "contacts": (
        "城南交警中队 王警官 0571-80000001；城南街道办 平安办 0571-80000002；"
        "学校安全办 黄主任 0571-80000003。"
    ),
    "follows": (
        "GB 5768.8-2018《道路交通标志和标线 第8部分：学校区域》；GA/T 1215-2014；"
        "区教育局、交警大队“一校一策”通知"
    ),
}
VOLUNTEERS = ["陈爸爸", "林妈妈", "赵奶奶", "周爸爸", "吴妈妈", "郑爷爷", "孙妈妈", "钱爸爸"]


def load(_demo):
    school = Org.objects.get(code="s01")
    if TrafficPlan.objects.filter(school=school).exists():
        return
    officer = User.objects.get(username="s01.officer")
    today = timezone.localdate()
    services.adopt_plan(
        actor=officer,
        school=school,
        adopted_on=today - timedelta(days=380),
        **{**PLAN, "zones": "人民路北侧临时停车接送区（校门东西各50米，限停3分钟）。"},
    )
    services.adopt_plan(actor=officer, school=school, adopted_on=today - timedelta(days=30), **PLAN)
    morning = services.add_post(
        actor=officer,
        school=school,
        place="校门前人民路斑马线",
        starts=time(7, 20),
        ends=time(8, 0),
    )
    afternoon = services.add_post(
        actor=officer,
        school=school,
        place="人民路与建设路口",
        starts=time(15, 40),
        ends=time(16, 40),
    )
    names = iter(VOLUNTEERS * 3)
    for day in week_of(today)[:5]:
        for post in (morning, afternoon):
            if post == afternoon and day.weekday() == 4:
                continue
            for _i in range(2):
                services.add_volunteer(actor=officer, post=post, day=day, name=next(names))
