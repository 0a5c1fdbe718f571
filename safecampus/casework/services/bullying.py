"""Bullying cases: the anonymous tip and the staff's record of a report, acceptance, the
committee's finding with both families informed, measures, the report to the police and the
bureau, the appeal and its review, closing; the two-way messages between the school and the
anonymous reporter. Every move is looked up in `workflow.BULLYING`. Nothing about the reporter
of a tip is stored (no account, address or session); names never reach the audit trail or a
notification."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.casework.models import (
    BullyingAct,
    BullyingCase,
    BullyingChannel,
    BullyingMessage,
    Severity,
)
from safecampus.casework.models.bullying import code_digest, new_tracking_code
from safecampus.casework.rules import bullying_rules_for
from safecampus.casework.services.fields import handler_ok, handler_problem, text
from safecampus.casework.workflow import BULLYING
from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require

MESSAGE_MAX = 2000
MAX_PARTIES = 20


def _keepers(school):
    return list(holders(Cap.BULLYING_MANAGE, school))


def _tell(people, *, kind, title, case, url=None, params=None):
    people = list({p.pk: p for p in people}.values())
    if not people:
        return
    transaction.on_commit(
        lambda: notify(
            people,
            kind=kind,
            title=title,
            params={"record": case.reference, "school": case.school.name, **(params or {})},
            url=case.get_absolute_url() if url is None else url,
            org=case.school,
        )
    )


def _report_fields(problems, *, act, parties, summary, happened):
    if act not in BullyingAct.values:
        problems["act"] = _("Choose what happened.")
    parties = text(problems, "parties", parties)
    lines = [line.strip() for line in parties.splitlines() if line.strip()]
    if len(lines) > MAX_PARTIES:
        problems["parties"] = _("At most %(n)d people.") % {"n": MAX_PARTIES}
    summary = text(problems, "summary", summary, required_message=_("Say what happened."))
    happened = text(problems, "happened", happened, limit=200)
    return "\n".join(lines), summary, happened


def _new_case(*, school, channel, act, parties, summary, happened, **extra):
    rules = bullying_rules_for(school)
    now = timezone.now()
    return BullyingCase.objects.create(
        school=school,
        channel=channel,
        act=act,
        parties=parties,
        summary=summary,
        happened=happened,
        received_at=now,
        accept_by=timezone.localdate(now) + timedelta(days=rules.accept_days),
        **extra,
    )


@transaction.atomic
def submit_tip(*, school, act, summary, happened="", parties=""):
    """An anonymous tip from the public page: returns (case, tracking code). The code is shown
    once to the reporter; the database keeps its digest only, and nothing of the reporter."""
    problems = {}
    parties, summary, happened = _report_fields(
        problems, act=act, parties=parties, summary=summary, happened=happened
    )
    if problems:
        raise InvalidFields(problems)
    code = new_tracking_code()
    case = _new_case(
        school=school,
        channel=BullyingChannel.TIP,
        act=act,
        parties=parties,
        summary=summary,
        happened=happened,
        code_digest=code_digest(code),
    )
    audit.record(
        actor=None,
        org=school,
        action="bullying.report",
        obj=case,
        object_repr=case.reference,
        changes={"channel": case.channel, "act": act, "accept_by": case.accept_by},
    )
    _tell(
        _keepers(school),
        kind="bullying.report",
        title=gettext_lazy("Bullying reported on the tip line: %(record)s"),
        case=case,
    )
    return case, code


@transaction.atomic
def record_case(
    *, actor, school, channel, reporter, act, summary, handler, happened="", parties=""
):
    """A report made to a staff member by a student, a guardian or staff (首问负责: the
    person it was made to records it)."""
    require(actor, Cap.BULLYING_MANAGE, school)
    problems = {}
    if channel not in BullyingChannel.values or channel == BullyingChannel.TIP:
        problems["channel"] = _("Choose who reported it.")
    reporter = text(problems, "reporter", reporter, limit=200)
    parties, summary, happened = _report_fields(
        problems, act=act, parties=parties, summary=summary, happened=happened
    )
    if not handler_ok(handler, school):
        problems["handler"] = handler_problem()
    if problems:
        raise InvalidFields(problems)
    case = _new_case(
        school=school,
        channel=channel,
        act=act,
        parties=parties,
        summary=summary,
        happened=happened,
        reporter=reporter,
        handler=handler,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="bullying.report",
        obj=case,
        object_repr=case.reference,
        changes={"channel": channel, "act": act, "accept_by": case.accept_by},
    )
    if handler.pk != actor.pk:
        _tell(
            [handler],
            kind="bullying.report",
            title=gettext_lazy("Bullying case for you to handle: %(record)s"),
            case=case,
        )
    return case


def _locked(case):
    return BullyingCase.objects.select_for_update().select_related("school").get(pk=case.pk)


def _audit(actor, case, action, **changes):
    audit.record(
        actor=actor,
        org=case.school,
        action=f"bullying.{action}",
        obj=case,
        object_repr=case.reference,
        changes=changes or {"status": case.status},
    )


@transaction.atomic
def accept(*, actor, case, handler=None):
    """Accept the report into an investigation; the finding is due by the rule's days."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "accept")
    handler = handler or case.handler or actor
    if not handler_ok(handler, case.school):
        raise InvalidFields({"handler": handler_problem()})
    today = timezone.localdate()
    case.handler = handler
    case.accepted_on = today
    case.investigate_by = today + timedelta(days=bullying_rules_for(case.school).investigate_days)
    case.save()
    _audit(actor, case, "accept", status=case.status, investigate_by=case.investigate_by)
    if handler.pk != actor.pk:
        _tell(
            [handler],
            kind="bullying.accept",
            title=gettext_lazy("Bullying case for you to handle: %(record)s"),
            case=case,
        )
    return case


