"""Equipment over the API: a school's items in use with what is due; adding an item and
recording an inspection (a failed one files a hazard)."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import school_for
from safecampus.core.models import Zone
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.defences.models import EquipmentType
from safecampus.defences.queries import equipment as queries
from safecampus.defences.services import equipment as services

router = Router()


class EquipmentItemOut(Schema):
    id: int
    school_id: int
    place: str
    type: str
    count: int
    made_on: date
    expires_on: date | None
    last_checked_on: date | None
    states: list[str]


def _out(item, states):
    return {
        "id": item.pk,
        "school_id": item.school_id,
        "place": item.zone.path_name,
        "type": item.kind.code,
        "count": item.count,
        "made_on": item.made_on,
        "expires_on": item.expires_on,
        "last_checked_on": item.last_checked_on,
        "states": [s.code for s in states],
    }


class ItemIn(Schema):
    zone_id: int = Field(ge=1, le=2**62)
    type: str = Field(max_length=40)
    count: int = Field(ge=1, le=10000)
    made_on: date
    expires_on: date | None = None
    note: str = Field("", max_length=200)


class InspectIn(Schema):
    checked_on: date
    ok: bool
    note: str = Field("", max_length=200)


class InspectOut(Schema):
    id: int
    ok: bool
    hazard_id: int | None


@router.get("/orgs/{school_id}/defences/equipment", response=list[EquipmentItemOut])
@paginate(Pagination)
def item_list(request, school_id: int):
    school = school_for(request, school_id, Cap.DEFENCE_VIEW)
    return [_out(i, s) for i, s in queries.judged(queries.items_of(request.user, school))]


@router.post("/orgs/{school_id}/defences/equipment", response={201: EquipmentItemOut})
def item_add(request, school_id: int, payload: ItemIn):
    school = school_for(request, school_id, Cap.DEFENCE_MANAGE)
    zone = get_object_or_404(Zone, pk=payload.zone_id, school=school)
    kind = get_object_or_404(EquipmentType, code=payload.type)
    data = payload.dict(exclude={"zone_id", "type"})
    item = services.add_item(actor=request.user, school=school, zone=zone, kind=kind, **data)
    ((item, states),) = queries.judged([item])
    return Status(201, _out(item, states))


@router.post("/defences/equipment/{item_id}/inspections", response={201: InspectOut})
def item_inspect(request, item_id: int, payload: InspectIn):
    item = queries.one(request.user, item_id)
    require(request.user, Cap.DEFENCE_MANAGE, item.school)
    made = services.inspect_item(actor=request.user, item=item, **payload.dict())
    return Status(201, {"id": made.pk, "ok": made.ok, "hazard_id": made.hazard_id})
