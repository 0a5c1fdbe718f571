"""The scope matrix of casework: every page and API route, as every demo role, on the cases of
three schools (s01, its sibling s02, and a school in another district made here).

Out of scope is 404. In scope: the lists answer those who see casework (masked) or the police
liaison (flagged cases); a case is not found by anyone who may not know of it, refused (403)
to a person who may know of it but not read it, read by the ledger's keepers, the responsible
person and, for a flagged case, the police liaison. A refused POST changes nothing; an allowed
one changes something.
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from safecampus.casework.api import router
from safecampus.casework.models import (
    AccessGrant,
    BullyingCase,
    BullyingMessage,
    ConcernCategory,
    ConcernFollowUp,
    Dispute,
    DisputeLevel,
    DisputeType,
    HealthNote,
    MandatoryReport,
    MandatoryTrigger,
    Mediation,
    PersonOfConcern,
    Screening,
)
from safecampus.casework.urls import urlpatterns
from safecampus.core.models import AuditEvent, Org, OrgKind, User
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.students.models import SchoolClass, Student
from tests.helpers import make_user
from tests.roles import ROLE_OF
from tests.scope import (
    api_operations,
    api_tried,
    assert_anonymous_refused,
    built_targets,
    in_scope,
    outside_school,
    page_names,
    try_targets,
)

pytestmark = pytest.mark.django_db

MARK = "范围测试个案"
VIEW, FLAGGED = Cap.CASEWORK_VIEW, Cap.CONCERN_FLAGGED
RECORD, MANAGE = Cap.CONCERN_RECORD, Cap.CONCERN_MANAGE
D_RECORD, D_MANAGE = Cap.DISPUTE_RECORD, Cap.DISPUTE_MANAGE
B_RECORD, B_MANAGE = Cap.BULLYING_RECORD, Cap.BULLYING_MANAGE
M_RECORD, M_MANAGE = Cap.MANDATORY_RECORD, Cap.MANDATORY_MANAGE
APPROVE, AUDIT = Cap.CASEWORK_APPROVE, Cap.CASEWORK_AUDIT
H_VIEW, H_CLASS, H_MANAGE = Cap.HEALTH_VIEW, Cap.HEALTH_CLASS, Cap.HEALTH_MANAGE


def caps(username):
    return CAPABILITIES[ROLE_OF[username]]


def knows(username, case):
    """Whether the person may know the record exists (else 404)."""
    c = caps(username)
    return VIEW in c or (case == "flagged" and FLAGGED in c)


def reads(username, case):
    c = caps(username)
    if case == "dispute":
        return D_RECORD in c
    if case == "bullying":
        return B_RECORD in c
    if case == "mandatory":
        return M_RECORD in c
    return RECORD in c or (case == "flagged" and FLAGGED in c and VIEW not in c)


def listing(u):
    return 200 if VIEW in caps(u) or FLAGGED in caps(u) else 403


def holds(cap, ok):
    return lambda u: ok if cap in caps(u) else 403


def detail(case, ok=200):
    def want(u):
        if not knows(u, case):
            return 404
        return ok if reads(u, case) else 403

    return want


def managed(case, ok):
    def want(u):
        if not knows(u, case):
            return 404
        cap = {"dispute": D_MANAGE, "bullying": B_MANAGE, "mandatory": M_MANAGE}.get(case, MANAGE)
        return ok if cap in caps(u) else 403

    return want


def health_listing(u):
    return 200 if H_VIEW in caps(u) or H_CLASS in caps(u) else 403


def health_note(u):
    """The note is of a student in the head teacher's class: anyone else who may not read
    health notes does not learn that it exists (tests/casework/test_health.py tries the PE
    teacher, the medic and another class)."""
    return 200 if H_VIEW in caps(u) or H_CLASS in caps(u) else 404


def health_managed(u):
    if H_MANAGE in caps(u):
        return 302
    return 403 if H_VIEW in caps(u) or H_CLASS in caps(u) else 404


def asks(ok, case="plain"):
    """Asking for access: not found for those who may not know of the record; the keepers may
    already read it (a refusal with a message, changing nothing)."""

    def want(u):
        if not knows(u, case):
            return 404
        if VIEW not in caps(u):
            return 403
        return 400 if reads(u, case) else ok

    return want


def decides(ok):
    """Deciding on the head teacher's request: the person in charge; the asker may not
    approve their own; anyone else who sees requests is refused."""

    def want(u):
        if VIEW not in caps(u):
            return 404
        return ok if APPROVE in caps(u) else 403

    return want


@dataclass(frozen=True)
class Route:
    url: str
    want: object  # username -> status, in scope
    method: str = "get"
    data: object = field(default_factory=dict)
    json: bool = False
    changes: bool = True  # whether a success must change something
    level: str = "school"

    @property
    def ok(self):
        return 302 if (self.method == "post" and not self.json) else 200


def open_data(ids):
    return {
        "subject_kind": "outsider",
        "name": MARK,
        "category": ids["category"],
        "risk_level": "low",
        "responsible": ids["responsible"],
    }


S = "/schools/{school}/casework/"
C = "/casework/concerns/{plain}/"
DI = "/casework/disputes/{dispute}/"
BU = "/casework/bullying/{bullying}/"
MR = "/casework/mandatory/{mandatory}/"
HN = "/casework/health/{health}/"
PAGES = {
    "concerns": Route(S + "concerns/", listing),
    "flagged": Route("/orgs/{district}/casework/flagged/", holds(FLAGGED, 200), level="district"),
    "concern_open": Route(S + "concerns/new/", holds(MANAGE, 200)),
    "concern_open_post": Route(S + "concerns/new/", holds(MANAGE, 302), "post", open_data),
    "concern": Route(C, detail("plain")),
    "concern_flagged": Route("/casework/concerns/{flagged}/", detail("flagged")),
    "concern_assess": Route(
        C + "assess/",
        managed("plain", 302),
        "post",
        {"risk_level": "high", "measures": MARK},
    ),
    "concern_follow_up": Route(C + "follow-up/", managed("plain", 302), "post", {"note": MARK}),
    "concern_move": Route(C + "move/close/", managed("plain", 302), "post", {"reason": MARK}),
    "concern_request": Route(C + "request-access/", asks(302), "post", {"reason": MARK}),
    "disputes": Route(S + "disputes/", holds(VIEW, 200)),
    "dispute_new": Route(S + "disputes/new/", holds(D_MANAGE, 200)),
    "dispute_new_post": Route(
        S + "disputes/new/",
        holds(D_MANAGE, 302),
        "post",
        lambda ids: {
            "type": ids["dtype"],
            "level": ids["dlevel"],
            "parties": MARK,
            "summary": MARK,
            "handler": ids["responsible"],
        },
    ),
    "screenings": Route(S + "screenings/", holds(VIEW, 200)),
    "screenings_post": Route(
        S + "screenings/", holds(D_MANAGE, 302), "post", {"scope": "small", "found": 1}
    ),
    "dispute": Route(DI, detail("dispute")),
    "dispute_mediate": Route(DI + "mediate/", managed("dispute", 302), "post", {"note": MARK}),
    "dispute_move": Route(DI + "move/settle/", managed("dispute", 302), "post", {"outcome": MARK}),
    "dispute_request": Route(
        DI + "request-access/", asks(302, "dispute"), "post", {"reason": MARK}
    ),
    "bullying_list": Route(S + "bullying/", holds(VIEW, 200)),
    "bullying_new": Route(S + "bullying/new/", holds(B_MANAGE, 200)),
    "bullying_new_post": Route(
        S + "bullying/new/",
        holds(B_MANAGE, 302),
        "post",
        lambda ids: {
            "channel": "student",
            "act": "verbal",
            "summary": MARK,
            "handler": ids["responsible"],
        },
    ),
    "bullying": Route(BU, detail("bullying")),
    "bullying_move": Route(BU + "move/accept/", managed("bullying", 302), "post"),
    "bullying_request": Route(
        BU + "request-access/", asks(302, "bullying"), "post", {"reason": MARK}
    ),
    "mandatory_list": Route(S + "mandatory/", holds(VIEW, 200)),
    "mandatory_new": Route(S + "mandatory/new/", holds(M_MANAGE, 200)),
    "mandatory_new_post": Route(
        S + "mandatory/new/",
        holds(M_MANAGE, 302),
        "post",
        lambda ids: {
            "trigger": ids["trigger"],
            "subject": MARK,
            "summary": MARK,
            "handler": ids["responsible"],
        },
    ),
    "mandatory": Route(MR, detail("mandatory")),
    "mandatory_move": Route(
        MR + "move/report/", managed("mandatory", 302), "post", {"reported_to": MARK}
    ),
    "mandatory_request": Route(
        MR + "request-access/", asks(302, "mandatory"), "post", {"reason": MARK}
    ),
    "health_list": Route(S + "health/", health_listing),
    "health_new": Route(S + "health/new/", holds(H_MANAGE, 200)),
    "health": Route(HN, health_note),
    "health_notice": Route(HN + "notice/", health_managed, "post", {}),
    "health_close": Route(HN + "close/", health_managed, "post", {}),
    "access": Route(S + "access/", holds(VIEW, 200)),
    "access_decide": Route(
        "/casework/access/{grant}/approve/", decides(302), "post", {"note": MARK}
    ),
    "access_log": Route(S + "access-log/", holds(AUDIT, 200)),
    "compliance": Route(S + "compliance.xlsx", holds(AUDIT, 200)),
    "rules": Route(S + "rules/", holds(VIEW, 200)),
}
A = "/api/v1/"
API = {
    "api_concerns": Route(A + "schools/{school}/concerns", listing),
    "api_concern_open": Route(
        A + "schools/{school}/concerns",
        holds(MANAGE, 201),
        "post",
        lambda ids: {
            "subject_kind": "outsider",
            "name": MARK,
            "category_id": ids["category"],
            "risk_level": "low",
            "responsible_id": ids["responsible"],
        },
        json=True,
    ),
    "api_concern": Route(A + "concerns/{plain}", detail("plain")),
    "api_concern_flagged": Route(A + "concerns/{flagged}", detail("flagged")),
    "api_follow_up": Route(
        A + "concerns/{plain}/follow-ups", managed("plain", 201), "post", {"note": MARK}, True
    ),
    "api_request": Route(
        A + "concerns/{plain}/access-requests", asks(201), "post", {"reason": MARK}, True
    ),
    "api_requests": Route(A + "schools/{school}/access-requests", holds(VIEW, 200)),
    "api_disputes": Route(A + "schools/{school}/disputes", holds(VIEW, 200)),
    "api_dispute": Route(A + "disputes/{dispute}", detail("dispute")),
    "api_dispute_record": Route(
        A + "schools/{school}/disputes",
        holds(D_MANAGE, 201),
        "post",
        lambda ids: {
            "type_id": ids["dtype"],
            "level_id": ids["dlevel"],
            "parties": MARK,
            "summary": MARK,
            "handler_id": ids["responsible"],
        },
        json=True,
    ),
    "api_mediate": Route(
        A + "disputes/{dispute}/mediations", managed("dispute", 201), "post", {"note": MARK}, True
    ),
    "api_bullying_list": Route(A + "schools/{school}/bullying", holds(VIEW, 200)),
    "api_bullying": Route(A + "bullying/{bullying}", detail("bullying")),
    "api_bullying_record": Route(
        A + "schools/{school}/bullying",
        holds(B_MANAGE, 201),
        "post",
        lambda ids: {
            "channel": "guardian",
            "act": "online",
            "summary": MARK,
            "handler_id": ids["responsible"],
        },
        json=True,
    ),
    "api_bullying_reply": Route(
        A + "bullying/{bullying}/messages", managed("bullying", 201), "post", {"body": MARK}, True
    ),
    "api_mandatory_list": Route(A + "schools/{school}/mandatory-reports", holds(VIEW, 200)),
    "api_mandatory": Route(A + "mandatory-reports/{mandatory}", detail("mandatory")),
    "api_mandatory_log": Route(
        A + "schools/{school}/mandatory-reports",
        holds(M_MANAGE, 201),
        "post",
        lambda ids: {
            "trigger_id": ids["trigger"],
            "subject": MARK,
            "summary": MARK,
            "handler_id": ids["responsible"],
        },
        json=True,
    ),
    "api_health_list": Route(A + "schools/{school}/health-notes", health_listing),
    "api_health": Route(A + "health-notes/{health}", health_note),
    "api_decide": Route(
        A + "access-requests/{grant}/decide", decides(200), "post", {"action": "approve"}, True
    ),
}
ROUTES = {**PAGES, **API}
# The tip line: open to anyone, no account (tested below and in test_bullying.py).
PUBLIC = {"tip": Route("/tip/s01/", None), "tip_follow": Route("/tip-follow/", None)}


def test_every_route_is_in_the_matrix():
    ids = dict.fromkeys(
        [
            "school",
            "district",
            "plain",
            "flagged",
            "grant",
            "dispute",
            "bullying",
            "mandatory",
            "health",
        ],
        7,
    )
    assert page_names([*PAGES.values(), *PUBLIC.values()], ids) == {p.name for p in urlpatterns}
    assert api_tried(API.values(), ids) == api_operations(router)


@pytest.fixture(scope="module")
def outside():
    school = outside_school()
    make_user("n01.principal", "北校长", school, Role.PRINCIPAL)
    make_user("n01.headteacher", "北班主任", school, Role.HEAD_TEACHER)
    return school


def _case(school, responsible, *, flagged=False):
    case = PersonOfConcern.objects.create(
        school=school,
        subject_kind="outsider",
        name="范围某某",
        category=ConcernCategory.objects.get(code="conflict-outsider"),
        risk_level="middle",
        responsible=responsible,
        flagged=flagged,
        opened_on=timezone.localdate(),
        created_by=responsible,
    )
    ConcernFollowUp.objects.create(concern=case, due_on=timezone.localdate())
    return case


def _objects(target, request):
    school = (
        request.getfixturevalue("outside") if target == "outside" else Org.objects.get(code=target)
    )
    code = school.code
    principal = User.objects.get(username=f"{code}.principal")
    head = User.objects.get(username=f"{code}.headteacher")
    plain = _case(school, principal)
    flagged = _case(school, principal, flagged=True)
    # The head teacher's pending request is for the flagged case: the plain one is free to ask.
    grant = AccessGrant.objects.create(
        school=school, ledger="concern", record_id=flagged.pk, requested_by=head, reason=MARK
    )
    dispute = Dispute.objects.create(
        school=school,
        type=DisputeType.objects.get(code="student-student"),
        level=DisputeLevel.objects.get(code="minor"),
        parties="范围某, 学生",
        summary=MARK,
        handler=principal,
        found_on=timezone.localdate(),
        deadline=timezone.localdate(),
        created_by=principal,
    )
    bullying = BullyingCase.objects.create(
        school=school,
        channel="tip",
        act="verbal",
        parties="范围某, 学生",
        summary=MARK,
        received_at=timezone.now(),
        accept_by=timezone.localdate(),
    )
    trigger = MandatoryTrigger.objects.get(code="abandoned")
    report = MandatoryReport.objects.create(
        school=school,
        trigger=trigger,
        subject="范围某, 三年级",
        summary=MARK,
        learned_at=timezone.now(),
        report_by=timezone.now(),
        handler=principal,
        created_by=principal,
    )
    school_class = SchoolClass.objects.create(
        school=school, grade=9, name="范围班", head_teacher=head
    )
    pupil = Student.objects.create(
        school=school, school_class=school_class, name="范围生", student_number="FW-1"
    )
    note = HealthNote.objects.create(
        school=school,
        student=pupil,
        kind="asthma",
        detail=MARK,
        emergency=MARK,
        created_by=principal,
    )
    district = Org.objects.get(pk__in=school.ancestor_ids(), kind=OrgKind.DISTRICT)
    return {
        "health": note.pk,
        "bullying": bullying.pk,
        "mandatory": report.pk,
        "trigger": trigger.pk,
        "school": school.pk,
        "district": district.pk,
        "plain": plain.pk,
        "flagged": flagged.pk,
        "dispute": dispute.pk,
        "dtype": DisputeType.objects.get(code="school-parents").pk,
        "dlevel": DisputeLevel.objects.get(code="minor").pk,
        "grant": grant.pk,
        "category": ConcernCategory.objects.get(code="conflict-parent").pk,
        "responsible": principal.pk,
    }


@pytest.fixture(scope="module", autouse=True)
def made(module_rows, request):
    return built_targets(module_rows, lambda target: _objects(target, request))


def fingerprint():
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        rows(PersonOfConcern, "status", "risk_level"),
        rows(ConcernFollowUp, "done_at"),
        rows(AccessGrant, "status"),
        rows(Dispute, "status"),
        Mediation.objects.count(),
        Screening.objects.count(),
        rows(BullyingCase, "status"),
        BullyingMessage.objects.count(),
        rows(MandatoryReport, "status"),
        rows(HealthNote, "status", "notice"),
    )


def expected(route, username, target):
    if not in_scope(username, target, route.level):
        return 404
    return route.want(username)


@pytest.mark.parametrize(
    ("name", "username"),
    [pytest.param(n, u, id=f"{n}-{u}") for n in ROUTES for u in ROLE_OF],
)
def test_scope(name, username, login, made):
    route = ROUTES[name]
    success = {200, 201, 302}
    got, want, wrong = try_targets(
        login(username),
        route,
        username,
        objects=made.__getitem__,
        expected=lambda target, _ids: expected(route, username, target),
        fingerprint=lambda _ids: fingerprint(),
        must_change=lambda _target, want: want in success if route.changes else None,
    )
    assert got == want
    assert wrong == [], f"{name} by {username}: a refusal changed, or a success did not"


@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_is_sent_to_log_in_and_changes_nothing(name, made):
    ids = made["s01"]
    assert_anonymous_refused(ROUTES[name], ids, api=name in API, fingerprint=fingerprint)


def test_the_tip_line_needs_no_login_and_knows_only_schools():
    client = Client()
    assert client.get(PUBLIC["tip"].url).status_code == 200
    assert client.get("/tip/no-such-school/").status_code == 404
    assert client.get("/tip/demo-district/").status_code == 404  # a bureau is not a school
    assert client.get(PUBLIC["tip_follow"].url).status_code == 200
