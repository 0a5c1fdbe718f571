"""The scope matrix of the defences: every route, as every demo role, on s01 (the school users'
own), s02 (its sibling, the bureau's only) and a school in another district (bureau people
only). Out of scope is 404; a record's pages are 404 without defence.view, as for a missing
one; a page the role may not use is 403. The bureau pages are tried on the district."""

from dataclasses import dataclass
from datetime import date, time

import pytest

from safecampus.core.models import AuditEvent, Org, OrgKind, User, Zone
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.defences.api import checks as checks_api
from safecampus.defences.api import compliance as compliance_api
from safecampus.defences.api import equipment as equipment_api
from safecampus.defences.api import staff as staff_api
from safecampus.defences.api import staffing as staffing_api
from safecampus.defences.api import systems as systems_api
from safecampus.defences.models import (
    BackgroundCheck,
    DutyBand,
    DutySlot,
    Equipment,
    EquipmentType,
    Handover,
    LeaderDuty,
    RegionRuleSet,
    RequiredEquipment,
    SecurityStaff,
    StaffingRuleSet,
    SystemType,
    TechSystem,
    Training,
)
from safecampus.defences.rules import rules_for
from safecampus.defences.urls import urlpatterns
from safecampus.emergencies.models import AlarmDevice
from tests.defences.helpers import add_guard
from tests.roles import ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    built_targets,
    call,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    url: str
    cap: str | None
    method: str = "get"
    ok: int = 200
    data: tuple = ()
    level: str = "school"
    record: bool = False  # a guard's record: 404 without defence.view
    json: bool = False
    # Who sees the record (else 404): a technical system is seen by its guards too.
    seen: tuple = (Cap.DEFENCE_VIEW,)


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    caps = CAPABILITIES[ROLE_OF[username]]
    if route.record and not any(cap in caps for cap in route.seen):
        return 404
    needed = route.cap if isinstance(route.cap, tuple) else (route.cap,)
    return route.ok if any(cap in caps for cap in needed) else 403


