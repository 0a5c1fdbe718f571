"""Mandatory reports (强制报告): logging one when the school learns of it, recording the report to
the police, closing it with the outcome. The police liaison and the bureau are told at once
through the notification pipeline (in the inbox and by e-mail); their notices name the trigger
and the school, never the minor, and link nowhere (they read no casework). Moves are looked up
in `workflow.MANDATORY`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.casework.models import MandatoryReport, MandatoryTrigger
from safecampus.casework.services.fields import handler_ok, handler_problem, text
from safecampus.casework.workflow import MANDATORY
from safecampus.core.access import has_cap, holders
from safecampus.core.errors import InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require


def _outside(school):
    """The police liaison and the bureau over the school."""
    return [*holders(Cap.CONCERN_FLAGGED, school), *holders(Cap.CASEWORK_OVERSIGHT, school)]


def _tell(people, report, title, url=""):
    people = list({p.pk: p for p in people}.values())
    if people:
        transaction.on_commit(
            lambda: notify(
                people,
                kind="mandatory.log",
                title=title,
                params={
                    "record": report.reference,
                    "school": report.school.name,
                    "trigger": report.trigger.name,
                },
                url=url,
                org=report.school,
            )
        )


@transaction.atomic
def log_report(*, actor, school, trigger, subject, summary, handler, learned_at=None):
    """The school learned of a situation that must be reported: logged at once, the report due
    by the trigger's minutes; the police liaison, the bureau and the school's leaders told."""
    require(actor, Cap.MANDATORY_MANAGE, school)
    problems = {}
    if not isinstance(trigger, MandatoryTrigger):
        problems["trigger"] = _("Choose what was found.")
    subject = text(problems, "subject", subject, required_message=_("Name the minor."), limit=80)
    summary = text(problems, "summary", summary, required_message=_("Say what was found."))
    if not handler_ok(handler, school):
        problems["handler"] = handler_problem()
    now = timezone.now()
    learned_at = learned_at or now
    if learned_at > now or learned_at < now - timedelta(days=366):
        problems["learned_at"] = _("The time is now or within the past year.")
    if problems:
        raise InvalidFields(problems)
    report = MandatoryReport.objects.create(
        school=school,
        trigger=trigger,
        subject=subject,
        summary=summary,
        learned_at=learned_at,
        report_by=learned_at + timedelta(minutes=trigger.report_minutes),
        handler=handler,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="mandatory.log",
        obj=report,
        object_repr=report.reference,
        changes={"trigger": trigger.name, "learned_at": learned_at, "report_by": report.report_by},
    )
    _tell(
        _outside(school),
        report,
        gettext_lazy("Mandatory report at %(school)s: %(trigger)s (%(record)s)"),
    )
    leaders = [p for p in holders(Cap.CASEWORK_APPROVE, school) if p.pk != actor.pk] + (
        [handler] if handler.pk != actor.pk else []
    )
    _tell(
        leaders,
        report,
        gettext_lazy("Mandatory report to make: %(record)s (%(trigger)s)"),
        url=report.get_absolute_url(),
    )
    return report


def _locked(report):
    return (
        MandatoryReport.objects.select_for_update()
        .select_related("school", "trigger")
        .get(pk=report.pk)
    )


@transaction.atomic
def record_sent(*, actor, report, reported_to, receipt="", reported_at=None):
    """The report was made to the police (and the bureau): when, to whom, the receipt."""
    report = _locked(report)
    require(actor, Cap.MANDATORY_MANAGE, report.school)
    report.status = MANDATORY.next_state(report, "report")
    problems = {}
    reported_to = text(
        problems,
        "reported_to",
        reported_to,
        required_message=_("Say whom it was reported to."),
        limit=200,
    )
    receipt = text(problems, "receipt", receipt, limit=100)
    now = timezone.now()
    reported_at = reported_at or now
    if reported_at > now or reported_at < report.learned_at:
        problems["reported_at"] = _("The time is between when the school learned of it and now.")
    if problems:
        raise InvalidFields(problems)
    report.reported_at = reported_at
    report.reported_to = reported_to
    report.receipt = receipt
    report.save()
    audit.record(
        actor=actor,
        org=report.school,
        action="mandatory.report",
        obj=report,
        object_repr=report.reference,
        changes={"reported_at": reported_at, "on_time": report.on_time},
    )
    return report


@transaction.atomic
def close(*, actor, report, outcome):
    report = _locked(report)
    require(actor, Cap.MANDATORY_MANAGE, report.school)
    report.status = MANDATORY.next_state(report, "close")
    problems = {}
    outcome = text(problems, "outcome", outcome, required_message=_("Give the outcome."))
    if problems:
        raise InvalidFields(problems)
    report.outcome = outcome
    report.closed_on = timezone.localdate()
    report.save()
    audit.record(
        actor=actor,
        org=report.school,
        action="mandatory.close",
        obj=report,
        object_repr=report.reference,
        changes={"status": report.status},
    )
    return report


def may_manage(user, report):
    return has_cap(user, Cap.MANDATORY_MANAGE, report.school)
