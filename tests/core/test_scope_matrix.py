"""The scope matrix: every id-taking page and API route, as every demo role, on three orgs.

Targets: s01 (the school users' own school), s02 (its sibling, same street) and a school in
another district of the same city. Out of scope is always 404; in scope it is the route's
success status, or 403 when roles.CAPABILITIES does not give the role the route's capability.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from safecampus.core.models import (
    Attachment,
    AuditEvent,
    CalendarException,
    Department,
    LetterRecipient,
    Membership,
    Org,
    OrgKind,
    Post,
    PostAssignment,
    ResponsibilityLetter,
    Term,
    User,
    Zone,
)
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.core.services import attachments, letters, orgs, posts, zones
from safecampus.core.services.tokens import create_token
from tests.helpers import make_user, png
from tests.roles import BUREAU, ROLE_OF

pytestmark = pytest.mark.django_db

CASES = [(u, t) for u in ROLE_OF for t in ("s01", "s02")] + [(u, "outside") for u in BUREAU]


def in_scope(username, target):
    return target == "s01" or (target == "s02" and username in BUREAU)


@dataclass(frozen=True)
class Route:
    url: str  # formatted with the target's object ids
    cap: str | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    ok: int = 200
    denied: int = 403  # what a role without `cap` gets in scope
    recipients_too: bool = False  # the letter's recipients may see it without `cap`


S = "/schools/{school}/"
LETTER = {"denied": 404, "recipients_too": True}  # not a recipient, not a manager: not found
TERM = {"name": "暑期", "start": "2032-07-01", "end": "2032-08-31"}
DAY = {"name": "运动会", "kind": "holiday", "start": "2032-05-01", "end": "2032-05-01"}
ZONE = {"name": "新楼", "kind": "building"}
PAGES = {
    "school_detail": Route(S),
    "school_edit": Route(S + "edit/", Cap.SCHOOL_EDIT),
    "zone_list": Route(S + "zones/", Cap.ZONE_VIEW),
    "zone_create": Route(S + "zones/new/", Cap.ZONE_MANAGE),
    "zone_edit": Route(S + "zones/{zone}/edit/", Cap.ZONE_MANAGE),
    "zone_move": Route(S + "zones/{zone}/move/", Cap.ZONE_MANAGE),
    "zone_delete": Route(S + "zones/{zone}/delete/", Cap.ZONE_MANAGE, "post", ok=302),
    "post_list": Route(S + "posts/", Cap.POST_VIEW),
    "post_create": Route(S + "posts/new/", Cap.POST_MANAGE),
    "post_detail": Route(S + "posts/{post}/", Cap.POST_VIEW),
    "post_edit": Route(S + "posts/{post}/edit/", Cap.POST_MANAGE),
    "post_assign": Route(
        S + "posts/{post}/assign/", Cap.POST_MANAGE, "post", {"person": "{person}"}, 302
    ),
    "assignment_end": Route(S + "assignments/{assignment}/end/", Cap.POST_MANAGE, "post", ok=302),
    "people_list": Route(S + "people/", Cap.PEOPLE_VIEW),
    "person_create": Route(S + "people/new/", Cap.PEOPLE_MANAGE),
    "person_detail": Route(S + "people/{person}/", Cap.PEOPLE_VIEW),
    "person_grant": Route(
        S + "people/{person}/roles/", Cap.PEOPLE_MANAGE, "post", {"role": "guard"}, 302
    ),
    "person_department": Route(
        S + "people/{person}/department/", Cap.PEOPLE_MANAGE, "post", {"department": ""}, 302
    ),
    "person_deactivate": Route(
        S + "people/{person}/deactivate/", Cap.PEOPLE_MANAGE, "post", {"reason": "调离"}, 302
    ),
    "membership_end": Route(
        S + "memberships/{membership}/end/", Cap.PEOPLE_MANAGE, "post", {"reason": "调离"}, 302
    ),
    "department_create": Route(
        S + "departments/", Cap.PEOPLE_MANAGE, "post", {"name": "德育处"}, 302
    ),
    "letter_list": Route(S + "letters/", Cap.LETTER_VIEW),
    "letter_create": Route(S + "letters/new/", Cap.LETTER_MANAGE),
    "letter_detail": Route(S + "letters/{letter}/", Cap.LETTER_VIEW, **LETTER),
    "letter_sign": Route(S + "letters/{letter}/sign/", Cap.LETTER_VIEW, "post", ok=302, **LETTER),
    "calendar": Route("/orgs/{school}/calendar/"),
    "term_add": Route("/orgs/{school}/calendar/terms/", Cap.CALENDAR_MANAGE, "post", TERM, 302),
    "day_add": Route("/orgs/{school}/calendar/days/", Cap.CALENDAR_MANAGE, "post", DAY, 302),
    "entry_remove": Route(
        "/orgs/{school}/calendar/term/{term}/remove/", Cap.CALENDAR_MANAGE, "post", ok=302
    ),
    "audit_trail": Route("/orgs/{school}/audit/", Cap.AUDIT_VIEW),
    # The demo letter's scan: readable by those who may read the letter, 404 for the rest.
    "attachment_download": Route("/attachments/{attachment}/", Cap.LETTER_VIEW, **LETTER),
}
A = "/api/v1/"
API = {
    "api_org_detail": Route(A + "orgs/{school}"),
    "api_school_detail": Route(A + "schools/{school}"),
    "api_zone_detail": Route(A + "zones/{zone}", Cap.ZONE_VIEW, denied=404),
    "api_post_detail": Route(A + "posts/{post}", Cap.POST_VIEW, denied=404),
    "api_person_detail": Route(A + "people/{person}", Cap.PEOPLE_VIEW, denied=404),
    "api_zone_create": Route(A + "schools/{school}/zones", Cap.ZONE_MANAGE, "post", ZONE, 201),
    # A list narrowed to a school: 404 outside the scope; in it, without the capability, the
    # list is empty (see test_lists_hold_only_what_is_in_scope).
    "api_zone_list": Route(A + "zones?school_id={school}", Cap.ZONE_VIEW, denied=200),
    "api_post_list": Route(A + "posts?school_id={school}", Cap.POST_VIEW, denied=200),
    "api_people_list": Route(A + "people?school_id={school}", Cap.PEOPLE_VIEW, denied=200),
}
ROUTES = {**PAGES, **API}


@pytest.fixture
def outside():
    """A school in a second district of the demo city, with one of everything."""
    city = Org.objects.get(code="demo-city")
    district = orgs.create_org(
        actor=None, parent=city, kind=OrgKind.DISTRICT, name="城北区", code="north"
    )
    school = orgs.create_org(
        actor=None, parent=district, kind=OrgKind.SCHOOL, name="城北小学", code="n01"
    )
    officer = make_user("n01.officer", "北安全主任", school, Role.SAFETY_OFFICER)
    teacher = make_user("n01.teacher2", "北教师", school, Role.TEACHER)
    zones.create_zone(actor=officer, school=school, name="南大门", kind="gate")
    post = posts.create_post(
        actor=officer, school=school, name="门卫保安", kind="guard", duties="值守"
    )
    posts.assign_person(actor=officer, post=post, person=teacher)
    span = {"term_start": date(2026, 9, 1), "term_end": date(2027, 7, 1)}
    letters.issue_letter(
        actor=officer, school=school, title="责任书", body="正文", roles=["teacher"], **span
    )
    return school


def _objects(code, request):
    school = request.getfixturevalue("outside") if code == "outside" else Org.objects.get(code=code)
    short = school.code
    person = User.objects.get(username=f"{short}.teacher2")
    post = Post.objects.filter(school=school, kind="guard").first()
    uploader = User.objects.get(username=f"{short}.officer")
    letter = ResponsibilityLetter.objects.filter(school=school).first()
    scan = attachments.store_upload(actor=uploader, org=school, upload=png("a.png"))
    ResponsibilityLetter.objects.filter(pk=letter.pk).update(attachment=scan)
    return {
        "school": school.pk,
        "zone": Zone.objects.get(school=school, name="南大门").pk,
        "post": post.pk,
        "assignment": post.assignments.active().first().pk,
        "person": person.pk,
        "membership": Membership.objects.active().get(org=school, user=person).pk,
        "letter": letter.pk,
        "term": Term.objects.create(org=school, name="试", start="2031-02-01", end="2031-06-30").pk,
        "attachment": scan.pk,
    }


def fingerprint(school_id):
    """Everything a route could change in one school, and the whole audit log's length."""

    def rows(qs, *fields):
        return list(qs.order_by("pk").values_list("pk", *fields))

    return (
        AuditEvent.objects.count(),
        rows(Zone.objects.filter(school_id=school_id), "name", "parent_id", "kind"),
        rows(Post.objects.filter(school_id=school_id), "name"),
        rows(PostAssignment.objects.filter(post__school_id=school_id), "user_id", "ended_at"),
        rows(Membership.objects.filter(org_id=school_id), "role", "ended_at", "department_id"),
        rows(User.objects.filter(memberships__org_id=school_id), "is_active"),
        rows(Department.objects.filter(school_id=school_id), "name"),
        rows(LetterRecipient.objects.filter(letter__school_id=school_id), "signed_at"),
        rows(Term.objects.filter(org_id=school_id), "start"),
        rows(CalendarException.objects.filter(org_id=school_id), "start"),
        rows(Attachment.objects.filter(org_id=school_id), "size"),
    )


