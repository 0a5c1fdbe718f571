"""Creating org nodes and editing a school's profile."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Org, OrgKind
from safecampus.core.models.org import ALLOWED_CHILD_KINDS
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require

PROFILE_FIELDS = [
    "name",
    "school_kind",
    "address",
    "day_students",
    "boarding_students",
    "staff_count",
    "contact_name",
    "contact_phone",
    "emergency_phone",
]


@transaction.atomic
def create_org(*, actor, parent, kind, name, code, **profile):
    """Add a node under `parent` (None for a root). Used by set-up and the demo loader."""
    parent_kind = parent.kind if parent else None
    if kind not in ALLOWED_CHILD_KINDS[parent_kind]:
        raise DomainError(_("A %(kind)s cannot be placed there.") % {"kind": OrgKind(kind).label})
    if actor is not None and parent is not None:
        require(actor, Cap.ORG_VIEW, parent)
    org = Org(parent=parent, kind=kind, name=name, code=code, **profile)
    org.depth = parent.depth + 1 if parent else 0
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    audit.record(actor=actor, org=org, action="org.create", obj=org, changes={"name": name})
    return org


@transaction.atomic
def update_school_profile(*, actor, school, data):
    require(actor, Cap.SCHOOL_EDIT, school)
    before = audit.snapshot(school, PROFILE_FIELDS)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(school, field, data[field])
    try:
        school.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    changes = audit.diff(school, before, PROFILE_FIELDS)
    if not changes:
        return school
    school.save(update_fields=list(changes))
    audit.record(actor=actor, org=school, action="school.update", obj=school, changes=changes)
    return school
