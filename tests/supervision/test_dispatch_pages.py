"""The pages of dispatched tasks: sending, the school's inbox and reply form, the sender's task
page with its counts and lists, the xlsx, the demo's story, and what each list costs."""

import itertools
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safecampus.core.models import Org, OrgKind, User
from safecampus.core.roles import Role
from safecampus.supervision.models import DispatchedTask, TaskRecipient, TaskReply
from safecampus.supervision.services import dispatch as services
from tests.budgets import assert_bounded, assert_shows, grow_between_loads
from tests.helpers import make_user
from tests.supervision.dispatch_helpers import copy_of, full_reply, officer, send

pytestmark = pytest.mark.django_db


def _district():
    return Org.objects.get(code="demo-district")


def test_the_demo_tells_each_story():
    tasks = {t.title: t for t in DispatchedTask.objects.filter(sender=_district())}
    fire = tasks["冬季消防安全自查"]
    assert set(fire.recipients.values_list("status", flat=True)) == {"accepted"}
    flood = tasks["防汛物资清点上报"]
    assert flood.deadline < timezone.now()
    assert flood.recipients.filter(status="pending").count() == 3
    assert flood.recipients.filter(escalated_at__isnull=False).count() == 3
    assert TaskReply.objects.filter(recipient__task=flood, late=True).count() == 1
    food = tasks["食堂食品安全专项检查"]
    assert food.recipients.filter(read_at__isnull=True).exists()
    holiday = tasks["关于做好寒假安全教育工作的通知"]
    assert 0 < holiday.recipients.filter(status="acknowledged").count() < 8
    drill = tasks["第四季度应急疏散演练总结"]
    assert drill.recipients.filter(status="returned").count() == 1


def test_sending_from_the_page(login):
    client = login("bureau.admin")
    district = _district()
    street = Org.objects.get(code="demo-street-2")
    deadline = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/orgs/{district.pk}/supervision/tasks/new/",
        {
            "kind": "task",
            "title": "校车安全检查",
            "body": "请检查校车",
            "deadline": deadline,
            "needs_text": "on",
            "figures": "校车数量\n检查次数",
            "target-under": [street.pk],
        },
    )
    assert response.status_code == 302
    task = DispatchedTask.objects.get(title="校车安全检查")
    assert [f["label"] for f in task.figures] == ["校车数量", "检查次数"]
    assert all(
        p.startswith(street.path) for p in task.recipients.values_list("school__path", flat=True)
    )


