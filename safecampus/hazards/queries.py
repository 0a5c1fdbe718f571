"""Read side of the hazard ledger. Every function takes the viewer and starts from their scope."""

from django.conf import settings
from django.db.models import BooleanField, Case, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from safecampus.core.access import has_cap, visible_orgs, visible_to
from safecampus.core.models import Org, OrgKind, Zone
from safecampus.core.roles import Cap
from safecampus.hazards.models import (
    OPEN_STATUSES,
    Category,
    ExtensionStatus,
    Grade,
    Hazard,
    HazardRuleSet,
    Status,
    place_name,
)
from safecampus.hazards.services import today

SORTS = {
    "newest": ["-reported_at", "-id"],
    "oldest": ["reported_at", "id"],
    "deadline": ["deadline", "id"],
    "grade": ["-grade", "-reported_at", "-id"],
    "status": ["status", "-reported_at", "-id"],
}


def visible_hazards(user):
    """The ledger of every school where the user may view hazards, plus their own ones."""
    if not user.is_authenticated:
        return Hazard.objects.none()
    ledger = visible_orgs(user, Cap.HAZARD_VIEW).values("pk")
    mine = Q(reporter=user) | Q(responsible_person=user)
    return Hazard.objects.filter(
        Q(school__in=ledger) | (mine & Q(school__in=visible_orgs(user).values("pk")))
    )


def school_hazards(user, school):
    """visible_hazards(user) of one school. Whoever may view the school's hazards sees all of
    them, read without the scope's subqueries (simpler SQL, about half the time on a big ledger);
    anyone else sees their own ones there."""
    if has_cap(user, Cap.HAZARD_VIEW, school):
        return Hazard.objects.filter(school=school)
    return visible_hazards(user).filter(school=school)


def overdue_q(on=None):
    return Q(status=Status.RECTIFYING, deadline__lt=on or today())


