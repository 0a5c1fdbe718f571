"""Supervision visits (督导检查): planned by the bureau, run on a phone, answered by the school.

Every action is one function in one transaction: the capability or the visit's own team is
checked, the move is looked up in `workflow.VISIT`, the audit event is written, and the people
concerned are told after commit. A failed item files one hazard in the school's ledger through
the ledger's own service, with the visit as its source.
"""

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Org, OrgKind, User
from safecampus.core.roles import Cap, roles_with
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload, stored_photos
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.hazards.models import Source
from safecampus.hazards.services import report_hazard, set_finding_deadline
from safecampus.inspections.failures import failure_text
from safecampus.inspections.models import ChecklistItem, ChecklistTemplate, TemplateVersion
from safecampus.supervision.models import (
    ResponseKind,
    SupervisionVisit,
    VisitKind,
    VisitResult,
)
from safecampus.supervision.rules import rules_for
from safecampus.supervision.workflow import VISIT

OUTCOMES = ("pass", "fail", "na")
MAX_PHOTOS_PER_ITEM = 5
MAX_RESPONSE_FILES = 10
MAX_INSPECTORS = 20
MAX_SCHOOLS = 100
SCHOOL_OUTSIDE = gettext_lazy("Every school must be under this bureau.")
INSPECTOR_OUTSIDE = gettext_lazy("Every inspector must be one of this bureau's inspectors.")
# The hazard a failed item files has an id made from the visit and the item, so recording the
# item again (or a phone replaying it) finds the first hazard and never files a second.
HAZARD_IDS = uuid.UUID("6f1d3c52-8a0e-4d8b-9a57-3c1f0e2b7d41")


def today():
    return timezone.localdate()


# Who, what, which rules --------------------------------------------------------------------


def inspectors_of(bureau):
    """People who may inspect for `bureau`: supervision.manage held at the bureau, above it, or
    at a bureau node under it (a street's inspectors work for the district too)."""
    roles = roles_with(Cap.SUPERVISION_MANAGE)
    under = Org.objects.under(bureau).exclude(kind=OrgKind.SCHOOL).values("pk")
    return (
        User.objects.filter(
            is_active=True,
            memberships__ended_at__isnull=True,
            memberships__role__in=roles,
        )
        .filter(Q(memberships__org_id__in=bureau.ancestor_ids()) | Q(memberships__org_id__in=under))
        .distinct()
        .order_by("display_name", "pk")
    )


def checklist_versions(bureau):
    """The checklists a bureau may take on a visit: the newest version of each live template
    the bureau or a bureau above it owns (a school's own lists are for the school's checks)."""
    templates = ChecklistTemplate.objects.filter(
        school_id__in=bureau.ancestor_ids(), archived=False
    )
    newest = {}
    for version in TemplateVersion.objects.filter(template__in=templates).select_related(
        "template"
    ):
        if version.template_id not in newest or version.number > newest[version.template_id].number:
            newest[version.template_id] = version
    return sorted(newest.values(), key=lambda v: (v.template.name, v.pk))


def is_inspector(user, visit):
    """The visit's lead or one of its team."""
    if not user.is_authenticated:
        return False
    if visit.lead_id == user.pk:
        return True
    return visit.inspectors.filter(pk=user.pk).exists()


def hidden_from_school(visit):
    """An unannounced visit (四不两直) is not shown to the school until it has started."""
    return visit.kind == VisitKind.UNANNOUNCED and visit.started_at is None


def leaders(school):
    """The school's own people who answer the bureau."""
    return holders(Cap.SUPERVISION_RESPOND, school).filter(memberships__org=school)


def _team(visit):
    return [visit.lead, *visit.inspectors.all()]


def _require_inspector(actor, visit):
    if not (is_inspector(actor, visit) and has_cap(actor, Cap.SUPERVISION_MANAGE, visit.school)):
        raise PermissionRefused(_("Only the visit's inspectors may do this."))


def _locked(visit):
    return (
        SupervisionVisit.objects.select_for_update(of=("self",))
        .select_related("school", "bureau", "lead", "version__template")
        .get(pk=visit.pk)
    )