def test_a_task_without_a_deadline_is_refused_and_the_form_kept(login):
    client = login("bureau.admin")
    response = client.post(
        f"/orgs/{_district().pk}/supervision/tasks/new/",
        {"kind": "task", "title": "无期限任务", "body": "内容保留", "figures": "数量"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "内容保留" in page and "无期限任务" in page
    assert not DispatchedTask.objects.filter(title="无期限任务").exists()


def test_the_school_opens_its_task_and_replies_on_the_page(login):
    task = send(figures=["灭火器数量", "疏散标志数量"])
    client = login("s01.officer")
    page = client.get(task.get_absolute_url())
    assert page.status_code == 200 and "reply-form" in page.content.decode()
    assert copy_of(task).read_at is not None
    # A missing figure: refused, named, and what was typed is still there.
    refused = client.post(
        f"/supervision/tasks/{task.pk}/reply/", {"text": "自查已完成", "figure_f1": "12"}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "疏散标志数量" in body and "自查已完成" in body and 'value="12"' in body
    assert not TaskReply.objects.filter(recipient__task=task).exists()
    done = client.post(
        f"/supervision/tasks/{task.pk}/reply/",
        {"text": "自查已完成", "figure_f1": "12", "figure_f2": "4"},
    )
    assert done.status_code == 302
    assert copy_of(task).status == "replied"


def test_the_school_list_puts_unread_first_and_marks_overdue(login):
    read = send(title="已读的任务", days=1)
    send(title="未读的任务", days=9)
    services.mark_read(user=officer("s08"), recipient=copy_of(read, "s08"))
    school = Org.objects.get(code="s08")
    page = login("s08.officer").get(f"/orgs/{school.pk}/supervision/tasks/").content.decode()
    assert page.index("未读的任务") < page.index("已读的任务")
    # The demo's flood task passed its deadline without s08's answer.
    flood = page[page.index("防汛物资清点上报") :].split("</a>")[0]
    assert "text-bg-danger" in flood


def test_the_sender_sees_counts_and_who_has_not_read_or_replied(login):
    task = send()
    services.mark_read(user=officer("s01"), recipient=copy_of(task, "s01"))
    services.reply(actor=officer("s02"), recipient=copy_of(task, "s02"), **full_reply(task))
    client = login("bureau.inspector")
    page = client.get(task.get_absolute_url()).content.decode()
    assert "task-counts" in page
    unread = client.get(task.get_absolute_url() + "?show=unread").content.decode()
    s01, s02, s03 = (Org.objects.get(code=c).name for c in ("s01", "s02", "s03"))
    assert s03 in unread and s01 not in unread and s02 not in unread
    unreplied = client.get(task.get_absolute_url() + "?show=unreplied").content.decode()
    assert s01 in unreplied and s03 in unreplied and s02 not in unreplied
    api = client.get(f"/api/v1/tasks/{task.pk}/not-replied").json()
    assert api["count"] == 7
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert detail["counts"]["read"] == 2 and detail["counts"]["replied"] == 1
    assert detail["figure_sums"] == [{"label": "灭火器数量", "total": 3.0}]


def test_the_replies_xlsx_has_a_row_per_school_and_each_figure(login):
    task = send()
    services.reply(actor=officer("s02"), recipient=copy_of(task, "s02"), **full_reply(task))
    response = login("bureau.admin").get(f"/supervision/tasks/{task.pk}/replies.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "灭火器数量"
    assert len(rows) == 9
    replied = next(r for r in rows[1:] if r[0] == Org.objects.get(code="s02").name)
    assert replied[-1] == 3


def test_the_sender_reviews_on_the_page(login):
    task = send()
    services.reply(actor=officer("s01"), recipient=copy_of(task), **full_reply(task))
    client = login("bureau.inspector")
    school = Org.objects.get(code="s01")
    url = f"/supervision/tasks/{task.pk}/schools/{school.pk}/review/"
    refused = client.post(url, {"action": "return", "reason": ""})
    assert refused.status_code == 400
    assert client.post(url, {"action": "return", "reason": "请补充"}).status_code == 302
    assert copy_of(task).status == "returned"
    school_page = login("s01.officer").get(task.get_absolute_url()).content.decode()
    assert "请补充" in school_page and "reply-form" in school_page


def test_a_withdrawn_task_is_struck_for_the_school(login):
    task = send(title="撤回的任务")
    services.end_task(actor=User.objects.get(username="bureau.admin"), task=task, action="withdraw")
    school = Org.objects.get(code="s01")
    listing = login("s01.officer").get(f"/orgs/{school.pk}/supervision/tasks/").content.decode()
    assert "<del>撤回的任务</del>" in listing
    page = login("s01.officer").get(task.get_absolute_url()).content.decode()
    assert "reply-form" not in page


SERIAL = itertools.count(1)


def _more_schools_and_replies(task, n):
    """n more schools under the district, each sent the task and replying to it."""
    district = _district()
    from safecampus.core.services import orgs

    made = []
    for _i in range(n):
        k = next(SERIAL)
        school = orgs.create_org(
            actor=None, parent=district, kind=OrgKind.SCHOOL, name=f"增补学校{k}", code=f"x{k:03d}"
        )
        person = make_user(f"x{k:03d}.officer", f"增补{k}", school, Role.SAFETY_OFFICER)
        copy = TaskRecipient.objects.create(task=task, school=school, read_at=timezone.now())
        services.reply(actor=person, recipient=copy, **full_reply(task))
        made.append(school.name)
    return made


def test_the_senders_task_page_costs_the_same_for_more_schools(login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 50
    task = send()
    loads = grow_between_loads(
        login("bureau.inspector"),
        task.get_absolute_url(),
        lambda: _more_schools_and_replies(task, 6),
    )
    assert_shows(loads, loads.grown)
    assert_bounded(loads, 30, "the sender's task page")


def test_the_sent_list_costs_the_same_for_more_tasks(login):
    district = _district()
    loads = grow_between_loads(
        login("bureau.admin"),
        f"/orgs/{district.pk}/supervision/tasks/",
        lambda: [send(title=f"增补任务{n}").title for n in range(4)],
    )
    assert_shows(loads, loads.grown)
    assert_bounded(loads, 20, "the sent list")


def test_the_school_list_costs_the_same_for_more_tasks(login):
    school = Org.objects.get(code="s01")
    loads = grow_between_loads(
        login("s01.officer"),
        f"/orgs/{school.pk}/supervision/tasks/",
        lambda: [send(title=f"学校任务{n}").title for n in range(4)],
    )
    assert_shows(loads, loads.grown)
    assert_bounded(loads, 20, "the school's list")


def test_the_api_names_a_missing_figure_and_marks_a_late_reply(login):
    task = send(figures=["灭火器数量", "疏散标志数量"])
    client = login("s01.officer")
    url = f"/api/v1/tasks/{task.pk}/reply"
    refused = client.post(
        url, {"text": "已完成", "figures": {"f1": 3}}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "疏散标志数量" in refused.json()["errors"]["figure_f2"]
    DispatchedTask.objects.filter(pk=task.pk).update(deadline=timezone.now() - timedelta(hours=1))
    done = client.post(
        url, {"text": "已完成", "figures": {"f1": 3, "f2": 1}}, content_type="application/json"
    )
    assert done.status_code == 201
    body = done.json()
    assert body["recipient"]["status"] == "replied"
    assert body["replies"][0]["late"] is True
    inbox = client.get(f"/api/v1/schools/{copy_of(task).school_id}/tasks").json()
    assert any(row["task_id"] == task.pk for row in inbox["items"])
