"""The demo's off-campus activities at 城南实验小学: the spring study trip to the science museum
next week, requested by a teacher with two colleagues leading 24 pupils, approved by the
principal; and the wetland park trip three weeks ago with its roll call out and back finished
(one pupil stayed home, one was handed to her mother at the park, everyone else came back).
No outing rule is set in the demo district (no national figure was found), so their pages say
the ratio is not checked."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.students.models import Student
from safecampus.transport.models import MarkKind, Outing
from safecampus.transport.services import outings as services


def load(_demo):
    school = Org.objects.get(code="s01")
    if Outing.objects.filter(school=school).exists():
        return
    teacher = User.objects.get(username="s01.teacher")
    start = (timezone.localtime() + timedelta(days=7)).replace(
        hour=8, minute=30, second=0, microsecond=0
    )
    outing = services.request_outing(
        actor=teacher,
        school=school,
        kind="outing",
        title="春季研学：市科技馆",
        destination="示范市科技馆（人民路100号）",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        plan="8:30校门集合点名，乘校车前往；上午参观“生命科学”“交通安全”两个展厅，午餐在馆内餐厅，14:30集合返校。",
        security_plan="三名教师带队，每人负责一组8人；上车、入馆、午餐后、返程四次点名；随队急救包；遇走失立即报告带队负责人并联系场馆安保。",
        insurance="校方责任险（示范保险公司，保单号 XF-2026-0315）",
        students=Student.objects.filter(school=school, is_active=True).order_by("pk")[:24],
        staff=[
            teacher,
            User.objects.get(username="s01.headteacher"),
            User.objects.get(username="s01.teacher2"),
        ],
    )
    services.submit_outing(actor=teacher, outing=outing)
    services.decide_outing(
        actor=User.objects.get(username="s01.principal"),
        outing=outing,
        approve=True,
        note="同意。出发前一天再次确认天气和保险。",
    )
    _finished(school, teacher)


def _finished(school, teacher):
    lead = User.objects.get(username="s01.teacher2")
    pupils = list(Student.objects.filter(school=school, is_active=True).order_by("-pk")[:12])
    leaves = (timezone.localtime() - timedelta(days=21)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    outing = services.request_outing(
        actor=lead,
        school=school,
        kind="outing",
        title="秋季研学：城南湿地公园",
        destination="城南湿地公园（南门集合）",
        starts_at=leaves + timedelta(days=30),
        ends_at=leaves + timedelta(days=30, hours=6),
        plan="步行前往，上午观鸟和水质小实验，午餐自带，13:30集合返校。",
        security_plan="两名教师带队，出发、午餐后、返程三次点名；不靠近水边护栏外；随队急救包。",
        insurance="校方责任险（示范保险公司，保单号 XF-2026-0315）",
        students=pupils,
        staff=[lead, User.objects.get(username="s01.headteacher")],
    )
    services.submit_outing(actor=lead, outing=outing)
    services.decide_outing(
        actor=User.objects.get(username="s01.principal"), outing=outing, approve=True
    )
    # Requested and approved a month ahead; the demo moves its dates to three weeks ago.
    Outing.objects.filter(pk=outing.pk).update(
        starts_at=leaves, ends_at=leaves + timedelta(hours=6)
    )
    outing.refresh_from_db()
    home, fetched, *went = pupils
    services.mark_outing(actor=lead, outing=outing, student=home, kind=MarkKind.ABSENT, now=leaves)
    for i, student in enumerate([fetched, *went]):
        services.mark_outing(
            actor=lead,
            outing=outing,
            student=student,
            kind=MarkKind.BOARD,
            now=leaves + timedelta(seconds=20 * i),
        )
    services.mark_outing(
        actor=lead,
        outing=outing,
        student=fetched,
        kind=MarkKind.ACCOUNT,
        note="妈妈在公园南门接走（12:40，班主任电话确认）",
        now=leaves + timedelta(hours=4, minutes=40),
    )
    back = leaves + timedelta(hours=5, minutes=50)
    for i, student in enumerate(went):
        services.mark_outing(
            actor=lead,
            outing=outing,
            student=student,
            kind=MarkKind.ALIGHT,
            now=back + timedelta(seconds=15 * i),
        )
    services.return_outing(actor=lead, outing=outing, now=back + timedelta(minutes=6))