def with_overdue(qs, on=None):
    """Annotate each row with `is_overdue` (derived, never stored)."""
    return qs.annotate(
        is_overdue=Case(
            When(overdue_q(on), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def ledger(*, user, school=None, filters=None):
    """The filtered, sorted ledger for the list page and the export."""
    f = filters or {}
    qs = visible_hazards(user) if school is None else school_hazards(user, school)
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("grade"):
        qs = qs.filter(grade=f["grade"])
    if f.get("category"):
        qs = qs.filter(category=f["category"])
    if f.get("zone"):
        qs = qs.filter(zone=f["zone"])
    if f.get("source"):
        qs = qs.filter(source=f["source"])
    if f.get("responsible"):
        qs = qs.filter(responsible_person=f["responsible"])
    if f.get("overdue"):
        qs = qs.filter(overdue_q())
    if f.get("open_only"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if f.get("supervised"):
        qs = qs.filter(supervised=True)
    if f.get("date_from"):
        qs = qs.filter(found_on__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(found_on__lte=f["date_to"])
    if f.get("q"):
        words = f["q"].split()
        for word in words[:5]:
            qs = qs.filter(Q(place__icontains=word) | Q(description__icontains=word))
    qs = with_overdue(qs).select_related("school", "zone", "responsible_person")
    return qs.order_by(*SORTS.get(f.get("sort") or "newest", SORTS["newest"]))


# What a line of a hazard list shows (the hazard_row tag), read with values().
ROW_FIELDS = (
    "id", "school_id", "school__name", "zone_id", "zone__path_name", "place", "status", "grade",
    "category", "description", "found_on", "deadline", "responsible_person_id",
    "responsible_person__display_name", "responsible_person__username", "is_overdue",
    "found_by__name", "supervision_deadline",
)  # fmt: skip


class Named:
    """A related row as a list line names it: `{{ h.zone.path_name }}`, `{{ h.school.name }}`."""

    __slots__ = ("name", "path_name")

    def __init__(self, name="", path_name=""):
        self.name = name
        self.path_name = path_name


class Row:
    """One line of a hazard list with the attributes hazard_row reads from a Hazard, built from
    plain values: a list shows fields and labels, it needs no model instance per line."""

    __slots__ = (
        "deadline", "description", "found_by", "found_on", "get_absolute_url",
        "get_category_display", "get_grade_display", "get_status_display", "grade",
        "is_overdue", "pk", "place", "responsible_person", "school", "status",
        "supervision_deadline", "where", "zone",
    )  # fmt: skip

    def __init__(self, values, labels):
        self.pk = values["id"]
        self.school = Named(name=values["school__name"])
        self.zone = (
            None if values["zone_id"] is None else Named(path_name=values["zone__path_name"])
        )
        for name in ("place", "status", "grade", "description", "found_on", "deadline"):
            setattr(self, name, values[name])
        self.found_by = values["found_by__name"]
        self.supervision_deadline = values["supervision_deadline"]
        self.where = place_name(values["zone__path_name"] or "", self.place)
        self.is_overdue = values["is_overdue"]
        # As User.__str__ names a person.
        self.responsible_person = (
            None
            if values["responsible_person_id"] is None
            else values["responsible_person__display_name"]
            or values["responsible_person__username"]
        )
        self.get_absolute_url = reverse("hazards:detail", args=[values["school_id"], self.pk])
        # As Model.get_FOO_display: the label of a known value, else the value itself.
        self.get_status_display = labels["status"].get(self.status, self.status)
        self.get_grade_display = labels["grade"].get(self.grade, self.grade)
        self.get_category_display = labels["category"].get(values["category"], values["category"])


def rows(hazards):
    """The hazards (a queryset from ledger(), sliced to a page or not) as list lines, in one
    query; each choice's label is translated once per list, not once per line."""
    labels = {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("status", Status), ("grade", Grade), ("category", Category))
    }
    return [Row(values, labels) for values in hazards.values(*ROW_FIELDS)]


def hazards_for_api(*, user):
    """The hazards the API answers about, each with `is_overdue` and its school."""
    return with_overdue(visible_hazards(user)).select_related("school")


def hazards_for_page(*, user, school):
    """The school's hazards the user may open, with the people and zone the detail page shows
    (the page has the school already)."""
    return school_hazards(user, school).select_related(
        "zone", "responsible_person", "reporter", "found_by"
    )


def merge_target(*, user, hazard, number):
    """The hazard of the same school that `hazard` is to be merged into, or None."""
    return visible_to(user, Hazard).filter(school_id=hazard.school_id, pk=number).first()


def reported_hazard(hazard):
    """The hazard just filed, as its reporter is answered: an anonymous reporter is not linked
    to it and could not look it up, yet a retry must get its tracking code back."""
    return with_overdue(Hazard.objects.filter(pk=hazard.pk)).get()


def timeline(hazard):
    return (
        hazard.events.select_related("actor")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )


def page_timeline(hazard):
    """The timeline as the hazard's page shows it: each event with its actor and the ids of its
    photos, newest first as attachments are listed (the page only links to each photo). One
    query: an event with several photos comes once per photo and is kept once."""
    events = {}
    rows = (
        hazard.events.select_related("actor")
        .annotate(photo=F("photos"))
        .order_by("created_at", "id", "-photo")
    )
    for event in rows:
        kept = events.setdefault(event.pk, event)
        if kept is event:
            event.photo_ids = []
        if event.photo is not None:
            kept.photo_ids.append(event.photo)
    return list(events.values())


def pending_extension(hazard):
    return hazard.extensions.filter(status=ExtensionStatus.PENDING).first()


def extensions(hazard, timeline=None):
    """The pending extension request (at most one) and the decided ones, newest first, with
    their people: one query for the hazard's page, none when its `timeline` (given) holds no
    request, since services.request_extension files each one with its event."""
    if timeline is not None and not any(e.action == "request_extension" for e in timeline):
        return None, []
    requests = list(hazard.extensions.select_related("requested_by", "decided_by"))
    pending = next((x for x in requests if x.status == ExtensionStatus.PENDING), None)
    return pending, [x for x in requests if x.status != ExtensionStatus.PENDING]


def my_hazards(user, school):
    """What this person has to fix, and what they reported (not anonymously)."""
    base = with_overdue(Hazard.objects.filter(school=school)).select_related(
        "zone", "responsible_person", "found_by"
    )
    to_fix = base.filter(responsible_person=user, status=Status.RECTIFYING).order_by("deadline")
    reported = base.filter(reporter=user).order_by("-reported_at")[:20]
    return rows(to_fix), rows(reported)


def can_view(user, hazard):
    return (
        has_cap(user, Cap.HAZARD_VIEW, hazard.school)
        or (hazard.reporter_id is not None and hazard.reporter_id == user.pk)
        or hazard.responsible_person_id == user.pk
    )


# Bureau overview -----------------------------------------------------------------------------


def bureau_schools(*, user, bureau):
    return visible_orgs(user, Cap.HAZARD_VIEW).filter(path__startswith=bureau.path).schools()


# The overview's counts come from the tally (HazardTally, kept by the services), never from a
# count over the hazard table: at a city's size that is a scan of a million rows per view.
COUNTED = [s for s in Status if s not in (Status.REJECTED, Status.MERGED)]
COUNTS = ("total", "open", "closed", "overdue", "major_open")


def rectified_rate(closed, total):
    return round(100 * closed / total) if total else None


def _sum(**condition):
    q = Q(**{f"hazard_tallies__{k}": v for k, v in condition.items()})
    return Coalesce(Sum("hazard_tallies__n", filter=q), 0)


def bureau_summary(*, user, bureau, on=None):
    """Every school under the bureau with its counts, the neediest first (most overdue, then
    most open, then by name), the totals across them and the count per status.

    One GROUP BY over the tally's rows of the bureau's schools; the totals are added up here
    from the same rows rather than read again.
    """
    on = on or today()
    rows = (
        bureau_schools(user=user, bureau=bureau)
        .values("pk", "name", "code")
        .annotate(
            **{f"status_{s}": _sum(status=s) for s in Status.values},
            overdue=_sum(status=Status.RECTIFYING, deadline__lt=on),
            major_open=_sum(status__in=OPEN_STATUSES, major=True),
        )
        .order_by()
    )
    schools = []
    per_status = dict.fromkeys(Status.values, 0)
    for row in rows:
        by_status = {s: row.pop(f"status_{s}") for s in Status.values}
        row["total"] = sum(by_status[s] for s in COUNTED)
        row["open"] = sum(by_status[s] for s in OPEN_STATUSES)
        row["closed"] = by_status[Status.CLOSED]
        row["rate"] = rectified_rate(row["closed"], row["total"])
        schools.append(row)
        for s, n in by_status.items():
            per_status[s] += n
    schools.sort(key=lambda r: (-r["overdue"], -r["open"], r["name"], r["pk"]))
    totals = {name: sum(r[name] for r in schools) for name in COUNTS}
    totals["rate"] = rectified_rate(totals["closed"], totals["total"])
    return {
        "schools": schools,
        "totals": totals,
        "status_counts": [(s, s.label, per_status[s.value]) for s in Status],
    }


def matching(schools, search):
    """The summary's schools whose name or code contains `search` (any case)."""
    words = search.casefold()
    return [r for r in schools if words in r["name"].casefold() or words in r["code"].casefold()]


def bureau_lists(*, user, bureau, on=None):
    """The two short lists across the bureau's schools, each read in deadline order from its own
    partial index (hazard_rectifying_deadline, hazard_supervised_deadline)."""
    on = on or today()
    base = with_overdue(
        Hazard.objects.filter(school__in=bureau_schools(user=user, bureau=bureau).values("pk")),
        on,
    )
    # Plain list lines (as the ledger's): a hundred rows need no model instances.
    return {
        "overdue": rows(base.filter(overdue_q(on)).order_by("deadline", "pk")[:50]),
        "supervised": rows(
            base.filter(supervised=True, status__in=OPEN_STATUSES).order_by("deadline", "pk")[:50]
        ),
    }


def can_see_reporter(user, hazard):
    return has_cap(user, Cap.HAZARD_VIEW, hazard.school)


def public_url(school):
    """The address of the school's public report page: on the poster and on risk post cards."""
    return settings.SAFECAMPUS_SITE_URL.rstrip("/") + reverse("public_report", args=[school.code])


def own_rules(*, user, org):
    """The org's own hazard rule set, or None when it follows the one above it."""
    return visible_to(user, HazardRuleSet).filter(org=org).first()


# Public lookups: no account, so no viewer ---------------------------------------------------

# The steps a reporter may follow by tracking code; nothing in them names a person.
PUBLIC_STEPS = ("report", "confirm", "reject", "merge", "assign", "rectify", "accept", "sign_off")


def public_school(code):
    """The school whose public report page (its QR poster) has this code, or None."""
    return Org.objects.filter(code=code, kind=OrgKind.SCHOOL).first()


def public_zone(*, school, zone_id):
    """A zone of the school named on its public report page, or None."""
    return Zone.objects.filter(school=school, pk=zone_id).first()


def public_hazard(tracking_code):
    """The hazard a reporter follows by its tracking code, or None."""
    return Hazard.objects.filter(tracking_code=tracking_code).select_related("school").first()


def public_steps(hazard):
    return hazard.events.filter(action__in=PUBLIC_STEPS).order_by("created_at")


def finding_schools(*, user, bureau):
    """The schools under `bureau` where the user may file a finding, for the school picker."""
    return (
        visible_orgs(user, Cap.HAZARD_REPORT)
        .schools()
        .filter(path__startswith=bureau.path)
        .order_by("path")
    )
