"""Assessment rounds: the bureau drafts a round and opens it to its schools; each school
self-assesses indicator by indicator and hands its sheet in; the inspectors score and apply
vetoes; the bureau publishes the grades, answers appeals within the window (re-scoring where it
agrees) and closes the round. Every move is looked up in `workflow.ROUND` or `workflow.APPEAL`.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.assessment import grading
from safecampus.assessment.models import (
    Appeal,
    AppealStatus,
    Entry,
    Indicator,
    Round,
    RoundSchool,
    Rule,
    Veto,
)
from safecampus.assessment.services.schemes import _points
from safecampus.assessment.workflow import APPEAL, ROUND
from safecampus.core import metrics
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import Membership, Org
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.core.targets import clean_target, matching_schools

MAX_APPEAL_DAYS = 60
MAX_LINKS = 10
MAX_FILES = 5
MAX_TEXT = 4000


def _people(school_ids, cap):
    """Who holds `cap` at these schools, in one query however many schools."""
    roles = [role for role, caps in CAPABILITIES.items() if cap in caps]
    memberships = (
        Membership.objects.active()
        .filter(org_id__in=school_ids, role__in=roles, user__is_active=True)
        .select_related("user")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def _text(value, field, message, required=True):
    text = (value or "").strip()
    if required and not text:
        raise InvalidFields({field: message})
    if len(text) > MAX_TEXT:
        raise InvalidFields({field: _("At most %(n)d characters.") % {"n": MAX_TEXT}})
    return text


def _check_dates(starts_on, ends_on, self_due, appeal_days):
    problems = {}
    if not starts_on or not ends_on or ends_on < starts_on:
        problems["ends_on"] = _("The period ends on or after its first day.")
    if not self_due:
        problems["self_due"] = _("Give the day the self-assessment is due.")
    if appeal_days is None or not 1 <= appeal_days <= MAX_APPEAL_DAYS:
        problems["appeal_days"] = _("The appeal window is 1 to %(n)d days.") % {
            "n": MAX_APPEAL_DAYS
        }
    if problems:
        raise InvalidFields(problems)


@transaction.atomic
def create_round(
    *, actor, bureau, version, title, starts_on, ends_on, self_due, appeal_days, target=None
):
    """A draft round of `bureau` on a scheme version it may use (the starter or its own)."""
    require(actor, Cap.ASSESSMENT_MANAGE, bureau)
    if bureau.is_school:
        raise DomainError(_("A round is run by a bureau, not by a school."))
    owner = version.scheme.org
    if owner is not None and owner.pk not in bureau.ancestor_ids() and owner.pk != bureau.pk:
        raise InvalidFields({"version": _("Choose a scheme of this bureau or the starter.")})
    title = _text(title, "title", _("Give the round a title."))[:200]
    _check_dates(starts_on, ends_on, self_due, appeal_days)
    target = clean_target(target)
    if not matching_schools(bureau, target).exists():
        raise InvalidFields({"target": _("No school matches this target.")})
    round_ = Round.objects.create(
        bureau=bureau,
        version=version,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        self_due=self_due,
        appeal_days=appeal_days,
        target=target,
        created_by=actor,
        created_at=timezone.now(),
    )
    audit.record(actor=actor, org=bureau, action="assessment.round_create", obj=round_)
    return round_


def _locked(round_):
    return Round.objects.select_for_update(of=("self",)).select_related("bureau").get(pk=round_.pk)


def _indicators(version):
    return list(
        Indicator.objects.filter(area__version=version).order_by("area__position", "position")
    )


def fill_figures(round_, sheets=None):
    """Each computed indicator's figure and points for every sheet of the round: one query per
    metric for all the schools (core.metrics.table), whatever their number."""
    computed = [i for i in _indicators(round_.version) if i.rule == Rule.METRIC and i.metric]
    if not computed:
        return
    sheets = list(sheets if sheets is not None else round_.sheets.all())
    schools = Org.objects.filter(pk__in=[s.school_id for s in sheets])
    period = metrics.Period(round_.starts_on, round_.ends_on)
    keys = sorted({i.metric for i in computed if i.metric in metrics.METRICS})
    figures = metrics.table(keys, schools, period)
    entries = Entry.objects.filter(sheet__in=sheets, indicator__in=computed).select_related(
        "indicator", "sheet"
    )
    changed = []
    for entry in entries:
        metric = metrics.METRICS.get(entry.indicator.metric)
        if metric is None:
            continue
        value = figures[metric.key].get(entry.sheet.school_id)
        entry.figure = {
            "metric": metric.key,
            "value": value if value is None or isinstance(value, int) else float(value),
            "unit": metric.unit,
            "from": round_.starts_on.isoformat(),
            "to": round_.ends_on.isoformat(),
            "per_period": metric.per_period,
            # A snapshot (overdue now) is the figure of the day it was read.
            "on": timezone.localdate().isoformat(),
        }
        entry.computed_points = grading.points_for(entry.indicator, value, metric.better)
        changed.append(entry)
    Entry.objects.bulk_update(changed, ["figure", "computed_points"])


@transaction.atomic
def open_round(*, actor, round_):
    """Freeze the schools the target reaches now, give each a sheet, fill the computed
    indicators, tell the schools' leaders."""
    round_ = _locked(round_)
    require(actor, Cap.ASSESSMENT_MANAGE, round_.bureau)
    status = ROUND.next_state(round_, "open")
    school_ids = list(
        matching_schools(round_.bureau, round_.target).order_by("pk").values_list("pk", flat=True)
    )
    if not school_ids:
        raise DomainError(_("No school matches this round's target any more."))
    RoundSchool.objects.bulk_create(RoundSchool(round=round_, school_id=pk) for pk in school_ids)
    sheets = list(RoundSchool.objects.filter(round=round_))
    indicators = _indicators(round_.version)
    Entry.objects.bulk_create(
        Entry(sheet=sheet, indicator=ind) for sheet in sheets for ind in indicators
    )
    fill_figures(round_, sheets)
    round_.status = status
    round_.save(update_fields=["status"])
    audit.record(
        actor=actor,
        org=round_.bureau,
        action="assessment.round_open",
        obj=round_,
        changes={"schools": len(school_ids)},
    )
    notify(
        _people(school_ids, Cap.ASSESSMENT_SELF),
        kind="assessment.round",
        title=gettext_lazy("Assessment opened: %(title)s"),
        body=gettext_lazy("Assess your school by %(due)s, indicator by indicator."),
        params={"title": round_.title, "due": date_format(round_.self_due)},
        url=round_.get_absolute_url(),
        org=round_.bureau,
    )
    return round_


