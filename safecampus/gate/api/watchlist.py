"""The watchlist over the API: an org's entries and those of the bureaus above it."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404, get_visible_or_404
from safecampus.core.api_helpers import org_for
from safecampus.core.models import Org
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.gate import queries
from safecampus.gate.api.masking import MaskedContactOut
from safecampus.gate.services import watchlist

router = Router()


class WatchlistOut(MaskedContactOut):
    id: int
    org_id: int
    name: str
    id_number_masked: str
    phone_masked: str
    action: str
    reason: str
    valid_until: date | None


class WatchlistIn(Schema):
    name: OneLine
    reason: str
    id_number: str = ""
    phone: str = ""
    action: str = "deny"
    valid_until: date | None = None


@router.get("/orgs/{org_id}/watchlist", response=list[WatchlistOut])
@paginate(Pagination, page_size=50)
def watchlist_list(request, org_id: int):
    """The entries that apply at the org: its own and those of the bureaus above it."""
    org = org_for(request, org_id, Cap.WATCHLIST_VIEW)
    return queries.watchlist(user=request.user, org=org)


@router.post("/orgs/{org_id}/watchlist", response={201: WatchlistOut})
def watchlist_add(request, org_id: int, payload: WatchlistIn):
    org = get_visible_or_404(request.user, Org, org_id)
    return Status(201, watchlist.add_entry(actor=request.user, org=org, **payload.dict()))


@router.delete("/orgs/{org_id}/watchlist/{entry_id}", response={204: None})
def watchlist_remove(request, org_id: int, entry_id: int):
    org = org_for(request, org_id, Cap.WATCHLIST_MANAGE)
    entry = first_or_404(queries.watchlist_entry(user=request.user, org=org, entry_id=entry_id))
    watchlist.remove_entry(actor=request.user, entry=entry)
    return Status(204, None)
