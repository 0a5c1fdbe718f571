"""Read side of the shared kernel. Every function takes the viewer and starts from their scope."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from safecampus.core import summary
from safecampus.core.access import has_cap, primary_org, visible_orgs, visible_schools, visible_to
from safecampus.core.models import (
    ApiToken,
    AuditEvent,
    CalendarException,
    DayKind,
    LetterRecipient,
    Membership,
    Notification,
    NotificationSettings,
    OrgKind,
    Post,
    PostAssignment,
    ResponsibilityLetter,
    Term,
    User,
    Zone,
)
from safecampus.core.roles import Cap

# Org tree ----------------------------------------------------------------------------------


# A bureau with more schools than this sees its bureaus with their totals and its schools a page
# at a time, found by name: a city's thousand rows are no use on one screen. A smaller one sees
# every school in the tree.
SCHOOLS_IN_TREE = 100


@dataclass
class OrgTree:
    """The visible tree under a root: `rows` are (org, with `level`, `school_total`,
    `student_total`, `member_count` and, on schools, `zone_count`) in path order; schools are
    among them only when `schools_shown`, otherwise `tree_schools` pages them."""

    rows: list
    school_count: int
    student_count: int
    schools_shown: bool


def _count(model, field, **filters):
    """The number of `model` rows whose `field` is the outer row: a subquery per row, so two
    counts never multiply each other's rows as two joins would."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _with_counts(orgs):
    return orgs.annotate(
        zone_count=_count(Zone, "school"),
        member_count=_count(Membership, "org", ended_at__isnull=True),
    )


def org_tree(*, user, root=None):
    """The visible tree under `root` with school and student totals on every bureau: a fixed
    number of queries however many schools it holds."""
    orgs = visible_orgs(user)
    if root is not None:
        orgs = orgs.filter(path__startswith=root.path)
    schools = orgs.filter(kind=OrgKind.SCHOOL)
    # Schools counted per parent (one GROUP BY), then added up to every bureau above the parent.
    per_parent = list(
        schools.order_by()
        .values("parent_id", "parent__path")
        .annotate(n=Count("id"), students=Sum(F("day_students") + F("boarding_students")))
    )
    school_count = sum(p["n"] for p in per_parent)
    shown = school_count <= SCHOOLS_IN_TREE
    rows = list(_with_counts(orgs if shown else orgs.exclude(kind=OrgKind.SCHOOL)).order_by("path"))
    by_id = {o.pk: o for o in rows}
    top = min((o.depth for o in rows), default=0)
    for o in rows:
        o.level = o.depth - top
        o.school_total = 1 if o.is_school else 0
        o.student_total = o.enrolment if o.is_school else 0
    for p in per_parent:
        for part in (p["parent__path"] or "").strip("/").split("/"):
            ancestor = by_id.get(int(part)) if part else None
            if ancestor is not None:
                ancestor.school_total += p["n"]
                ancestor.student_total += p["students"] or 0
    students = rows[0].student_total if rows else 0
    return OrgTree(rows, school_count, students, shown)


def tree_schools(*, user, root, search=""):
    """The visible schools under `root` with their zone and member counts, for the paged part of
    a big bureau's tree; `search` looks in names and codes."""
    qs = visible_schools(user).filter(path__startswith=root.path).select_related("parent")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return _with_counts(qs).order_by("path")


def schools(*, user, search=""):
    qs = visible_schools(user).select_related("parent")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs.order_by("path")


# Zones and posts ---------------------------------------------------------------------------


def zone_tree(*, user, school):
    """The school's zones as (zone, depth) in tree order, with the responsible person loaded."""
    zones = list(
        visible_to(user, Zone).filter(school=school).select_related("responsible").order_by("name")
    )
    children = {}
    for z in zones:
        children.setdefault(z.parent_id, []).append(z)
    rows = []

    def walk(parent_id, depth):
        for z in children.get(parent_id, []):
            rows.append((z, depth))
            walk(z.pk, depth + 1)

    walk(None, 0)
    return rows