V, M, R, F = Cap.DEFENCE_VIEW, Cap.DEFENCE_MANAGE, Cap.DEFENCE_RECORD, Cap.DEFENCE_RULES
DUTY = Cap.DEFENCE_DUTY
SO = "/orgs/{school}/defences/"
D = "/orgs/{district}/defences/"
S = "/defences/staff/{staff}/"
E = "/defences/equipment/{item}/"
T = "/defences/systems/{system}/"
NEW = (
    ("name", "矩阵保安"),
    ("role", "guard"),
    ("employer", "school"),
    ("id_number", "11010519491231002X"),
    ("started_on", "2025-09-01"),
)
PAGES = {
    "home": Route(SO, V),
    "home_district": Route(D, V, level="district"),
    "staffing": Route(SO + "staffing/", V),
    "staffing_district": Route(D + "staffing/?short=1", V, level="district"),
    "rules": Route(D + "rules/", V, level="district"),
    "rules_save": Route(D + "rules/", F, "post", 302, (("rule_set", "{hubei}"),), level="district"),
    "rules_equipment": Route(
        D + "rules/equipment/",
        F,
        "post",
        302,
        (("kind", "{fork}"), ("basis", "gate"), ("minimum", "1"), ("source", "矩阵来源")),
        level="district",
    ),
    "rules_equipment_remove": Route(
        D + "rules/equipment/remove/", F, "post", 302, (("kind", "{line_kind}"),), level="district"
    ),
    "staff_list": Route(SO + "staff/", V),
    "staff_add_form": Route(SO + "staff/new/", M),
    "staff_add": Route(SO + "staff/new/", M, "post", 302, NEW),
    "staff_export": Route(SO + "staff.xlsx", V),
    "staff": Route(S, V, record=True),
    "staff_edit_form": Route(S + "edit/", M, record=True),
    "staff_edit": Route(
        S + "edit/",
        M,
        "post",
        302,
        (*NEW[:3], ("id_number", "{staff_id_number}"), ("started_on", "2024-09-01")),
        record=True,
    ),
    "staff_reveal": Route(S + "id/", R, "post", 200, record=True),
    "staff_training": Route(
        S + "training/",
        M,
        "post",
        302,
        (("held_on", "2026-11-01"), ("topic", "矩阵培训"), ("hours", "2")),
        record=True,
    ),
    "staff_leave": Route(S + "leave/", M, "post", 302, (("left_on", "2026-11-30"),), record=True),
    "items": Route(SO + "equipment/", V),
    "items_district": Route(D + "equipment/", V, level="district"),
    "item_add_form": Route(SO + "equipment/new/", M),
    "item_add": Route(
        SO + "equipment/new/",
        M,
        "post",
        302,
        (("zone", "{zone}"), ("kind", "{fork}"), ("count", "2"), ("made_on", "2025-01-01")),
    ),
    "item": Route(E, V, record=True),
    "item_inspect": Route(
        E + "inspect/", M, "post", 302, (("checked_on", "2026-11-01"), ("ok", "1")), record=True
    ),
    "item_retire": Route(E + "retire/", M, "post", 302, record=True),
    "items_export": Route(SO + "equipment.xlsx", V),
    "systems": Route(SO + "systems/", (V, DUTY)),
    "systems_district": Route(D + "systems/", V, level="district"),
    "system_add_form": Route(SO + "systems/new/", M),
    "system_add": Route(
        SO + "systems/new/",
        M,
        "post",
        302,
        (("zone", "{zone}"), ("kind", "{alarm_box}"), ("installed_on", "2025-01-01")),
    ),
    "systems_export": Route(SO + "systems.xlsx", V),
    "system": Route(T, (V, DUTY), record=True, seen=(V, DUTY)),
    "system_test": Route(
        T + "test/",
        (M, DUTY),
        "post",
        302,
        (("tested_on", "2026-11-01"), ("ok", "1")),
        record=True,
        seen=(V, DUTY),
    ),
    "system_retire": Route(T + "retire/", M, "post", 302, record=True, seen=(V, DUTY)),
    "system_device": Route(
        T + "device/",
        M,
        "post",
        302,
        (("alarm_device_id", "{device}"),),
        record=True,
        seen=(V, DUTY),
    ),
    "compliance": Route(SO + "compliance/", V),
    "compliance_district": Route(D + "compliance/", V, level="district"),
    "roster_copy": Route(SO + "roster/copy/", M, "post", 302, (("week", "2026-11-02"),)),
    "roster": Route(SO + "roster/?mine=1", (V, Cap.DEFENCE_DUTY)),
    "roster_district": Route(D + "roster/", V, level="district"),
    "roster_band": Route(
        SO + "roster/band/",
        M,
        "post",
        302,
        (("name", "矩阵班"), ("starts", "08:00"), ("ends", "12:00")),
    ),
    "roster_duty": Route(
        SO + "roster/duty/",
        M,
        "post",
        302,
        (("zone", "{gate}"), ("band", "{band}"), ("day", "2026-11-02"), ("guards", "{guard}")),
    ),
    "roster_leader": Route(
        SO + "roster/leader/",
        M,
        "post",
        302,
        (("day", "2026-11-02"), ("leader", "{leader}")),
    ),
    "handover": Route(SO + "handover/", Cap.DEFENCE_DUTY),
    "handover_save": Route(
        SO + "handover/",
        Cap.DEFENCE_DUTY,
        "post",
        302,
        (("zone", "{zone}"), ("happened", "矩阵交班")),
    ),
    "checks": Route(SO + "checks/", V),
    "checks_district": Route(D + "checks/", V, level="district"),
    "checks_record": Route(
        SO + "checks/",
        M,
        "post",
        302,
        (
            ("person", "{staff_key}"),
            ("kind", "recheck"),
            ("checked_on", "2026-11-01"),
            ("result", "clear"),
        ),
    ),
}
A = "/api/v1/orgs/"
API = {
    "api_staff": Route(A + "{school}/defences/staff", V),
    "api_staff_add": Route(
        A + "{school}/defences/staff",
        M,
        "post",
        201,
        (
            ("name", "矩阵保安"),
            ("role", "guard"),
            ("employer", "school"),
            ("id_number", "11010519491231002X"),
            ("started_on", "2025-09-01"),
        ),
        json=True,
    ),
    "api_staff_one": Route("/api/v1/defences/staff/{staff}", V, record=True),
    "api_checks": Route(A + "{school}/defences/checks", V),
    "api_check_add": Route(
        A + "{school}/defences/checks",
        M,
        "post",
        201,
        (
            ("person", "{staff_key}"),
            ("kind", "recheck"),
            ("checked_on", "2026-11-01"),
            ("result", "clear"),
        ),
        json=True,
    ),
    "api_items": Route(A + "{school}/defences/equipment", V),
    "api_item_add": Route(
        A + "{school}/defences/equipment",
        M,
        "post",
        201,
        (("zone_id", "{zone}"), ("type", "steel-fork"), ("count", 2), ("made_on", "2025-01-01")),
        json=True,
    ),
    "api_item_inspect": Route(
        "/api/v1/defences/equipment/{item}/inspections",
        M,
        "post",
        201,
        (("checked_on", "2026-11-01"), ("ok", True)),
        record=True,
        json=True,
    ),
    "api_systems": Route(A + "{school}/defences/systems", V),
    "api_system_add": Route(
        A + "{school}/defences/systems",
        M,
        "post",
        201,
        (("zone_id", "{zone}"), ("type", "alarm-box"), ("installed_on", "2025-01-01")),
        json=True,
    ),
    "api_system_test": Route(
        "/api/v1/defences/systems/{system}/tests",
        (M, DUTY),
        "post",
        201,
        (("tested_on", "2026-11-01"), ("ok", True)),
        record=True,
        json=True,
        seen=(V, DUTY),
    ),
    "api_system_device": Route(
        "/api/v1/defences/systems/{system}/device",
        M,
        "post",
        200,
        (("alarm_device_id", "{device}"),),
        record=True,
        json=True,
        seen=(V, DUTY),
    ),
    "api_compliance": Route(A + "{school}/defences/compliance", V),
    "api_compliance_district": Route(A + "{district}/defences/compliance", V, level="district"),
    "api_staffing": Route(A + "{school}/defences/staffing", V),
    "api_staffing_district": Route(A + "{district}/defences/staffing", V, level="district"),
}
ROUTES = {**PAGES, **API}
IDS = {"school": 7, "district": 7, "staff": 7, "item": 7, "system": 7, "device": 7}


