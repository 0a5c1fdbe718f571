"""Disputes: recording one (its level sets the deadline and who is told at once), mediation,
settling or passing it on, reopening; the screening rounds; the escalation of overdue disputes
(each told once). Every move is looked up in `workflow.DISPUTE`; parties never reach the audit
trail or a notification."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.casework.models import (
    Dispute,
    DisputeLevel,
    DisputeStatus,
    DisputeType,
    Mediation,
    Screening,
    ScreeningScope,
)
from safecampus.casework.services.fields import handler_ok, handler_problem, text
from safecampus.casework.workflow import DISPUTE
from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require

MAX_PARTIES = 20
OPEN = (DisputeStatus.OPEN, DisputeStatus.MEDIATING)


def _leaders(school):
    return list(holders(Cap.CASEWORK_APPROVE, school))


@transaction.atomic
def record_dispute(*, actor, school, type, level, parties, summary, handler, found_on=None):
    """Record a dispute found by a screening or reported: its level sets the deadline, and a
    level with a report time tells the school's leaders at once."""
    require(actor, Cap.DISPUTE_MANAGE, school)
    problems = {}
    if not isinstance(type, DisputeType):
        problems["type"] = _("Choose a type.")
    if not isinstance(level, DisputeLevel):
        problems["level"] = _("Choose a level.")
    parties = text(problems, "parties", parties, required_message=_("Name the parties."))
    lines = [line for line in parties.splitlines() if line.strip()]
    if len(lines) > MAX_PARTIES:
        problems["parties"] = _("At most %(n)d parties.") % {"n": MAX_PARTIES}
    summary = text(problems, "summary", summary, required_message=_("Say what it is about."))
    if not handler_ok(handler, school):
        problems["handler"] = handler_problem()
    today = timezone.localdate()
    found_on = found_on or today
    if found_on > today or found_on < today - timedelta(days=366):
        problems["found_on"] = _("The date is today or within the past year.")
    if problems:
        raise InvalidFields(problems)
    dispute = Dispute.objects.create(
        school=school,
        type=type,
        level=level,
        parties="\n".join(line.strip() for line in lines),
        summary=summary,
        handler=handler,
        found_on=found_on,
        deadline=found_on + timedelta(days=level.settle_days),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="dispute.record",
        obj=dispute,
        object_repr=dispute.reference,
        changes={"type": type.name, "level": level.name, "deadline": dispute.deadline},
    )
    told = {handler.pk: handler} if handler.pk != actor.pk else {}
    if level.report_minutes is not None:
        told.update({p.pk: p for p in _leaders(school) if p.pk != actor.pk})
    if told:
        transaction.on_commit(
            lambda: notify(
                list(told.values()),
                kind="dispute.record",
                title=gettext_lazy(
                    "%(level)s dispute recorded: %(record)s, settle by %(deadline)s"
                ),
                params={
                    "level": level.name,
                    "record": dispute.reference,
                    "deadline": dispute.deadline.isoformat(),
                },
                url=dispute.get_absolute_url(),
                org=school,
            )
        )
    return dispute


def _locked(dispute):
    return Dispute.objects.select_for_update().select_related("school", "level").get(pk=dispute.pk)


def may_mediate(user, dispute):
    """The keepers, and the person handling the dispute while they may see the casework."""
    return may_manage(user, dispute) or (
        dispute.handler_id == user.pk and has_cap(user, Cap.CASEWORK_VIEW, dispute.school)
    )


@transaction.atomic
def mediate(*, actor, dispute, note, held_on=None):
    dispute = _locked(dispute)
    if not may_mediate(actor, dispute):
        require(actor, Cap.DISPUTE_MANAGE, dispute.school)
    dispute.status = DISPUTE.next_state(dispute, "mediate")
    problems = {}
    note = text(problems, "note", note, required_message=_("Say what was said and agreed."))
    today = timezone.localdate()
    held_on = held_on or today
    if held_on > today or held_on < dispute.found_on:
        problems["held_on"] = _("A mediation is held between the day it was found and today.")
    if problems:
        raise InvalidFields(problems)
    mediation = Mediation.objects.create(dispute=dispute, held_on=held_on, by=actor, note=note)
    dispute.save(update_fields=["status"])
    audit.record(
        actor=actor,
        org=dispute.school,
        action="dispute.mediate",
        obj=dispute,
        object_repr=dispute.reference,
        changes={"held_on": held_on},
    )
    return mediation


