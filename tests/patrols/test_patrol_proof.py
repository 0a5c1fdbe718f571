"""The proof of a patrol is the label at the checkpoint: the guard's pages never show the codes,
typing a code stays the fallback for an unreadable label, and a typed visit is marked for the
officer on the round, in the oversight tallies and in the export."""

import io
import uuid
from datetime import timedelta

import openpyxl
import pytest

from safecampus.patrols import queries, services
from safecampus.patrols.models import Round
from safecampus.patrols.rounds import close_due_rounds
from tests.patrols.helpers import open_round

pytestmark = pytest.mark.django_db


def _scan(round_, checkpoint, guard, *, typed):
    return services.record_scan(
        actor=guard,
        round=round_,
        client_uuid=uuid.uuid4(),
        qr="" if typed else checkpoint.qr_text,
        code=checkpoint.code if typed else "",
    )


def test_the_round_page_names_the_checkpoints_but_never_shows_their_codes(login):
    round_, cps = open_round(stops=4)
    page = login("s01.guard").get(round_.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for checkpoint in cps:
        assert checkpoint.name in html
        assert f">{checkpoint.code}<" not in html
        assert f'"{checkpoint.code}"' not in html
        assert checkpoint.token not in html
    # The sheet the page reloads after each scan is the same fragment.
    sheet = login("s01.guard").get(round_.get_absolute_url() + "?part=sheet").content.decode()
    assert all(c.name in sheet and f">{c.code}<" not in sheet for c in cps)


def test_a_guard_gets_no_checkpoint_codes_from_the_api_but_the_officer_does(login):
    round_, cps = open_round(stops=2)
    url = f"/api/v1/checkpoints?school_id={round_.school_id}"
    assert login("s01.guard").get(url).status_code == 403
    listed = login("s01.officer").get(url).json()["items"]
    assert {c.code for c in cps} <= {row["code"] for row in listed}


def test_typing_a_code_still_records_the_visit_and_marks_it_as_typed(person):
    round_, cps = open_round(stops=3)
    guard = person("s01.guard")
    _scan(round_, cps[0], guard, typed=False)
    _scan(round_, cps[1], guard, typed=True)
    # Typed first and then scanned after all: the label proves the visit.
    _scan(round_, cps[2], guard, typed=True)
    _scan(round_, cps[2], guard, typed=False)
    round_.refresh_from_db()
    assert round_.visited_count == 3
    assert round_.typed_count == 1
    rows, _completion, _scans = queries.round_sheet(round_)
    assert [row.typed for row in rows] == [False, True, False]


def test_the_round_page_marks_typed_checkpoints(login, person):
    round_, cps = open_round(stops=2)
    guard = person("s01.guard")
    _scan(round_, cps[0], guard, typed=True)
    _scan(round_, cps[1], guard, typed=False)
    html = login("s01.officer").get(round_.get_absolute_url()).content.decode()
    assert html.count("patrol-typed") == 1
    assert 'id="typed-count"' in html


def test_the_oversight_and_its_export_count_typed_checkpoints_per_guard(login, person):
    round_, cps = open_round(stops=2)
    guard = person("s01.guard")
    for checkpoint in cps:
        _scan(round_, checkpoint, guard, typed=True)
    round_.refresh_from_db()
    assert round_.typed_count == 2
    day = round_.date
    rows = queries.by_guard(user=person("s01.officer"), school=round_.school, start=day, end=day)
    mine = next(r for r in rows if r["guard_id"] == guard.pk)
    assert mine["typed"] >= 2

    officer = login("s01.officer")
    period = f"?start={day}&end={day}"
    page = officer.get(
        f"/schools/{round_.school_id}/patrols/oversight/{period}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert ">Typed</th>" in page.content.decode()
    export = officer.get(
        f"/schools/{round_.school_id}/patrols/oversight.xlsx{period}", HTTP_ACCEPT_LANGUAGE="en"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    header = [c.value for c in sheet[1]]
    ours = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == round_.route.name]
    assert ours and ours[0][header.index("Typed")] == 2


def test_a_round_closed_by_the_job_keeps_its_typed_count(person):
    round_, cps = open_round(stops=3)
    _scan(round_, cps[0], person("s01.guard"), typed=True)
    close_due_rounds(now=round_.closes_at + timedelta(minutes=1))
    round_ = Round.objects.get(pk=round_.pk)
    assert round_.status == "incomplete"
    assert round_.typed_count == 1
