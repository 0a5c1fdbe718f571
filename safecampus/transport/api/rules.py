"""A bureau's transport rules over the API: the bus and outing rules in force at it, and its
own rows saved (each section given is saved; one left out is unchanged)."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from safecampus.core.api_helpers import org_for
from safecampus.core.errors import PermissionRefused
from safecampus.core.roles import Cap
from safecampus.transport.outing_rules import rules_for as outing_rules_for
from safecampus.transport.rules import rules_for as bus_rules_for
from safecampus.transport.services import rules as services

router = Router()
SOURCE = r"\S"
Item = Annotated[str, Field(min_length=1, max_length=40, pattern=SOURCE)]


class BusRulesIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    source: str = Field(min_length=1, max_length=200, pattern=SOURCE)
    inspection_months: int = Field(ge=1, le=24)
    driver_min_age: int = Field(ge=18, le=70)
    driver_max_age: int = Field(ge=18, le=75)
    driving_years: int = Field(ge=0, le=30)
    reexam_months: int = Field(ge=1, le=36)
    background_months: int = Field(ge=1, le=36)
    equipment: list[Item] = Field(min_length=1, max_length=12)


class OutingRulesIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    source: str = Field(min_length=1, max_length=200, pattern=SOURCE)
    students_per_staff: int = Field(ge=1, le=100)
    min_staff: int = Field(ge=1, le=20)


class BusRulesOut(BusRulesIn):
    source: str
    org: str | None = None
    own: bool = False


class OutingRulesOut(OutingRulesIn):
    source: str
    org: str | None = None
    own: bool = False


class TransportRulesIn(Schema):
    bus: BusRulesIn | None = None
    outing: OutingRulesIn | None = None


class TransportRulesOut(Schema):
    bus: BusRulesOut | None
    outing: OutingRulesOut | None


def _shown(rules, org, schema):
    if rules is None:
        return None
    figures = {name: getattr(rules, name) for name in schema.model_fields if hasattr(rules, name)}
    figures["org"] = rules.org.name if rules.org_id else None
    figures["own"] = rules.org_id == org.pk
    return schema(**figures)


def _bureau(request, org_id, capability):
    org = org_for(request, org_id, capability)
    if org.is_school:
        raise PermissionRefused(_("A bureau keeps these rules, not a school."))
    return org


def _out(org):
    return TransportRulesOut(
        bus=_shown(bus_rules_for(org), org, BusRulesOut),
        outing=_shown(outing_rules_for(org), org, OutingRulesOut),
    )


@router.get("/orgs/{org_id}/transport/rules", response=TransportRulesOut)
def rules_read(request, org_id: int):
    return _out(_bureau(request, org_id, Cap.TRANSPORT_VIEW))


@router.put("/orgs/{org_id}/transport/rules", response=TransportRulesOut)
def rules_save(request, org_id: int, payload: TransportRulesIn):
    org = _bureau(request, org_id, Cap.TRANSPORT_RULES)
    for kind in ("bus", "outing"):
        section = getattr(payload, kind)
        if section is not None:
            figures = section.dict()
            if kind == "bus":
                figures["equipment"] = [item.strip() for item in figures["equipment"]]
            services.save_rules(actor=request.user, org=org, kind=kind, **figures)
    return _out(org)
