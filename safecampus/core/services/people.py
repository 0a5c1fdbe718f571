"""Staff of a school: adding people, their roles and departments, and deactivating them."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import forget_memberships
from safecampus.core.errors import DomainError
from safecampus.core.models import Department, Membership, PostAssignment, User
from safecampus.core.roles import RECORD_ROLES, SCHOOL_ROLES, Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.notifications import access_changed
from safecampus.core.services.permissions import require
from safecampus.core.workflows import MEMBERSHIP


def _check_role(org, role):
    if role in RECORD_ROLES:
        raise DomainError(
            _("An outside department's account is added on the bureau's Outside departments page.")
        )
    allowed = SCHOOL_ROLES if org.is_school else {r for r in Role if r not in SCHOOL_ROLES}
    if role not in allowed:
        raise DomainError(_("This role cannot be given in this organisation."))


@transaction.atomic
def add_staff(
    *,
    actor,
    school,
    display_name,
    username,
    role,
    password,
    mobile=None,
    email="",
    department=None,
):
    """Create a person and make them a member of the school with `role`."""
    require(actor, Cap.PEOPLE_MANAGE, school)
    _check_role(school, role)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."))
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise DomainError(_("A person with this mobile number already exists."))
    if department is not None and department.school_id != school.pk:
        raise DomainError(_("The department belongs to another school."))
    user = User(username=username, display_name=display_name, mobile=mobile or None, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, org=school, role=role, department=department)
    audit.record(
        actor=actor,
        org=school,
        action="person.add",
        obj=user,
        changes={"role": role, "department": str(department or "")},
    )
    return user


@transaction.atomic
def grant_role(*, actor, org, person, role, department=None):
    require(actor, Cap.PEOPLE_MANAGE, org)
    _check_role(org, role)
    if Membership.objects.active().filter(user=person, org=org, role=role).exists():
        raise DomainError(_("%(person)s already has this role.") % {"person": person})
    membership = Membership.objects.create(user=person, org=org, role=role, department=department)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
    forget_memberships(person)
    audit.record(actor=actor, org=org, action="role.grant", obj=person, changes={"role": role})
    return membership


@transaction.atomic
def end_role(*, actor, membership, reason=""):
    require(actor, Cap.PEOPLE_MANAGE, membership.org)
    MEMBERSHIP.check(membership, "end")
    if membership.user_id == actor.pk:
        raise DomainError(_("You cannot remove your own role."))
    membership.ended_at = timezone.now()
    membership.ended_reason = reason
    membership.save(update_fields=["ended_at", "ended_reason"])
    forget_memberships(membership.user)
    access_changed(membership.user_id)
    audit.record(
        actor=actor,
        org=membership.org,
        action="role.end",
        obj=membership.user,
        changes={"role": membership.role, "reason": reason},
    )
    return membership


@transaction.atomic
def set_department(*, actor, membership, department):
    require(actor, Cap.PEOPLE_MANAGE, membership.org)
    if department is not None and department.school_id != membership.org_id:
        raise DomainError(_("The department belongs to another school."))
    old = membership.department
    membership.department = department
    membership.save(update_fields=["department"])
    audit.record(
        actor=actor,
        org=membership.org,
        action="person.department",
        obj=membership.user,
        changes={"department": [str(old or ""), str(department or "")]},
    )


@transaction.atomic
def set_person_department(*, actor, school, person, department):
    """Put the person in `department` in every role they hold at the school."""
    require(actor, Cap.PEOPLE_MANAGE, school)
    memberships = list(
        Membership.objects.active().select_for_update().filter(org=school, user=person)
    )
    if not memberships:
        raise DomainError(_("This person has no current role in this school."))
    for membership in memberships:
        set_department(actor=actor, membership=membership, department=department)


@transaction.atomic
def deactivate_person(*, actor, school, person, reason):
    """End every role and post the person holds in this school; their history stays."""
    require(actor, Cap.PEOPLE_MANAGE, school)
    if person.pk == actor.pk:
        raise DomainError(_("You cannot deactivate yourself."))
    if not reason.strip():
        raise DomainError(_("Give a reason for deactivating this person."))
    now = timezone.now()
    ended = Membership.objects.active().filter(user=person, org=school)
    if not ended.exists():
        raise DomainError(_("This person has no current role in this school."))
    ended.update(ended_at=now, ended_reason=reason.strip())
    PostAssignment.objects.active().filter(user=person, post__school=school).update(ended_at=now)
    if not Membership.objects.active().filter(user=person).exists():
        person.is_active = False
        person.save(update_fields=["is_active"])
    forget_memberships(person)
    access_changed(person.pk)
    audit.record(
        actor=actor, org=school, action="person.deactivate", obj=person, changes={"reason": reason}
    )


@transaction.atomic
def create_department(*, actor, school, name):
    require(actor, Cap.PEOPLE_MANAGE, school)
    name = name.strip()
    if not name:
        raise DomainError(_("Enter a name."))
    if Department.objects.filter(school=school, name=name).exists():
        raise DomainError(_("This department already exists."))
    department = Department.objects.create(school=school, name=name)
    audit.record(actor=actor, org=school, action="department.create", obj=department)
    return department


@transaction.atomic
def update_own_profile(*, user, display_name, email, language):
    user.display_name, user.email, user.language = display_name, email, language
    user.save(update_fields=["display_name", "email", "language"])


@transaction.atomic
def set_own_language(*, user, language):
    """The language of the person's own pages and messages; unchanged when it is the same."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