def zone_choices(*, user, school, exclude=None):
    """Zones for a 'placed inside' picker, indented; a zone cannot go inside its own subtree."""
    rows = zone_tree(user=user, school=school)
    if exclude is None:
        return rows
    banned = {exclude.pk}
    for z, _depth in rows:
        if z.parent_id in banned:
            banned.add(z.pk)
    return [(z, d) for z, d in rows if z.pk not in banned]


def posts(*, user, school):
    holders = PostAssignment.objects.active().select_related("user")
    return (
        visible_to(user, Post)
        .filter(school=school)
        .select_related("zone")
        .prefetch_related(Prefetch("assignments", queryset=holders, to_attr="holders"))
        .order_by("kind", "name")
    )


def school_zones(*, user, school):
    """The school's zones, to look one up by id (a parent, the zone a record names)."""
    return visible_to(user, Zone).filter(school=school)


def school_posts(*, user, school, ids):
    """The school's posts among `ids` (those of another school are left out)."""
    return visible_to(user, Post).filter(school=school, pk__in=ids)


def assignments(*, user, school):
    """The school's post assignments, current and ended, to look one up by id."""
    return (
        visible_to(user, PostAssignment).filter(post__school=school).select_related("post", "user")
    )


# People ------------------------------------------------------------------------------------


def members(*, user, school, search="", role="", include_inactive=False):
    """People of a school with their current roles and posts, for the paginated staff list."""
    memberships = Membership.objects.filter(org=school).select_related("department")
    if not include_inactive:
        memberships = memberships.filter(ended_at__isnull=True)
    qs = (
        visible_to(user, User)
        .filter(pk__in=memberships.values("user"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active()
                .filter(org=school)
                .select_related("department"),
                to_attr="school_roles",
            ),
            Prefetch(
                "post_assignments",
                queryset=PostAssignment.objects.active()
                .filter(post__school=school)
                .select_related("post"),
                to_attr="school_posts",
            ),
        )
        .order_by("display_name", "username")
    )
    if role:
        qs = qs.filter(pk__in=memberships.filter(role=role, ended_at__isnull=True).values("user"))
    if search:
        qs = qs.filter(
            Q(display_name__icontains=search) | Q(username__icontains=search) | Q(mobile=search)
        )
    return qs


def memberships(*, user, school):
    """The school's memberships, current and ended, to look one up by id."""
    return visible_to(user, Membership).filter(org=school).select_related("user", "org")


def current_memberships(*, user, school, person):
    """The roles the person holds at the school now."""
    return visible_to(user, Membership).active().filter(org=school, user=person)


def person_history(*, school, person):
    return {
        "memberships": Membership.objects.filter(org=school, user=person)
        .select_related("department")
        .order_by("-started_at"),
        "assignments": PostAssignment.objects.filter(post__school=school, user=person)
        .select_related("post")
        .order_by("-started_at"),
    }


def school_people_choices(school):
    """Current members of a school, for pickers (responsible person, post holder)."""
    return (
        User.objects.filter(
            pk__in=Membership.objects.active().filter(org=school).values("user"), is_active=True
        )
        .order_by("display_name")
        .distinct()
    )


# Letters -----------------------------------------------------------------------------------


def letters(*, user, school):
    return (
        visible_to(user, ResponsibilityLetter)
        .filter(school=school)
        .select_related("issued_by")
        .annotate(
            recipient_count=Count("recipients"),
            signed_count=Count("recipients", filter=Q(recipients__signed_at__isnull=False)),
        )
        .order_by("-issued_at", "-pk")
    )


def letters_open_to(*, user, school):
    """The school's letters this person may open: all of them for a manager, otherwise only
    the letters issued to them."""
    qs = (
        visible_to(user, ResponsibilityLetter)
        .filter(school=school)
        .select_related("issued_by", "attachment")
    )
    if not has_cap(user, Cap.LETTER_VIEW, school):
        qs = qs.filter(recipients__user=user)
    return qs


