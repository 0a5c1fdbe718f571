"""The hazard ledger's pages: filters, pagination, htmx, the detail page's actions, refused
input, reporting (named, anonymous, public, repeated, rate-limited), tracking, the bureau
overview, the deadline rules and the QR poster."""

import html
import json
import re
import subprocess
import uuid
import zlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from safecampus.core.models import Attachment, AuditEvent, Org, User, Zone
from safecampus.core.roles import CAPABILITIES, Cap, Role
from safecampus.hazards import services, tally
from safecampus.hazards.models import (
    OPEN_STATUSES,
    Category,
    ExtensionRequest,
    Grade,
    Hazard,
    HazardEvent,
    HazardRuleSet,
    Source,
    Status,
)
from safecampus.hazards.workflow import RESPONSIBLE, TRANSITIONS
from tests.helpers import png, user_named

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = timedelta(days=1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true"}


def row_ids(response, school):
    """The hazard ids a ledger response lists, in order."""
    return [
        int(pk) for pk in re.findall(rf'href="/schools/{school.pk}/hazards/(\d+)/"', text(response))
    ]


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def s01(org):
    return org("s01")


def walk(school, to, *, major=False, pending=False, place="二楼走廊"):
    """A hazard reported by name by the teacher and taken through the services to `to`; the
    head teacher is responsible for it, the officer runs it."""
    code = school.code
    teacher, officer = user_named(f"{code}.teacher"), user_named(f"{code}.officer")
    fixer = user_named(f"{code}.headteacher")
    hazard = services.report_hazard(
        actor=teacher,
        school=school,
        place=place,
        category=Category.ELECTRICAL,
        description="插座面板破损，电线外露",
        photos=[png()],
    )
    if to != "reported":
        grade = Grade.MAJOR if major else Grade.GENERAL
        services.confirm(actor=officer, hazard=hazard, grade=grade)
    if to not in ("reported", "confirmed"):
        services.assign(
            actor=officer,
            hazard=hazard,
            responsible_person=fixer,
            responsible_unit="总务处",
            measures="更换插座面板",
            deadline=TODAY + 7 * DAY,
            interim_measures="设置警示标识" if major else "",
            contingency_plan="疏散周边人员" if major else "",
        )
        if pending:
            services.request_extension(
                actor=fixer, hazard=hazard, new_deadline=TODAY + 14 * DAY, reason="材料未到"
            )
    if to in ("rectified", "accepted", "closed"):
        services.rectify(actor=fixer, hazard=hazard, note="已更换", photos=[png()])
    if to in ("accepted", "closed"):
        services.accept(actor=officer, hazard=hazard, note="验收合格")
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert hazard.status == to
    return hazard


def state(hazard):
    """Everything an action could change about one hazard, and the global logs' lengths."""
    hazard = Hazard.objects.get(pk=hazard.pk)
    fields = {f.attname: getattr(hazard, f.attname) for f in Hazard._meta.concrete_fields}
    return (
        fields,
        list(HazardEvent.objects.filter(hazard=hazard).values_list("pk", "action")),
        list(ExtensionRequest.objects.filter(hazard=hazard).values_list("pk", "status")),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
    )


# The ledger ------------------------------------------------------------------------------------


def _ledger(client, school, params=None, **headers):
    response = client.get(f"/schools/{school.pk}/hazards/", params or {}, **headers)
    assert response.status_code == 200
    return response


@pytest.fixture
def searchable(s01):
    """Three hazards for the text search: the word in the place, in the description, neither."""
    officer = user_named("s01.officer")

    def report(place, description):
        return services.report_hazard(
            actor=officer, school=s01, place=place, category="other", description=description
        )

    return [
        report("蜂窝煤堆放点", "北墙下堆放杂物"),
        report("锅炉房", "门口堆放蜂窝煤，离北墙很近"),
        report("车棚", "顶棚漏雨"),
    ]


def _filter_cases(s01):
    """(query parameters, which hazards match) for every filter of the ledger."""
    hazards = list(Hazard.objects.filter(school=s01))
    zone = max(
        {h.zone for h in hazards if h.zone}, key=lambda z: sum(h.zone_id == z.pk for h in hazards)
    )
    fixer = max(
        {h.responsible_person for h in hazards if h.responsible_person},
        key=lambda p: sum(h.responsible_person_id == p.pk for h in hazards),
    )
    category = Category.ELECTRICAL
    start, end = TODAY - 40 * DAY, TODAY - 10 * DAY
    return {
        "status": ({"status": "rectifying"}, lambda h: h.status == Status.RECTIFYING),
        "grade": ({"grade": "major"}, lambda h: h.grade == Grade.MAJOR),
        "category": ({"category": category}, lambda h: h.category == category),
        "zone": ({"zone": zone.pk}, lambda h: h.zone_id == zone.pk),
        "overdue": (
            {"overdue": "on"},
            lambda h: h.status == Status.RECTIFYING and h.deadline and h.deadline < TODAY,
        ),
        "responsible": ({"responsible": fixer.pk}, lambda h: h.responsible_person_id == fixer.pk),
        "date_from": ({"date_from": start}, lambda h: h.found_on >= start),
        "date_to": ({"date_to": end}, lambda h: h.found_on <= end),
        "date_range": ({"date_from": start, "date_to": end}, lambda h: start <= h.found_on <= end),
        "search_place_or_description": (
            {"q": "蜂窝煤"},
            lambda h: "蜂窝煤" in h.place + h.description,
        ),
        "search_every_word": (
            {"q": "蜂窝煤 锅炉房"},
            lambda h: all(w in h.place or w in h.description for w in ("蜂窝煤", "锅炉房")),
        ),
        "status_and_grade": (
            {"status": "rectifying", "grade": "general"},
            lambda h: h.status == Status.RECTIFYING and h.grade == Grade.GENERAL,
        ),
    }


FILTERS = [
    "status",
    "grade",
    "category",
    "zone",
    "overdue",
    "responsible",
    "date_from",
    "date_to",
    "date_range",
    "search_place_or_description",
    "search_every_word",
    "status_and_grade",
]


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_narrows_the_ledger_to_what_matches(name, s01, searchable, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 1000
    params, matches = _filter_cases(s01)[name]
    everything = list(Hazard.objects.filter(school=s01))
    want = {h.pk for h in everything if matches(h)}
    assert 0 < len(want) < len(everything), "the demo data no longer exercises this filter"
    response = _ledger(login("s01.officer"), s01, params, **EN)
    shown = row_ids(response, s01)
    assert len(shown) == len(set(shown))
    assert set(shown) == want
    n = len(want)
    assert f"{n} hazard{'s' if n != 1 else ''}" in text(response)


SORTS = {
    "newest": lambda h: (-h.reported_at.timestamp(), -h.pk),
    "oldest": lambda h: (h.reported_at.timestamp(), h.pk),
    "deadline": lambda h: (h.deadline, h.pk),
    "grade": lambda h: (-"_gm".index((h.grade or "_")[0]), -h.reported_at.timestamp()),
    "status": lambda h: (h.status, -h.reported_at.timestamp()),
}


@pytest.mark.parametrize("sort", list(SORTS))
def test_sort_orders_the_ledger(sort, s01, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 1000
    # Deadlines: only hazards that have one (where the database puts the others differs).
    params = {"sort": sort, **({"status": "rectifying"} if sort == "deadline" else {})}
    hazards = Hazard.objects.filter(
        school=s01, **({"status": "rectifying"} if sort == "deadline" else {})
    )
    want = [h.pk for h in sorted(hazards, key=SORTS[sort])]
    assert len(want) > 3
    assert row_ids(_ledger(login("s01.officer"), s01, params), s01) == want


def test_no_filter_and_an_invalid_filter_show_the_whole_ledger(s01, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 1000
    everything = set(Hazard.objects.filter(school=s01).values_list("pk", flat=True))
    client = login("s01.officer")
    assert set(row_ids(_ledger(client, s01), s01)) == everything
    assert set(row_ids(_ledger(client, s01, {"status": "nonsense"}), s01)) == everything


def test_the_ledger_holds_only_this_schools_hazards(s01, org, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 1000
    s02_ids = set(Hazard.objects.filter(school=org("s02")).values_list("pk", flat=True))
    shown = set(row_ids(_ledger(login("bureau.admin"), s01), s01))
    assert shown and not shown & s02_ids


def _more(school, n, **fields):
    now = timezone.now()
    return Hazard.objects.bulk_create(
        [
            Hazard(
                school=school,
                place=f"分页测试{i:02d}",
                category=Category.OTHER,
                description="分页",
                source=Source.PATROL,
                found_on=TODAY,
                reported_at=now - i * timedelta(minutes=1),
                **fields,
            )
            for i in range(n)
        ]
    )


def test_pagination_walks_the_whole_ledger_once(s01, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 25
    _more(s01, 30)
    everything = list(
        Hazard.objects.filter(school=s01)
        .order_by("-reported_at", "-id")
        .values_list("pk", flat=True)
    )
    client = login("s01.officer")
    pages = []
    for number in range(1, (len(everything) + 24) // 25 + 1):
        pages.append(row_ids(_ledger(client, s01, {"page": number}), s01))
    assert all(len(p) == 25 for p in pages[:-1]) and 0 < len(pages[-1]) <= 25
    assert [pk for page in pages for pk in page] == everything
    # Past the end: the last page again; not a number: the first.
    assert row_ids(_ledger(client, s01, {"page": 999}), s01) == pages[-1]
    assert row_ids(_ledger(client, s01, {"page": "x"}), s01) == pages[0]


def test_pagination_keeps_the_filter(s01, login, settings):
    settings.SAFECAMPUS_PAGE_SIZE = 25
    _more(s01, 30)
    reported = Hazard.objects.filter(school=s01, status=Status.REPORTED).count()
    assert reported > 25
    client = login("s01.officer")
    first = _ledger(client, s01, {"status": "reported"}, **EN)
    assert "?status=reported&page=2" in text(first)
    second = _ledger(client, s01, {"status": "reported", "page": 2})
    shown = row_ids(first, s01) + row_ids(second, s01)
    assert set(shown) == set(
        Hazard.objects.filter(school=s01, status=Status.REPORTED).values_list("pk", flat=True)
    )
    assert len(shown) == reported


def test_an_htmx_request_gets_only_the_rows(s01, login):
    client = login("s01.officer")
    params = {"status": "rectifying"}
    full = _ledger(client, s01, params)
    part = _ledger(client, s01, params, **HX)
    body = text(part)
    assert body.lstrip().startswith('<div id="ledger-rows">')
    assert "<html" not in body and "<nav" not in body.split('id="ledger-rows"')[0]
    assert 'method="get"' not in body  # no filter form
    assert 'id="ledger-rows"' in text(full) and "<html" in text(full)
    assert row_ids(part, s01) == row_ids(full, s01) != []


# The detail page -----------------------------------------------------------------------------

ROLE_OF = {
    "s01.principal": Role.PRINCIPAL,
    "s01.officer": Role.SAFETY_OFFICER,
    "s01.headteacher": Role.HEAD_TEACHER,  # responsible for every walked hazard
    "s01.teacher": Role.TEACHER,  # reported every walked hazard
    "s01.guard": Role.GUARD,
    "bureau.admin": Role.BUREAU_ADMIN,
    "bureau.inspector": Role.BUREAU_INSPECTOR,
    "police.liaison": Role.POLICE_LIAISON,
}
WALKS = {
    "reported": ("reported", {}),
    "confirmed": ("confirmed", {}),
    "rectifying": ("rectifying", {}),
    "rectifying_major_extension": ("rectifying", {"major": True, "pending": True}),
    "rectified": ("rectified", {}),
    "accepted_major": ("accepted", {"major": True}),
    "closed": ("closed", {}),
}


def may_take(username, hazard):
    """The actions a person may take on a hazard: from the workflow table and the role's caps."""
    caps = CAPABILITIES[ROLE_OF[username]]
    pending = hazard.extensions.filter(status="pending").exists()
    actions = set()
    for (status, action), (_target, who) in TRANSITIONS.items():
        if status != hazard.status:
            continue
        if who == RESPONSIBLE:
            allowed = hazard.responsible_person and hazard.responsible_person.username == username
        else:
            allowed = who in caps
        if action == "supervise" and not hazard.supervised:
            allowed = False
        if action == "decide_extension" and not pending:
            allowed = False
        if action == "request_extension" and pending:
            allowed = False
        if allowed:
            actions.add(action)
    return actions


@pytest.mark.parametrize("username", list(ROLE_OF))
@pytest.mark.parametrize("walk_to", list(WALKS))
def test_detail_shows_the_timeline_and_only_the_actions_this_person_may_take(
    walk_to, username, s01, login
):
    to, options = WALKS[walk_to]
    hazard = walk(s01, to, **options)
    response = login(username).get(f"/schools/{s01.pk}/hazards/{hazard.pk}/", **EN)
    caps = CAPABILITIES[ROLE_OF[username]]
    involved = {hazard.reporter.username}
    if hazard.responsible_person:
        involved.add(hazard.responsible_person.username)
    if Cap.HAZARD_VIEW not in caps and username not in involved:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = text(response)
    assert set(re.findall(r'id="action-(\w+)"', body)) == may_take(username, hazard)
    # Each form posts to its own action.
    for action in may_take(username, hazard):
        assert f'action="/schools/{s01.pk}/hazards/{hazard.pk}/{action}/"' in body
    timeline = body.split('id="timeline"')[1].split("</ol>")[0]
    events = list(hazard.events.order_by("created_at", "id"))
    assert timeline.count("<li") == len(events)
    titles = {
        "report": "Reported",
        "confirm": "Confirmed",
        "assign": "Assigned",
        "request_extension": "Extension requested",
        "rectify": "Rectified",
        "accept": "Accepted",
    }
    positions = [timeline.index(titles[e.action]) for e in events]
    assert positions == sorted(positions)
    photos = sum(e.photos.count() for e in events)
    assert timeline.count("<img") == photos > 0


def test_detail_shows_the_pending_extension_and_lists_the_decided_ones_newest_first(s01, login):
    hazard = walk(s01, "rectifying", pending=True)
    officer, fixer = user_named("s01.officer"), user_named("s01.headteacher")
    services.decide_extension(
        actor=officer, extension=hazard.extensions.get(), grant=False, note="材料已到货"
    )
    services.request_extension(
        actor=fixer, hazard=hazard, new_deadline=TODAY + 10 * DAY, reason="工人请假"
    )
    services.decide_extension(actor=officer, extension=hazard.extensions.first(), grant=True)
    services.request_extension(
        actor=fixer, hazard=hazard, new_deadline=TODAY + 21 * DAY, reason="等待第三次供货"
    )
    body = text(login("s01.officer").get(f"/schools/{s01.pk}/hazards/{hazard.pk}/", **EN))
    pending = body.split('class="alert alert-warning">')[1].split("</div>")[0]
    assert str(fixer) in pending and "等待第三次供货" in pending
    assert (TODAY + 21 * DAY).isoformat() in pending
    decided = body.split("Extension requests</h2>")[1].split("</ul>")[0]
    assert decided.count("<li") == 2
    assert decided.index("Granted") < decided.index("Refused") and "(材料已到货)" in decided
    assert "等待第三次供货" not in decided
    assert 'id="action-decide_extension"' in body and 'id="action-request_extension"' not in body


def test_the_officer_may_confirm_a_reported_hazard_and_the_teacher_may_not(s01, login):
    hazard = walk(s01, "reported")
    url = f"/schools/{s01.pk}/hazards/{hazard.pk}/"
    officer = login("s01.officer").get(url).content.decode()
    teacher = login("s01.teacher").get(url).content.decode()
    assert 'id="action-confirm"' in officer and f"{url}confirm/" in officer
    assert 'id="action-confirm"' not in teacher and f"{url}confirm/" not in teacher


def test_the_responsible_person_without_hazard_view_does_not_learn_who_reported(s01, login):
    hazard = walk(s01, "rectifying")
    reporter = user_named("s01.teacher")
    page = text(login("s01.headteacher").get(f"/schools/{s01.pk}/hazards/{hazard.pk}/"))
    assert reporter.display_name not in page
    officer_page = text(login("s01.officer").get(f"/schools/{s01.pk}/hazards/{hazard.pk}/"))
    assert reporter.display_name in officer_page


def test_the_events_api_does_not_tell_the_responsible_person_who_reported(s01, login):
    hazard = walk(s01, "rectifying")
    reporter = user_named("s01.teacher")
    response = login("s01.headteacher").get(f"/api/v1/hazards/{hazard.pk}/events")
    assert response.status_code == 200
    (report,) = [e for e in response.json() if e["action"] == "report"]
    assert report["actor"] in (None, "")
    assert reporter.display_name not in json.dumps(response.json(), ensure_ascii=False)


# Refused input -------------------------------------------------------------------------------

REQUIRED = "This field is required."
# name: (hazard walk, who, action, form data, the English message shown)
BAD_INPUT = {
    "reject_without_reason": ("reported", "s01.officer", "reject", {"reason": "  "}, REQUIRED),
    "confirm_without_grade": ("reported", "s01.officer", "confirm", {"note": "x"}, REQUIRED),
    "merge_into_itself": (
        "reported",
        "s01.officer",
        "merge",
        {"into": "{self}"},
        "Choose another hazard of the same school.",
    ),
    "assign_past_deadline": (
        "confirmed",
        "s01.officer",
        "assign",
        {
            "responsible_person": "{fixer}",
            "responsible_unit": "总务处",
            "measures": "更换",
            "deadline": (TODAY - DAY).isoformat(),
        },
        "The deadline cannot be in the past.",
    ),
    "assign_major_without_contingency": (
        "confirmed_major",
        "s01.officer",
        "assign",
        {
            "responsible_person": "{fixer}",
            "responsible_unit": "总务处",
            "measures": "更换",
            "deadline": (TODAY + DAY).isoformat(),
        },
        "A major hazard needs interim control measures and a contingency plan.",
    ),
    "rectify_without_photo": (
        "rectifying",
        "s01.headteacher",
        "rectify",
        {"note": "已更换"},
        REQUIRED,
    ),
    "rectify_without_note": (
        "rectifying",
        "s01.headteacher",
        "rectify",
        {"note": "", "photos": "{photo}"},
        REQUIRED,
    ),
    "extension_not_later": (
        "rectifying",
        "s01.headteacher",
        "request_extension",
        {"new_deadline": TODAY.isoformat(), "reason": "材料未到"},
        "The new deadline must be later than the current one.",
    ),
    "refuse_extension_without_reason": (
        "rectifying_extension",
        "s01.officer",
        "decide_extension",
        {"grant": "0", "note": ""},
        "Say why the extension is refused.",
    ),
    "send_back_without_reason": ("rectified", "s01.officer", "send_back", {"reason": ""}, REQUIRED),
    "supervise_with_nothing": (
        "rectifying_major",
        "bureau.inspector",
        "supervise",
        {"note": "", "supervision_deadline": ""},
        "Write a comment or set a supervision deadline.",
    ),
    "supervise_past_deadline": (
        "rectifying_major",
        "bureau.inspector",
        "supervise",
        {"note": "请加快", "supervision_deadline": (TODAY - DAY).isoformat()},
        "The deadline cannot be in the past.",
    ),
    "action_in_the_wrong_state": (
        "closed",
        "s01.officer",
        "confirm",
        {"grade": "general"},
        ("This cannot be done while the hazard is “%(status)s”.", {"status": "Closed"}),
    ),
}


def translated(message, language):
    """The message as a person reading `language` sees it (its parameters translated too)."""
    msgid, params = message if isinstance(message, tuple) else (message, {})
    with translation.override(language):
        return (
            gettext(msgid) % {k: gettext(v) for k, v in params.items()}
            if params
            else gettext(msgid)
        )


BAD_WALKS = {
    "reported": ("reported", {}),
    "confirmed": ("confirmed", {}),
    "confirmed_major": ("confirmed", {"major": True}),
    "rectifying": ("rectifying", {}),
    "rectifying_extension": ("rectifying", {"pending": True}),
    "rectifying_major": ("rectifying", {"major": True}),
    "rectified": ("rectified", {}),
    "closed": ("closed", {}),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_action_input_is_400_with_the_translated_message_and_changes_nothing(
    case, language, s01, login
):
    walk_to, username, action, data, message = BAD_INPUT[case]
    to, options = BAD_WALKS[walk_to]
    hazard = walk(s01, to, **options)
    fill = {"self": hazard.pk, "fixer": user_named("s01.headteacher").pk}
    posted = {}
    for key, value in data.items():
        posted[key] = png() if value == "{photo}" else value.format(**fill)
    before = state(hazard)
    response = login(username).post(
        f"/schools/{s01.pk}/hazards/{hazard.pk}/{action}/",
        posted,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    shown = translated(message, language)
    if language == "en":
        assert shown == (message if isinstance(message, str) else message[0] % message[1])
    else:
        assert shown != translated(message, "en"), "the message has no translation"
    body = text(response)
    if f'id="action-{action}"' in body:
        # On the form that was sent, not somewhere else.
        assert shown in body.split(f'id="action-{action}"')[1].split("</form>")[0]
    else:
        # The page no longer offers the action (it was posted from a stale page): at the top.
        assert case == "action_in_the_wrong_state"
        alerts = re.findall(
            r'<div class="alert alert-danger[^"]*" role="alert">(.*?)</div>', body, re.S
        )
        assert any(shown in alert for alert in alerts)
    assert state(hazard) == before


# Reporting ---------------------------------------------------------------------------------


def _report_data(**extra):
    return {
        "place": "三楼东侧楼梯",
        "category": "structure",
        "description": "扶手固定螺栓松动",
        "source": "patrol",
        "photos": png("stairs.png"),
        **extra,
    }


def test_reporting_by_name_through_the_page_stores_the_photo_and_the_reporter(s01, login):
    teacher = user_named("s01.teacher")
    response = login("s01.teacher").post(f"/schools/{s01.pk}/hazards/new/", _report_data())
    hazard = Hazard.objects.filter(school=s01).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/schools/{s01.pk}/hazards/{hazard.pk}/"
    assert (hazard.place, hazard.category, hazard.source) == ("三楼东侧楼梯", "structure", "patrol")
    assert hazard.status == Status.REPORTED and hazard.reporter == teacher
    assert not hazard.anonymous and hazard.found_on == TODAY
    (event,) = hazard.events.all()
    assert (event.action, event.actor) == ("report", teacher)
    (photo,) = event.photos.all()
    assert photo.uploaded_by == teacher and photo.content_type == "image/png"
    assert photo.org == s01
    # The photo is on the detail page, and downloadable by the officer.
    page = text(login("s01.officer").get(response["Location"]))
    assert f"/attachments/{photo.pk}/" in page
    assert login("s01.officer").get(f"/attachments/{photo.pk}/").status_code == 200


def test_reporting_anonymously_shows_a_tracking_code_and_stores_no_reporter(s01, login):
    before = Hazard.objects.count()
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/hazards/new/", _report_data(anonymous="on"), **EN
    )
    assert response.status_code == 200
    assert Hazard.objects.count() == before + 1
    hazard = Hazard.objects.filter(school=s01).latest("pk")
    code = re.search(r'id="tracking-code">([A-Z2-9]{5}-[A-Z2-9]{5})<', text(response)).group(1)
    assert code == hazard.tracking_code
    assert hazard.anonymous and hazard.reporter is None
    assert hazard.events.get().actor is None
    assert hazard.events.get().photos.get().uploaded_by is None
    assert "Thank you: your report was received." in text(response)


def test_the_same_client_uuid_twice_creates_one_hazard(s01, login):
    client = login("s01.teacher")
    submission = str(uuid.uuid4())
    url = f"/schools/{s01.pk}/hazards/new/"
    hazards, attachments = Hazard.objects.count(), Attachment.objects.count()
    first = client.post(url, _report_data(client_uuid=submission))
    second = client.post(url, _report_data(client_uuid=submission))
    assert Hazard.objects.count() == hazards + 1
    assert Attachment.objects.count() == attachments + 1
    hazard = Hazard.objects.get(client_uuid=submission)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/schools/{s01.pk}/hazards/{hazard.pk}/"


def test_a_report_without_place_is_400_and_stores_nothing(s01, login):
    hazards, attachments = Hazard.objects.count(), Attachment.objects.count()
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/hazards/new/", _report_data(place=""), **EN
    )
    assert response.status_code == 400
    assert REQUIRED in text(response)
    assert (Hazard.objects.count(), Attachment.objects.count()) == (hazards, attachments)


def test_my_hazards_lists_what_i_fix_and_what_i_reported_by_name(s01, login):
    fixing = walk(s01, "rectifying", place="我的整改")
    anonymous = services.report_hazard(
        actor=user_named("s01.teacher"),
        school=s01,
        place="匿名的那条",
        category="other",
        description="匿名",
        anonymous=True,
    )
    teacher = text(login("s01.teacher").get(f"/schools/{s01.pk}/hazards/mine/"))
    fixer = text(login("s01.headteacher").get(f"/schools/{s01.pk}/hazards/mine/"))
    to_fix = fixer.split('id="to-fix"')[1].split("</div>\n<h2")[0]
    assert f"/hazards/{fixing.pk}/" in to_fix
    assert f"/hazards/{fixing.pk}/" in teacher  # reported by name
    assert f"/hazards/{anonymous.pk}/" not in teacher and "匿名的那条" not in teacher


def test_a_ledger_line_shows_the_hazard_with_its_badges_and_writes_its_words_as_text(s01, login):
    late = walk(s01, "rectifying", major=True, place="三楼<b>实验室</b>")
    Hazard.objects.filter(pk=late.pk).update(
        deadline=TODAY - DAY, description="<script>alert(1)</script>插座" + "很" * 100
    )
    tally.rebuild()
    page = login("s01.officer").get(f"/schools/{s01.pk}/hazards/", **EN).content.decode()
    line = page.split(f'href="/schools/{s01.pk}/hazards/{late.pk}/"')[1].split("</a>")[0]
    assert f"#{late.pk} " in line and "三楼&lt;b&gt;实验室&lt;/b&gt;" in line
    assert '<span class="badge text-bg-danger">Overdue</span>' in line
    assert '<span class="badge text-bg-danger">Major</span>' in line
    assert '<span class="badge text-bg-warning">Rectifying</span>' in line
    assert "&lt;script&gt;alert(1)&lt;/script&gt;插座" in line and "<script>" not in line
    assert "很" * 100 not in line  # the description is cut to eighty characters
    assert f"deadline {(TODAY - DAY).isoformat()}" in line


# The public page and tracking -------------------------------------------------------------------


@pytest.fixture
def fixed_window(monkeypatch):
    """The rate limit's clock stands still, so the test never straddles two windows."""
    cache.clear()
    now = timezone.now()
    monkeypatch.setattr("safecampus.core.ratelimit.timezone", SimpleNamespace(now=lambda: now))
    yield
    cache.clear()


def _public_data(n=0):
    return {
        "place": f"校门口{n}",
        "category": "traffic",
        "description": "放学时车速很快",
        "photos": png("gate.png"),
    }


def test_the_public_page_takes_an_anonymous_report_without_login(s01, fixed_window):
    client = Client()
    assert client.get("/r/s01/").status_code == 200
    before = Hazard.objects.count()
    response = client.post("/r/s01/", _public_data(), **EN)
    assert response.status_code == 200
    assert Hazard.objects.count() == before + 1
    hazard = Hazard.objects.latest("pk")
    assert hazard.school == s01 and hazard.anonymous and hazard.reporter is None
    assert hazard.source == Source.REPORT and hazard.status == Status.REPORTED
    assert hazard.tracking_code in text(response)
    event = hazard.events.get()
    assert event.actor is None and event.photos.get().uploaded_by is None


def test_tracking_shows_the_status_and_nobodys_name(s01, fixed_window):
    client = Client()
    client.post("/r/s01/", _public_data())
    hazard = Hazard.objects.latest("pk")
    officer, fixer = user_named("s01.officer"), user_named("s01.headteacher")
    services.confirm(actor=officer, hazard=hazard, grade=Grade.GENERAL, note="主任已核实")
    services.assign(
        actor=officer,
        hazard=hazard,
        responsible_person=fixer,
        responsible_unit="总务处",
        measures="增设减速带",
        deadline=TODAY + 5 * DAY,
    )
    # Typed as people do: lower case, without the dash.
    typed = hazard.tracking_code.lower().replace("-", "")
    response = client.get("/track/", {"code": typed}, **EN)
    assert response.status_code == 200
    body = text(response)
    assert 'id="tracked-status">Rectifying<' in body
    assert hazard.place in body and (TODAY + 5 * DAY).isoformat() in body
    for step in ("Reported", "Confirmed", "Assigned"):
        assert step in body
    people = User.objects.filter(memberships__org__path__startswith=s01.parent.parent.path)
    for person in people.distinct():
        assert person.display_name not in body, person.username
        assert person.username not in body
    assert "主任已核实" not in body  # notes stay inside the school
    assert client.get("/track/", {"code": "AAAAA-22222"}).status_code == 404


def test_the_sixth_public_report_within_an_hour_is_refused(s01, fixed_window):
    client = Client()
    before = Hazard.objects.count()
    for n in range(5):
        assert client.post("/r/s01/", _public_data(n)).status_code == 200
    assert Hazard.objects.count() == before + 5
    response = client.post("/r/s01/", _public_data(5), **EN)
    assert response.status_code == 429
    assert "Too many reports from this device. Please try again later." in text(response)
    assert Hazard.objects.count() == before + 5
    # Another address is not held back.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post("/r/s01/", _public_data(6)).status_code == 200
    assert Hazard.objects.count() == before + 6


# The bureau's overview and rules ----------------------------------------------------------------


def _cells(row):
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_the_bureau_overview_counts_match_the_database(org, login):
    district = org("demo-district")
    walk(org("s01"), "rectifying", major=True, place="督办新增")
    late = walk(org("s02"), "rectifying", place="逾期新增")
    Hazard.objects.filter(pk=late.pk).update(deadline=TODAY - 2 * DAY)
    tally.rebuild()  # the deadline was moved by hand, past any service: count it again
    response = login("bureau.admin").get(f"/orgs/{district.pk}/hazards/")
    assert response.status_code == 200
    body = text(response)
    table = body.split('id="school-summary"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><td><a href="/schools/(\d+)/hazards/">.*?</a></td>(.*?)</tr>', table)
    schools = Org.objects.filter(path__startswith=district.path, kind="school")
    assert {int(pk) for pk, _r in rows} == set(schools.values_list("pk", flat=True))
    for pk, cells in rows:
        hazards = Hazard.objects.filter(school_id=pk)
        total = hazards.exclude(status__in=[Status.REJECTED, Status.MERGED]).count()
        open_ = hazards.filter(status__in=OPEN_STATUSES).count()
        overdue = hazards.filter(status=Status.RECTIFYING, deadline__lt=TODAY).count()
        major = hazards.filter(grade=Grade.MAJOR, status__in=OPEN_STATUSES).count()
        closed = hazards.filter(status=Status.CLOSED).count()
        rate = f"{round(100 * closed / total)}%" if total else "—"
        assert _cells(cells) == [str(total), str(open_), str(overdue), str(major), rate], pk
    in_district = Hazard.objects.filter(school__path__startswith=district.path)
    supervised = body.split('id="supervised-list"')[1].split("</div>\n  </div>")[0]
    overdue = body.split('id="overdue-list"')[1].split("</div>\n  </div>")[0]
    want_supervised = in_district.filter(supervised=True, status__in=OPEN_STATUSES)
    want_overdue = in_district.filter(status=Status.RECTIFYING, deadline__lt=TODAY)
    assert want_supervised.count() >= 2 and want_overdue.count() >= 2
    assert set(map(int, re.findall(r"/hazards/(\d+)/", supervised))) == set(
        want_supervised.values_list("pk", flat=True)
    )
    assert set(map(int, re.findall(r"/hazards/(\d+)/", overdue))) == set(
        want_overdue.values_list("pk", flat=True)
    )
    # The status badges add up to every hazard of the district.
    counts = re.findall(r"fs-6 fw-normal\">[^<]*?(\d+)</span>", body)
    assert sum(map(int, counts)) == in_district.count()


def test_the_rules_page_saves_the_districts_rules_and_s01s_assign_form_follows(org, login):
    district = org("demo-district")
    admin = login("bureau.admin")
    url = f"/orgs/{district.pk}/hazard-rules/"
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "general_days": "4",
            "major_days": "12",
            "remind_days": "1, 3,5",
            "principal_after_days": "2",
            "source": "城南区教育局〔2026〕12号",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    rules = HazardRuleSet.objects.get(org=district)
    assert (rules.general_days, rules.major_days, rules.principal_after_days) == (4, 12, 2)
    assert rules.remind_days == "5,3,1" and rules.reminder_days() == [5, 3, 1]
    assert AuditEvent.objects.filter(action="hazard.rules", org=district).exists()
    s01 = org("s01")
    officer = login("s01.officer")
    for major, days in ((False, 4), (True, 12)):
        hazard = walk(s01, "confirmed", major=major)
        page = text(officer.get(f"/schools/{s01.pk}/hazards/{hazard.pk}/"))
        field = re.search(r'<input[^>]*name="deadline"[^>]*>', page).group(0)
        assert f'value="{(TODAY + days * DAY).isoformat()}"' in field


def test_bad_rules_are_400_and_save_nothing(org, login):
    district = org("demo-district")
    response = login("bureau.admin").post(
        f"/orgs/{district.pk}/hazard-rules/",
        {
            "general_days": "0",
            "major_days": "12",
            "remind_days": "three",
            "principal_after_days": "2",
        },
        **EN,
    )
    assert response.status_code == 400
    assert "Write whole numbers separated by commas, e.g. 3,1" in text(response)
    assert not HazardRuleSet.objects.filter(org=district).exists()


# The poster --------------------------------------------------------------------------------------


def _cjk_font_installed():
    try:
        out = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return False
    return "noto sans cjk" in out.lower()


def test_the_poster_is_a_pdf_with_a_cjk_font(s01, login):
    if not _cjk_font_installed():
        pytest.skip("no Noto Sans CJK font installed (fc-list | grep -i 'Noto Sans CJK')")
    response = login("s01.officer").get(f"/schools/{s01.pk}/hazards/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    # WeasyPrint writes the font dictionaries into compressed object streams: look inside.
    readable = [pdf, *_inflated_streams(pdf)]
    assert any(b"NotoSansCJK" in part or b"Noto-Sans-CJK" in part for part in readable)
    assert any(b"/FontFile" in part for part in readable)  # embedded, not only referenced


def _inflated_streams(pdf):
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            yield zlib.decompress(pdf[match.end() : end])
        except zlib.error:
            continue


def test_a_hazard_is_named_by_its_zone_full_path(login, org):
    s01 = org("s01")
    floor = Zone.objects.get(school=s01, name="2楼", parent__name="教学楼A")
    hazard = services.report_hazard(
        actor=user_named("s01.teacher"),
        school=s01,
        zone=floor,
        place="走廊",
        category=Category.ELECTRICAL,
        description="插座面板破损",
    )
    client = login("s01.officer")
    assert "教学楼A › 2楼 · 走廊" in client.get(hazard.get_absolute_url()).content.decode()
    assert "教学楼A › 2楼 · 走廊" in client.get(f"/schools/{s01.pk}/hazards/").content.decode()
