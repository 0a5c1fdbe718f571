"""A bureau publishes one of its checklists with a schedule to its schools, and withdraws it.

Publishing makes one Schedule per matching school, owned by the publication: the school's
normal task generation then puts the check in "my checks today" of the holder of the chosen post.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Post
from safecampus.core.models.grid import PostKind
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.core.targets import clean_target, describe, matching_schools
from safecampus.inspections.models import CheckTask, Publication, Schedule, TaskStatus
from safecampus.inspections.services.schedules import generate_tasks, validate_timing

TIMING = (
    "recurrence",
    "weekday",
    "day_number",
    "at",
    "window_minutes",
    "starts_on",
    "ends_on",
    "school_days_only",
)


def _posts(schools, post_kind):
    """school id → the school's first post of the kind (one query for every school)."""
    first = {}
    rows = Post.objects.filter(school__in=schools, kind=post_kind).order_by("school_id", "pk")
    for post in rows.only("pk", "school_id"):
        first.setdefault(post.school_id, post)
    return first


@transaction.atomic
def publish(*, actor, bureau, template, target, post_kind, now=None, **timing):
    """One schedule per school the target picks; refused when it picks none."""
    require(actor, Cap.CHECK_PUBLISH, bureau)
    if bureau.is_school:
        raise DomainError(_("Only a bureau publishes checks to schools."))
    if template.school_id != bureau.pk or template.archived:
        raise DomainError(_("Choose one of the bureau's checklists."))
    if post_kind not in PostKind.values:
        raise DomainError(_("Choose the post that does the check at each school."))
    fields = {key: timing.get(key) for key in TIMING}
    fields["school_days_only"] = bool(fields["school_days_only"])
    if fields["window_minutes"] is None:
        fields["window_minutes"] = 60
    validate_timing(fields)
    target = clean_target(target)
    schools = list(matching_schools(bureau, target).order_by("path"))
    if not schools:
        raise DomainError(_("No school under the bureau matches this choice."))
    now = now or timezone.now()
    publication = Publication.objects.create(
        bureau=bureau,
        template=template,
        post_kind=post_kind,
        target=target,
        published_by=actor,
        published_at=now,
        **fields,
    )
    posts = _posts(schools, post_kind)
    Schedule.objects.bulk_create(
        [
            Schedule(
                school=school,
                template=template,
                post=posts.get(school.pk),
                publication=publication,
                **fields,
            )
            for school in schools
        ]
    )
    audit.record(
        actor=actor,
        org=bureau,
        action="check.publish",
        obj=publication,
        changes={
            "checklist": template.name,
            "schools": len(schools),
            "target": describe(bureau, target),
        },
    )
    # Today's and tomorrow's checks at once, as when a school schedules one itself.
    today = timezone.localdate(now)
    by_school = {s.school_id: s for s in publication.schedules.all()}
    for school in schools:
        generate_tasks(school, today, today + timedelta(days=1), schedules=[by_school[school.pk]])
    return publication


@transaction.atomic
def withdraw(*, actor, publication, now=None):
    """No more checks at any school; the ones not yet open are withdrawn, done ones stay."""
    require(actor, Cap.CHECK_PUBLISH, publication.bureau)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.withdrawn_at is not None:
        raise DomainError(_("This publication was already withdrawn."))
    now = now or timezone.now()
    publication.withdrawn_at = now
    publication.withdrawn_by = actor
    publication.save(update_fields=["withdrawn_at", "withdrawn_by"])
    publication.schedules.update(active=False)
    CheckTask.objects.filter(
        schedule__publication=publication, status=TaskStatus.DUE, due_from__gt=now
    ).delete()
    audit.record(
        actor=actor,
        org=publication.bureau,
        action="check.withdraw",
        obj=publication,
        changes={"checklist": publication.template.name},
    )
    return publication
