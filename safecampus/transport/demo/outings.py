"""The demo's off-campus activity: 城南实验小学's spring study trip to the science museum next
week, requested by a teacher with two colleagues leading 24 pupils, approved by the principal.
No outing rule is set in the demo district (no national figure was found), so its page will
say the ratio is not checked."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.students.models import Student
from safecampus.transport.models import Outing
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
