"""The campaign API: a hand-in refused with the missing figure named, then taken (multipart);
the bureau's return needs a reason; a draft is created with the default stages."""

import pytest

from safecampus.supervision.models import Campaign, StageSubmission
from safecampus.supervision.services import campaigns as services
from tests.helpers import png
from tests.supervision.campaign_fixtures import bureau, make_campaign

pytestmark = pytest.mark.django_db


def test_a_hand_in_without_a_figure_is_refused_with_its_name(login, org):
    campaign = make_campaign(days_into=7 + 21 + 1)
    third = campaign.stages.get(position=3)
    url = f"/api/v1/campaigns/{campaign.pk}/schools/{org('s01').pk}/stages/{third.pk}/submission"
    client = login("s01.officer")
    refused = client.post(
        url, {"text": "进度", "figures": '{"hazards_found": 3, "funds": 100}', "files": [png()]}
    )
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"figure_hazards_fixed"}
    assert not StageSubmission.objects.filter(stage=third).exists()
    taken = client.post(
        url,
        {
            "text": "进度",
            "figures": '{"hazards_found": 3, "hazards_fixed": 2, "funds": 100}',
            "files": [png()],
        },
    )
    assert taken.status_code == 201, taken.content
    body = taken.json()
    assert body["figures"] == {"hazards_found": 3, "hazards_fixed": 2, "funds": 100}
    assert len(body["attachment_ids"]) == 1 and body["late"] is False


def test_figures_that_are_not_an_object_are_refused(login, org):
    campaign = make_campaign()
    first = campaign.stages.get(position=1)
    url = f"/api/v1/campaigns/{campaign.pk}/schools/{org('s01').pk}/stages/{first.pk}/submission"
    response = login("s01.officer").post(url, {"text": "报告", "figures": "[1, 2]"})
    assert response.status_code == 400
    assert "figures" in response.json()["errors"]


def test_a_return_without_a_reason_is_refused(login, org, person):
    campaign = make_campaign()
    first = campaign.stages.get(position=1)
    services.submit_stage(actor=person("s01.officer"), stage=first, school=org("s01"), text="一")
    url = f"/api/v1/campaigns/{campaign.pk}/schools/{org('s01').pk}/stages/{first.pk}/return"
    client = login("bureau.inspector")
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    assert client.post(url, {"reason": "缺"}, content_type="application/json").status_code == 200
    assert StageSubmission.objects.get(stage=first).status == "returned"


def test_a_bureau_drafts_a_campaign_with_the_default_stages(login):
    response = login("bureau.admin").post(
        f"/api/v1/orgs/{bureau().pk}/campaigns",
        {"title": "防溺水专项", "starts_on": "2027-03-01", "target": {"boarding": True}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [s["name"] for s in body["stages"]][:3] == ["部署动员", "自查自纠", "集中整治"]
    assert Campaign.objects.get(pk=body["id"]).target["boarding"] is True
