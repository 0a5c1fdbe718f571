"""Campaign pages: the org's list, the draft's editing, the board, a stage's hand-in and its
review, a hazard filed from the campaign, the summary .docx and the progress xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.targets import TargetForm, describe
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.supervision.exports import campaigns as exports
from safecampus.supervision.forms import campaigns as forms
from safecampus.supervision.models import CampaignStatus, SubmissionStatus
from safecampus.supervision.queries import campaigns as queries
from safecampus.supervision.services import campaigns as services
from safecampus.supervision.workflow import CAMPAIGN, STAGE_SUBMISSION

# Schools per page of the board: a bureau of 1,000 schools reads 20 pages.
BOARD_PAGE = 50


@org_view(Cap.SUPERVISION_VIEW)
def index(request, org):
    """A bureau's campaigns (drafts included), or the launched ones reaching a school."""
    rows = queries.campaigns(user=request.user, org=org).select_related("bureau")
    return render(
        request,
        "supervision/campaigns/index.html",
        {
            "org": org,
            "page": paginate(request, rows),
            "can_create": not org.is_school and has_cap(request.user, Cap.SUPERVISION_MANAGE, org),
        },
    )


def _target_initial(target):
    boarding = {True: "yes", False: "no"}.get(target.get("boarding"), "")
    return {
        "school_kinds": target.get("school_kinds", []),
        "under": target.get("under", []),
        "boarding": boarding,
    }


@org_view(Cap.SUPERVISION_MANAGE)
def create(request, org):
    if org.is_school:
        raise PermissionDenied
    form = forms.CampaignForm(request.POST or None)
    target = TargetForm(request.POST or None, bureau=org)
    if request.method == "POST" and form.is_valid() and target.is_valid():
        with service_call(request, form) as call:
            campaign = services.create_campaign(
                actor=request.user,
                bureau=org,
                target=target.target(),
                **form.cleaned_data,
            )
        if call.ok:
            messages.success(request, _("Campaign drafted: check its stages, then launch it."))
            return redirect(campaign)
    return render(
        request,
        "supervision/campaigns/form.html",
        {"org": org, "form": form, "target": target, "campaign": None},
        status=400 if request.method == "POST" else 200,
    )


def _campaign(request, campaign_id, *, manage=False):
    """The campaign and the schools the viewer answers for (None: the bureau's view, every
    school). `manage`: the bureau's people who run it, else 403."""
    campaign, schools = queries.campaign_seen_by(request.user, campaign_id)
    if manage and (
        schools is not None or not has_cap(request.user, Cap.SUPERVISION_MANAGE, campaign.bureau)
    ):
        raise PermissionDenied
    return campaign, schools


@login_required
def detail(request, campaign_id):
    campaign, schools = _campaign(request, campaign_id)
    stage_list = queries.stages(campaign)
    today = timezone.localdate()
    current = queries.current_stage(stage_list, today)
    launched = campaign.status != CampaignStatus.DRAFT
    page = rows = None
    total, counts = 0, []
    if launched:
        page = paginate(request, queries.school_rows(campaign, schools), BOARD_PAGE)
        rows = queries.board_rows(campaign, stage_list, list(page), today)
        total, counts = queries.stage_counts(campaign, stage_list, schools)
    manage = schools is None and has_cap(request.user, Cap.SUPERVISION_MANAGE, campaign.bureau)
    own = rows[0] if schools is not None and rows else None
    return render(
        request,
        "supervision/campaigns/detail.html",
        {
            "campaign": campaign,
            "bureau_view": schools is None,
            "target": describe(campaign.bureau, campaign.target),
            "stages": stage_list,
            "current": current,
            "today": today,
            "page": page,
            "rows": rows,
            "own": own,
            "total": total,
            "counts": counts,
            "hazards": queries.hazard_counts(campaign, schools) if launched else None,
            "manage": manage,
            "can_edit": manage and CAMPAIGN.allowed(campaign.status, "edit"),
            "can_launch": manage and CAMPAIGN.allowed(campaign.status, "launch"),
            "can_close": manage and CAMPAIGN.allowed(campaign.status, "close"),
            "can_file": campaign.status == CampaignStatus.RUNNING,
        },
    )