def _sheet_locked(sheet):
    return (
        RoundSchool.objects.select_for_update(of=("self",))
        .select_related("round__bureau", "round__version", "school")
        .get(pk=sheet.pk)
    )


@transaction.atomic
def self_assess(*, actor, entry, self_points, note="", links=(), uploads=()):
    """The school's own points for one indicator with its note, links to its records and
    evidence files (PDF or photos)."""
    sheet = _sheet_locked(entry.sheet)
    require(actor, Cap.ASSESSMENT_SELF, sheet.school)
    ROUND.check(sheet.round, "self_assess")
    entry = Entry.objects.select_related("indicator").get(pk=entry.pk)
    problems = {}
    points = None
    if self_points not in (None, ""):
        try:
            points = _points(self_points, "self_points", entry.indicator.max_points)
        except InvalidFields as error:
            problems.update(error.fields)
    cleaned_links = []
    for link in links or []:
        url = (link.get("url") or "").strip() if isinstance(link, dict) else ""
        label = (link.get("label") or "").strip() if isinstance(link, dict) else ""
        if not url:
            continue
        if not url.startswith("/") or url.startswith("//"):
            problems["links"] = _("A link goes to a record on this site (a path from /).")
            break
        cleaned_links.append({"url": url[:500], "label": (label or url)[:200]})
    if len(cleaned_links) > MAX_LINKS:
        problems["links"] = _("At most %(n)d links.") % {"n": MAX_LINKS}
    uploads = list(uploads or [])
    if len(uploads) + entry.attachments.count() > MAX_FILES:
        problems["files"] = _("At most %(n)d files per indicator.") % {"n": MAX_FILES}
    note = note or ""
    if len(note) > MAX_TEXT:
        problems["note"] = _("At most %(n)d characters.") % {"n": MAX_TEXT}
    if problems:
        raise InvalidFields(problems)
    stored = [store_upload(actor=actor, org=sheet.school, upload=u) for u in uploads]
    entry.self_points = points
    entry.note = note.strip()
    entry.links = cleaned_links
    entry.save(update_fields=["self_points", "note", "links"])
    if stored:
        entry.attachments.add(*stored)
    sheet.self_total = grading.total_of(
        Entry.objects.filter(sheet=sheet).values_list("self_points", flat=True)
    )
    sheet.save(update_fields=["self_total"])
    audit.record(
        actor=actor,
        org=sheet.school,
        action="assessment.self_assess",
        obj=sheet,
        changes={"indicator": entry.indicator.name, "points": str(points) if points else None},
    )
    return entry


