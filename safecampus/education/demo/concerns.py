"""The demo parent's concerns (docs/education.md): one the head teacher answered, one still
waiting for the school."""

from datetime import timedelta

from django.utils import timezone

from safecampus.education.models import Concern
from safecampus.education.services import concerns
from safecampus.students.demo import DEMO_PARENT_PHONE
from safecampus.students.models import Student
from safecampus.students.phone_login import open_account


def load_concerns(demo):
    child = (
        Student.objects.filter(guardians__phone=DEMO_PARENT_PHONE, is_active=True)
        .select_related("school", "school_class__head_teacher")
        .order_by("pk")
        .first()
    )
    if child is None or Concern.objects.filter(student=child).exists():
        return
    name = child.guardians.filter(phone=DEMO_PARENT_PHONE).first().name
    account = open_account(DEMO_PARENT_PHONE, name)
    answered = concerns.raise_concern(
        account=account,
        student=child,
        text="放学时校门口东侧路段车辆很多，孩子过马路不安全，能否安排老师或交警在路口护送？",
    )
    head = child.school_class.head_teacher
    if head is not None:
        concerns.answer(
            actor=head,
            concern=answered,
            text="感谢您的提醒。学校已联系交警中队，放学时段（16:30—17:15）东侧路口安排护学岗，"
            "班主任每天带队过马路。",
        )
    Concern.objects.filter(pk=answered.pk).update(
        created_at=timezone.now() - timedelta(days=6),
        answered_at=timezone.now() - timedelta(days=5),
    )
    concerns.raise_concern(
        account=account,
        student=child,
        text="孩子说课间在三楼走廊有高年级同学推搡，想请老师了解一下情况。",
    )
