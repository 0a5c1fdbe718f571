"""API of the shared kernel: me, orgs, schools, zones, posts, people. Scoped like the pages."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core import queries
from safecampus.core.access import (
    active_memberships,
    capabilities,
    get_school_or_404,
    get_visible_or_404,
)
from safecampus.core.api_helpers import school_for
from safecampus.core.errors import DomainError
from safecampus.core.models import ApiToken, Org, Post, User, Zone, ZoneKind
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services import tokens as token_services
from safecampus.core.services import zones as zone_services

router = Router()


class MembershipOut(Schema):
    org_id: int
    org_name: str
    role: str
    capabilities: list[str] = []


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    language: str
    memberships: list[MembershipOut]


class OrgOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    parent_id: int | None
    path: str


class SchoolOut(OrgOut):
    school_kind: str
    address: str
    day_students: int
    boarding_students: int
    staff_count: int
    contact_name: str
    contact_phone: str
    emergency_phone: str


class ZoneOut(Schema):
    id: int
    school_id: int
    parent_id: int | None
    name: str
    path_name: str
    kind: str
    responsible_id: int | None
    notes: str


class ZoneIn(Schema):
    name: OneLine = Field(min_length=1, max_length=80)
    kind: str
    parent_id: int | None = None
    responsible_id: int | None = None
    notes: str = ""


class PostOut(Schema):
    id: int
    school_id: int
    name: str
    kind: str
    duties: str
    zone_id: int | None = None
    holder_ids: list[int] = []

    @staticmethod
    def resolve_holder_ids(obj):
        return [a.user_id for a in obj.holders]


class RoleOut(Schema):
    org_id: int
    org_name: str
    role: str


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    mobile: str = Field(description="masked, e.g. 138****1234")
    is_active: bool
    roles: list[RoleOut] = []

    @staticmethod
    def resolve_mobile(obj):
        return obj.masked_mobile

    @staticmethod
    def resolve_roles(obj):
        return [
            {"org_id": m.org_id, "org_name": m.org.name, "role": m.role} for m in obj.visible_roles
        ]


@router.get("/me", response=MeOut, tags=["people"])
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "language": user.language,
        "memberships": [
            {
                "org_id": m.org_id,
                "org_name": m.org.name,
                "role": m.role,
                "capabilities": sorted(capabilities(user, m.org)),
            }
            for m in active_memberships(user)
        ],
    }


@router.get("/orgs", response=list[OrgOut], tags=["orgs"])
@paginate(Pagination)
def org_list(request):
    return queries.org_list(user=request.user)


@router.get("/orgs/{org_id}", response=OrgOut, tags=["orgs"])
def org_detail(request, org_id: int):
    return get_visible_or_404(request.user, Org, org_id)


@router.get("/schools", response=list[SchoolOut], tags=["orgs"])
@paginate(Pagination)
def school_list(request, q: str = ""):
    return queries.schools(user=request.user, search=q.strip())


@router.get("/schools/{school_id}", response=SchoolOut, tags=["orgs"])
def school_detail(request, school_id: int):
    return get_school_or_404(request.user, school_id)


def _school(request, school_id):
    """The school a list is narrowed to: 404 outside the caller's scope. Without the list's
    capability there the list is empty, as it is without `school_id`."""
    return None if school_id is None else school_for(request, school_id, None)


@router.get("/zones", response=list[ZoneOut], tags=["grid"])
@paginate(Pagination)
def zone_list(request, school_id: int | None = None):
    return queries.zone_list(user=request.user, school=_school(request, school_id))


@router.get("/zones/{zone_id}", response=ZoneOut, tags=["grid"])
def zone_detail(request, zone_id: int):
    return get_visible_or_404(request.user, Zone, zone_id, queries.zone_list(user=request.user))


@router.post("/schools/{school_id}/zones", response={201: ZoneOut}, tags=["grid"])
def zone_create(request, school_id: int, payload: ZoneIn):
    school = school_for(request, school_id, Cap.ZONE_MANAGE)
    parent = (
        get_visible_or_404(
            request.user,
            Zone,
            payload.parent_id,
            queries.school_zones(user=request.user, school=school),
        )
        if payload.parent_id
        else None
    )
    # Only this school's people: someone elsewhere is answered exactly like a missing id.
    responsible = (
        get_object_or_404(queries.school_people_choices(school), pk=payload.responsible_id)
        if payload.responsible_id
        else None
    )
    if payload.kind not in ZoneKind.values:
        raise DomainError(_("Unknown zone kind."))
    zone = zone_services.create_zone(
        actor=request.user,
        school=school,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        responsible=responsible,
        notes=payload.notes,
    )
    return Status(201, zone)


@router.get("/posts", response=list[PostOut], tags=["grid"])
@paginate(Pagination)
def post_list(request, school_id: int | None = None):
    return queries.post_list(user=request.user, school=_school(request, school_id))


@router.get("/posts/{post_id}", response=PostOut, tags=["grid"])
def post_detail(request, post_id: int):
    return get_visible_or_404(request.user, Post, post_id, queries.post_list(user=request.user))


@router.get("/people", response=list[PersonOut], tags=["people"])
@paginate(Pagination)
def people_list(request, school_id: int | None = None, q: str = ""):
    school = _school(request, school_id)
    return queries.people_list(user=request.user, school=school, search=q.strip())


@router.get("/people/{person_id}", response=PersonOut, tags=["people"])
def person_detail(request, person_id: int):
    return get_visible_or_404(request.user, User, person_id, queries.people_list(user=request.user))


class RotatedTokenOut(Schema):
    id: int
    name: str
    key: str = Field(description="The new key, shown this once; the old key no longer works.")
    expires_at: datetime


@router.post(
    "/me/tokens/{token_id}/rotate",
    response={201: RotatedTokenOut},
    tags=["people"],
)
def token_rotate(request, token_id: int):
    """A device renews its own token before it expires: a new key, the same name."""
    token = get_visible_or_404(request.user, ApiToken, token_id)
    new, key = token_services.rotate_token(user=request.user, token=token)
    return Status(201, {"id": new.pk, "name": new.name, "key": key, "expires_at": new.expires_at})