@login_required
def edit(request, campaign_id):
    campaign, _schools = _campaign(request, campaign_id, manage=True)
    initial = {"title": campaign.title, "description": campaign.description}
    form = forms.CampaignForm(request.POST or None, initial=initial, with_start=False)
    target = TargetForm(
        request.POST or None, bureau=campaign.bureau, initial=_target_initial(campaign.target)
    )
    if request.method == "POST" and form.is_valid() and target.is_valid():
        with service_call(request, form) as call:
            services.edit_campaign(
                actor=request.user, campaign=campaign, target=target.target(), **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(campaign)
    return render(
        request,
        "supervision/campaigns/form.html",
        {"org": campaign.bureau, "form": form, "target": target, "campaign": campaign},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def stage_edit(request, campaign_id, stage_id):
    campaign, _schools = _campaign(request, campaign_id, manage=True)
    stage = queries.stage_of(campaign, stage_id)
    form = forms.StageForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.edit_stage(actor=request.user, stage=stage, **form.values())
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(campaign)
    return render(
        request,
        "supervision/campaigns/stage_form.html",
        {"campaign": campaign, "stage": stage, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def launch(request, campaign_id):
    campaign, _schools = _campaign(request, campaign_id, manage=True)
    with service_call(request) as call:
        services.launch_campaign(actor=request.user, campaign=campaign)
    if call.ok:
        messages.success(request, _("Campaign launched: its schools have been told."))
    return redirect(campaign)


@require_POST
@login_required
def close(request, campaign_id):
    campaign, _schools = _campaign(request, campaign_id, manage=True)
    with service_call(request) as call:
        services.close_campaign(actor=request.user, campaign=campaign)
    if call.ok:
        messages.success(request, _("Campaign closed."))
    return redirect(campaign)


def _stage_context(request, campaign_id, school_id, stage_id):
    campaign, schools = _campaign(request, campaign_id)
    school = queries.school_in(campaign, schools, school_id)
    stage = queries.stage_of(campaign, stage_id)
    return campaign, schools, school, stage


@login_required
def stage(request, campaign_id, school_id, stage_id):
    """One school's hand-in for one stage: the school's form, the bureau's review."""
    campaign, schools, school, stage = _stage_context(request, campaign_id, school_id, stage_id)
    found = queries.submission(stage=stage, school=school)
    today = timezone.localdate()
    may_submit = (
        has_cap(request.user, Cap.SUPERVISION_RESPOND, school)
        and campaign.status == CampaignStatus.RUNNING
        and stage.starts_on <= today
        and (found is None or STAGE_SUBMISSION.allowed(found.status, "resubmit"))
    )
    if request.method == "POST" and not has_cap(request.user, Cap.SUPERVISION_RESPOND, school):
        raise PermissionDenied
    inspections = queries.self_inspections(user=request.user, school=school, version=stage.version)
    initial = {}
    if found is not None:
        initial = {"text": found.text, "inspection": found.inspection_id}
        initial.update({f"figure_{k}": v for k, v in found.figures.items()})
    form = forms.SubmitForm(
        request.POST or None,
        request.FILES or None,
        stage=stage,
        inspections=inspections,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call, atomic_with_files():
            services.submit_stage(actor=request.user, stage=stage, school=school, **form.values())
        if call.ok:
            messages.success(request, _("Handed in."))
            return redirect("supervision:campaign_stage", campaign.pk, school.pk, stage.pk)
    review = (
        schools is None
        and found is not None
        and found.status == SubmissionStatus.SUBMITTED
        and has_cap(request.user, Cap.SUPERVISION_MANAGE, campaign.bureau)
    )
    return render(
        request,
        "supervision/campaigns/stage.html",
        {
            "campaign": campaign,
            "school": school,
            "stage": stage,
            "submission": found,
            "late": found is not None and services.is_late(found, stage),
            "form": form,
            "may_submit": may_submit or request.method == "POST",
            "review": review,
            "return_form": forms.ReturnForm(),
            "figures": [
                (f["label"], (found.figures if found else {}).get(f["key"], "—"))
                for f in stage.figures
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def _review(request, campaign_id, school_id, stage_id):
    campaign, _schools = _campaign(request, campaign_id, manage=True)
    school = queries.school_in(campaign, None, school_id)
    stage = queries.stage_of(campaign, stage_id)
    found = queries.submission(stage=stage, school=school)
    return campaign, school, stage, found


@require_POST
@login_required
def accept(request, campaign_id, school_id, stage_id):
    campaign, school, stage, found = _review(request, campaign_id, school_id, stage_id)
    if found is None:
        messages.error(request, _("Nothing has been handed in yet."))
    else:
        with service_call(request) as call:
            services.accept_submission(actor=request.user, submission=found)
        if call.ok:
            messages.success(request, _("Hand-in accepted."))
    return redirect("supervision:campaign_stage", campaign.pk, school.pk, stage.pk)


@require_POST
@login_required
def return_(request, campaign_id, school_id, stage_id):
    campaign, school, stage, found = _review(request, campaign_id, school_id, stage_id)
    form = forms.ReturnForm(request.POST)
    if found is None:
        messages.error(request, _("Nothing has been handed in yet."))
    elif not form.is_valid():
        messages.error(request, _("Say why the hand-in is returned."))
    else:
        with service_call(request) as call:
            services.return_submission(
                actor=request.user, submission=found, reason=form.cleaned_data["reason"]
            )
        if call.ok:
            messages.success(request, _("Hand-in returned to the school."))
    return redirect("supervision:campaign_stage", campaign.pk, school.pk, stage.pk)


@login_required
def hazard(request, campaign_id, school_id):
    """File a hazard found in the campaign into the school's ledger."""
    campaign, schools = _campaign(request, campaign_id)
    school = queries.school_in(campaign, schools, school_id)
    allowed = has_cap(request.user, Cap.HAZARD_REPORT, school) and (
        has_cap(request.user, Cap.SUPERVISION_RESPOND, school)
        or has_cap(request.user, Cap.SUPERVISION_MANAGE, campaign.bureau)
    )
    if not allowed:
        raise PermissionDenied
    by_bureau = not has_cap(request.user, Cap.SUPERVISION_RESPOND, school)
    form = forms.CampaignHazardForm(
        request.POST or None, request.FILES or None, by_bureau=by_bureau
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call, atomic_with_files():
            services.report_campaign_hazard(
                actor=request.user,
                campaign=campaign,
                school=school,
                place=data["place"],
                category=data["category"],
                description=data["description"],
                photos=data["photos"],
                supervision_deadline=data.get("supervision_deadline"),
            )
        if call.ok:
            messages.success(request, _("Hazard filed in the school's ledger."))
            return redirect(campaign)
    return render(
        request,
        "supervision/campaigns/hazard_form.html",
        {"campaign": campaign, "school": school, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _bureau_export(request, campaign_id):
    campaign, schools = _campaign(request, campaign_id)
    if schools is not None:
        raise PermissionDenied
    return campaign


@login_required
def summary(request, campaign_id):
    """The summary .docx, with the figures filled in from the database."""
    return exports.summary_response(_bureau_export(request, campaign_id))


@login_required
def progress(request, campaign_id):
    """Every school × stage as an xlsx."""
    return exports.progress_response(_bureau_export(request, campaign_id))
