"""Builders the dispatch tests share: a task sent by the demo bureau through the service."""

from datetime import timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.supervision.services import dispatch as services


def send(kind="task", *, figures=("灭火器数量",), days=5, target=None, **fields):
    """A task (or notice) from the demo district to its eight schools (or the target's)."""
    return services.send_task(
        actor=User.objects.get(username="bureau.admin"),
        sender=Org.objects.get(code="demo-district"),
        kind=kind,
        title=fields.pop("title", "消防自查"),
        body=fields.pop("body", "请完成自查并上报。"),
        deadline=timezone.now() + timedelta(days=days),
        figure_labels=list(figures) if kind == "task" else [],
        target=target,
        **fields,
    )


def copy_of(task, code="s01"):
    return task.recipients.select_related("task", "school").get(school__code=code)


def officer(code="s01"):
    return User.objects.get(username=f"{code}.officer")


def full_reply(task):
    return {"text": "已完成", "figures": {f["key"]: 3 for f in task.figures}}