def own_recipient_row(*, user, letter):
    """The person's own row on the letter (to sign it), or None when it was not issued to them."""
    return visible_to(user, LetterRecipient).filter(letter=letter, user=user).first()


def letter_recipients(letter, *, unsigned_only=False):
    qs = letter.recipients.select_related("user").order_by("signed_at", "user__display_name", "pk")
    if unsigned_only:
        qs = qs.filter(signed_at__isnull=True)
    return qs


def unsigned_letters(user):
    return (
        LetterRecipient.objects.filter(user=user, signed_at__isnull=True)
        .select_related("letter__school")
        .order_by("-letter__issued_at")
    )


# Calendar ----------------------------------------------------------------------------------


def _chain(school):
    """Org ids from the school up to the root, nearest first."""
    return list(reversed(school.ancestor_ids()))


def calendar_entries(org):
    """Terms and days set at this org and above it, for the calendar page."""
    ids = org.ancestor_ids()
    terms = Term.objects.filter(org_id__in=ids).select_related("org").order_by("start")
    days = CalendarException.objects.filter(org_id__in=ids).select_related("org").order_by("start")
    return terms, days


class SchoolCalendar:
    """Answers "is this a school day?" for one school over a range, from two queries."""

    def __init__(self, school, start, end):
        chain = _chain(school)
        self.rank = {org_id: i for i, org_id in enumerate(chain)}
        self.terms = list(Term.objects.filter(org_id__in=chain, start__lte=end, end__gte=start))
        self.days = list(
            CalendarException.objects.filter(org_id__in=chain, start__lte=end, end__gte=start)
        )

    def _nearest(self, rows, day):
        """The covering row of the org nearest the school; between equals, a holiday wins."""
        covering = [r for r in rows if r.start <= day <= r.end]
        if not covering:
            return None
        return min(
            covering,
            key=lambda r: (self.rank[r.org_id], getattr(r, "kind", "") != DayKind.HOLIDAY),
        )

    def term(self, day):
        return self._nearest(self.terms, day)

    def is_school_day(self, day):
        # An explicit entry decides first: a make-up day counts even just outside a term.
        exception = self._nearest(self.days, day)
        if exception is not None:
            return exception.kind == DayKind.SCHOOL_DAY
        return self.term(day) is not None and day.weekday() < 5


def school_calendars(schools, start, end):
    """{school id: SchoolCalendar} for many schools over a range, from two queries whatever
    the number of schools (a bureau's figures across its schools)."""
    schools = list(schools)
    ids = {org_id for school in schools for org_id in school.ancestor_ids()}
    terms = list(Term.objects.filter(org_id__in=ids, start__lte=end, end__gte=start))
    days = list(CalendarException.objects.filter(org_id__in=ids, start__lte=end, end__gte=start))
    found = {}
    for school in schools:
        calendar = SchoolCalendar.__new__(SchoolCalendar)
        calendar.rank = {org_id: i for i, org_id in enumerate(_chain(school))}
        calendar.terms = [row for row in terms if row.org_id in calendar.rank]
        calendar.days = [row for row in days if row.org_id in calendar.rank]
        found[school.pk] = calendar
    return found


def is_school_day(school, day):
    return SchoolCalendar(school, day, day).is_school_day(day)


def school_days(school, start, end):
    """The school's school days from `start` to `end`, both included, by its calendar."""
    cal = SchoolCalendar(school, start, end)
    days = []
    day = start
    while day <= end:
        if cal.is_school_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def weekdays_before(day, count):
    """The last `count` weekdays before `day`, oldest first: school days as the demo and the
    city reckon them for their bus trips, without reading a calendar."""
    days = []
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days[::-1]


def current_term(school, day=None):
    day = day or timezone.localdate()
    return SchoolCalendar(school, day, day).term(day)


# Notifications and audit -------------------------------------------------------------------


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user):
    return Notification.objects.filter(user=user).prefetch_related("deliveries")


