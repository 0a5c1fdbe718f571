"""Campaigns over the API: the list, a campaign with its stages, its board by pages of schools,
a school's hand-in (multipart: fields and files), the bureau's review, create/launch/close."""

import json
from datetime import date, datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import InvalidFields, PermissionRefused
from safecampus.core.models.org import SchoolKind
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.inspections.models import Inspection
from safecampus.supervision.models import CampaignStatus, SubmissionStatus
from safecampus.supervision.queries import campaigns as queries
from safecampus.supervision.services import campaigns as services

router = Router()


class CampaignFigureOut(Schema):
    key: str
    label: str


class CampaignStageOut(Schema):
    id: int
    position: int
    name: str
    starts_on: date
    due_on: date
    instructions: str
    needs_report: bool
    needs_photos: bool
    figures: list[CampaignFigureOut]
    checklist_version_id: int | None = Field(None, alias="version_id")


class CampaignOut(Schema):
    id: int
    bureau_id: int
    title: str
    description: str
    status: CampaignStatus
    created_at: datetime
    launched_at: datetime | None
    closed_at: datetime | None


class CampaignDetailOut(CampaignOut):
    target: dict
    stages: list[CampaignStageOut]
    current_stage_id: int | None
    schools: int
    hazards_found: int
    hazards_fixed: int


class CellOut(Schema):
    stage_id: int
    state: str
    late: bool
    submission_id: int | None


class BoardRowOut(Schema):
    school_id: int
    school: str
    cells: list[CellOut]


class BoardOut(Schema):
    count: int
    page: int
    pages: int
    items: list[BoardRowOut]


class BoardIn(Schema):
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(50, ge=1, le=200)


class SubmissionOut(Schema):
    id: int
    stage_id: int
    school_id: int
    status: SubmissionStatus
    text: str
    figures: dict
    attachment_ids: list[int]
    inspection_id: int | None
    submitted_at: datetime
    late: bool
    reviewed_at: datetime | None
    return_reason: str

    @staticmethod
    def resolve_attachment_ids(obj):
        return [a.pk for a in obj.attachments.all()]

    @staticmethod
    def resolve_late(obj):
        return services.is_late(obj)


class SubmitIn(Schema):
    text: str = Field("", max_length=20000)
    # The named figures as a JSON object {key: number}: a multipart form has no nested fields.
    figures: str = Field("{}", max_length=4000)
    inspection_id: int | None = Field(None, ge=1, le=2**62)


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class CampaignTargetIn(Schema):
    school_kinds: list[SchoolKind] = Field(default_factory=list, max_length=10)
    under: list[int] = Field(default_factory=list, max_length=200)
    boarding: bool | None = None


class CampaignIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    target: CampaignTargetIn = Field(default_factory=CampaignTargetIn)
    starts_on: date


class FigureIn(Schema):
    key: str = Field(..., min_length=1, max_length=40)
    label: str = Field(..., min_length=1, max_length=80)


class StageIn(Schema):
    name: str = Field(..., min_length=1, max_length=80)
    starts_on: date
    due_on: date
    instructions: str = Field("", max_length=4000)
    needs_report: bool = True
    needs_photos: bool = False
    figures: list[FigureIn] = Field(default_factory=list, max_length=12)
    checklist_version_id: int | None = Field(None, ge=1, le=2**62)


@router.get("/orgs/{org_id}/campaigns", response=list[CampaignOut])
@paginate(Pagination, page_size=50)
def campaign_list(request, org_id: int):
    org = org_for(request, org_id, Cap.SUPERVISION_VIEW)
    return queries.campaigns(user=request.user, org=org)


def _seen(request, campaign_id, *, manage=False):
    campaign, schools = queries.campaign_seen_by(request.user, campaign_id)
    if manage and (
        schools is not None or not has_cap(request.user, Cap.SUPERVISION_MANAGE, campaign.bureau)
    ):
        raise PermissionRefused(_("You do not have permission to do this here."))
    return campaign, schools


def _detail(campaign, schools):
    stage_list = queries.stages(campaign)
    current = queries.current_stage(stage_list)
    hazards = queries.hazard_counts(campaign, schools)
    total = queries.school_rows(campaign, schools).count()
    return {
        **CampaignOut.from_orm(campaign).dict(),
        "target": campaign.target,
        "stages": stage_list,
        "current_stage_id": current.pk if current else None,
        "schools": total,
        "hazards_found": hazards["found"],
        "hazards_fixed": hazards["fixed"],
    }


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut)
def campaign_detail(request, campaign_id: int):
    """A campaign with its stages; a school's people see the counts of their own school."""
    return _detail(*_seen(request, campaign_id))


@router.get("/campaigns/{campaign_id}/board", response=BoardOut)
def campaign_board(request, campaign_id: int, params: Query[BoardIn]):
    """Every school × stage cell, a page of schools at a time (a school sees its own row)."""
    campaign, schools = _seen(request, campaign_id)
    stage_list = queries.stages(campaign)
    paginator = Paginator(queries.school_rows(campaign, schools), params.page_size)
    page = paginator.get_page(params.page)
    rows = (
        queries.board_rows(campaign, stage_list, list(page)) if params.page <= page.number else []
    )
    return {
        "count": paginator.count,
        "page": params.page,
        "pages": paginator.num_pages,
        "items": [
            {
                "school_id": row.school.pk,
                "school": row.school.name,
                "cells": [
                    {
                        "stage_id": stage.pk,
                        "state": state,
                        "late": late,
                        "submission_id": sub.pk if sub else None,
                    }
                    for stage, state, sub, late in row.cells
                ],
            }
            for row in rows
        ],
    }