@transaction.atomic
def submit_sheet(*, actor, sheet):
    """The school hands its self-assessment in: every indicator scored by the school."""
    sheet = _sheet_locked(sheet)
    require(actor, Cap.ASSESSMENT_SELF, sheet.school)
    ROUND.check(sheet.round, "submit")
    missing = sheet.entries.filter(self_points__isnull=True).count()
    if missing:
        raise DomainError(
            _("Give your own points for every indicator first (%(n)d left).") % {"n": missing}
        )
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["submitted_at"])
    audit.record(actor=actor, org=sheet.school, action="assessment.submit", obj=sheet)
    return sheet


@transaction.atomic
def start_scoring(*, actor, round_):
    """Self-assessment closes; the computed indicators are filled again from the figures of
    now and given their points, which the inspectors may change."""
    round_ = _locked(round_)
    require(actor, Cap.ASSESSMENT_MANAGE, round_.bureau)
    status = ROUND.next_state(round_, "start_scoring")
    fill_figures(round_)
    for entry in Entry.objects.filter(sheet__round=round_, computed_points__isnull=False):
        entry.points = entry.computed_points
        entry.save(update_fields=["points"])
    round_.status = status
    round_.save(update_fields=["status"])
    for sheet in round_.sheets.all():
        _recompute(sheet)
    audit.record(actor=actor, org=round_.bureau, action="assessment.start_scoring", obj=round_)
    return round_


def _recompute(sheet):
    """The sheet's total and grade from its entries and vetoes."""
    total = grading.total_of(sheet.entries.values_list("points", flat=True))
    bands = list(sheet.round.version.bands.all())
    vetoed = sheet.vetoes.exists()
    sheet.total = total
    sheet.vetoed = vetoed
    sheet.grade = grading.grade_for(total if total is not None else Decimal(0), bands, vetoed)
    sheet.save(update_fields=["total", "vetoed", "grade"])
    return sheet


def _give_points(entry, points, note, actor):
    entry.points = _points(points, "points", entry.indicator.max_points)
    entry.score_note = _text(note, "score_note", "", required=False)
    entry.scored_by = actor
    entry.scored_at = timezone.now()
    entry.save(update_fields=["points", "score_note", "scored_by", "scored_at"])


@transaction.atomic
def score_entry(*, actor, entry, points, note=""):
    """An inspector's points for one indicator of one school."""
    sheet = _sheet_locked(entry.sheet)
    require(actor, Cap.ASSESSMENT_SCORE, sheet.round.bureau)
    ROUND.check(sheet.round, "score")
    entry = Entry.objects.select_related("indicator").get(pk=entry.pk)
    before = str(entry.points) if entry.points is not None else None
    _give_points(entry, points, note, actor)
    _recompute(sheet)
    audit.record(
        actor=actor,
        org=sheet.school,
        action="assessment.score",
        obj=sheet,
        changes={"indicator": entry.indicator.name, "points": [before, str(entry.points)]},
    )
    return entry


@transaction.atomic
def apply_veto(*, actor, sheet, item, reason):
    """A veto item applies to the school (一票否决): the grade is capped whatever the points."""
    sheet = _sheet_locked(sheet)
    require(actor, Cap.ASSESSMENT_SCORE, sheet.round.bureau)
    ROUND.check(sheet.round, "veto")
    if item is None or item.version_id != sheet.round.version_id:
        raise InvalidFields({"item": _("Choose a veto item of this round's scheme.")})
    reason = _text(reason, "reason", _("Say why the veto applies."))
    veto = Veto.objects.create(
        sheet=sheet, item=item, reason=reason, applied_by=actor, applied_at=timezone.now()
    )
    _recompute(sheet)
    audit.record(
        actor=actor,
        org=sheet.school,
        action="assessment.veto",
        obj=sheet,
        changes={"item": item.name, "reason": reason},
    )
    return veto


