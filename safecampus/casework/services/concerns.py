"""Persons of concern: opening a case, assessing it, following it up (monthly by rule),
flagging it to the police, closing and reopening. Every move is looked up in
`workflow.CONCERN`; names never reach the audit trail or a notification."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.casework.models import (
    ConcernCategory,
    ConcernFollowUp,
    ConcernStatus,
    PersonOfConcern,
    RiskLevel,
    SubjectKind,
)
from safecampus.casework.rules import rules_for
from safecampus.casework.services.fields import member_of, text
from safecampus.casework.workflow import CONCERN
from safecampus.core import idcard
from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.students.models import Student


def _risk(problems, risk_level, psych_risk):
    if risk_level not in RiskLevel.values:
        problems["risk_level"] = _("Choose a risk level.")
    if psych_risk is not None and not 0 <= psych_risk <= 5:
        problems["psych_risk"] = _("The psychological risk is graded from 0 to 5.")


def _subject(problems, school, subject_kind, student, staff, name, id_number):
    """(student, staff, name, id number) for the kind of person, checked."""
    name = (name or "").strip()
    id_number = (id_number or "").strip().upper()
    if subject_kind == SubjectKind.STUDENT:
        if student is None or student.school_id != school.pk:
            problems["student"] = _("Choose a student of this school.")
            return None, None, name, ""
        return student, None, student.name, ""
    if subject_kind == SubjectKind.STAFF:
        if not member_of(school, staff):
            problems["staff"] = _("Choose a member of this school's staff.")
            return None, None, name, ""
        return None, staff, str(staff), ""
    if subject_kind == SubjectKind.OUTSIDER:
        if not name:
            problems["name"] = _("Give the person's name.")
        elif len(name) > 40:
            problems["name"] = _("At most %(n)d characters.") % {"n": 40}
        if id_number and not idcard.is_valid(id_number):
            problems["id_number"] = _("This is not a valid ID number.")
        return None, None, name, id_number
    problems["subject_kind"] = _("Say whether this is a student, a staff member or an outsider.")
    return None, None, name, ""


def _plan_follow_up(concern, today, days):
    return ConcernFollowUp.objects.create(concern=concern, due_on=today + timedelta(days=days))


def _police_notice(concern):
    """Tell the police liaison above the school that a case was flagged (no names)."""
    police = list(holders(Cap.CONCERN_FLAGGED, concern.school))
    transaction.on_commit(
        lambda: notify(
            police,
            kind="casework.flag",
            title=gettext_lazy("%(record)s at %(school)s is flagged to the police"),
            params={"record": concern.reference, "school": concern.school.name},
            url=concern.get_absolute_url(),
            org=concern.school,
        )
    )


@transaction.atomic
def open_concern(
    *,
    actor,
    school,
    subject_kind,
    category,
    risk_level,
    responsible,
    student=None,
    staff=None,
    name="",
    id_number="",
    psych_risk=None,
    assessment="",
    measures="",
):
    """Open a case: who, why (the typology), how risky, who is responsible; the first review
    is planned at the rule's interval, and a psychological risk at the rule's threshold flags
    the case to the police at once."""
    require(actor, Cap.CONCERN_MANAGE, school)
    problems = {}
    student, staff, name, id_number = _subject(
        problems, school, subject_kind, student, staff, name, id_number
    )
    if not isinstance(category, ConcernCategory):
        problems["category"] = _("Choose a category.")
    _risk(problems, risk_level, psych_risk)
    if not member_of(school, responsible) or not has_cap(responsible, Cap.CASEWORK_VIEW, school):
        problems["responsible"] = _(
            "The responsible person works at this school and may see its casework."
        )
    assessment = text(problems, "assessment", assessment)
    measures = text(problems, "measures", measures)
    if problems:
        raise InvalidFields(problems)
    rules = rules_for(school)
    today = timezone.localdate()
    flagged = psych_risk is not None and psych_risk >= rules.police_from_psych_risk
    concern = PersonOfConcern.objects.create(
        school=school,
        subject_kind=subject_kind,
        student=student,
        staff=staff,
        name=name,
        id_number=id_number,
        category=category,
        psych_risk=psych_risk,
        risk_level=risk_level,
        assessment=assessment,
        measures=measures,
        responsible=responsible,
        status=ConcernStatus.MANAGED if measures else ConcernStatus.OPEN,
        flagged=flagged,
        opened_on=today,
        created_by=actor,
    )
    _plan_follow_up(concern, today, rules.concern_review_days)
    audit.record(
        actor=actor,
        org=school,
        action="concern.open",
        obj=concern,
        object_repr=concern.reference,
        changes={
            "category": category.name,
            "risk_level": risk_level,
            "psych_risk": psych_risk,
            "flagged": flagged,
        },
    )
    if responsible.pk != actor.pk:
        transaction.on_commit(
            lambda: notify(
                [responsible],
                kind="concern.responsible",
                title=gettext_lazy("You are responsible for %(record)s"),
                params={"record": concern.reference},
                url=concern.get_absolute_url(),
                org=school,
            )
        )
    if flagged:
        _police_notice(concern)
    return concern


def _locked(concern):
    return (
        PersonOfConcern.objects.select_for_update()
        .select_related("school", "category")
        .get(pk=concern.pk)
    )


@transaction.atomic
def assess(*, actor, concern, risk_level, psych_risk=None, assessment="", measures=""):
    """A new assessment and measures: the case is under measures from then on."""
    concern = _locked(concern)
    require(actor, Cap.CONCERN_MANAGE, concern.school)
    concern.status = CONCERN.next_state(concern, "assess")
    problems = {}
    _risk(problems, risk_level, psych_risk)
    assessment = text(problems, "assessment", assessment)
    measures = text(problems, "measures", measures)
    if not measures:
        problems["measures"] = _("Say what is being done.")
    if problems:
        raise InvalidFields(problems)
    fields = ["risk_level", "psych_risk", "assessment", "measures", "status", "flagged"]
    before = audit.snapshot(concern, fields)
    concern.risk_level, concern.psych_risk = risk_level, psych_risk
    concern.assessment, concern.measures = assessment, measures
    threshold = rules_for(concern.school).police_from_psych_risk
    newly_flagged = not concern.flagged and psych_risk is not None and psych_risk >= threshold
    concern.flagged = concern.flagged or newly_flagged
    concern.save()
    changes = audit.diff(concern, before, fields)
    # The narrative stays in the record: the trail says only that it changed.
    for field in ("assessment", "measures"):
        if field in changes:
            changes[field] = ["…", "…"]
    audit.record(
        actor=actor,
        org=concern.school,
        action="concern.assess",
        obj=concern,
        object_repr=concern.reference,
        changes=changes,
    )
    if newly_flagged:
        _police_notice(concern)
    return concern


@transaction.atomic
def follow_up(*, actor, concern, note, next_due=None):
    """Record the review that is due (or an extra one), and plan the next: by the rule's
    interval unless an earlier date is given."""
    concern = _locked(concern)
    require(actor, Cap.CONCERN_MANAGE, concern.school)
    CONCERN.check(concern, "follow_up")
    problems = {}
    note = text(problems, "note", note)
    if not note:
        problems["note"] = _("Say what was found and done.")
    today = timezone.localdate()
    days = rules_for(concern.school).concern_review_days
    if next_due is not None and not today < next_due <= today + timedelta(days=days):
        problems["next_due"] = _(
            "The next review falls after today and within %(n)d days (the rule)."
        ) % {"n": days}
    if problems:
        raise InvalidFields(problems)
    now = timezone.now()
    due = concern.follow_ups.filter(done_at__isnull=True).order_by("due_on", "pk").first()
    if due is None:
        due = ConcernFollowUp(concern=concern, due_on=today)
    due.done_at, due.done_by, due.note = now, actor, note
    due.save()
    concern.follow_ups.filter(done_at__isnull=True).exclude(pk=due.pk).delete()
    ConcernFollowUp.objects.create(concern=concern, due_on=next_due or today + timedelta(days=days))
    concern.save(update_fields=["updated_at"])
    audit.record(
        actor=actor,
        org=concern.school,
        action="concern.follow_up",
        obj=concern,
        object_repr=concern.reference,
        changes={"due_on": due.due_on, "next_due": next_due or today + timedelta(days=days)},
    )
    return due


@transaction.atomic
def move(*, actor, concern, action, reason=""):
    """Flag to the police, close (with a reason) or reopen a case."""
    if action not in ("flag", "close", "reopen"):
        raise DomainError(_("Unknown action."))
    concern = _locked(concern)
    require(actor, Cap.CONCERN_MANAGE, concern.school)
    concern.status = CONCERN.next_state(concern, action)
    reason = (reason or "").strip()
    today = timezone.localdate()
    if action == "flag":
        if concern.flagged:
            raise DomainError(_("The case is already flagged to the police."))
        concern.flagged = True
    elif action == "close":
        if not reason:
            raise InvalidFields({"reason": _("Say why the case is closed.")})
        if len(reason) > 300:
            raise InvalidFields({"reason": _("At most %(n)d characters.") % {"n": 300}})
        concern.closed_on, concern.close_reason = today, reason
        concern.follow_ups.filter(done_at__isnull=True).delete()
    else:
        concern.closed_on, concern.close_reason = None, ""
        _plan_follow_up(concern, today, rules_for(concern.school).concern_review_days)
    concern.save()
    audit.record(
        actor=actor,
        org=concern.school,
        action=f"concern.{action}",
        obj=concern,
        object_repr=concern.reference,
        changes={"status": concern.status, "reason": reason} if reason else {},
    )
    if action == "flag":
        _police_notice(concern)
    return concern


def may_manage(user, concern):
    return has_cap(user, Cap.CONCERN_MANAGE, concern.school)


def students_of(school):
    return Student.objects.filter(school=school, is_active=True)
