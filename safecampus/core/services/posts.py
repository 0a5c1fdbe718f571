"""Posts (岗位) with their safety duties, and who holds them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Post, PostAssignment
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.core.workflows import POST_ASSIGNMENT

FIELDS = ["name", "kind", "duties", "zone"]


def _check_name(post):
    clash = Post.objects.filter(school=post.school, name=post.name)
    if post.pk:
        clash = clash.exclude(pk=post.pk)
    if clash.exists():
        raise DomainError(_("This school already has a post with this name."))
    if post.zone is not None and post.zone.school_id != post.school_id:
        raise DomainError(_("The zone belongs to another school."))


@transaction.atomic
def create_post(*, actor, school, name, kind, duties, zone=None):
    require(actor, Cap.POST_MANAGE, school)
    post = Post(school=school, name=name.strip(), kind=kind, duties=duties.strip(), zone=zone)
    if not post.duties:
        raise DomainError(_("Write the post's safety duties."))
    _check_name(post)
    post.save()
    audit.record(actor=actor, org=school, action="post.create", obj=post, changes={"kind": kind})
    return post


@transaction.atomic
def update_post(*, actor, post, name, kind, duties, zone=None):
    require(actor, Cap.POST_MANAGE, post.school)
    before = audit.snapshot(post, FIELDS)
    post.name, post.kind, post.duties = name.strip(), kind, duties.strip()
    post.zone = zone
    if not post.duties:
        raise DomainError(_("Write the post's safety duties."))
    _check_name(post)
    changes = audit.diff(post, before, FIELDS)
    if changes:
        post.save()
        audit.record(actor=actor, org=post.school, action="post.update", obj=post, changes=changes)
    return post


@transaction.atomic
def assign_person(*, actor, post, person):
    require(actor, Cap.POST_MANAGE, post.school)
    if not Membership.objects.active().filter(user=person, org=post.school).exists():
        raise DomainError(_("Only current members of this school can hold its posts."))
    if PostAssignment.objects.active().filter(post=post, user=person).exists():
        raise DomainError(_("%(person)s already holds this post.") % {"person": person})
    assignment = PostAssignment.objects.create(post=post, user=person)
    audit.record(
        actor=actor,
        org=post.school,
        action="post.assign",
        obj=post,
        changes={"person": str(person)},
    )
    return assignment


@transaction.atomic
def end_assignment(*, actor, assignment):
    post = assignment.post
    require(actor, Cap.POST_MANAGE, post.school)
    POST_ASSIGNMENT.check(assignment, "end")
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["ended_at"])
    audit.record(
        actor=actor,
        org=post.school,
        action="post.unassign",
        obj=post,
        changes={"person": str(assignment.user)},
    )
    return assignment
