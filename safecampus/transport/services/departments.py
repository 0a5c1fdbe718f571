"""A bureau keeps the outside departments of its area and their accounts: a department person
holds the outside department role at the department's area (street or district), which scopes
them to its schools; their department row narrows them to what is referred to it."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, User
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import DepartmentKind, DepartmentMember, OutsideDepartment
from safecampus.transport.queries.departments import AREA_KINDS


@transaction.atomic
def add_department(*, actor, area, kind, name):
    require(actor, Cap.SURROUNDINGS_DEPARTMENTS, area)
    if area.kind not in AREA_KINDS:
        raise DomainError(_("A department belongs to a district or a street."))
    if kind not in DepartmentKind.values:
        raise DomainError(_("Choose the department's type."))
    name = (name or "").strip()[:80]
    if not name:
        raise DomainError(_("Name the department."))
    if OutsideDepartment.objects.filter(area=area, name=name).exists():
        raise DomainError(_("This area already has a department of that name."))
    department = OutsideDepartment.objects.create(area=area, kind=kind, name=name)
    audit.record(
        actor=actor,
        org=area,
        action="surroundings.department",
        obj=department,
        changes={"name": name, "kind": kind},
    )
    return department


@transaction.atomic
def add_department_account(*, actor, department, username, display_name, password, mobile=""):
    """A new login for one of the department's people."""
    require(actor, Cap.SURROUNDINGS_DEPARTMENTS, department.area)
    username, display_name = (username or "").strip(), (display_name or "").strip()
    if not username or not display_name:
        raise DomainError(_("Give the account a username and the person's name."))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."))
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise DomainError(_("A person with this mobile number already exists."))
    user = User(username=username, display_name=display_name[:60], mobile=mobile or None)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, org=department.area, role=Role.OUTSIDE_DEPARTMENT)
    DepartmentMember.objects.create(department=department, user=user)
    audit.record(
        actor=actor,
        org=department.area,
        action="surroundings.department_account",
        obj=user,
        changes={"department": department.name, "username": username},
    )
    return user