@transaction.atomic
def move(*, actor, dispute, action, outcome=""):
    """Settle (with the outcome), pass on (with where and why), or reopen."""
    if action not in ("settle", "pass_on", "reopen"):
        raise DomainError(_("Unknown action."))
    dispute = _locked(dispute)
    require(actor, Cap.DISPUTE_MANAGE, dispute.school)
    dispute.status = DISPUTE.next_state(dispute, action)
    if action == "reopen":
        dispute.closed_on = None
    else:
        problems = {}
        outcome = text(problems, "outcome", outcome, required_message=_("Give the outcome."))
        if problems:
            raise InvalidFields(problems)
        dispute.outcome = outcome
        dispute.closed_on = timezone.localdate()
    dispute.save()
    audit.record(
        actor=actor,
        org=dispute.school,
        action=f"dispute.{action}",
        obj=dispute,
        object_repr=dispute.reference,
        changes={"status": dispute.status},
    )
    return dispute


@transaction.atomic
def record_screening(*, actor, school, scope, found, note="", done_on=None):
    """One round of the screening (排查): the weekly small check or the monthly big one."""
    require(actor, Cap.DISPUTE_MANAGE, school)
    problems = {}
    if scope not in ScreeningScope.values:
        problems["scope"] = _("Choose the round.")
    if found is None or not 0 <= found <= 1000:
        problems["found"] = _("Give how many disputes were found (0 to 1000).")
    note = text(problems, "note", note)
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today or done_on < today - timedelta(days=92):
        problems["done_on"] = _("The date is today or within the past three months.")
    if problems:
        raise InvalidFields(problems)
    screening = Screening.objects.create(
        school=school, scope=scope, done_on=done_on, by=actor, found=found, note=note
    )
    audit.record(
        actor=actor,
        org=school,
        action="dispute.screen",
        obj=screening,
        changes={"scope": scope, "found": found, "done_on": done_on},
    )
    return screening


def escalate_overdue(today=None):
    """Tell the school's leaders (and the bureau, for the levels that say so) of each dispute
    past its deadline, once: the dispute remembers when. Returns how many were escalated."""
    today = today or timezone.localdate()
    due = (
        Dispute.objects.filter(status__in=OPEN, deadline__lt=today, escalated_at__isnull=True)
        .select_related("school", "level")
        .order_by("pk")
    )
    count = 0
    for dispute in due.iterator(chunk_size=200):
        with transaction.atomic():
            claimed = Dispute.objects.filter(pk=dispute.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if not claimed:
                continue
            leaders = _leaders(dispute.school)
            # The bureau reads counts, not the record: its notice links nowhere.
            bureau = (
                [p for p in holders(Cap.CASEWORK_OVERSIGHT, dispute.school) if p not in leaders]
                if dispute.level.bureau_on_overdue
                else []
            )
            audit.record(
                actor=None,
                org=dispute.school,
                action="dispute.escalate",
                obj=dispute,
                object_repr=dispute.reference,
                changes={"deadline": dispute.deadline},
            )
            for people, url in ((leaders, dispute.get_absolute_url()), (bureau, "")):
                transaction.on_commit(
                    lambda d=dispute, p=people, u=url: notify(
                        p,
                        kind="dispute.escalate",
                        title=gettext_lazy("%(record)s at %(school)s is past its deadline"),
                        params={"record": d.reference, "school": d.school.name},
                        url=u,
                        org=d.school,
                    )
                )
            count += 1
    return count


def may_manage(user, dispute):
    return has_cap(user, Cap.DISPUTE_MANAGE, dispute.school)
