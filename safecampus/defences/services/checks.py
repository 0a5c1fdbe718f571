"""Hiring checks (入职查询): the school records each staff member's check, and the periodic
sweep reminds the school once before a check lapses."""

from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.defences.models import BackgroundCheck, CheckKind, CheckResult, SecurityStaff
from safecampus.defences.rules import RulesIndex, check_due
from safecampus.defences.services import validation as check


def person_of(school, key):
    """The person a form names: "u<id>" a member of the school, "s<id>" its security staff."""
    kind, _sep, pk = (key or "").partition("-")
    if not pk.isdigit() or len(pk) > 15:
        return None
    if kind == "u":
        member = (
            Membership.objects.active()
            .filter(org=school, user_id=int(pk))
            .select_related("user")
            .first()
        )
        return member.user if member else None
    if kind == "s":
        return SecurityStaff.objects.active().filter(school=school, pk=int(pk)).first()
    return None


@transaction.atomic
def record_check(*, actor, school, person, kind, checked_on, result, note=""):
    require(actor, Cap.DEFENCE_MANAGE, school)
    problems = check.Problems()
    if person is None:
        problems.add("person", _("Choose a member of the school's staff."))
    if kind not in CheckKind.values:
        problems.add("kind", _("Choose the kind of check."))
    if result not in CheckResult.values:
        problems.add("result", _("Choose the result."))
    if checked_on is None:
        problems.add("checked_on", _("This field is required."))
    check.not_future(problems, "checked_on", checked_on)
    note = check.text(problems, "note", note, 200, required=False)
    problems.raise_any()
    is_staff = isinstance(person, SecurityStaff)
    if is_staff and person.school_id != school.pk:
        raise DomainError(_("Choose a member of the school's staff."))
    made = BackgroundCheck.objects.create(
        school=school,
        user=None if is_staff else person,
        staff=person if is_staff else None,
        kind=kind,
        checked_on=checked_on,
        result=result,
        note=note,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="defence.check",
        obj=made,
        object_repr=str(person),
        changes={"kind": [None, kind], "checked_on": [None, checked_on], "result": [None, result]},
    )
    return made


def _latest_checks():
    """Each person's latest check at a school: the rows no later check of theirs follows."""
    newer_user = BackgroundCheck.objects.filter(
        school=OuterRef("school"), user=OuterRef("user"), user__isnull=False
    ).order_by("-checked_on", "-pk")
    newer_staff = BackgroundCheck.objects.filter(
        school=OuterRef("school"), staff=OuterRef("staff"), staff__isnull=False
    ).order_by("-checked_on", "-pk")
    return BackgroundCheck.objects.annotate(
        latest_user=Subquery(newer_user.values("pk")[:1]),
        latest_staff=Subquery(newer_staff.values("pk")[:1]),
    )


def send_reminders(today=None):
    """Remind the school's keepers of the records, once per check, `recheck_remind_days`
    before a person's latest check lapses (the rule set of the school's region). A person who
    left, or whose check was followed by a newer one, is not reminded."""
    today = today or timezone.localdate()
    index = RulesIndex.everywhere()
    longest = max(
        [r.rule_set.recheck_months for r in index.choices]
        + [index.default.recheck_months if index.default else 12]
    )
    # A check older than the longest interval has lapsed already: it is overdue, not due.
    candidates = (
        _latest_checks()
        .filter(reminded_at__isnull=True, checked_on__gte=today - timedelta(days=longest * 31))
        .select_related("school", "user", "staff")
    )
    sent = 0
    for row in candidates.iterator(chunk_size=500):
        if row.pk not in (row.latest_user, row.latest_staff):
            continue
        if row.staff_id and row.staff.left_on is not None:
            continue
        rules = index.for_path(row.school.path)
        due = check_due(rules, row.checked_on)
        if not today <= due <= today + timedelta(days=rules.recheck_remind_days):
            continue
        with transaction.atomic():
            claimed = BackgroundCheck.objects.filter(pk=row.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            audit.record(
                actor=None,
                org=row.school,
                action="defence.check_remind",
                obj=row,
                object_repr=str(row.person),
                changes={"due": [None, due]},
            )
            notify(
                holders(Cap.DEFENCE_MANAGE, row.school),
                kind="defence.check_remind",
                title=gettext_lazy("Hiring check of %(name)s lapses on %(due)s"),
                body=gettext_lazy("Repeat the background check (入职查询) before it lapses."),
                url=reverse("defences:checks", args=[row.school_id]),
                org=row.school,
                params={"name": str(row.person), "due": due.isoformat()},
            )
        sent += 1
    return sent
