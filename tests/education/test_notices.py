"""Notices to guardians (告家长书) from templates: sent to a class, a grade or the whole school
through the students' letters, acknowledged per guardian, one SMS reminder after the
programme's delay, the rates per notice and per school, and a bureau's own templates."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError
from safecampus.core.models import AuditEvent, Channel, Delivery, ResponsibilityLetter
from safecampus.education.models import EducationRules, NoticeTemplate
from safecampus.education.services.notices import send_reminders
from safecampus.students import letters
from safecampus.students.models import Guardian, GuardianLetter, SchoolClass
from tests import budgets
from tests.education.test_budgets import more_schools

pytestmark = pytest.mark.django_db

TERM = {"term_start": "2026-12-01", "term_end": "2027-02-28"}


def _guardians(school, **filters):
    return Guardian.objects.filter(student__school=school, student__is_active=True, **filters)


def _send(person, school, **target):
    return letters.send_notice(
        actor=person("s01.principal"),
        school=school,
        title="测试告家长书",
        body="请阅读。",
        term_start=date(2026, 12, 1),
        term_end=date(2027, 2, 28),
        **target,
    )


def test_a_notice_from_a_template_reaches_one_grades_guardians(org, login):
    school = org("s01")
    grade = SchoolClass.objects.filter(school=school).order_by("-grade").first().grade
    client = login("s01.principal")
    form = client.get(f"/orgs/{school.pk}/education/guardians/new/?template=drowning")
    assert "不私自下水游泳" in form.content.decode()
    response = client.post(
        f"/orgs/{school.pk}/education/guardians/new/",
        {
            "target": f"grade:{grade}",
            "title": "防溺水“六不”告家长书",
            "body": "不私自下水游泳。",
            "template": "drowning",
            **TERM,
        },
    )
    assert response.status_code == 302
    letter = ResponsibilityLetter.objects.get(
        school=school, title="防溺水“六不”告家长书", body="不私自下水游泳。"
    )
    copies = GuardianLetter.objects.filter(letter=letter)
    reached = set(copies.values_list("guardian", flat=True))
    assert reached == set(
        _guardians(school, student__school_class__grade=grade).values_list("pk", flat=True)
    )
    assert letter.audience == {"guardians": "grade", "grade": grade, "template": "drowning"}
    event = AuditEvent.objects.filter(org=school, action="letter.notice").latest("seq")
    assert event.changes["guardians"] == len(reached)
    page = client.get(response["Location"]).content.decode()
    assert "0.0%" in page and str(len(reached)) in page


def test_a_notice_to_the_whole_school_and_to_one_class(org, person):
    school = org("s01")
    _letter, copies = _send(person, school)
    assert len(copies) == _guardians(school).count()
    first = SchoolClass.objects.filter(school=school).order_by("pk").first()
    _letter, copies = _send(person, school, school_class=first)
    assert len(copies) == _guardians(school, student__school_class=first).count()


def test_bad_input_changes_nothing(org, login, person):
    school = org("s01")
    before = ResponsibilityLetter.objects.count()
    client = login("s01.principal")
    response = client.post(
        f"/orgs/{school.pk}/education/guardians/new/",
        {"target": "school", "title": "告家长书", "body": "x", **TERM, "term_end": "2026-11-01"},
    )
    assert response.status_code == 400
    assert "结束" in response.content.decode() or "end" in response.content.decode()
    other = SchoolClass.objects.filter(school__code="s02").first()
    with pytest.raises(DomainError):
        _send(person, school, school_class=other)
    with pytest.raises(DomainError):
        _send(person, school, grade=12)
    assert ResponsibilityLetter.objects.count() == before
    teacher = login("s01.headteacher").get(f"/orgs/{school.pk}/education/guardians/new/")
    assert teacher.status_code == 403


def test_guardians_who_have_not_acknowledged_are_reminded_once_after_the_delay(org, person):
    school = org("s01")
    letter, copies = _send(
        person, school, school_class=SchoolClass.objects.filter(school=school).first()
    )
    letters.acknowledge(copy=copies[0], name="家长")
    mine = Delivery.objects.filter(channel=Channel.SMS, text__contains="测试告家长书")
    now = timezone.now()
    send_reminders(now + timedelta(days=1))
    assert not mine.exists()
    send_reminders(now + timedelta(days=2, minutes=1))
    waiting = list(copies[1:])
    assert sorted(mine.values_list("address", flat=True)) == sorted(
        c.guardian.phone for c in waiting
    )
    assert all(c.token in d.text for c, d in zip(waiting, mine.order_by("subject_id"), strict=True))
    assert GuardianLetter.objects.filter(letter=letter, reminded_at__isnull=False).count() == len(
        waiting
    )
    assert AuditEvent.objects.filter(org=school, action="letter.remind").exists()
    send_reminders(now + timedelta(days=5))
    assert mine.count() == len(waiting)


def test_a_bureaus_own_delay_holds_the_reminders_back(org, person):
    district = org("demo-district")
    default = EducationRules.objects.get(org=None)
    own = EducationRules.objects.create(
        org=district,
        name="城南区",
        **{
            f: getattr(default, f)
            for f in (
                "minutes_daily",
                "minutes_weekend",
                "minutes_holiday",
                "lesson_interval_days",
                "head_teacher_trainings",
                "principal_reports",
            )
        },
        notice_reminder_days=5,
    )
    _letter, _copies = _send(person, org("s01"))
    mine = Delivery.objects.filter(channel=Channel.SMS, text__contains="测试告家长书")
    now = timezone.now()
    send_reminders(now + timedelta(days=3))
    assert not mine.exists()
    send_reminders(now + timedelta(days=own.notice_reminder_days, minutes=1))
    assert mine.exists()


def test_the_rate_per_notice_and_per_school_moves_when_a_guardian_acknowledges(org, login, person):
    school = org("s01")
    letter, copies = _send(person, school)
    sent = len(copies)
    page = login("s01.principal").get(f"/orgs/{school.pk}/education/guardians/{letter.pk}/")
    assert "0.0%" in page.content.decode()
    letters.acknowledge(copy=copies[0], name="家长")
    page = login("s01.principal").get(f"/orgs/{school.pk}/education/guardians/{letter.pk}/")
    assert f"{round(100 / sent, 1)}%" in page.content.decode()
    district = org("demo-district")
    month = f"{timezone.localdate():%Y-%m}"
    bureau = login("bureau.inspector").get(
        f"/api/v1/orgs/{district.pk}/education/notices/schools?month={month}"
    )
    row = next(r for r in bureau.json()["items"] if r["school_id"] == school.pk)
    in_month = GuardianLetter.objects.filter(
        letter__school=school, sent_at__month=timezone.now().month
    )
    assert row["sent"] == in_month.count()
    assert row["acknowledged"] == in_month.filter(acknowledged_at__isnull=False).count()


@pytest.mark.parametrize(
    "url",
    [
        "/orgs/{d}/education/notices/?month=2026-12",
        "/api/v1/orgs/{d}/education/notices/schools?month=2026-12",
    ],
    ids=["page", "api"],
)
def test_the_bureaus_rates_cost_the_same_for_more_schools(login, org, url):
    district = org("demo-district")
    loads = budgets.grow_between_loads(
        login("bureau.admin"), url.format(d=district.pk), lambda: more_schools(district)
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 25, "bureau notices")


def test_the_schools_notices_cost_the_same_for_more_notices(login, org, person):
    school = org("s01")
    first = SchoolClass.objects.filter(school=school).first()

    def more():
        return [_send(person, school, school_class=first)[0].title]

    loads = budgets.grow_between_loads(
        login("s01.principal"), f"/orgs/{school.pk}/education/guardians/", more
    )
    budgets.assert_bounded(loads, 25, "school notices")


def test_a_bureau_keeps_its_own_template_for_its_schools(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    url = f"/orgs/{district.pk}/education/notice-templates/holiday/"
    saved = client.post(
        url, {"title": "城南区寒假告家长书", "body": "五知。", "source": "城南区教育局"}
    )
    assert saved.status_code == 302
    own = NoticeTemplate.objects.get(org=district, code="holiday")
    assert own.title == "城南区寒假告家长书"
    assert NoticeTemplate.objects.get(org=None, code="holiday").title == "假期安全告家长书"
    form = login("s01.principal").get(
        f"/orgs/{org('s01').pk}/education/guardians/new/?template=holiday"
    )
    assert "城南区寒假告家长书" in form.content.decode()
    assert AuditEvent.objects.filter(org=district, action="education.notice_template").exists()
    listing = client.get(f"/orgs/{district.pk}/education/notice-templates/").content.decode()
    assert "城南区寒假告家长书" in listing


def test_a_bad_template_changes_nothing_and_only_the_administrator_edits(org, login):
    district = org("demo-district")
    url = f"/orgs/{district.pk}/education/notice-templates/holiday/"
    response = login("bureau.admin").post(url, {"title": "", "body": "x"})
    assert response.status_code == 400
    assert login("bureau.inspector").post(url, {"title": "t", "body": "x"}).status_code == 403
    missing = login("bureau.admin").get(f"/orgs/{district.pk}/education/notice-templates/nope/")
    assert missing.status_code == 404
    school = login("bureau.admin").get(f"/orgs/{org('s01').pk}/education/notice-templates/")
    assert school.status_code == 404
    assert not NoticeTemplate.objects.filter(org=district).exists()


def test_the_api_sends_from_a_template(org, login):
    school = org("s01")
    first = SchoolClass.objects.filter(school=school).order_by("pk").first()
    client = login("s01.principal")
    url = f"/api/v1/orgs/{school.pk}/education/notices"
    body = {"template": "term_start", "class_id": first.pk, **TERM}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    answer = response.json()
    assert answer["title"] == "开学安全告家长书" and answer["target"] == "class"
    assert answer["sent"] == _guardians(school, student__school_class=first).count()
    bad = client.post(url, {**body, "template": "nope"}, content_type="application/json")
    assert bad.status_code == 400
    listed = client.get(url).json()["items"]
    assert listed[0]["id"] == answer["id"]
    templates = client.get(f"/api/v1/orgs/{school.pk}/education/notice-templates").json()
    assert {t["code"] for t in templates} >= {"holiday", "drowning", "term_start"}