def _tell(users, visit, kind, title, body=""):
    notify(
        users,
        kind=kind,
        title=title,
        body=body,
        url=visit.get_absolute_url(),
        params={"title": visit.title, "school": visit.school.name, "day": f"{visit.planned_on}"},
        org=visit.school,
    )


# Plan and cancel ---------------------------------------------------------------------------


@transaction.atomic
def plan_visits(*, actor, bureau, kind, title, planned_on, lead, inspectors, schools, version):
    """One visit per school, sharing a plan id. Refused as a whole, writing nothing."""
    require(actor, Cap.SUPERVISION_MANAGE, bureau)
    if bureau.kind == OrgKind.SCHOOL:
        raise DomainError(_("Visits are planned by a bureau, not by a school."))
    if kind not in VisitKind.values:
        raise DomainError(_("Choose the kind of visit."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the visit a title."))
    if planned_on is None or planned_on < today():
        raise DomainError(_("The visit's date cannot be in the past."))
    schools = list({s.pk: s for s in schools}.values())
    if not schools:
        raise DomainError(_("Choose at least one school."))
    if len(schools) > MAX_SCHOOLS:
        raise DomainError(_("At most %(n)d schools in one plan.") % {"n": MAX_SCHOOLS})
    if any(not s.is_school or not s.path.startswith(bureau.path) for s in schools):
        raise DomainError(str(SCHOOL_OUTSIDE))
    team = {u.pk: u for u in [lead, *inspectors] if u is not None}
    if lead is None:
        raise DomainError(_("Choose the lead inspector."))
    if len(team) > MAX_INSPECTORS:
        raise DomainError(_("At most %(n)d inspectors on a visit.") % {"n": MAX_INSPECTORS})
    allowed = set(inspectors_of(bureau).filter(pk__in=team).values_list("pk", flat=True))
    if set(team) - allowed:
        raise DomainError(str(INSPECTOR_OUTSIDE))
    rules = rules_for(bureau)
    if kind == VisitKind.COMPREHENSIVE and len(team) < rules.comprehensive_min_inspectors:
        raise DomainError(
            _("A comprehensive visit needs at least %(n)d inspectors (%(source)s).")
            % {"n": rules.comprehensive_min_inspectors, "source": rules.source or rules.name}
        )
    if version is None:
        raise DomainError(_("Choose the checklist."))
    if version.pk not in {v.pk for v in checklist_versions(bureau)}:
        raise DomainError(_("Choose one of the bureau's current checklists."))
    plan_id = uuid.uuid4()
    now = timezone.now()
    visits = []
    for school in schools:
        visit = SupervisionVisit.objects.create(
            bureau=bureau,
            school=school,
            plan_id=plan_id,
            kind=kind,
            title=title[:200],
            planned_on=planned_on,
            version=version,
            lead=lead,
            created_by=actor,
            created_at=now,
        )
        visit.inspectors.set([u for pk, u in team.items() if pk != lead.pk])
        audit.record(
            actor=actor,
            # An unannounced visit stays out of the school's own trail (and home feed) until it
            # starts: the bureau's chain records its planning.
            org=bureau if hidden_from_school(visit) else school,
            action="svisit.plan",
            obj=visit,
            changes={"kind": kind, "planned_on": f"{planned_on}", "plan": f"{plan_id}"},
        )
        if not hidden_from_school(visit):
            _tell(
                leaders(school),
                visit,
                "svisit.planned",
                gettext_lazy("Supervision visit on %(day)s: %(title)s"),
                gettext_lazy("The bureau plans to visit %(school)s."),
            )
        visits.append(visit)
    return visits


@transaction.atomic
def cancel_visit(*, actor, visit, reason):
    visit = _locked(visit)
    require(actor, Cap.SUPERVISION_MANAGE, visit.school)
    reason = (reason or "").strip()
    status = VISIT.next_state(visit, "cancel")
    if not reason:
        raise DomainError(_("Give the reason for cancelling."))
    visit.status = status
    visit.cancel_reason = reason[:200]
    visit.save(update_fields=["status", "cancel_reason"])
    audit.record(
        actor=actor,
        org=visit.bureau if hidden_from_school(visit) else visit.school,
        action="svisit.cancel",
        obj=visit,
        changes={"reason": reason},
    )
    if not hidden_from_school(visit):
        _tell(
            leaders(visit.school),
            visit,
            "svisit.cancelled",
            gettext_lazy("Supervision visit cancelled: %(title)s"),
            reason,
        )
    return visit


# On site -----------------------------------------------------------------------------------


@transaction.atomic
def start_visit(*, actor, visit):
    visit = _locked(visit)
    _require_inspector(actor, visit)
    visit.status = VISIT.next_state(visit, "start")
    visit.started_at = timezone.now()
    visit.save(update_fields=["status", "started_at"])
    audit.record(actor=actor, org=visit.school, action="svisit.start", obj=visit)
    # An unannounced visit reaches the school now, when the inspectors are at the gate.
    _tell(
        leaders(visit.school),
        visit,
        "svisit.started",
        gettext_lazy("Supervision visit under way: %(title)s"),
        gettext_lazy("The bureau's inspectors are at %(school)s."),
    )
    return visit


def _hazard(actor, visit, item, note, zone, place, photos):
    description = failure_text(item)
    if note:
        description += f"\n{note}"
    return report_hazard(
        actor=actor,
        school=visit.school,
        place=zone.path_name if zone is not None else (place or _("Whole school")),
        category=item.category,
        description=description,
        source=Source.SUPERVISION,
        zone=zone,
        photos=photos,
        client_uuid=uuid.uuid5(HAZARD_IDS, f"{visit.pk}:{item.pk}"),
        origin_label=visit.title,
        origin_url=visit.get_absolute_url(),
        supervision_deadline=visit.rectify_by,
        deadline_follows=True,
    )


@transaction.atomic
def record_item(
    *,
    actor,
    visit,
    item_id,
    outcome,
    note="",
    photos=(),
    zone=None,
    place="",
    client_uuid=None,
):
    """Record one item as found. Recording it again updates it; a failed item files its hazard
    once (a second fail, or a replay of the same client id, files none)."""
    visit = _locked(visit)
    _require_inspector(actor, visit)
    if client_uuid is not None:
        earlier = VisitResult.objects.filter(client_uuid=client_uuid).first()
        if earlier is not None:
            if earlier.visit_id != visit.pk:
                raise DomainError(_("This submission id was already used."))
            return earlier
    VISIT.check(visit, "record")
    item = ChecklistItem.objects.filter(version_id=visit.version_id, pk=item_id).first()
    if item is None:
        raise DomainError(_("This item is not on the visit's checklist."))
    if outcome not in OUTCOMES:
        raise DomainError(_("Choose pass, fail or not applicable."))
    note = (note or "").strip()
    place = (place or "").strip()[:200]
    if zone is not None and zone.school_id != visit.school_id:
        raise DomainError(_("The zone belongs to another school."))
    photos = [p for p in photos or () if p]
    if len(photos) > MAX_PHOTOS_PER_ITEM:
        raise DomainError(_("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS_PER_ITEM})
    result = VisitResult.objects.filter(visit=visit, item=item).select_related("hazard").first()
    if outcome == "fail" and not note and not photos and not (result and result.photos.exists()):
        raise DomainError(_("Say what was wrong, or add a photo, for a failed item."))
    if result is not None and result.hazard_id and outcome != "fail":
        raise DomainError(
            _(
                "This item's hazard is already in the school's ledger; "
                "if it was a mistake, the school rejects it there."
            )
        )
    stored = stored_photos(actor=actor, org=visit.school, uploads=photos)
    now = timezone.now()
    if result is None:
        result = VisitResult(visit=visit, item=item, client_uuid=client_uuid)
    result.outcome = outcome
    result.note = note
    result.recorded_by = actor
    result.recorded_at = now
    if outcome == "fail" and result.hazard_id is None:
        shown = [*(result.photos.all() if result.pk else []), *stored]
        result.hazard = _hazard(actor, visit, item, note, zone, place, shown)
    result.save()
    if stored:
        result.photos.add(*stored)
    audit.record(
        actor=actor,
        org=visit.school,
        action="svisit.record",
        obj=visit,
        changes={"item": item.pk, "outcome": outcome, "hazard": result.hazard_id},
    )
    return result


@transaction.atomic
def issue_notice(*, actor, visit, opinion, rectify_by=None):
    """The inspectors' opinion and the rectification notice: the visit's findings go out."""
    visit = _locked(visit)
    _require_inspector(actor, visit)
    status = VISIT.next_state(visit, "issue")
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("Write the supervision opinion."))
    failed = visit.results.filter(outcome="fail").exists()
    if failed and rectify_by is None:
        raise DomainError(_("Set the date the findings must be fixed by."))
    if rectify_by is not None and rectify_by < today():
        raise DomainError(_("The rectification date cannot be in the past."))
    if not visit.results.exists():
        raise DomainError(_("Record the items found before issuing the notice."))
    visit.status = status
    visit.opinion = opinion
    visit.rectify_by = rectify_by
    visit.issued_at = timezone.now()
    visit.save(update_fields=["status", "opinion", "rectify_by", "issued_at"])
    if rectify_by is not None:
        # The findings were filed item by item before the date was set: they get it now.
        filed = [
            r.hazard for r in visit.results.filter(hazard__isnull=False).select_related("hazard")
        ]
        set_finding_deadline(actor=actor, hazards=filed, deadline=rectify_by)
    audit.record(
        actor=actor,
        org=visit.school,
        action="svisit.issue",
        obj=visit,
        changes={"rectify_by": f"{rectify_by or ''}"},
    )
    _tell(
        leaders(visit.school),
        visit,
        "svisit.issued",
        gettext_lazy("Supervision notice issued: %(title)s"),
        gettext_lazy("Read the opinion and the findings, and respond."),
    )
    return visit


# The school answers, the bureau re-checks --------------------------------------------------


@transaction.atomic
def respond(*, actor, visit, kind, text, files=()):
    """The school's rectification report or objection (申辩), with its attachments."""
    visit = _locked(visit)
    require(actor, Cap.SUPERVISION_RESPOND, visit.school)
    status = VISIT.next_state(visit, "respond")
    if kind not in ResponseKind.values:
        raise DomainError(_("Choose a rectification report or an objection."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the response."))
    files = [f for f in files or () if f]
    if len(files) > MAX_RESPONSE_FILES:
        raise DomainError(_("At most %(n)d files.") % {"n": MAX_RESPONSE_FILES})
    stored = [store_upload(actor=actor, org=visit.school, upload=f) for f in files]
    visit.status = status
    visit.response_kind = kind
    visit.response_text = text
    visit.responded_by = actor
    visit.responded_at = timezone.now()
    visit.save(
        update_fields=["status", "response_kind", "response_text", "responded_by", "responded_at"]
    )
    if stored:
        visit.response_attachments.add(*stored)
    audit.record(
        actor=actor, org=visit.school, action="svisit.respond", obj=visit, changes={"kind": kind}
    )
    _tell(
        _team(visit),
        visit,
        "svisit.responded",
        gettext_lazy("%(school)s responded to the supervision notice: %(title)s"),
        text,
    )
    return visit


@transaction.atomic
def close_visit(*, actor, visit, note):
    """The re-check (复查): the inspectors' note closes the visit."""
    visit = _locked(visit)
    _require_inspector(actor, visit)
    status = VISIT.next_state(visit, "close")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write what the re-check found."))
    visit.status = status
    visit.recheck_note = note
    visit.closed_by = actor
    visit.closed_at = timezone.now()
    visit.save(update_fields=["status", "recheck_note", "closed_by", "closed_at"])
    audit.record(actor=actor, org=visit.school, action="svisit.close", obj=visit)
    _tell(
        leaders(visit.school),
        visit,
        "svisit.closed",
        gettext_lazy("Supervision visit re-checked and closed: %(title)s"),
        note,
    )
    return visit