@transaction.atomic
def dismiss(*, actor, case, note):
    """Not a bullying matter (or no ground to investigate): closed with the reason, which the
    reporter reads with the tracking code."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "dismiss")
    problems = {}
    note = text(problems, "note", note, required_message=_("Say why the report is dismissed."))
    if problems:
        raise InvalidFields(problems)
    case.closing_note = note
    case.closed_on = timezone.localdate()
    case.save()
    _audit(actor, case, "dismiss")
    return case


def _finding(problems, *, is_bullying, severity, finding):
    if is_bullying is None:
        problems["is_bullying"] = _("Say whether it was bullying.")
    if is_bullying and severity not in Severity.values:
        problems["severity"] = _("Choose how serious it was.")
    if not is_bullying:
        severity = ""
    finding = text(problems, "finding", finding, required_message=_("Give the finding."))
    return severity, finding


@transaction.atomic
def determine(*, actor, case, is_bullying, severity, committee, finding, families_informed_on):
    """The committee's finding (学生欺凌治理委员会), both families having been informed and
    heard (未保法 §39). A family may appeal until the rule's days have passed."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "determine")
    problems = {}
    severity, finding = _finding(
        problems, is_bullying=is_bullying, severity=severity, finding=finding
    )
    committee = text(
        problems, "committee", committee, required_message=_("Name the committee members present.")
    )
    today = timezone.localdate()
    if families_informed_on is None:
        problems["families_informed_on"] = _(
            "Both families are informed and take part before the finding (未保法 §39)."
        )
    elif families_informed_on > today or families_informed_on < timezone.localdate(
        case.received_at
    ):
        problems["families_informed_on"] = _("The date is between the report and today.")
    if problems:
        raise InvalidFields(problems)
    case.is_bullying = is_bullying
    case.severity = severity
    case.committee = committee
    case.finding = finding
    case.families_informed_on = families_informed_on
    case.determined_on = today
    case.appeal_by = today + timedelta(days=bullying_rules_for(case.school).appeal_days)
    case.save()
    _audit(
        actor,
        case,
        "determine",
        status=case.status,
        bullying=is_bullying,
        severity=severity,
        appeal_by=case.appeal_by,
    )
    return case


@transaction.atomic
def take_measures(*, actor, case, measures):
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "measures")
    problems = {}
    measures = text(problems, "measures", measures, required_message=_("Say what was done."))
    if problems:
        raise InvalidFields(problems)
    stamp = timezone.localdate().isoformat()
    case.measures = (case.measures + "\n" if case.measures else "") + f"{stamp}: {measures}"
    case.save()
    _audit(actor, case, "measures")
    return case


