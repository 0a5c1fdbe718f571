"""Who may read a casework record in full, and the access log a principal reads.

A record is read in full by the ledger's keepers (its capability), by the case's responsible
person, by the police liaison for a case flagged to the police, and by anyone else who may see
the casework lists only through an approved grant that has not expired (条例 §36). Everyone
else sees names and ID numbers masked, or nothing.
"""

from django.db.models import Count
from django.utils import timezone

from safecampus.casework.models import AccessGrant, GrantStatus, Ledger
from safecampus.core.access import has_cap, visible_to
from safecampus.core.models import AuditEvent
from safecampus.core.roles import Cap

# The capability that reads each ledger in full.
RECORD_CAP = {
    Ledger.CONCERN: Cap.CONCERN_RECORD,
    Ledger.DISPUTE: Cap.DISPUTE_RECORD,
    Ledger.BULLYING: Cap.BULLYING_RECORD,
    Ledger.MANDATORY: Cap.MANDATORY_RECORD,
    Ledger.HEALTH: Cap.HEALTH_VIEW,
}
# The audit actions of a full read, one per ledger: the access log is read from these.
READ_ACTION = {
    Ledger.CONCERN: "concern.read",
    Ledger.DISPUTE: "dispute.read",
    Ledger.BULLYING: "bullying.read",
    Ledger.MANDATORY: "mandatory.read",
    Ledger.HEALTH: "health.read",
}
GRANT_ACTIONS = (
    "casework.access_request",
    "casework.access_approve",
    "casework.access_refuse",
    "casework.access_withdraw",
    "casework.access_revoke",
)
LOG_ACTIONS = (*READ_ACTION.values(), *GRANT_ACTIONS, "casework.retention")


def active_grant(user, ledger, record_id, now=None):
    now = now or timezone.now()
    return (
        AccessGrant.objects.filter(
            ledger=ledger,
            record_id=record_id,
            requested_by=user,
            status=GrantStatus.APPROVED,
            expires_at__gt=now,
        )
        .order_by("-expires_at")
        .first()
    )


def pending_request(user, ledger, record_id):
    return AccessGrant.objects.filter(
        ledger=ledger, record_id=record_id, requested_by=user, status=GrantStatus.REQUESTED
    ).first()


def may_read(user, ledger, record):
    """Whether `user` may open `record` in full now (the reason is for the page to say)."""
    return access_basis(user, ledger, record) is not None


def access_basis(user, ledger, record):
    """Why `user` may read `record` in full: "keeper", "responsible", "police", "grant", or
    None when they may not."""
    school = record.school
    if has_cap(user, RECORD_CAP[ledger], school):
        return "keeper"
    if ledger == Ledger.HEALTH:
        # Health notes are read by no one else: no request, no grant (docs/casework.md).
        head = record.student.school_class.head_teacher_id if record.student_id else None
        if head == user.pk and has_cap(user, Cap.HEALTH_CLASS, school):
            return "head_teacher"
        return None
    responsible = getattr(record, "responsible_id", None) or getattr(record, "handler_id", None)
    if responsible == user.pk and has_cap(user, Cap.CASEWORK_VIEW, school):
        return "responsible"
    if getattr(record, "flagged", False) and has_cap(user, Cap.CONCERN_FLAGGED, school):
        return "police"
    if has_cap(user, Cap.CASEWORK_VIEW, school) and active_grant(user, ledger, record.pk):
        return "grant"
    return None


def sees_names(user, ledger, school):
    """Whether a list of the ledger shows this person names and ID numbers in clear."""
    return has_cap(user, RECORD_CAP[ledger], school) or (
        ledger == Ledger.CONCERN
        and has_cap(user, Cap.CONCERN_FLAGGED, school)
        and not has_cap(user, Cap.CASEWORK_VIEW, school)
    )


# Requests and grants ---------------------------------------------------------------------------


def requests(*, user, school, status=""):
    """The school's requests: all of them for the person in charge, one's own for others."""
    qs = visible_to(user, AccessGrant, Cap.CASEWORK_VIEW).filter(school=school)
    if not has_cap(user, Cap.CASEWORK_APPROVE, school):
        qs = qs.filter(requested_by=user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("school", "requested_by", "decided_by").order_by(
        "-requested_at", "-pk"
    )


def request_of(*, user, grant_id):
    return visible_to(user, AccessGrant, Cap.CASEWORK_VIEW).filter(pk=grant_id)


def pending_count(*, user, school):
    if not has_cap(user, Cap.CASEWORK_APPROVE, school):
        return 0
    return AccessGrant.objects.filter(school=school, status=GrantStatus.REQUESTED).count()


# The access log (from the audit trail) ---------------------------------------------------------


def access_log(*, user, school, actor_id=None, action=""):
    """Who read which record or asked for access, when: the school's audit events of casework
    access, newest first (the audit trail's (org, -created_at) index)."""
    qs = visible_to(user, AuditEvent, Cap.CASEWORK_AUDIT).filter(org=school, action__in=LOG_ACTIONS)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action=action)
    return qs.select_related("actor").order_by("-created_at", "-seq")


def year_bounds(year):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime(year, 1, 1), tz)
    end = timezone.make_aware(timezone.datetime(year + 1, 1, 1), tz)
    return start, end


def compliance_summary(*, user, school, year):
    """The year's figures for the annual compliance audit (条例 §37), from the log: events by
    action, distinct readers, requests by outcome."""
    start, end = year_bounds(year)
    events = access_log(user=user, school=school).filter(created_at__gte=start, created_at__lt=end)
    by_action = dict(events.order_by().values_list("action").annotate(n=Count("pk")))
    readers = (
        events.filter(action__in=READ_ACTION.values())
        .order_by()
        .values("actor_id")
        .distinct()
        .count()
    )
    grants = dict(
        AccessGrant.objects.filter(school=school, requested_at__gte=start, requested_at__lt=end)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {"by_action": by_action, "readers": readers, "grants": grants}


def compliance_rows(*, user, school, year):
    start, end = year_bounds(year)
    return access_log(user=user, school=school).filter(created_at__gte=start, created_at__lt=end)


def current_year():
    return timezone.localdate().year


def valid_year(value):
    """A year the report may be asked for: the school's years, never a far future."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= timezone.localdate().year else None