def _figures(raw):
    try:
        figures = json.loads(raw or "{}")
    except ValueError:
        figures = None
    if not isinstance(figures, dict):
        raise InvalidFields({"figures": _("The figures must be a JSON object of numbers.")})
    return figures


@router.post(
    "/campaigns/{campaign_id}/schools/{school_id}/stages/{stage_id}/submission",
    response={201: SubmissionOut},
)
def stage_submit(
    request,
    campaign_id: int,
    school_id: int,
    stage_id: int,
    payload: Form[SubmitIn],
    files: File[list[UploadedFile]] = None,
):
    """Hand in a stage for a school (multipart: fields and files), or again after a return."""
    campaign, schools = _seen(request, campaign_id)
    school = queries.school_in(campaign, schools, school_id)
    school_for(request, school.pk, Cap.SUPERVISION_RESPOND)
    stage = queries.stage_of(campaign, stage_id)
    inspection = None
    if payload.inspection_id is not None:
        inspection = get_visible_or_404(request.user, Inspection, payload.inspection_id)
    with atomic_with_files():
        submission = services.submit_stage(
            actor=request.user,
            stage=stage,
            school=school,
            text=payload.text,
            figures=_figures(payload.figures),
            uploads=files or [],
            inspection=inspection,
        )
    return Status(201, submission)


def _submission(request, campaign_id, school_id, stage_id, *, manage=False):
    campaign, schools = _seen(request, campaign_id, manage=manage)
    school = queries.school_in(campaign, schools, school_id)
    stage = queries.stage_of(campaign, stage_id)
    found = queries.submission(stage=stage, school=school)
    if found is None:
        raise Http404
    return found


@router.get(
    "/campaigns/{campaign_id}/schools/{school_id}/stages/{stage_id}/submission",
    response=SubmissionOut,
)
def stage_submission(request, campaign_id: int, school_id: int, stage_id: int):
    return _submission(request, campaign_id, school_id, stage_id)


@router.post(
    "/campaigns/{campaign_id}/schools/{school_id}/stages/{stage_id}/accept",
    response=SubmissionOut,
)
def stage_accept(request, campaign_id: int, school_id: int, stage_id: int):
    found = _submission(request, campaign_id, school_id, stage_id, manage=True)
    services.accept_submission(actor=request.user, submission=found)
    return queries.submission(stage=found.stage, school=found.school)


@router.post(
    "/campaigns/{campaign_id}/schools/{school_id}/stages/{stage_id}/return",
    response=SubmissionOut,
)
def stage_return(request, campaign_id: int, school_id: int, stage_id: int, payload: ReturnIn):
    found = _submission(request, campaign_id, school_id, stage_id, manage=True)
    services.return_submission(actor=request.user, submission=found, reason=payload.reason)
    return queries.submission(stage=found.stage, school=found.school)


@router.post("/orgs/{org_id}/campaigns", response={201: CampaignDetailOut})
def campaign_create(request, org_id: int, payload: CampaignIn):
    """Draft a campaign with the bureau's stages laid end to end from `starts_on`."""
    org = org_for(request, org_id, Cap.SUPERVISION_MANAGE)
    campaign = services.create_campaign(
        actor=request.user,
        bureau=org,
        title=payload.title,
        description=payload.description,
        target=payload.target.dict(),
        starts_on=payload.starts_on,
    )
    return Status(201, _detail(campaign, None))


@router.post("/campaigns/{campaign_id}/stages/{stage_id}", response=CampaignStageOut)
def stage_edit(request, campaign_id: int, stage_id: int, payload: StageIn):
    """Change a draft campaign's stage."""
    campaign, _schools = _seen(request, campaign_id, manage=True)
    stage = queries.stage_of(campaign, stage_id)
    version = None
    if payload.checklist_version_id is not None:
        version = (
            queries.checklists_for(campaign.bureau).filter(pk=payload.checklist_version_id).first()
        )
        if version is None:
            raise InvalidFields({"checklist_version_id": _("No such checklist for this bureau.")})
    data = payload.dict(exclude={"checklist_version_id"})
    return services.edit_stage(actor=request.user, stage=stage, version=version, **data)


@router.post("/campaigns/{campaign_id}/launch", response=CampaignDetailOut)
def campaign_launch(request, campaign_id: int):
    campaign, _schools = _seen(request, campaign_id, manage=True)
    return _detail(services.launch_campaign(actor=request.user, campaign=campaign), None)


@router.post("/campaigns/{campaign_id}/close", response=CampaignDetailOut)
def campaign_close(request, campaign_id: int):
    campaign, _schools = _seen(request, campaign_id, manage=True)
    return _detail(services.close_campaign(actor=request.user, campaign=campaign), None)
