"""The demo district's tasks and notices: one answered by every school, one past its deadline
with schools that never answered, one some schools have not read yet, a notice partly
acknowledged, and a reply the bureau returned. Written through the services (so the audit trail
and receipts are real), then moved back in time relative to today."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, OrgKind, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.supervision.models import DispatchedTask, TaskRecipient, TaskReply
from safecampus.supervision.services import dispatch as services

FIRE = "冬季消防安全自查"
FLOOD = "防汛物资清点上报"
FOOD = "食堂食品安全专项检查"
HOLIDAY = "关于做好寒假安全教育工作的通知"
DRILL = "第四季度应急疏散演练总结"


def _officer(copy):
    return User.objects.get(username=f"{copy.school.code}.officer")


def _send(admin, district, title, *, days_ago, due_in, **fields):
    """Send now with a deadline ahead, then set the dates the story needs."""
    now = timezone.now()
    task = services.send_task(
        actor=admin,
        sender=district,
        title=title,
        deadline=now + timedelta(days=30),
        **fields,
    )
    sent_at = now - timedelta(days=days_ago)
    deadline = now + timedelta(days=due_in) if due_in is not None else None
    DispatchedTask.objects.filter(pk=task.pk).update(sent_at=sent_at, deadline=deadline)
    task.refresh_from_db()
    return task


def _answer(task, copy, *, hours_after, figures=None, text="已按要求完成，详见附表。"):
    """The officer reads and replies; the reply is dated `hours_after` the sending."""
    officer = _officer(copy)
    services.mark_read(user=officer, recipient=copy)
    if task.kind == "notice":
        services.acknowledge(actor=officer, recipient=copy)
    else:
        services.reply(actor=officer, recipient=copy, text=text, figures=figures or {})
    at = task.sent_at + timedelta(hours=hours_after)
    late = task.deadline is not None and at > task.deadline
    TaskReply.objects.filter(recipient=copy).update(submitted_at=at, late=late)
    TaskRecipient.objects.filter(pk=copy.pk).update(read_at=at - timedelta(hours=2))


def _read(copy, *, at):
    services.mark_read(user=_officer(copy), recipient=copy)
    TaskRecipient.objects.filter(pk=copy.pk).update(read_at=at)


def _copies(task):
    return list(task.recipients.select_related("school", "task").order_by("school__code"))


def load(demo):
    """Idempotent: a district that has any of these tasks keeps them as they are."""
    admin = demo.bureau[Role.BUREAU_ADMIN]
    inspector = demo.bureau[Role.BUREAU_INSPECTOR]
    district = Org.objects.get(code="demo-district")
    if DispatchedTask.objects.filter(sender=district, title=FIRE).exists():
        return
    street = Org.objects.get(code="demo-street-1", kind=OrgKind.STREET)
    with muted():
        # Answered by every school, every reply accepted.
        fire = _send(
            admin,
            district,
            FIRE,
            kind="task",
            body="请各校对照消防安全检查表完成自查，上报灭火器、疏散指示标志检查情况。",
            figure_labels=["灭火器检查数量", "发现问题数量"],
            days_ago=20,
            due_in=-10,
        )
        for n, copy in enumerate(_copies(fire)):
            _answer(fire, copy, hours_after=24 + n * 6, figures={"f1": 20 + n * 3, "f2": n % 3})
            services.review(actor=inspector, recipient=copy, action="accept")
        services.end_task(actor=admin, task=fire, action="close")

        # Past its deadline: five answered (one late), three never did.
        flood = _send(
            admin,
            district,
            FLOOD,
            kind="task",
            body="请清点防汛沙袋、水泵、救生衣数量并上报。",
            figure_labels=["沙袋（袋）", "水泵（台）", "救生衣（件）"],
            days_ago=9,
            due_in=-2,
        )
        for n, copy in enumerate(_copies(flood)[:5]):
            hours = 24 * 8 if n == 4 else 24 + n * 10  # the fifth after the deadline
            _answer(flood, copy, hours_after=hours, figures={"f1": 50 + n, "f2": 2, "f3": 30})
        for copy in _copies(flood)[5:7]:
            _read(copy, at=flood.sent_at + timedelta(days=1))

        # Sent to one street's schools two days ago: some have not opened it.
        food = _send(
            admin,
            district,
            FOOD,
            kind="task",
            body="请开展食堂食品安全专项检查，上传检查记录照片。",
            target={"under": [street.pk]},
            needs_attachments=False,
            figure_labels=["检查次数"],
            days_ago=2,
            due_in=5,
        )
        food_copies = _copies(food)
        _answer(food, food_copies[0], hours_after=20, figures={"f1": 3})
        if len(food_copies) > 1:
            _read(food_copies[1], at=food.sent_at + timedelta(hours=5))

        # A notice, partly acknowledged.
        holiday = _send(
            admin,
            district,
            HOLIDAY,
            kind="notice",
            body="寒假前请组织开展防溺水、防火、交通安全教育，并发放《致家长的一封信》。",
            days_ago=3,
            due_in=4,
        )
        for n, copy in enumerate(_copies(holiday)[:5]):
            _answer(holiday, copy, hours_after=3 + n)

        # A reply returned with a reason; the school has yet to answer again.
        drill = _send(
            admin,
            district,
            DRILL,
            kind="task",
            body="请上报本季度应急疏散演练情况：参演人数与疏散用时。",
            figure_labels=["参演人数", "疏散用时（秒）"],
            days_ago=6,
            due_in=3,
        )
        drill_copies = _copies(drill)
        _answer(drill, drill_copies[0], hours_after=30, figures={"f1": 0, "f2": 0})
        services.review(
            actor=inspector,
            recipient=drill_copies[0],
            action="return",
            reason="参演人数和疏散用时为 0，请核实后重新填报。",
        )
        for n, copy in enumerate(drill_copies[1:4], start=1):
            _answer(drill, copy, hours_after=30 + n, figures={"f1": 600 + n * 50, "f2": 180})
        # The hourly sweep has long since told the bureau of the overdue schools.
        services.escalate_overdue()
