import pytest

from safecampus.core.access import has_cap
from safecampus.core.errors import PermissionRefused
from safecampus.core.models import AuditEvent, Department, Membership, PostAssignment, User
from safecampus.core.roles import Cap
from safecampus.core.services import people as people_services

pytestmark = pytest.mark.django_db


def new_staff(**overrides):
    data = {
        "display_name": "孙新老师",
        "username": "s01.newcomer",
        "mobile": "13912345678",
        "email": "",
        "role": "teacher",
        "password": "a-long-initial-pass",
    }
    return {**data, **overrides}


def test_officer_adds_staff_who_can_then_log_in_with_the_mobile_number(login, org, client):
    s01 = org("s01")
    response = login("s01.officer").post(f"/schools/{s01.pk}/people/new/", new_staff())
    assert response.status_code == 302
    person = User.objects.get(username="s01.newcomer")
    assert Membership.objects.active().filter(user=person, org=s01, role="teacher").exists()
    assert AuditEvent.objects.filter(org=s01, action="person.add").exists()
    assert client.login(username="13912345678", password="a-long-initial-pass")


def test_a_weak_password_is_refused_and_nothing_is_created(login, org):
    s01 = org("s01")
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/people/new/", new_staff(password="123"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert not User.objects.filter(username="s01.newcomer").exists()


def test_a_taken_mobile_number_is_refused_with_the_form_kept(login, org, person):
    s01 = org("s01")
    taken = person("s01.guard").mobile
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/people/new/", new_staff(mobile=taken), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already exists" in body
    assert 'value="孙新老师"' in body
    assert not User.objects.filter(username="s01.newcomer").exists()


def test_a_school_cannot_give_a_bureau_role(login, org):
    s01 = org("s01")
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/people/new/", new_staff(role="bureau_admin")
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="s01.newcomer").exists()


def test_deactivation_ends_roles_and_posts_but_keeps_history(login, org, person):
    s01 = org("s01")
    guard = person("s01.guard")
    assert PostAssignment.objects.active().filter(user=guard).exists()
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/people/{guard.pk}/deactivate/", {"reason": "合同到期"}
    )
    assert response.status_code == 302
    guard.refresh_from_db()
    assert not guard.is_active
    assert not Membership.objects.active().filter(user=guard).exists()
    assert Membership.objects.filter(user=guard, ended_reason="合同到期").exists()
    assert not PostAssignment.objects.active().filter(user=guard).exists()
    assert PostAssignment.objects.filter(user=guard).exists()
    # The former guard is still listed when the list includes former staff.
    page = login("s01.officer").get(f"/schools/{s01.pk}/people/?inactive=1&q={guard.username}")
    assert guard.display_name in page.content.decode()


def test_deactivation_needs_a_reason(login, org, person):
    s01 = org("s01")
    guard = person("s01.guard")
    login("s01.officer").post(f"/schools/{s01.pk}/people/{guard.pk}/deactivate/", {"reason": ""})
    guard.refresh_from_db()
    assert guard.is_active


def test_officer_cannot_deactivate_themselves(login, org, person):
    s01 = org("s01")
    officer = person("s01.officer")
    login("s01.officer").post(f"/schools/{s01.pk}/people/{officer.pk}/deactivate/", {"reason": "x"})
    assert Membership.objects.active().filter(user=officer, org=s01).exists()


def test_giving_a_role_grants_its_capabilities(login, org, person):
    s01 = org("s01")
    teacher = person("s01.teacher")
    assert not has_cap(teacher, Cap.ZONE_MANAGE, s01)
    login("s01.officer").post(
        f"/schools/{s01.pk}/people/{teacher.pk}/roles/", {"role": "safety_officer"}
    )
    teacher = User.objects.get(pk=teacher.pk)
    assert has_cap(teacher, Cap.ZONE_MANAGE, s01)


def test_ending_a_role_keeps_the_row(login, org, person):
    s01 = org("s01")
    head = person("s01.headteacher")
    membership = Membership.objects.active().get(user=head, org=s01)
    login("s01.officer").post(f"/schools/{s01.pk}/memberships/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_posts_are_assigned_to_members_only(login, org, person):
    from safecampus.core.models import Post

    s01 = org("s01")
    post = Post.objects.get(school=s01, kind="duty_teacher")
    outsider = person("s02.teacher")
    login("s01.officer").post(f"/schools/{s01.pk}/posts/{post.pk}/assign/", {"person": outsider.pk})
    assert not PostAssignment.objects.filter(post=post, user=outsider).exists()
    insider = person("s01.teacher2")
    login("s01.officer").post(f"/schools/{s01.pk}/posts/{post.pk}/assign/", {"person": insider.pk})
    assert PostAssignment.objects.active().filter(post=post, user=insider).exists()


def test_a_post_needs_written_duties(login, org):
    from safecampus.core.models import Post

    s01 = org("s01")
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/posts/new/", {"name": "校车照管员", "kind": "driver", "duties": " "}
    )
    assert response.status_code == 400
    assert not Post.objects.filter(school=s01, name="校车照管员").exists()


def test_the_department_is_set_on_every_current_role_and_recorded(login, org, person):
    s01 = org("s01")
    teacher = person("s01.teacher")
    department = Department.objects.create(school=s01, name="测试教研组")
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/people/{teacher.pk}/department/", {"department": department.pk}
    )
    assert response.status_code == 302
    roles = Membership.objects.active().filter(org=s01, user=teacher)
    assert roles and all(m.department_id == department.pk for m in roles)
    event = AuditEvent.objects.filter(org=s01, action="person.department").latest("seq")
    assert event.object_id == str(teacher.pk)


def test_setting_a_department_needs_people_manage_and_changes_nothing(org, person):
    s01 = org("s01")
    teacher = person("s01.teacher")
    department = Department.objects.create(school=s01, name="测试教研组")
    before = list(Membership.objects.filter(org=s01, user=teacher).values("pk", "department"))
    events = AuditEvent.objects.filter(org=s01).count()
    with pytest.raises(PermissionRefused):
        people_services.set_person_department(
            actor=person("s01.teacher"), school=s01, person=teacher, department=department
        )
    after = list(Membership.objects.filter(org=s01, user=teacher).values("pk", "department"))
    assert after == before
    assert AuditEvent.objects.filter(org=s01).count() == events
