"""The school's traffic safety: adopt a new version of the traffic plan (一校一策), keep the
crossing posts, and put volunteers (小黄帽) on a post for a day. Each action is audited."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import CrossingPost, TrafficPlan, VolunteerShift

PLAN_FIELDS = ("peak_times", "zones", "routes", "crossings", "contacts", "follows")
REQUIRED = ("peak_times", "zones", "routes", "contacts", "follows")


@transaction.atomic
def adopt_plan(*, actor, school, adopted_on=None, **fields):
    """A new version of the plan; the earlier ones stay as they were."""
    require(actor, Cap.TRANSPORT_MANAGE, school)
    values = {name: (fields.get(name) or "").strip() for name in PLAN_FIELDS}
    errors = {name: _("This field is required.") for name in REQUIRED if not values[name]}
    if errors:
        raise InvalidFields(errors)
    values = {name: value[: 200 if name == "follows" else 4000] for name, value in values.items()}
    # Lock the school's versions so two people adopting at once get 1 and 2, not 1 twice.
    last = (
        TrafficPlan.objects.select_for_update()
        .filter(school=school)
        .aggregate(last=Max("version"))["last"]
    )
    plan = TrafficPlan.objects.create(
        school=school,
        version=(last or 0) + 1,
        adopted_on=adopted_on or timezone.localdate(),
        adopted_by=actor,
        **values,
    )
    audit.record(
        actor=actor,
        org=school,
        action="traffic.plan",
        obj=plan,
        changes={"version": plan.version, "follows": plan.follows},
    )
    return plan


@transaction.atomic
def add_post(*, actor, school, place, starts, ends):
    require(actor, Cap.TRANSPORT_MANAGE, school)
    place = (place or "").strip()[:120]
    if not place:
        raise InvalidFields({"place": _("This field is required.")})
    if ends <= starts:
        raise InvalidFields({"ends": _("The post must end after it starts.")})
    post = CrossingPost.objects.create(school=school, place=place, starts=starts, ends=ends)
    audit.record(actor=actor, org=school, action="traffic.post", obj=post)
    return post


@transaction.atomic
def add_volunteer(*, actor, post, day, name, phone=""):
    """A volunteer on the post for the day; the same name twice on a post and day is refused."""
    require(actor, Cap.TRANSPORT_MANAGE, post.school)
    name = (name or "").strip()[:40]
    if not name:
        raise InvalidFields({"name": _("This field is required.")})
    if not post.is_active:
        raise DomainError(_("This crossing post is no longer in use."))
    try:
        with transaction.atomic():
            shift = VolunteerShift.objects.create(
                post=post, day=day, name=name, phone=(phone or "").strip()[:20], added_by=actor
            )
    except IntegrityError:
        raise DomainError(
            _("%(name)s is already on this post that day.") % {"name": name}
        ) from None
    audit.record(
        actor=actor,
        org=post.school,
        action="traffic.volunteer",
        obj=post,
        changes={"day": str(day), "name": name},
    )
    return shift