def test_every_page_is_in_the_matrix():
    mine = {p.name for p in urlpatterns}
    assert page_names(PAGES.values(), IDS) == mine


def test_every_api_route_is_in_the_matrix():
    served = set()
    for concept in (
        checks_api.router,
        compliance_api.router,
        equipment_api.router,
        staff_api.router,
        staffing_api.router,
        systems_api.router,
    ):
        served |= api_operations(concept)
    assert api_tried(API.values(), IDS) == served


@pytest.fixture(scope="module")
def outside():
    return outside_school(school_kind="primary", day_students=300)


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    staff = add_guard(school)
    zone = Zone.objects.filter(school=school).first() or Zone.objects.create(
        school=school, name="门卫室", kind="room", path_name="门卫室"
    )
    fork = EquipmentType.objects.get(code="steel-fork")
    item = Equipment.objects.create(
        school=school, zone=zone, kind=fork, count=1, made_on=date(2024, 1, 1)
    )
    # The leader on night duty needs a boarding school: the matrix's schools board some.
    Org.objects.filter(pk=school.pk).update(boarding_students=120)
    gate = Zone.objects.filter(school=school, kind="gate").first() or Zone.objects.create(
        school=school, name="南大门", kind="gate", path_name="南大门"
    )
    band = DutyBand.objects.create(school=school, name="矩阵白班", starts=time(7), ends=time(19))
    people = {
        role: User.objects.filter(username=f"{school.code}.{role}").values_list("pk", flat=True)
        for role in ("guard", "principal")
    }
    alarm_box = SystemType.objects.get(code="alarm-box")
    system = TechSystem.objects.create(
        school=school,
        zone=zone,
        kind=alarm_box,
        installed_on=date(2024, 1, 1),
        test_due_on=date(2024, 4, 1),
    )
    # The school's alarm device in the emergencies module, as the 技防 box's link names it.
    device = AlarmDevice.objects.create(
        school=school, name="矩阵一键报警", prefix="matrix", key_hash=f"matrix-{school.pk}"
    )
    # A line of required equipment each target's district may remove, one type per target.
    line_kind = EquipmentType.objects.get(
        code={"s01": "shield", "s02": "cut-gloves"}.get(target, "stab-vest")
    )
    RequiredEquipment.objects.get_or_create(
        rule_set=rules_for(district),
        kind=line_kind,
        defaults={"basis": "guard", "minimum": 1, "source": "矩阵来源"},
    )
    return {
        "line_kind": line_kind.pk,
        "device": device.pk,
        "gate": gate.pk,
        "band": band.pk,
        "guard": next(iter(people["guard"]), 0),
        "leader": next(iter(people["principal"]), 0),
        "system": system.pk,
        "alarm_box": alarm_box.pk,
        "school": school.pk,
        "district": district.pk,
        "staff": staff.pk,
        "staff_id_number": staff.id_number,
        "staff_key": f"s-{staff.pk}",
        "zone": zone.pk,
        "fork": fork.pk,
        "item": item.pk,
        "hubei": StaffingRuleSet.objects.get(code="hubei").pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def _fingerprint(ids):
    return (
        SecurityStaff.objects.filter(school_id=ids["school"]).count(),
        list(SecurityStaff.objects.filter(pk=ids["staff"]).values_list("name", "left_on")),
        Training.objects.filter(staff_id=ids["staff"]).count(),
        list(RegionRuleSet.objects.values_list("org_id", "rule_set_id")),
        AuditEvent.objects.filter(action="defence.rules").count(),
        AuditEvent.objects.filter(action="defence.staff_id_view").count(),
        BackgroundCheck.objects.filter(staff_id=ids["staff"]).count(),
        Equipment.objects.filter(school_id=ids["school"]).count(),
        Handover.objects.filter(school_id=ids["school"]).count(),
        list(Equipment.objects.filter(pk=ids["item"]).values_list("retired_on", "last_checked_on")),
        TechSystem.objects.filter(school_id=ids["school"]).count(),
        DutyBand.objects.filter(school_id=ids["school"]).count(),
        sorted(DutySlot.objects.filter(school_id=ids["school"]).values_list("pk", "guards")),
        sorted(LeaderDuty.objects.filter(school_id=ids["school"]).values_list("day", "leader")),
        list(
            TechSystem.objects.filter(pk=ids["system"]).values_list(
                "retired_on", "last_tested_on", "alarm_device_id"
            )
        ),
        AuditEvent.objects.filter(action="defence.roster_copy", org_id=ids["school"]).count(),
        sorted(RequiredEquipment.objects.values_list("rule_set_id", "kind_id", "minimum")),
        AuditEvent.objects.filter(action__startswith="defence.required").count(),
    )


def _data(data, ids):
    filled = {}
    for key, value in data:
        if isinstance(value, str) and value.startswith("{"):
            value = ids[value.strip("{}")]
        filled[key] = value
    return filled


def _cases():
    for name in ROUTES:
        for username in ROLE_OF:
            yield pytest.param(name, username, id=f"{name}-{username}")


@pytest.mark.parametrize(("name", "username"), list(_cases()))
def test_scope(name, username, login, made):
    route = ROUTES[name]
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=_fingerprint,
        send=lambda client, route, ids: call(client, route, ids, data=lambda d, i: _data(d, i)),
    )
    assert (got, wrong) == (want, [])