@transaction.atomic
def pass_on(*, actor, case, note):
    """Report the case to the police and the education bureau (未保法 §39: serious cases are
    reported and never hidden). The police liaison and the bureau are told at once; the bureau
    reads counts, so its notice links nowhere."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    BULLYING.next_state(case, "pass_on")
    if case.reported_onward_at is not None:
        raise DomainError(_("The case is already reported to the police and the bureau."))
    problems = {}
    note = text(
        problems, "note", note, required_message=_("Say whom it was reported to."), limit=300
    )
    if problems:
        raise InvalidFields(problems)
    case.reported_onward_at = timezone.now()
    case.onward_note = note
    case.save()
    _audit(actor, case, "pass_on", status=case.status)
    outside = [
        *holders(Cap.CONCERN_FLAGGED, case.school),
        *holders(Cap.CASEWORK_OVERSIGHT, case.school),
    ]
    title = gettext_lazy("%(record)s at %(school)s is reported to the police and the bureau")
    _tell(outside, kind="bullying.pass_on", title=title, case=case, url="")
    return case


@transaction.atomic
def appeal(*, actor, case, note):
    """A family appeals the finding (复查): recorded by the school within the appeal limit."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "appeal")
    today = timezone.localdate()
    if case.appeal_by is None or today > case.appeal_by:
        raise DomainError(_("The time for an appeal has passed."))
    problems = {}
    note = text(problems, "note", note, required_message=_("Say who appeals and why."))
    if problems:
        raise InvalidFields(problems)
    case.appealed_on = today
    case.review_by = today + timedelta(days=bullying_rules_for(case.school).review_days)
    case.closed_on = None
    case.finding = f"{case.finding}\n\n{_('Appeal')} {today.isoformat()}: {note}"
    case.save()
    _audit(actor, case, "appeal", status=case.status, review_by=case.review_by)
    return case


@transaction.atomic
def review(*, actor, case, is_bullying, severity, finding):
    """The review's new finding; it cannot be appealed again at the school."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "review")
    problems = {}
    severity, finding = _finding(
        problems, is_bullying=is_bullying, severity=severity, finding=finding
    )
    if problems:
        raise InvalidFields(problems)
    today = timezone.localdate()
    case.is_bullying = is_bullying
    case.severity = severity
    case.finding = f"{case.finding}\n\n{_('Review')} {today.isoformat()}: {finding}"
    case.determined_on = today
    case.appeal_by = None
    case.save()
    _audit(actor, case, "review", status=case.status, bullying=is_bullying, severity=severity)
    return case


@transaction.atomic
def close(*, actor, case, note=""):
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    case.status = BULLYING.next_state(case, "close")
    if case.severity == Severity.GRAVE and case.reported_onward_at is None:
        raise DomainError(
            _("A grave case is reported to the police and the bureau before it is closed.")
        )
    problems = {}
    note = text(problems, "note", note)
    if problems:
        raise InvalidFields(problems)
    case.closing_note = note
    case.closed_on = timezone.localdate()
    case.save()
    _audit(actor, case, "close")
    return case


def _message(problems, body):
    return text(problems, "body", body, required_message=_("Write a message."), limit=MESSAGE_MAX)


@transaction.atomic
def reply(*, actor, case, body):
    """The school writes to the anonymous reporter, who reads it with the tracking code."""
    case = _locked(case)
    require(actor, Cap.BULLYING_MANAGE, case.school)
    BULLYING.next_state(case, "reply")
    if case.channel != BullyingChannel.TIP:
        raise DomainError(_("Only a tip-line report has a reporter to write to."))
    problems = {}
    body = _message(problems, body)
    if problems:
        raise InvalidFields(problems)
    message = BullyingMessage.objects.create(case=case, author=actor, body=body)
    _audit(actor, case, "reply", status=case.status)
    return message


@transaction.atomic
def write(*, case, body):
    """The anonymous reporter writes to the school (the tracking code was checked by the
    caller): no author is stored; the handler, else the keepers, are told."""
    case = _locked(case)
    BULLYING.next_state(case, "write")
    problems = {}
    body = _message(problems, body)
    if problems:
        raise InvalidFields(problems)
    message = BullyingMessage.objects.create(case=case, from_reporter=True, body=body)
    _audit(None, case, "write", status=case.status)
    _tell(
        [case.handler] if case.handler_id else _keepers(case.school),
        kind="bullying.write",
        title=gettext_lazy("The reporter wrote on %(record)s"),
        case=case,
    )
    return message


def may_manage(user, case):
    return has_cap(user, Cap.BULLYING_MANAGE, case.school)
