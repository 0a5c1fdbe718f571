"""What a guardian sees of the gate on their own phone pages: what the gate recorded for their
own child (exits on a permit, pick-ups and refusals, hand-overs after an incident), the child's
authorised pick-up persons and the persons the guardian proposed. Scope is the guardian's own
children (`students.family.child_for`): any other child is a 404."""

from django.db.models import CharField, F, Value
from django.http import Http404

from safecampus.gate.models import (
    ExitPermit,
    PickupPerson,
    PickupProposal,
    PickupRecord,
    Release,
)
from safecampus.students import family


def _events(queryset, kind, when):
    return (
        queryset.order_by()
        .annotate(kind=Value(kind, output_field=CharField()), when=F(when))
        .values("pk", "kind", "when")
    )


def timeline(student):
    """(pk, kind, when) of everything the gate recorded for `student`, newest first: one query
    over the three tables, each read by its (student, time) index."""
    return (
        _events(
            ExitPermit.objects.filter(student=student, exited_at__isnull=False), "exit", "exited_at"
        )
        .union(
            _events(PickupRecord.objects.filter(student=student), "pickup", "at"),
            _events(Release.objects.filter(student=student), "release", "released_at"),
            all=True,
        )
        .order_by("-when", "-pk")
    )


def events(rows):
    """The rows of one page of `timeline` with what a guardian is shown of each: one query per
    kind on the page."""
    ids = {
        kind: [r["pk"] for r in rows if r["kind"] == kind] for kind in ("exit", "pickup", "release")
    }
    found = {
        "exit": ExitPermit.objects.in_bulk(ids["exit"]),
        "pickup": PickupRecord.objects.select_related("person").in_bulk(ids["pickup"]),
        "release": Release.objects.in_bulk(ids["release"]),
    }
    return [
        {"kind": r["kind"], "when": r["when"], "row": found[r["kind"]][r["pk"]]}
        for r in rows
        if r["pk"] in found[r["kind"]]
    ]


def pickup_persons(student):
    """The persons the gate's pick-up check lets take the child today."""
    return PickupPerson.objects.filter(student=student, revoked_at__isnull=True).order_by("pk")


def proposals(account, student):
    return (
        PickupProposal.objects.filter(account=account, student=student)
        .select_related("person")
        .order_by("-created_at", "-pk")[:20]
    )


def proposal_for(account, proposal_id):
    """One of the account's proposals; another family's is the same 404 as a missing one."""
    found = (
        PickupProposal.objects.filter(
            pk=proposal_id, account=account, student__in=family.children(account)
        )
        .select_related("student__school")
        .first()
    )
    if found is None:
        raise Http404
    return found