def expected(route, username, target, ids):
    if not in_scope(username, target):
        return 404
    if route.cap is None or route.cap in CAPABILITIES[ROLE_OF[username]]:
        return route.ok
    recipient = LetterRecipient.objects.filter(
        letter_id=ids["letter"], user__username=username
    ).exists()
    return route.ok if route.recipients_too and recipient else route.denied


def _call(client, route, ids):
    url = route.url.format(**ids)
    data = {k: v.format(**ids) for k, v in route.data.items()}
    if route.method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize(("username", "target"), CASES)
@pytest.mark.parametrize("name", list(ROUTES))
def test_scope(name, username, target, login, request):
    route = ROUTES[name]
    ids = _objects(target, request)
    want = expected(route, username, target, ids)
    refused_post = want in (403, 404) and route.method == "post"
    before = fingerprint(ids["school"]) if refused_post else None
    response = _call(login(username), route, ids)
    assert response.status_code == want, response.content[:300]
    if refused_post:
        assert fingerprint(ids["school"]) == before


MIXED = [n for n, r in PAGES.items() if r.url.startswith(S) and r.url.count("{") > 1]


@pytest.mark.parametrize("username", ["s01.officer", "bureau.admin"])
@pytest.mark.parametrize("name", MIXED)
def test_an_object_of_another_school_is_not_found_under_this_one(name, username, login, request):
    """/schools/<s01>/zones/<a zone of s02>/edit/: the school is visible, the zone is not there."""
    route = PAGES[name]
    s01 = Org.objects.get(code="s01")
    ids = {**_objects("s02", request), "school": s01.pk}
    has_cap = route.cap is None or route.cap in CAPABILITIES[ROLE_OF[username]]
    before = fingerprint(s01.pk), fingerprint(Org.objects.get(code="s02").pk)
    response = _call(login(username), route, ids)
    assert response.status_code == (404 if has_cap or route.recipients_too else route.denied)
    assert (fingerprint(s01.pk), fingerprint(Org.objects.get(code="s02").pk)) == before


