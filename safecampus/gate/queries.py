"""Read side of the gate. Every function takes the viewer and starts from their scope."""

from datetime import datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap, visible_orgs, visible_to
from safecampus.core.queries import SchoolCalendar
from safecampus.core.roles import Cap
from safecampus.gate.models import (
    Confiscation,
    DutyLog,
    DutySession,
    ExitPermit,
    ExitStatus,
    GateSettings,
    PickupOutcome,
    PickupPerson,
    PickupProposal,
    PickupRecord,
    ProposalStatus,
    Release,
    Visit,
    VisitStatus,
    WatchlistEntry,
)
from safecampus.students.models import Guardian, MarkStatus, RollMark, Student


def day_bounds(start, end):
    """[start 00:00, end+1 00:00) in the school's time zone."""
    begin = timezone.make_aware(datetime.combine(start, time.min))
    return begin, timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))


def settings_for(school):
    """The school's gate settings, or the defaults while it has saved none."""
    found = GateSettings.objects.filter(school=school).first()
    return found or GateSettings(school=school)


def visits(*, user, school):
    return (
        visible_to(user, Visit, Cap.GATE_VIEW)
        .filter(school=school)
        .select_related("host", "watchlist_entry")
    )


def visits_seen_by(user):
    """Visits the user may open: every visit where they hold gate.view, and those they host."""
    return visible_to(user, Visit, Cap.GATE_VIEW) | visible_to(user, Visit).filter(host=user)


def permits_seen_by(user):
    """Exit permits the user may open: every one where they hold gate.view, and their class's."""
    return visible_to(user, ExitPermit, Cap.GATE_VIEW) | visible_to(user, ExitPermit).filter(
        student__school_class__head_teacher=user
    )


def visit_by_pass(*, user, school, code):
    """The school's visit a pass code names (scanned or typed, already upper case)."""
    return visible_to(user, Visit).filter(school=school, pass_code=code)


