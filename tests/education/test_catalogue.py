"""A bureau's own topics and theme days: the administrator adds or replaces them, the schools'
plan shows them instead of the defaults of the same code or name; bad input changes nothing;
only the bureau's administrator edits, and only at a bureau."""

import pytest

from safecampus.core.models import AuditEvent
from safecampus.education.models import ThemeDay, Topic

pytestmark = pytest.mark.django_db
C = "/orgs/{d}/education/catalogue/"


def test_a_bureaus_topic_replaces_the_default_of_its_code(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    url = C.format(d=district.pk) + "topics/fire/"
    assert "消防安全" in client.get(url).content.decode()
    saved = client.post(url, {"name": "消防与燃气安全", "months": "11,12,1", "source": "区局通知"})
    assert saved.status_code == 302
    own = Topic.objects.get(org=district, code="fire")
    assert (own.name, own.months) == ("消防与燃气安全", "11,12,1")
    assert Topic.objects.get(org=None, code="fire").name == "消防安全"
    plan = login("s01.principal").get(f"/orgs/{org('s01').pk}/education/plan/").content.decode()
    assert "消防与燃气安全" in plan and "区局通知" in plan
    assert AuditEvent.objects.filter(org=district, action="education.topic").exists()


def test_a_bureau_adds_a_theme_day_its_schools_plan_shows(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    saved = client.post(
        C.format(d=district.pk) + "themes/new/",
        {"name": "城南区冬季安全周", "rule": "span", "month": "12", "day": "1",
         "weekday": "0", "end_month": "12", "end_day": "31", "source": "区局"},
    )  # fmt: skip
    assert saved.status_code == 302
    theme = ThemeDay.objects.get(org=district, name="城南区冬季安全周")
    assert theme.dates(2026)[0].isoformat() == "2026-12-01"
    catalogue = client.get(C.format(d=district.pk)).content.decode()
    assert "城南区冬季安全周" in catalogue


def test_bad_input_changes_nothing(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    base = C.format(d=district.pk)
    bad_topic = client.post(base + "topics/new/", {"code": "x", "name": "新专题", "months": "13"})
    assert bad_topic.status_code == 400
    bad_day = client.post(
        base + "themes/new/",
        {"name": "坏日子", "rule": "date", "month": "2", "day": "30", "weekday": "0"},
    )
    assert bad_day.status_code == 400
    no_end = client.post(
        base + "themes/new/",
        {"name": "坏区间", "rule": "span", "month": "5", "day": "1", "weekday": "0"},
    )
    assert no_end.status_code == 400
    assert not Topic.objects.filter(org=district).exists()
    assert not ThemeDay.objects.filter(org=district).exists()


def test_only_the_administrator_edits_and_only_at_a_bureau(org, login):
    district = org("demo-district")
    base = C.format(d=district.pk)
    assert login("bureau.inspector").get(base).status_code == 403
    posted = login("bureau.inspector").post(base + "topics/new/", {"code": "x", "name": "专题"})
    assert posted.status_code == 403
    assert login("s01.principal").get(base).status_code == 404
    assert login("bureau.admin").get(C.format(d=org("s01").pk)).status_code == 404
    assert login("bureau.admin").get(base + "topics/nope/").status_code == 404
    assert not Topic.objects.filter(org=district).exists()