def notification_settings(user):
    """The person's settings; the defaults, unsaved, until they first save them."""
    return visible_to(user, NotificationSettings).first() or NotificationSettings(user=user)


def active_tokens(user):
    return visible_to(user, ApiToken).filter(revoked_at__isnull=True)


def audit_events(*, user, org, actor_id=None, action="", day_from=None, day_to=None):
    qs = visible_to(user, AuditEvent).filter(org=org).select_related("actor")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if day_from:
        qs = qs.filter(created_at__date__gte=day_from)
    if day_to:
        qs = qs.filter(created_at__date__lte=day_to)
    return qs.order_by("-created_at", "-seq")


def audit_actors(*, user, org):
    """The people who appear in the org's audit trail, for the filter."""
    actors = visible_to(user, AuditEvent).filter(org=org).values("actor").distinct()
    return User.objects.filter(pk__in=actors).order_by("display_name")


def audit_actions(org):
    return (
        AuditEvent.objects.filter(org=org)
        .values_list("action", flat=True)
        .distinct()
        .order_by("action")
    )


# Home ----------------------------------------------------------------------------------------


def home(user):
    """What the home page shows this person: their work first, then their school's recent news."""
    org = primary_org(user)
    data = {"org": org, "unsigned": list(unsigned_letters(user)[:10])}
    data["zones"] = list(
        Zone.objects.filter(responsible=user)
        .select_related("school", "parent")
        .order_by("name")[:20]
    )
    data["posts"] = list(
        PostAssignment.objects.active()
        .filter(user=user)
        .select_related("post__school", "post__zone")
    )
    if org is not None and org.is_school:
        data["hazards_to_fix"] = user.hazards_to_fix.filter(status="rectifying").count()
        data["counts"] = summary.counts(user, org)
        data["recent"] = summary.feed(user, org)
    # An outside department's person holds a district's role but reads none of its schools.
    if org is not None and org.is_bureau and has_cap(user, Cap.ORG_VIEW, org):
        data["tree"] = org_tree(user=user, root=org)
    return data


def zone_index(school):
    """{zone id: (parent id, name)} for a school, from one query: for a zone's ancestors."""
    return {
        pk: (parent, name)
        for pk, parent, name in Zone.objects.filter(school=school).values_list(
            "pk", "parent_id", "name"
        )
    }


def zone_paths(school):
    """{zone id: "教学楼A › 3楼"}: each zone's stored full path, from one query."""
    return dict(Zone.objects.filter(school=school).values_list("pk", "path_name"))


# The API's lists ---------------------------------------------------------------------------


def org_list(*, user):
    return visible_orgs(user).order_by("path")


def zone_list(*, user, school=None):
    qs = visible_to(user, Zone, Cap.ZONE_VIEW).order_by("school_id", "name", "pk")
    return qs if school is None else qs.filter(school=school)


def post_list(*, user, school=None):
    """Posts with their current holders' assignments (`holders`)."""
    qs = (
        visible_to(user, Post, Cap.POST_VIEW)
        .prefetch_related(
            Prefetch("assignments", queryset=PostAssignment.objects.active(), to_attr="holders")
        )
        .order_by("school_id", "kind", "name")
    )
    return qs if school is None else qs.filter(school=school)


def people_list(*, user, school=None, search=""):
    """People the user may see, each with the roles they hold in orgs the user sees
    (`visible_roles`): another org's membership is not theirs to know."""
    roles = (
        Membership.objects.active()
        .filter(org__in=visible_orgs(user, Cap.PEOPLE_VIEW).values("pk"))
        .select_related("org")
    )
    qs = (
        visible_to(user, User, Cap.PEOPLE_VIEW)
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="visible_roles"))
        .order_by("display_name", "pk")
    )
    if school is not None:
        qs = qs.filter(memberships__org=school).distinct()
    if search:
        qs = qs.filter(display_name__icontains=search)
    return qs
