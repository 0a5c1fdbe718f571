"""Scoping: what a user may see, and what they may do there.

Every read starts from `visible_to(user, Model)`; every fetch by id goes through
`get_visible_or_404`, which answers "not found" alike for missing and foreign objects.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from safecampus.core.models import (
    ApiToken,
    Attachment,
    AuditEvent,
    CalendarException,
    Delivery,
    Department,
    LetterRecipient,
    Membership,
    Notification,
    NotificationSettings,
    Org,
    OrgKind,
    Post,
    PostAssignment,
    ResponsibilityLetter,
    Robot,
    Term,
    User,
    Zone,
)
from safecampus.core.roles import CAPABILITIES, capabilities_of

# How each model reaches the org that owns it. Later apps add theirs with `register_scope`.
SCOPE_PATHS = {
    Org: "",
    Zone: "school",
    Post: "school",
    Department: "school",
    PostAssignment: "post__school",
    Membership: "org",
    ResponsibilityLetter: "school",
    LetterRecipient: "letter__school",
    Attachment: "org",
    AuditEvent: "org",
    Term: "org",
    CalendarException: "org",
    Robot: "org",
}
# Personal rows: visible to their owner only.
OWNER_PATHS = {
    Notification: "user",
    NotificationSettings: "user",
    ApiToken: "user",
    Delivery: "notification__user",
}


def register_scope(model, path):
    SCOPE_PATHS[model] = path


def active_memberships(user):
    """The user's active memberships with their orgs, loaded once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_sc_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("org"))
        user._sc_memberships = cached
    return cached


def remember_memberships(user, memberships):
    """Give `user` the active memberships (with their orgs) read together with them."""
    forget_memberships(user)
    user._sc_memberships = memberships


def person_of(memberships):
    """The person these active memberships belong to (all of one person, read with
    `select_related("org", "user")`), given them, so that one query reads a person and their
    roles; None when there are none."""
    if not memberships:
        return None
    user = memberships[0].user
    for membership in memberships:
        membership.user = user
    remember_memberships(user, memberships)
    return user


def forget_memberships(user):
    user.__dict__.pop("_sc_memberships", None)
    user.__dict__.pop("_sc_capabilities", None)


def _root_paths(user, capability=None):
    paths = sorted(
        {
            m.org.path
            for m in active_memberships(user)
            if capability is None or capability in capabilities_of(m.role)
        }
    )
    # A path under another one adds nothing.
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def visible_orgs(user, capability=None):
    """Orgs under the user's memberships (only those whose role grants `capability`, if given)."""
    if not user.is_authenticated:
        return Org.objects.none()
    if user.is_superuser:
        return Org.objects.all()
    paths = _root_paths(user, capability)
    if not paths:
        return Org.objects.none()
    return Org.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def visible_schools(user):
    return visible_orgs(user).filter(kind=OrgKind.SCHOOL)


def visible_to(user, model, capability=None):
    """The rows of `model` this user may see (through roles granting `capability`, if given)."""
    manager = model._default_manager
    if model is User:
        if user.is_superuser:
            return manager.all()
        orgs = visible_orgs(user, capability).values("pk")
        return manager.filter(
            Q(pk=user.pk) | Q(pk__in=Membership.objects.filter(org__in=orgs).values("user"))
        )
    if model in OWNER_PATHS:
        return manager.filter(**{OWNER_PATHS[model]: user})
    path = SCOPE_PATHS.get(model)
    if path is None:
        raise LookupError(f"{model.__name__} has no scope: add it with register_scope()")
    if model is Org:
        return visible_orgs(user, capability)
    if user.is_superuser:
        return manager.all()
    return manager.filter(**{f"{path}__in": visible_orgs(user, capability).values("pk")})


def get_visible_or_404(user, model, pk, queryset=None):
    qs = queryset if queryset is not None else visible_to(user, model)
    try:
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        # OverflowError: an id beyond the database's integer range names no row either.
        raise Http404 from None


def first_or_404(queryset):
    """The first row of an already scoped queryset; none is a 404, as for a missing id."""
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def get_school_or_404(user, pk):
    # A school the person is a member of is already loaded with their memberships.
    for membership in active_memberships(user):
        school = membership.org
        if school.kind == OrgKind.SCHOOL and str(school.pk) == str(pk):
            return school
    return get_visible_or_404(user, Org, pk, queryset=visible_schools(user))


def capabilities(user, org):
    """Everything the user may do in `org`: the union of the roles held there or above it."""
    if not user.is_authenticated:
        return frozenset()
    # Kept beside the memberships they come from (forget_memberships drops both), for the many
    # checks of one page.
    known = user.__dict__.setdefault("_sc_capabilities", {})
    caps = known.get(org.path)
    if caps is None:
        roles = [m.role for m in active_memberships(user) if org.path.startswith(m.org.path)]
        caps = known[org.path] = frozenset().union(*map(capabilities_of, roles))
    return caps


def has_cap(user, capability, org):
    if user.is_superuser:
        return True
    return capability in capabilities(user, org)


def roles_in(user, org):
    return {m.role for m in active_memberships(user) if org.path.startswith(m.org.path)}


def holders(capability, org):
    """Active people whose role, at `org` or above it, grants `capability`."""
    roles = [role for role, caps in CAPABILITIES.items() if capability in caps]
    return User.objects.filter(
        is_active=True,
        memberships__ended_at__isnull=True,
        memberships__role__in=roles,
        memberships__org_id__in=org.ancestor_ids(),
    ).distinct()


def primary_org(user):
    """The org a person mostly works in: their first active membership (schools first)."""
    memberships = active_memberships(user)
    if not memberships:
        return None
    ordered = sorted(memberships, key=lambda m: (m.org.kind != OrgKind.SCHOOL, m.started_at))
    return ordered[0].org
