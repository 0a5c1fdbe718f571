"""The campaign board: one query for a page's cells however many schools the campaign reaches;
a school sees only its own row; the summary .docx states the database's figures; the progress
xlsx has a row per school."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from safecampus.core.models import Org, OrgKind
from safecampus.core.models.org import SchoolKind
from safecampus.core.services import orgs
from safecampus.hazards.models import Hazard
from safecampus.supervision.models import Campaign, CampaignSchool, StageSubmission
from safecampus.supervision.queries import campaigns as queries
from safecampus.supervision.services import campaigns as services
from tests.budgets import assert_bounded, assert_shows, grow_between_loads
from tests.helpers import make_user
from tests.supervision.campaign_fixtures import admin, make_campaign

pytestmark = pytest.mark.django_db

# The board's queries: session and user, memberships, the campaign, its stages, the count and
# the page of schools, the page's cells, the counts per stage, the hazards, the schools total.
BOARD_BUDGET = 14


def _more_schools(campaign, n):
    """n new schools under the demo's first street, reached by the campaign, each with a hand-in
    for the first stage."""
    street = Org.objects.get(code="demo-street-1")
    first = campaign.stages.get(position=1)
    for i in range(n):
        school = orgs.create_org(
            actor=None,
            parent=street,
            kind=OrgKind.SCHOOL,
            name=f"加测学校{i:03d}",
            code=f"grow{i:03d}",
            school_kind=SchoolKind.PRIMARY,
        )
        CampaignSchool.objects.create(campaign=campaign, school=school)
        StageSubmission.objects.create(
            stage=first,
            school=school,
            text="报",
            submitted_by=admin(),
            submitted_at=timezone.now(),
        )
    return CampaignSchool.objects.filter(campaign=campaign).count()


def test_the_board_costs_the_same_however_many_schools(login):
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    loads = grow_between_loads(
        login("bureau.admin"),
        campaign.get_absolute_url(),
        lambda: _more_schools(campaign, 120),
    )
    assert_shows(loads, f'<div class="fs-4">{loads.grown}</div>')
    assert_bounded(loads, BOARD_BUDGET, "campaign board: demo, then 120 more schools")
    cells = [q for q in loads.second if "supervision_stagesubmission" in q["sql"]]
    assert len(cells) == 2  # the page's cells, and the counts per stage


def test_the_api_board_costs_the_same_however_many_schools(login):
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    loads = grow_between_loads(
        login("bureau.admin"),
        f"/api/v1/campaigns/{campaign.pk}/board?page=1&page_size=50",
        lambda: _more_schools(campaign, 120),
    )
    assert_bounded(loads, BOARD_BUDGET, "campaign board API")
    assert '"count": 128' in loads.after


def test_a_school_sees_only_its_own_row(login, org):
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    page = login("s01.officer").get(campaign.get_absolute_url()).content.decode()
    assert org("s01").name in page
    assert org("s02").name not in page
    board = login("s01.officer").get(f"/api/v1/campaigns/{campaign.pk}/board").json()
    assert [row["school_id"] for row in board["items"]] == [org("s01").pk]


def test_the_demo_campaign_is_in_its_third_stage():
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    current = queries.current_stage(queries.stages(campaign))
    assert current.position == 3 and current.name == "集中整治"
    states = {s.status for s in StageSubmission.objects.filter(stage__campaign=campaign)}
    assert states == {"submitted", "returned", "accepted"}
    assert Hazard.objects.filter(campaign_link__campaign=campaign).count() == 3


def _docx_text(content):
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def test_the_summary_docx_states_the_databases_figures(login, org, person):
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    services.report_campaign_hazard(
        actor=person("s04.officer"),
        campaign=campaign,
        school=org("s04"),
        place="门卫室",
        category="public_security",
        description="监控损坏",
    )
    response = login("bureau.admin").get(f"/supervision/campaigns/{campaign.pk}/summary.docx")
    assert response.status_code == 200
    paragraphs, tables = _docx_text(b"".join(response.streaming_content))
    stage_list = queries.stages(campaign)
    total, counts = queries.stage_counts(campaign, stage_list)
    assert total == CampaignSchool.objects.filter(campaign=campaign).count() == 8
    numbers = [re.findall(r"\d+", p) for p in paragraphs]
    assert [str(total)] in numbers
    hand_ins = tables[0]
    for (stage, _row), cells in zip(counts, hand_ins[1:], strict=True):
        subs = StageSubmission.objects.filter(stage=stage)
        late = [s for s in subs if services.is_late(s, stage)]
        assert cells[0] == stage.name
        assert cells[2:] == [
            str(subs.count() - len(late)),
            str(len(late)),
            str(subs.filter(status="returned").count()),
            str(subs.filter(status="accepted").count()),
            str(total - subs.count()),
        ]
    found = Hazard.objects.filter(campaign_link__campaign=campaign).count()
    assert found == 4
    fixed = Hazard.objects.filter(campaign_link__campaign=campaign, status="closed").count()
    assert [str(found), str(fixed)] in numbers
    sums = {(r[0], r[1]): r[2] for r in tables[1][1:]}
    for stage in stage_list:
        for figure in stage.figures:
            expected = sum(
                s.figures.get(figure["key"], 0)
                for s in StageSubmission.objects.filter(stage=stage).exclude(status="returned")
            )
            assert float(sums[(stage.name, figure["label"])]) == pytest.approx(expected)


def test_the_progress_xlsx_has_a_row_per_school(login):
    campaign = Campaign.objects.get(title="校园安全隐患专项整治行动")
    response = login("bureau.inspector").get(f"/supervision/campaigns/{campaign.pk}/progress.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 8
    assert rows[0][1:] == tuple(s.name for s in queries.stages(campaign))


def test_a_school_that_is_no_leader_gets_no_board(login):
    make_user("s01.clerk", "clerk", Org.objects.get(code="s01"), "teacher")
    campaign = make_campaign(days_into=1)
    assert login("s01.clerk").get(campaign.get_absolute_url()).status_code == 404
