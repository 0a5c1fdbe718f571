"""Every read the campaign pages, exports and API answers need, each starting from the viewer.

A bureau sees its campaigns and every school's row (`schools` None below); a school's people
see the launched campaigns that reach their school, and only their school's rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.hazards.models import Status as HazardStatus
from safecampus.inspections.models import Inspection, TemplateVersion
from safecampus.supervision.models import (
    Campaign,
    CampaignHazard,
    CampaignSchool,
    CampaignStage,
    CampaignStatus,
    StageSubmission,
    SubmissionStatus,
)

LAUNCHED = [CampaignStatus.RUNNING, CampaignStatus.CLOSED]
# A hazard counts as found unless the school found it was none or merged it into another.
NOT_FOUND = [HazardStatus.REJECTED, HazardStatus.MERGED]


class Cell:
    """A school × stage cell's state on the board (derived; never stored)."""

    NOT_DUE = "not_due"
    OPEN = "open"
    SUBMITTED = "submitted"
    LATE = "late"
    RETURNED = "returned"
    ACCEPTED = "accepted"


def campaigns(*, user, org):
    """The campaigns the org's page lists: a bureau's (and those of bureaus under it); for a
    school, the launched ones that reach it."""
    if org.is_school:
        reached = visible_to(user, CampaignSchool, Cap.SUPERVISION_VIEW).filter(school=org)
        return Campaign.objects.filter(
            pk__in=reached.values("campaign_id"), status__in=LAUNCHED
        ).order_by("-created_at", "-pk")
    return (
        visible_to(user, Campaign, Cap.SUPERVISION_VIEW)
        .filter(bureau__path__startswith=org.path)
        .order_by("-created_at", "-pk")
    )


def _id(pk):
    """An id from a URL: one beyond the database's integer range names no row (a 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def campaign_seen_by(user, pk):
    """(campaign, schools): the bureau's view (schools None: every school) or a school's (the
    ids of the schools the person answers for). Missing and foreign are the same 404."""
    pk = _id(pk)
    campaign = (
        visible_to(user, Campaign, Cap.SUPERVISION_VIEW)
        .select_related("bureau")
        .filter(pk=pk)
        .first()
    )
    if campaign is not None:
        return campaign, None
    schools = list(
        visible_to(user, CampaignSchool, Cap.SUPERVISION_VIEW)
        .filter(campaign_id=pk, campaign__status__in=LAUNCHED)
        .values_list("school_id", flat=True)
    )
    if not schools:
        raise Http404
    return Campaign.objects.select_related("bureau").get(pk=pk), schools


def stages(campaign):
    return list(CampaignStage.objects.filter(campaign=campaign).select_related("version__template"))


def current_stage(stage_list, today=None):
    """The stage running today; before the first, the first; after the last, the last."""
    today = today or timezone.localdate()
    for stage in stage_list:
        if stage.starts_on <= today <= stage.due_on:
            return stage
    started = [s for s in stage_list if s.starts_on <= today]
    if started:
        return started[-1]
    return stage_list[0] if stage_list else None


def school_rows(campaign, schools=None):
    """The schools the campaign reached, by place in the tree (one row each)."""
    rows = CampaignSchool.objects.filter(campaign=campaign).select_related("school")
    if schools is not None:
        rows = rows.filter(school_id__in=schools)
    return rows.order_by("school__path", "pk")


def cell_state(stage, submission, today):
    if submission is None:
        return Cell.NOT_DUE if today < stage.starts_on else Cell.OPEN
    if submission.status == SubmissionStatus.RETURNED:
        return Cell.RETURNED
    if submission.status == SubmissionStatus.ACCEPTED:
        return Cell.ACCEPTED
    if timezone.localdate(submission.submitted_at) > stage.due_on:
        return Cell.LATE
    return Cell.SUBMITTED


@dataclass
class BoardRow:
    school: object
    # (stage, state, submission, handed in late) per stage
    cells: list = field(default_factory=list)


def board_rows(campaign, stage_list, page_rows, today=None):
    """The cells of one page of schools: ONE query for every submission on the page."""
    today = today or timezone.localdate()
    school_ids = [row.school_id for row in page_rows]
    found = {
        (s.stage_id, s.school_id): s
        for s in StageSubmission.objects.filter(
            stage__campaign=campaign, school_id__in=school_ids
        ).only("pk", "stage_id", "school_id", "status", "submitted_at")
    }
    rows = []
    for row in page_rows:
        board_row = BoardRow(school=row.school)
        for stage in stage_list:
            submission = found.get((stage.pk, row.school_id))
            late = submission is not None and (
                timezone.localdate(submission.submitted_at) > stage.due_on
            )
            board_row.cells.append((stage, cell_state(stage, submission, today), submission, late))
        rows.append(board_row)
    return rows


def stage_counts(campaign, stage_list, schools=None):
    """Per stage: hand-ins on time, late, returned, accepted, and schools not handed in."""
    subs = StageSubmission.objects.filter(stage__campaign=campaign)
    reached = CampaignSchool.objects.filter(campaign=campaign)
    if schools is not None:
        subs = subs.filter(school_id__in=schools)
        reached = reached.filter(school_id__in=schools)
    late = Q(submitted_at__date__gt=F("stage__due_on"))
    rows = {
        r["stage_id"]: r
        for r in subs.values("stage_id").annotate(
            total=Count("pk"),
            late=Count("pk", filter=late),
            on_time=Count("pk", filter=~late),
            waiting=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
            returned=Count("pk", filter=Q(status=SubmissionStatus.RETURNED)),
            accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
        )
    }
    total = reached.count()
    empty = {"total": 0, "late": 0, "on_time": 0, "waiting": 0, "returned": 0, "accepted": 0}
    counts = []
    for stage in stage_list:
        row = {**empty, **rows.get(stage.pk, {})}
        row["missing"] = total - row["total"]
        counts.append((stage, row))
    return total, counts


def hazard_counts(campaign, schools=None):
    """The campaign's hazards found and fixed (closed), from the ledger, in one join."""
    links = CampaignHazard.objects.filter(campaign=campaign)
    if schools is not None:
        links = links.filter(hazard__school_id__in=schools)
    return links.aggregate(
        found=Count("pk", filter=~Q(hazard__status__in=NOT_FOUND)),
        fixed=Count("pk", filter=Q(hazard__status=HazardStatus.CLOSED)),
    )