@transaction.atomic
def publish_round(*, actor, round_):
    """The grades go to the schools; the appeal window opens for the round's days."""
    round_ = _locked(round_)
    require(actor, Cap.ASSESSMENT_MANAGE, round_.bureau)
    status = ROUND.next_state(round_, "publish")
    missing = Entry.objects.filter(sheet__round=round_, points__isnull=True).count()
    if missing:
        raise DomainError(
            _("%(n)d indicators are not scored yet: score every school first.") % {"n": missing}
        )
    for sheet in round_.sheets.select_related("round__version"):
        _recompute(sheet)
    now = timezone.now()
    round_.status = status
    round_.published_at = now
    round_.appeal_until = timezone.localdate() + timedelta(days=round_.appeal_days)
    round_.save(update_fields=["status", "published_at", "appeal_until"])
    audit.record(
        actor=actor,
        org=round_.bureau,
        action="assessment.publish",
        obj=round_,
        changes={"appeal_until": round_.appeal_until.isoformat()},
    )
    school_ids = list(round_.sheets.values_list("school_id", flat=True))
    notify(
        _people(school_ids, Cap.ASSESSMENT_VIEW),
        kind="assessment.published",
        title=gettext_lazy("Assessment results published: %(title)s"),
        body=gettext_lazy("See your school's points and grade; appeals are taken until %(day)s."),
        params={"title": round_.title, "day": date_format(round_.appeal_until)},
        url=round_.get_absolute_url(),
        org=round_.bureau,
    )
    return round_


@transaction.atomic
def file_appeal(*, actor, sheet, text):
    """The school contests its result, within the round's appeal window."""
    sheet = _sheet_locked(sheet)
    require(actor, Cap.ASSESSMENT_SELF, sheet.school)
    round_ = sheet.round
    ROUND.check(round_, "appeal")
    if timezone.localdate() > round_.appeal_until:
        raise DomainError(
            _("The appeal window closed on %(day)s.") % {"day": date_format(round_.appeal_until)}
        )
    if sheet.appeals.filter(status=AppealStatus.OPEN).exists():
        raise DomainError(_("Your school's appeal is waiting for the bureau's answer."))
    text = _text(text, "text", _("Say what you contest and why."))
    appeal = Appeal.objects.create(
        sheet=sheet,
        text=text,
        filed_by=actor,
        filed_at=timezone.now(),
        before={"total": str(sheet.total), "grade": sheet.grade},
    )
    audit.record(actor=actor, org=sheet.school, action="assessment.appeal", obj=sheet)
    notify(
        _people([round_.bureau_id], Cap.ASSESSMENT_MANAGE),
        kind="assessment.appeal",
        title=gettext_lazy("Appeal from %(school)s"),
        body=gettext_lazy("%(school)s contests its result in %(title)s."),
        params={"school": sheet.school.name, "title": round_.title},
        url=sheet.get_absolute_url(),
        org=round_.bureau,
    )
    return appeal


@transaction.atomic
def answer_appeal(*, actor, appeal, answer, rescores=None):
    """The bureau answers; `rescores` ({entry id: points}) changes the sheet's points first."""
    appeal = Appeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    sheet = _sheet_locked(appeal.sheet)
    require(actor, Cap.ASSESSMENT_MANAGE, sheet.round.bureau)
    status = APPEAL.next_state(appeal, "answer")
    answer = _text(answer, "answer", _("Write the bureau's answer."))
    rescores = rescores or {}
    if rescores:
        ROUND.check(sheet.round, "rescore")
        entries = {
            e.pk: e for e in sheet.entries.select_related("indicator").filter(pk__in=rescores)
        }
        if set(entries) != {int(pk) for pk in rescores}:
            raise InvalidFields({"rescores": _("Re-score only the indicators of this sheet.")})
        for pk, points in rescores.items():
            _give_points(entries[int(pk)], points, answer, actor)
    _recompute(sheet)
    appeal.status = status
    appeal.answer = answer
    appeal.answered_by = actor
    appeal.answered_at = timezone.now()
    appeal.after = {"total": str(sheet.total), "grade": sheet.grade}
    appeal.save()
    audit.record(
        actor=actor,
        org=sheet.school,
        action="assessment.answer",
        obj=sheet,
        changes={"before": appeal.before, "after": appeal.after},
    )
    notify(
        _people([sheet.school_id], Cap.ASSESSMENT_SELF),
        kind="assessment.answer",
        title=gettext_lazy("The bureau answered your appeal: %(title)s"),
        params={"title": sheet.round.title},
        url=sheet.get_absolute_url(),
        org=sheet.round.bureau,
    )
    return appeal


@transaction.atomic
def close_round(*, actor, round_):
    round_ = _locked(round_)
    require(actor, Cap.ASSESSMENT_MANAGE, round_.bureau)
    status = ROUND.next_state(round_, "close")
    if Appeal.objects.filter(sheet__round=round_, status=AppealStatus.OPEN).exists():
        raise DomainError(_("Answer the open appeals before closing the round."))
    round_.status = status
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, org=round_.bureau, action="assessment.close", obj=round_)
    return round_