def on_campus(*, user, school, now=None):
    """Visitors still on campus, those past their expected stay first."""
    now = now or timezone.now()
    return (
        visits(user=user, school=school)
        .filter(status=VisitStatus.ON_CAMPUS)
        .annotate(
            overdue=Case(
                When(expected_out_at__lt=now, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-overdue", "expected_out_at", "pk")
    )


def waiting(*, user, school):
    """Held by a watchlist match, or pre-registered for today."""
    today = timezone.localdate()
    return (
        visits(user=user, school=school)
        .filter(Q(status=VisitStatus.HELD) | Q(status=VisitStatus.EXPECTED, expected_on=today))
        .order_by("status", "created_at", "pk")
    )


def visit_log(*, user, school, start, end, search=""):
    begin, finish = day_bounds(start, end)
    qs = visits(user=user, school=school).filter(created_at__gte=begin, created_at__lt=finish)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(organisation__icontains=search))
    return qs.order_by("-created_at", "-pk")


def hosted_by(*, user, school):
    return (
        visible_to(user, Visit)
        .filter(school=school, host=user)
        .select_related("host")
        .order_by("-created_at", "-pk")
    )


def visits_to_open(*, user, school):
    """The school's visits the user may open: every one where they hold gate.view, else only
    those they host."""
    qs = (
        visible_to(user, Visit)
        .filter(school=school)
        .select_related("host", "watchlist_entry__org", "registered_by", "school")
    )
    if not has_cap(user, Cap.GATE_VIEW, school):
        qs = qs.filter(host=user)
    return qs


def public_pass(code):
    """A public lookup (no account): the expected visit whose pass has this code, or None."""
    return (
        Visit.objects.filter(pass_code=code.upper(), status=VisitStatus.EXPECTED)
        .select_related("school")
        .first()
    )


def watchlist_entries(*, user, org):
    """The org's own entries still listed, to look one up by id."""
    return visible_to(user, WatchlistEntry).filter(org=org, removed_at=None)


def watchlist(*, user, org):
    """The entries that apply at `org`: its own and those of every org above it."""
    if not has_cap(user, Cap.WATCHLIST_VIEW, org):
        return WatchlistEntry.objects.none()
    return (
        WatchlistEntry.objects.filter(org_id__in=org.ancestor_ids(), removed_at__isnull=True)
        .select_related("org", "listed_by")
        .order_by("-listed_at", "-pk")
    )


def watchlist_entry(*, user, org, entry_id):
    """One of the org's own entries still in force (entries of bureaus above are theirs)."""
    return visible_to(user, WatchlistEntry).filter(org=org, pk=entry_id, removed_at__isnull=True)


def exits(*, user, school):
    return (
        visible_to(user, ExitPermit, Cap.GATE_VIEW)
        .filter(school=school)
        .select_related("student__school_class", "requested_by", "approved_by")
    )


def permits_to_open(*, user, school):
    """The school's exit permits the user may open: every one where they hold gate.view, else
    only those of the class they lead."""
    qs = (
        visible_to(user, ExitPermit)
        .filter(school=school)
        .select_related("student__school_class", "student__school", "requested_by", "approved_by")
    )
    if not has_cap(user, Cap.GATE_VIEW, school):
        qs = qs.filter(student__school_class__head_teacher=user)
    return qs


def permit_by_pass_code(*, user, school, code):
    """The school's exit permit whose pass has this code, or None."""
    return visible_to(user, ExitPermit).filter(school=school, pass_code=code.upper()).first()


def permits_of_today(*, user, school, students):
    """The students' permits a guard may act on now: approved for today, or already out."""
    today = timezone.localdate()
    begin, finish = day_bounds(today, today)
    return (
        visible_to(user, ExitPermit)
        .filter(school=school, student__in=students)
        .filter(
            Q(status=ExitStatus.OUT)
            | Q(status=ExitStatus.APPROVED, leave_from__gte=begin, leave_from__lt=finish)
        )
        .order_by("leave_from", "pk")
    )


def exits_today(*, user, school):
    """What the gate needs now: permits of today not used up, and students still out."""
    today = timezone.localdate()
    begin, finish = day_bounds(today, today)
    return (
        exits(user=user, school=school)
        .filter(
            Q(leave_from__gte=begin, leave_from__lt=finish)
            & Q(status__in=[ExitStatus.REQUESTED, ExitStatus.APPROVED, ExitStatus.OUT])
            | Q(status=ExitStatus.OUT)
        )
        .order_by("leave_from", "pk")
    )


def exits_for_approval(*, user, school):
    qs = visible_to(user, ExitPermit).filter(school=school, status=ExitStatus.REQUESTED)
    if not has_cap(user, Cap.STUDENT_MANAGE, school):
        qs = qs.filter(student__school_class__head_teacher=user)
    return qs.select_related("student__school_class", "requested_by").order_by("leave_from", "pk")


def student_search(*, user, school, q):
    qs = visible_to(user, Student, Cap.STUDENT_VIEW).filter(school=school, is_active=True)
    if not q:
        return qs.none()
    return (
        qs.filter(Q(name__icontains=q) | Q(student_number__icontains=q))
        .select_related("school_class")
        .order_by("school_class__grade", "school_class__name", "student_number", "pk")
    )


PICKUP_SEARCH_LIMIT = 20


def pickup_search(*, user, school, q):
    """Children matching `q` by their own name or an authorised person's (at most 20), each
    with `persons`: who may take them, photo included, for a hand-over from the list."""
    words = q.split()
    if not words:
        return []
    active = PickupPerson.objects.filter(revoked_at__isnull=True).order_by("pk")
    by_person = Exists(active.filter(student=OuterRef("pk"), name__icontains=words[0]))
    qs = visible_to(user, Student, Cap.STUDENT_VIEW).filter(school=school, is_active=True)
    qs = qs.filter(Q(name__icontains=words[0]) | by_person)
    return list(
        qs.select_related("school_class")
        .prefetch_related(Prefetch("pickup_persons", queryset=active, to_attr="persons"))
        .order_by("school_class__grade", "school_class__name", "name", "pk")[:PICKUP_SEARCH_LIMIT]
    )


def pickup_persons(student):
    return PickupPerson.objects.filter(student=student, revoked_at__isnull=True).order_by("pk")


def pickup_proposals(*, user, school, waiting=True):
    """The persons guardians proposed that `user` decides on: a school leader all the school's,
    a head teacher their own classes'; waiting ones, decided ones, or (None) all, newest first."""
    rows = visible_to(user, PickupProposal, Cap.PICKUP_MANAGE).filter(school=school)
    if not has_cap(user, Cap.STUDENT_MANAGE, school):
        rows = rows.filter(student__school_class__head_teacher=user)
    if waiting:
        rows = rows.filter(status=ProposalStatus.PROPOSED)
    elif waiting is not None:
        rows = rows.exclude(status=ProposalStatus.PROPOSED)
    return rows.select_related("student__school_class", "decided_by").order_by("-created_at", "-pk")


def pickups(*, user, school, start, end):
    return (
        visible_to(user, PickupRecord, Cap.GATE_VIEW)
        .filter(school=school, day__gte=start, day__lte=end)
        .select_related("student__school_class", "person", "recorded_by")
        .order_by("-at", "-pk")
    )


def todays_handovers(school, day):
    return dict(
        PickupRecord.objects.filter(
            school=school, day=day, outcome=PickupOutcome.HANDED_OVER
        ).values_list("student_id", "at")
    )


def confiscations(*, user, school, start=None, end=None):
    qs = visible_to(user, Confiscation, Cap.GATE_VIEW).filter(school=school)
    if start and end:
        begin, finish = day_bounds(start, end)
        qs = qs.filter(found_at__gte=begin, found_at__lt=finish)
    return qs.select_related("student__school_class", "found_by").order_by("-found_at", "-pk")


def duty_logs(*, user, school, start=None, end=None):
    qs = visible_to(user, DutyLog, Cap.GATE_VIEW).filter(school=school)
    if start and end:
        qs = qs.filter(day__gte=start, day__lte=end)
    return qs.select_related("recorded_by").order_by("-day", "session", "pk")


def duty_logged(*, user, school, day, session):
    """Whether the school's duty for that day and session is already recorded."""
    return visible_to(user, DutyLog).filter(school=school, day=day, session=session).exists()


def _schools_under(user, bureau):
    return (
        visible_orgs(user, Cap.GATE_OVERSIGHT)
        .filter(path__startswith=bureau.path)
        .schools()
        .order_by("path", "pk")
    )


def bureau_counts(*, user, bureau, start, end):
    """Per school under the bureau: visits, watchlist holds, exits, refused pick-ups,
    confiscations in the range (one grouped query each)."""
    schools = list(_schools_under(user, bureau))
    ids = [s.pk for s in schools]
    begin, finish = day_bounds(start, end)

    def grouped(qs):
        return dict(qs.filter(school_id__in=ids).values_list("school_id").annotate(n=Count("id")))

    visits_in = Visit.objects.filter(created_at__gte=begin, created_at__lt=finish)
    counts = {
        "visits": grouped(visits_in),
        "holds": grouped(visits_in.filter(watchlist_entry__isnull=False)),
        "exits": grouped(ExitPermit.objects.filter(exited_at__gte=begin, exited_at__lt=finish)),
        "refused": grouped(
            PickupRecord.objects.filter(day__gte=start, day__lte=end, outcome=PickupOutcome.REFUSED)
        ),
        "confiscations": grouped(
            Confiscation.objects.filter(found_at__gte=begin, found_at__lt=finish)
        ),
    }
    return [(s, {k: v.get(s.pk, 0) for k, v in counts.items()}) for s in schools]


def coverage(*, user, bureau, start, end):
    """Per school: school-day sessions in the range, how many were logged, how many had police
    at the gate (见警率) and barriers in place."""
    schools = list(_schools_under(user, bureau))
    rows = (
        DutyLog.objects.filter(school__in=schools, day__gte=start, day__lte=end)
        .values("school_id")
        .annotate(
            logged=Count("id"),
            police=Count("id", filter=Q(police__gt=0)),
            barriers=Count("id", filter=Q(barriers=True)),
        )
    )
    by_school = {r["school_id"]: r for r in rows}
    result = []
    for school in schools:
        calendar = SchoolCalendar(school, start, end)
        days = sum(
            1
            for n in range((end - start).days + 1)
            if calendar.is_school_day(start + timedelta(days=n))
        )
        expected = days * len(DutySession.values)
        r = by_school.get(school.pk, {"logged": 0, "police": 0, "barriers": 0})
        result.append(
            {
                "school": school,
                "sessions": expected,
                "logged": r["logged"],
                "police": r["police"],
                "barriers": r["barriers"],
                "police_rate": round(100 * r["police"] / expected) if expected else None,
            }
        )
    return result


def students_out_on_permits(school, day):
    """For the roll (students.hooks): the students who left on an exit permit and are not back,
    with the reason as the roll shows it. No viewer: the roll opening asks, not a person."""
    rows = ExitPermit.objects.filter(
        school=school, status=ExitStatus.OUT, exited_at__date__lte=day
    ).values_list("student_id", "reason")
    return {
        student_id: _("Left on an exit permit: %(reason)s") % {"reason": reason}
        for student_id, reason in rows
    }


# Reunification after an incident --------------------------------------------------------------


def pick_up_list(student):
    """The guardians and the authorised pick-up persons of the student (not withdrawn)."""
    return (
        list(Guardian.objects.filter(student=student).order_by("pk")),
        list(PickupPerson.objects.filter(student=student, revoked_at__isnull=True).order_by("pk")),
    )


def still_waiting(roll, q=""):
    """The roll's students not handed over yet and not absent that day: injured first, then
    missing, then by class. Each row carries its mark on the roll (`mark`, None if unmarked)."""
    released = Release.objects.filter(roll=roll, student=OuterRef("pk"))
    mark = RollMark.objects.filter(roll=roll, student=OuterRef("pk")).values("status")[:1]
    absent = RollMark.objects.filter(roll=roll, student=OuterRef("pk"), status=MarkStatus.ABSENT)
    rows = (
        Student.objects.filter(school_id=roll.school_id, is_active=True)
        .exclude(Exists(released))
        .exclude(Exists(absent))
        .annotate(mark=Subquery(mark))
        .select_related("school_class")
    )
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(student_number__icontains=q))
    first = Case(
        When(mark=MarkStatus.INJURED, then=Value(0)),
        When(mark=MarkStatus.MISSING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.order_by(first, "school_class__grade", "school_class__name", "name", "pk")


def released(roll):
    return (
        Release.objects.filter(roll=roll)
        .select_related("student__school_class", "released_by")
        .order_by("-released_at", "-pk")
    )
