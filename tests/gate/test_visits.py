"""Visits: registration notifies the host, the on-campus list puts overdue visitors first,
check-out, passes, client UUIDs, the ID check."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import AuditEvent, Notification
from safecampus.gate import queries
from safecampus.gate.models import Visit, VisitStatus
from safecampus.gate.services import visits

pytestmark = pytest.mark.django_db


def _register(org, person, **overrides):
    data = {"name": "来访者", "purpose": "送材料", "host": person("s01.teacher")}
    data.update(overrides)
    return visits.register_visit(actor=person("s01.guard"), school=org("s01"), **data)


def test_registration_checks_in_and_tells_the_host(org, person):
    visit = _register(org, person, id_number="11010519491231002X", stay_minutes=30)
    assert visit.status == VisitStatus.ON_CAMPUS
    assert visit.expected_out_at - visit.checked_in_at == timedelta(minutes=30)
    note = Notification.objects.filter(user__username="s01.teacher", kind="gate.visitor").latest(
        "pk"
    )
    assert "来访者" in note.title


def test_a_bad_resident_id_is_refused_and_nothing_is_saved(org, person):
    before = Visit.objects.count()
    with pytest.raises(DomainError):
        _register(org, person, id_number="110105194912310021")
    assert Visit.objects.count() == before


def test_other_documents_are_free_form(org, person):
    assert _register(org, person, id_type="passport", id_number="E12345678").status == "on_campus"


def test_a_host_from_another_school_is_refused(org, person):
    with pytest.raises(DomainError):
        _register(org, person, host=person("s02.teacher"))


def test_a_repeated_client_uuid_creates_one_visit(org, person):
    key = uuid.uuid4()
    first = _register(org, person, client_uuid=key)
    again = _register(org, person, client_uuid=key)
    assert first.pk == again.pk
    assert Visit.objects.filter(client_uuid=key).count() == 1


def test_teachers_cannot_register_at_the_gate(org, person):
    with pytest.raises(PermissionRefused):
        visits.register_visit(actor=person("s01.teacher"), school=org("s01"), name="x", purpose="y")


def test_on_campus_list_shows_overdue_visitors_first_and_check_out_removes(org, person, login):
    school = org("s01")
    late = _register(org, person, name="超时者", stay_minutes=30)
    Visit.objects.filter(pk=late.pk).update(
        checked_in_at=timezone.now() - timedelta(hours=2),
        expected_out_at=timezone.now() - timedelta(hours=1, minutes=30),
    )
    fresh = _register(org, person, name="刚到者", stay_minutes=120)
    rows = list(queries.on_campus(user=person("s01.guard"), school=school))
    flags = [row.overdue for row in rows]
    assert flags == sorted(flags, reverse=True)  # every overdue visitor before the others
    order = [row.pk for row in rows]
    assert order.index(late.pk) < order.index(fresh.pk)
    assert next(r for r in rows if r.pk == late.pk).overdue
    page = login("s01.guard").get(f"/schools/{school.pk}/gate/").content.decode()
    assert page.index("超时者") < page.index("刚到者")
    visits.check_out(actor=person("s01.guard"), visit=fresh)
    fresh.refresh_from_db()
    assert fresh.status == VisitStatus.LEFT and fresh.checked_out_at is not None
    assert fresh.pk not in {
        v.pk for v in queries.on_campus(user=person("s01.guard"), school=school)
    }
    with pytest.raises(DomainError):
        visits.check_out(actor=person("s01.guard"), visit=fresh)


def test_pre_registered_visitor_checks_in_by_pass_once(org, person, login):
    school = org("s01")
    visit = visits.pre_register(
        actor=person("s01.teacher"),
        school=school,
        name="预约访客",
        purpose="家访",
        expected_on=timezone.localdate(),
    )
    assert visit.status == VisitStatus.EXPECTED and visit.host == person("s01.teacher")
    guard = login("s01.guard")
    found = guard.get(f"/schools/{school.pk}/gate/pass/?code={visit.pass_code.lower()}")
    assert found.url == f"/schools/{school.pk}/gate/visits/{visit.pk}/"
    guard.post(f"/schools/{school.pk}/gate/visits/{visit.pk}/check-in/")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS
    with pytest.raises(DomainError):
        visits.check_in_by_pass(actor=person("s01.guard"), visit=visit)


def test_a_pass_for_another_day_is_refused(org, person):
    visit = visits.pre_register(
        actor=person("s01.teacher"),
        school=org("s01"),
        name="明天来",
        purpose="家访",
        expected_on=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(DomainError):
        visits.check_in_by_pass(actor=person("s01.guard"), visit=visit)


def test_the_public_pass_shows_the_qr_but_not_the_full_name(org, person, client):
    visit = visits.pre_register(
        actor=person("s01.teacher"),
        school=org("s01"),
        name="欧阳预约",
        purpose="家访",
        expected_on=timezone.localdate(),
    )
    page = client.get(f"/pass/{visit.pass_code}/").content.decode()
    assert "<svg" in page and visit.pass_code in page
    assert "欧阳预约" not in page


def test_visit_lists_and_detail_mask_id_and_phone(org, person, login):
    school = org("s01")
    visit = _register(org, person, id_number="11010519491231002X", phone="13912345678")
    guard = login("s01.guard")
    for url in (
        f"/schools/{school.pk}/gate/visits/",
        f"/schools/{school.pk}/gate/visits/{visit.pk}/",
    ):
        page = guard.get(url).content.decode()
        assert "11010519491231002X" not in page and "13912345678" not in page
    assert (
        "139****5678" in guard.get(f"/schools/{school.pk}/gate/visits/{visit.pk}/").content.decode()
    )


def test_a_walk_in_without_a_host_is_registered_on_the_page_and_logged_as_no_host(
    org, person, login
):
    school = org("s01")
    guard = login("s01.guard")
    form = guard.get(f"/schools/{school.pk}/gate/visits/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="walk_in"' in form.content.decode()
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    visitor = {"name": "快递员", "id_type": "resident", "purpose": "送快递", "host": ""}
    # Left blank by accident: refused, the host asked for, nothing registered or lost.
    refused = guard.post(
        f"/schools/{school.pk}/gate/visits/new/", visitor, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert "Name the host the guard calls" in refused.content.decode()
    assert 'value="快递员"' in refused.content.decode()
    assert not Visit.objects.filter(school=school, name="快递员").exists()
    response = guard.post(f"/schools/{school.pk}/gate/visits/new/", {**visitor, "walk_in": "on"})
    assert response.status_code == 302
    visit = Visit.objects.get(school=school, name="快递员")
    assert visit.host is None and visit.status == VisitStatus.ON_CAMPUS
    assert not Notification.objects.filter(pk__gt=last, kind="gate.visitor").exists()
    log = guard.get(f"/schools/{school.pk}/gate/visits/", HTTP_ACCEPT_LANGUAGE="en").content
    assert "快递员" in log.decode() and "No host" in log.decode()
    detail = guard.get(visit.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无接待人" in detail


def test_a_check_out_is_undone_by_the_same_desk_within_the_window(org, person):
    guard = person("s01.guard")
    visit = visits.check_out(actor=guard, visit=_register(org, person, name="误点者"))
    with pytest.raises(DomainError, match="只有办理该访客离校登记的人"):
        visits.undo_check_out(actor=person("s01.officer"), visit=visit)
    back = visits.undo_check_out(actor=guard, visit=visit)
    assert back.status == VisitStatus.ON_CAMPUS and back.checked_out_at is None
    event = AuditEvent.objects.filter(action="visit.undo_check_out", object_id=str(visit.pk))
    assert event.get().actor == guard
    with pytest.raises(DomainError, match="尚未登记离校"):
        visits.undo_check_out(actor=guard, visit=visit)
    # Checked out again: the undo is refused once the window has passed.
    again = visits.check_out(actor=guard, visit=back)
    Visit.objects.filter(pk=again.pk).update(
        checked_out_at=timezone.now() - timedelta(minutes=visits.UNDO_CHECK_OUT_MINUTES, seconds=1)
    )
    with pytest.raises(DomainError, match="只能在 5 分钟内撤销"):
        visits.undo_check_out(actor=guard, visit=again)
    again.refresh_from_db()
    assert again.status == VisitStatus.LEFT


def test_the_desk_confirms_a_check_out_then_may_undo_it(org, person, login):
    school = org("s01")
    visit = _register(org, person, name="确认者")
    guard = login("s01.guard")
    url = f"/schools/{school.pk}/gate/visits/{visit.pk}/check-out/"
    desk = guard.get(f"/schools/{school.pk}/gate/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "data-confirm-step" in desk and "Has 确认者 left?" in desk
    asked = guard.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 200 and "Has 确认者 left?" in asked.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS  # not checked out before the answer
    assert guard.post(url, {"confirmed": "1"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.LEFT
    desk = guard.get(f"/schools/{school.pk}/gate/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="undo-check-out"' in desk and "确认者 was checked out at" in desk
    other = login("s01.officer").get(f"/schools/{school.pk}/gate/").content.decode()
    assert 'id="undo-check-out"' not in other
    undo = guard.post(f"/schools/{school.pk}/gate/visits/{visit.pk}/undo-check-out/")
    assert undo.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_CAMPUS
    desk = guard.get(f"/schools/{school.pk}/gate/").content.decode()
    assert 'id="undo-check-out"' not in desk and f'id="visit-{visit.pk}"' in desk