def campaign_hazards(campaign, schools=None):
    rows = CampaignHazard.objects.filter(campaign=campaign).select_related("hazard__school")
    if schools is not None:
        rows = rows.filter(hazard__school_id__in=schools)
    return rows.order_by("-hazard__reported_at", "-pk")


def figure_sums(campaign, stage_list, schools=None):
    """Per stage, the sum of each named figure over the hand-ins that stand (not returned)."""
    subs = StageSubmission.objects.filter(stage__campaign=campaign).exclude(
        status=SubmissionStatus.RETURNED
    )
    if schools is not None:
        subs = subs.filter(school_id__in=schools)
    sums = {stage.pk: {f["key"]: 0 for f in stage.figures} for stage in stage_list}
    for stage_id, figures in subs.values_list("stage_id", "figures").iterator():
        for key, value in (figures or {}).items():
            if key in sums.get(stage_id, {}) and isinstance(value, int | float):
                sums[stage_id][key] += value
    return [
        (stage, [(f["label"], _tidy(sums[stage.pk][f["key"]])) for f in stage.figures])
        for stage in stage_list
        if stage.figures
    ]


def _tidy(number):
    """A sum of whole numbers shown without decimals; money rounded to cents."""
    return int(number) if float(number).is_integer() else round(number, 2)


def submission(*, stage, school):
    return (
        StageSubmission.objects.filter(stage=stage, school=school)
        .select_related("submitted_by", "reviewed_by", "inspection")
        .prefetch_related("attachments")
        .first()
    )


def stage_of(campaign, stage_id):
    found = CampaignStage.objects.filter(campaign=campaign, pk=_id(stage_id)).first()
    if found is None:
        raise Http404
    return found


def school_in(campaign, schools, school_id):
    """A school the campaign reached and the viewer may see there."""
    school_id = _id(school_id)
    if schools is not None and school_id not in schools:
        raise Http404
    row = (
        CampaignSchool.objects.filter(campaign=campaign, school_id=school_id)
        .select_related("school")
        .first()
    )
    if row is None:
        raise Http404
    return row.school


def self_inspections(*, user, school, version):
    """The school's inspections with the stage's checklist, newest first, for the picker."""
    if version is None:
        return Inspection.objects.none()
    return (
        visible_to(user, Inspection)
        .filter(school=school, version=version)
        .order_by("-submitted_at")[:20]
    )


def checklists_for(bureau):
    """The checklist versions a campaign's stage may ask for: the newest version of each
    template the bureau (or a bureau above it) owns."""
    return (
        TemplateVersion.objects.filter(
            template__school_id__in=bureau.ancestor_ids(), template__archived=False
        )
        .select_related("template")
        .order_by("template__name", "-number")
    )
