"""The rounds: a bureau's list and its new-round form, a round's page (progress, actions, the
ranking), a school's list of its sheets, and a sheet (self-assessment, scoring, vetoes,
appeals)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.assessment import exports, forms, queries
from safecampus.assessment.models import AppealStatus, Rule
from safecampus.assessment.services import rounds as services
from safecampus.assessment.workflow import ROUND
from safecampus.core import metrics
from safecampus.core.access import has_cap
from safecampus.core.models import Org
from safecampus.core.roles import Cap
from safecampus.core.targets import TargetForm, describe
from safecampus.core.views.base import org_view, paginate, service_call

ROUND_ACTIONS = {
    "open": (services.open_round, gettext_lazy("The round is open to the schools.")),
    "start_scoring": (
        services.start_scoring,
        gettext_lazy("Self-assessment is closed; scoring starts."),
    ),
    "publish": (services.publish_round, gettext_lazy("The results are published to the schools.")),
    "close": (services.close_round, gettext_lazy("The round is closed.")),
}


@org_view(Cap.ASSESSMENT_VIEW)
def rounds(request, org):
    user = request.user
    if org.is_school:
        page = paginate(request, queries.school_sheets(user=user, school=org))
        return render(request, "assessment/school_rounds.html", {"org": org, "page": page})
    page = paginate(request, queries.rounds(user=user, org=org))
    context = {"org": org, "page": page, "can_manage": has_cap(user, Cap.ASSESSMENT_MANAGE, org)}
    return render(request, "assessment/rounds.html", context)


@org_view(Cap.ASSESSMENT_MANAGE)
def round_new(request, org):
    if org.is_school:
        raise Http404
    form = forms.RoundForm(request.POST or None, versions=queries.versions_for(org))
    target = TargetForm(request.POST or None, bureau=org, prefix="target")
    if request.method == "POST" and form.is_valid() and target.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            round_ = services.create_round(
                actor=request.user,
                bureau=org,
                version=data["version"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                self_due=data["self_due"],
                appeal_days=data["appeal_days"],
                target=target.target(),
            )
        if call.ok:
            messages.success(request, _("The round was drafted; open it when ready."))
            return redirect(round_)
    status = 400 if request.method == "POST" else 200
    context = {"org": org, "form": form, "target": target}
    return render(request, "assessment/round_form.html", context, status=status)


@login_required
def round_page(request, pk):
    user = request.user
    try:
        round_ = queries.round_for(user, pk)
    except Http404:
        own = queries.own_sheet_in(user, pk)
        if own is None:
            raise
        return redirect(own)
    page = paginate(request, queries.ranking(round_))
    manage = has_cap(user, Cap.ASSESSMENT_MANAGE, round_.bureau)
    context = {
        "round": round_,
        "org": round_.bureau,
        "page": page,
        "counts": queries.round_counts(round_),
        "target": describe(round_.bureau, round_.target),
        "actions": [a for a in ROUND_ACTIONS if manage and ROUND.allowed(round_.status, a)],
        "max_points": queries.max_points(round_.version),
    }
    return render(request, "assessment/round.html", context)


@login_required
@require_POST
def round_action(request, pk, action):
    round_ = queries.round_for(request.user, pk)
    if action not in ROUND_ACTIONS:
        raise Http404
    service, done = ROUND_ACTIONS[action]
    with service_call(request) as call:
        service(actor=request.user, round_=round_)
    if call.ok:
        messages.success(request, done)
    return redirect(round_)


def _sheet_context(request, sheet, **forms_given):
    user = request.user
    round_ = sheet.round
    shown = queries.results_shown(user, sheet)
    entries = queries.entries(sheet)
    self_open = ROUND.allowed(round_.status, "self_assess") and has_cap(
        user, Cap.ASSESSMENT_SELF, sheet.school
    )
    scoring = ROUND.allowed(round_.status, "score") and has_cap(
        user, Cap.ASSESSMENT_SCORE, round_.bureau
    )
    manage = has_cap(user, Cap.ASSESSMENT_MANAGE, round_.bureau)
    appeals = list(sheet.appeals.select_related("filed_by", "answered_by"))
    open_appeal = next((a for a in appeals if a.status == AppealStatus.OPEN), None)
    may_appeal = (
        ROUND.allowed(round_.status, "appeal")
        and has_cap(user, Cap.ASSESSMENT_SELF, sheet.school)
        and open_appeal is None
        and round_.appeal_until is not None
        and timezone.localdate() <= round_.appeal_until
    )
    suggested = _suggested(user, sheet) if scoring else []
    areas = []
    for entry in entries:
        if not areas or areas[-1][0] != entry.indicator.area:
            areas.append((entry.indicator.area, []))
        areas[-1][1].append(entry)
    return {
        "sheet": sheet,
        "round": round_,
        "org": sheet.school,
        "areas": areas,
        "metric_labels": queries.metric_labels([a for a, _e in areas]),
        "shown": shown,
        "self_open": self_open,
        "scoring": scoring,
        "vetoes": list(sheet.vetoes.select_related("item", "applied_by")) if shown else [],
        "suggested": suggested,
        "veto_form": forms_given.get("veto_form")
        or (
            forms.VetoForm(items=round_.version.vetoes.all(), initial=_draft_veto(suggested))
            if scoring
            else None
        ),
        "appeals": appeals if shown else [],
        "may_appeal": may_appeal,
        "appeal_form": forms_given.get("appeal_form") or forms.AppealForm(),
        "answer_form": forms_given.get("answer_form")
        or (
            forms.AnswerForm(entries=entries)
            if open_appeal is not None and manage and round_.status != "closed"
            else None
        ),
        "open_appeal": open_appeal,
        "max_points": queries.max_points(round_.version),
        "Rule": Rule,
        "bureau_view": has_cap(user, Cap.ASSESSMENT_VIEW, round_.bureau),
        "form_errors": forms_given.get("form_errors"),
        "failed_entry": forms_given.get("failed_entry"),
    }


def _suggested(user, sheet):
    """The veto items the school's records match, with the figure and a link to its list (for
    one who may read it), less those already applied."""
    applied = set(sheet.vetoes.values_list("item_id", flat=True))
    schools = Org.objects.filter(pk=sheet.school_id)
    rows = queries.suggested_vetoes(sheet.round, schools).get(sheet.school_id, [])
    return [
        {
            "item": item,
            "value": value,
            "period": period,
            "label": metrics.METRICS[item.metric].label,
            "link": metrics.link(metrics.METRICS[item.metric], sheet.school)
            if has_cap(user, metrics.METRICS[item.metric].cap, sheet.school)
            else None,
        }
        for item, value, period in rows
        if item.pk not in applied
    ]


def _draft_veto(suggested):
    """The veto form filled in from the first match: the inspector reads, edits and applies."""
    if not suggested:
        return None
    first = suggested[0]
    period = first["period"]
    reason = _("%(figure)s: %(value)s from %(start)s to %(end)s (matched in the records).") % {
        "figure": first["label"],
        "value": first["value"],
        "start": period.start,
        "end": period.end,
    }
    return {"item": first["item"].pk, "reason": reason}


@login_required
def sheet_page(request, pk):
    sheet = queries.sheet_for(request.user, pk)
    return render(request, "assessment/sheet.html", _sheet_context(request, sheet))


def _back(sheet, entry=None):
    url = sheet.get_absolute_url()
    return redirect(f"{url}#entry-{entry.pk}" if entry else url)


def _render_failed(request, sheet, status=400, **forms_given):
    return render(
        request,
        "assessment/sheet.html",
        _sheet_context(request, sheet, **forms_given),
        status=status,
    )


@login_required
@require_POST
def entry_self(request, pk):
    entry = queries.entry_for(request.user, pk)
    form = forms.SelfForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        links = list(entry.links)
        if data["link_url"]:
            links.append({"url": data["link_url"], "label": data["link_label"]})
        with service_call(request, form) as call:
            services.self_assess(
                actor=request.user,
                entry=entry,
                self_points=data["self_points"],
                note=data["note"],
                links=links,
                uploads=[data["files"]] if data["files"] else [],
            )
        if call.ok:
            messages.success(request, _("Saved: %(name)s") % {"name": entry.indicator.name})
            return _back(entry.sheet, entry)
    return _render_failed(request, entry.sheet, form_errors=form, failed_entry=entry.pk)


@login_required
@require_POST
def entry_score(request, pk):
    entry = queries.entry_for(request.user, pk)
    form = forms.ScoreForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.score_entry(
                actor=request.user,
                entry=entry,
                points=form.cleaned_data["points"],
                note=form.cleaned_data["note"],
            )
        if call.ok:
            return _back(entry.sheet, entry)
    return _render_failed(request, entry.sheet, form_errors=form, failed_entry=entry.pk)


@login_required
@require_POST
def sheet_submit(request, pk):
    sheet = queries.sheet_for(request.user, pk)
    with service_call(request) as call:
        services.submit_sheet(actor=request.user, sheet=sheet)
    if call.ok:
        messages.success(request, _("Your self-assessment was handed in."))
    return _back(sheet)


@login_required
@require_POST
def sheet_veto(request, pk):
    sheet = queries.sheet_for(request.user, pk)
    if not has_cap(request.user, Cap.ASSESSMENT_SCORE, sheet.round.bureau):
        raise PermissionDenied
    form = forms.VetoForm(request.POST, items=sheet.round.version.vetoes.all())
    if form.is_valid():
        with service_call(request, form) as call:
            services.apply_veto(
                actor=request.user,
                sheet=sheet,
                item=form.cleaned_data["item"],
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, _("The veto was applied."))
            return _back(sheet)
    return _render_failed(request, sheet, veto_form=form)


@login_required
@require_POST
def sheet_appeal(request, pk):
    sheet = queries.sheet_for(request.user, pk)
    form = forms.AppealForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.file_appeal(actor=request.user, sheet=sheet, text=form.cleaned_data["text"])
        if call.ok:
            messages.success(request, _("Your appeal was sent to the bureau."))
            return _back(sheet)
    return _render_failed(request, sheet, appeal_form=form)


@login_required
@require_POST
def appeal_answer(request, pk):
    appeal = queries.appeal_for(request.user, pk)
    sheet = appeal.sheet
    if not has_cap(request.user, Cap.ASSESSMENT_MANAGE, sheet.round.bureau):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST, entries=queries.entries(sheet))
    if form.is_valid():
        with service_call(request, form) as call:
            services.answer_appeal(
                actor=request.user,
                appeal=appeal,
                answer=form.cleaned_data["answer"],
                rescores=form.rescores(),
            )
        if call.ok:
            messages.success(request, _("The appeal was answered."))
            return _back(sheet)
    return _render_failed(request, sheet, answer_form=form)


@login_required
def round_xlsx(request, pk):
    return exports.round_xlsx(queries.round_for(request.user, pk))


@login_required
def round_docx(request, pk):
    return exports.round_docx(queries.round_for(request.user, pk))


@login_required
def sheet_docx(request, pk):
    return exports.sheet_docx(request.user, queries.sheet_for(request.user, pk))