LISTS = {
    "page_school_list": ("/schools/", None),
    "page_org_tree": ("/orgs/", None),
    "api_orgs": (A + "orgs", None),
    "api_schools": (A + "schools", None),
    "api_zones": (A + "zones?school_id={school}", Cap.ZONE_VIEW),
    "api_posts": (A + "posts?school_id={school}", Cap.POST_VIEW),
    "api_people": (A + "people?school_id={school}", Cap.PEOPLE_VIEW),
}
LIST_KEY = {"api_zones": "zone", "api_posts": "post", "api_people": "person"}


@pytest.mark.parametrize(("username", "target"), CASES)
@pytest.mark.parametrize("name", list(LISTS))
def test_lists_hold_only_what_is_in_scope(name, username, target, login, request):
    url, cap = LISTS[name]
    ids = _objects(target, request)
    shown = in_scope(username, target) and (cap is None or cap in CAPABILITIES[ROLE_OF[username]])
    response = login(username).get(url.format(**ids))
    if name in LIST_KEY and not in_scope(username, target):
        assert response.status_code == 404  # narrowed to a school the person cannot see
        return
    assert response.status_code == 200
    if name.startswith("page_"):
        school_name = Org.objects.get(pk=ids["school"]).name
        assert (school_name in response.content.decode()) == shown
    else:
        found = {item["id"] for item in response.json()["items"]}
        assert (ids[LIST_KEY.get(name, "school")] in found) == shown


ANONYMOUS_PAGES = ["/", "/me/", "/notifications/", "/orgs/", "/schools/"] + [
    r.url for r in PAGES.values() if r.method == "get"
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_anonymous_pages_go_to_login(url, client, request):
    ids = _objects("s01", request)
    response = client.get(url.format(**ids))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", [n for n, r in PAGES.items() if r.method == "post"])
def test_anonymous_actions_change_nothing(name, client, request):
    ids = _objects("s01", request)
    before = fingerprint(ids["school"])
    response = _call(client, PAGES[name], ids)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert fingerprint(ids["school"]) == before


@pytest.mark.parametrize(
    "route",
    [Route(A + p) for p in ("me", "orgs", "schools", "zones", "posts", "people")]
    + list(API.values()),
    ids=lambda route: route.url,
)
def test_anonymous_api_is_401(route, client, request):
    ids = _objects("s01", request)
    before = fingerprint(ids["school"])
    assert _call(client, route, ids).status_code == 401
    assert fingerprint(ids["school"]) == before


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_api_tokens_are_personal(username, login):
    mine, _key = create_token(user=User.objects.get(username=username), name="mine")
    theirs, _key = create_token(user=User.objects.get(username="s02.officer"), name="theirs")
    client = login(username)
    assert client.post(f"/me/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.post(f"/api/v1/me/tokens/{theirs.pk}/rotate").status_code == 404
    assert client.post("/me/", {"rotate_token": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.post(f"/me/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
