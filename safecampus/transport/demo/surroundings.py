"""The demo district's surroundings: at 城南实验小学 an internet café inside 200 m closed after
the culture bureau's answer and a re-check, a tobacco shop referred and awaiting its answer, a
traffic problem answered and waiting for the school's re-check, an unlicensed stall just
reported; at 东城路小学 a stall that a re-check found still there (back with 城管). A joint
inspection this semester at s01, none at s02 (so s02 is due).

Two outside departments of the district answer on the platform: 城南派出所 (login
`dept.police`) answered the traffic problem at s01 and has a rental house at s02 to answer;
城南市场监管所 (`dept.market`) has the tobacco shop at s01 to answer."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.demo import PASSWORD
from safecampus.core.models import Org, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.transport.models import (
    DepartmentKind,
    DepartmentMember,
    OutsideDepartment,
    ProblemType,
    SurroundingsProblem,
)
from safecampus.transport.services import departments as department_services
from safecampus.transport.services import surroundings as services

# school, type code, place, metres, description, steps, days ago
PROBLEMS = [
    ("s01", "internet_cafe", "南门路88号“星际网咖”", 160, "放学时段有学生进出。",
     ["refer", "answer", "recheck"], 40),
    ("s01", "tobacco", "桥头便利店", 80, "柜台醒目位置陈列香烟，未见禁止向未成年人售烟标识。",
     ["refer"], 9),
    ("s01", "traffic", "校门东侧人行道", 20, "上下学时段机动车占用人行道停放，接送车辆掉头。",
     ["refer", "answer"], 15),
    ("s01", "food_stall", "校门西侧", 30, "流动摊贩售卖辣条、烤肠，无证照。", [], 1),
    ("s02", "stall_building", "东城路口", 40, "早点摊占用校门前通道。",
     ["refer", "answer", "persists"], 25),
    ("s02", "rental_housing", "东城路12号3楼", 120, "群租房，人员进出频繁，住户情况不明。",
     ["refer"], 3),
]  # fmt: skip
# The departments on the platform: key, type, name, login, the person's name.
DEPARTMENTS = [
    ("police", DepartmentKind.POLICE, "城南派出所", "dept.police", "李警官"),
    ("market", DepartmentKind.MARKET, "城南市场监管所", "dept.market", "周科长"),
]
# Problems referred to a department on the platform (type code -> department key).
ON_PLATFORM = {"traffic": "police", "tobacco": "market", "rental_housing": "police"}
ANSWERS = {
    "internet_cafe": "区文旅局已约谈经营者，责令严格落实未成年人禁入规定并张贴标识。",
    "traffic": "已在上下学时段增派警力疏导，联系交警施划禁停线，违停车辆已劝离。",
    "stall_building": "城管中队已劝离，将纳入日常巡查。",
}
DEPARTMENT_OF = {"internet_cafe": "区文旅局"}


def _departments(demo):
    district = Org.objects.get(code="demo-district")
    admin = demo.bureau[Role.BUREAU_ADMIN]
    made = {}
    for key, kind, name, username, person in DEPARTMENTS:
        department = OutsideDepartment.objects.filter(area=district, name=name).first()
        if department is None:
            department = department_services.add_department(
                actor=admin, area=district, kind=kind, name=name
            )
        if not DepartmentMember.objects.filter(user__username=username).exists():
            department_services.add_department_account(
                actor=admin,
                department=department,
                username=username,
                display_name=person,
                password=PASSWORD,
            )
        demo.logins.append((username, Role.OUTSIDE_DEPARTMENT.label, name))
        made[key] = department
    return made


def load(demo):
    """Idempotent: a school with a problem on file is left alone."""
    now = timezone.now()
    with muted():
        departments = _departments(demo)
        for code, kind_code, place, metres, text, steps, days in PROBLEMS:
            school = Org.objects.get(code=code)
            if SurroundingsProblem.objects.filter(school=school, place=place).exists():
                continue
            officer = User.objects.get(username=f"{code}.officer")
            kind = ProblemType.objects.get(org=None, code=kind_code)
            problem = services.report_problem(
                actor=officer,
                school=school,
                kind=kind,
                place=place,
                distance_m=metres,
                description=text,
            )
            for step in steps:
                on_platform = departments.get(ON_PLATFORM.get(kind_code))
                if step == "refer":
                    named = "" if on_platform else kind.department
                    services.refer_problem(
                        actor=officer,
                        problem=problem,
                        department=DEPARTMENT_OF.get(kind_code, named),
                        referred_to=on_platform,
                    )
                elif step == "answer":
                    services.record_answer(
                        actor=on_platform.members.first().user if on_platform else officer,
                        problem=problem,
                        answer=ANSWERS[kind_code],
                    )
                else:
                    resolved = step == "recheck"
                    services.recheck_problem(
                        actor=officer,
                        problem=problem,
                        outcome="resolved" if resolved else "persists",
                        note="复查已整改，标识已张贴。"
                        if resolved
                        else "复查仍有摊点，已再次转城管。",
                    )
            SurroundingsProblem.objects.filter(pk=problem.pk).update(
                reported_at=now - timedelta(days=days)
            )
        s01 = Org.objects.get(code="s01")
        if not s01.joint_inspections.exists():
            services.record_joint_inspection(
                actor=User.objects.get(username="s01.officer"),
                school=s01,
                held_on=timezone.localdate() - timedelta(days=20),
                departments="街道、派出所、市场监管所、城管中队、文旅",
                findings="检查校园周边200米内经营场所12家，发现网吧1家、烟草销售点1家，已分别移交。",
            )
