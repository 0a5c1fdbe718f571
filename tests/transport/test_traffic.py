"""The school's traffic safety (一校一策): the plan is a versioned record (a change is a new
version, the earlier ones kept) shown with the reference it follows; crossing posts and the
week's volunteer roster (小黄帽) with the posts nobody stands at; the API; the page's cost."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import AuditEvent
from safecampus.transport.models import CrossingPost, TrafficPlan, VolunteerShift
from safecampus.transport.queries.traffic import week_of
from safecampus.transport.services import traffic as services
from tests import budgets

pytestmark = pytest.mark.django_db

PLAN = {
    "peak_times": "7:30–8:00",
    "zones": "北门接送区",
    "routes": "北侧人行道",
    "contacts": "交警中队",
    "follows": "测试依据 GA/T 1215",
}


def test_a_change_is_a_new_version_and_the_page_shows_the_one_in_force(login, person, org):
    school = org("s02")
    officer = person("s02.officer")
    first = services.adopt_plan(actor=officer, school=school, **PLAN)
    second = services.adopt_plan(actor=officer, school=school, **{**PLAN, "zones": "南门接送区"})
    assert (first.version, second.version) == (1, 2)
    assert TrafficPlan.objects.get(pk=first.pk).zones == "北门接送区"  # kept as adopted
    page = login("s02.officer").get(f"/schools/{school.pk}/traffic/").content.decode()
    assert "南门接送区" in page and "测试依据 GA/T 1215" in page and 'id="plan-versions"' in page
    before = (TrafficPlan.objects.filter(school=school).count(), AuditEvent.objects.count())
    with pytest.raises(InvalidFields):
        services.adopt_plan(actor=officer, school=school, **{**PLAN, "follows": " "})
    assert (TrafficPlan.objects.filter(school=school).count(), AuditEvent.objects.count()) == before


def test_the_plan_form_starts_from_the_plan_in_force_and_keeps_a_refused_one(login, org):
    school = org("s01")
    client = login("s01.officer")
    form = client.get(f"/schools/{school.pk}/traffic/plan/").content.decode()
    in_force = TrafficPlan.objects.filter(school=school).order_by("-version").first()
    assert in_force.peak_times in form
    data = {**PLAN, "zones": "新的接送区", "follows": ""}
    before = TrafficPlan.objects.filter(school=school).count()
    refused = client.post(f"/schools/{school.pk}/traffic/plan/", data)
    assert refused.status_code == 400 and "新的接送区" in refused.content.decode()
    assert TrafficPlan.objects.filter(school=school).count() == before
    ok = client.post(f"/schools/{school.pk}/traffic/plan/", {**data, "follows": "GB 5768.8-2018"})
    assert ok.status_code == 302
    assert TrafficPlan.objects.filter(school=school).latest("version").version == before + 1


def test_the_roster_shows_volunteers_and_posts_with_nobody(login, person, org):
    school = org("s02")
    officer = person("s02.officer")
    post = services.add_post(
        actor=officer, school=school, place="测试路口", starts=time(7, 20), ends=time(8, 0)
    )
    monday = week_of(timezone.localdate())[0]
    services.add_volunteer(actor=officer, post=post, day=monday, name="测试家长")
    with pytest.raises(DomainError):
        services.add_volunteer(actor=officer, post=post, day=monday, name="测试家长")
    assert VolunteerShift.objects.filter(post=post).count() == 1
    with pytest.raises(InvalidFields):
        services.add_post(
            actor=officer, school=school, place="反了", starts=time(8, 0), ends=time(7, 0)
        )
    page = login("s02.officer").get(f"/schools/{school.pk}/traffic/?week={monday}")
    html = page.content.decode()
    assert "测试家长" in html and "测试路口" in html
    assert 'id="roster-gaps"' in html  # Tuesday to Friday have nobody on the post
    assert login("s02.teacher").get(f"/schools/{school.pk}/traffic/").status_code == 403


def test_the_api_reads_the_plan_and_the_roster_and_adopts_a_version(login, org):
    school = org("s01")
    api = login("s01.officer")
    body = api.get(f"/api/v1/schools/{school.pk}/traffic").json()
    assert body["plan"]["follows"].startswith("GB 5768.8-2018") and len(body["posts"]) == 2
    roster = api.get(f"/api/v1/schools/{school.pk}/traffic/roster").json()
    assert any(day["volunteers"] for day in roster)
    created = api.post(
        f"/api/v1/schools/{school.pk}/traffic/plans", PLAN, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["version"] == body["plan"]["version"] + 1
    bad = api.post(
        f"/api/v1/schools/{school.pk}/traffic/plans",
        {**PLAN, "follows": "x" * 201},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_traffic_page_costs_the_same_however_many_posts_and_volunteers(login, person, org):
    school = org("s01")
    officer = person("s01.officer")
    day = timezone.localdate()

    def grow():
        names = []
        for i in range(3):
            post = services.add_post(
                actor=officer,
                school=school,
                place=f"增加路口{i}",
                starts=time(7, 0),
                ends=time(7, 30),
            )
            for d in range(2):
                name = f"志愿者{i}{d}"
                services.add_volunteer(
                    actor=officer, post=post, day=day + timedelta(days=d), name=name
                )
            names.append(post.place)
        return names

    loads = budgets.grow_between_loads(
        login("s01.officer"), f"/schools/{school.pk}/traffic/?week={day}", grow
    )
    budgets.assert_shows(loads, loads.grown)
    budgets.assert_bounded(loads, 16, "traffic")
    assert CrossingPost.objects.filter(school=school).count() >= 5
