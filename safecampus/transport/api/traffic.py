"""The school's traffic safety over the API: the plan in force and its versions, adopting a new
version, the crossing posts and a week's volunteer roster."""

from datetime import date, time

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import first_or_404
from safecampus.core.api_helpers import school_for
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.transport.queries import traffic as queries
from safecampus.transport.services import traffic as services

router = Router()


class TrafficPlanOut(Schema):
    id: int
    version: int
    peak_times: str
    zones: str
    routes: str
    crossings: str
    contacts: str
    follows: str
    adopted_on: date
    adopted_by: str

    @staticmethod
    def resolve_adopted_by(obj):
        return str(obj.adopted_by)


class TrafficPlanIn(Schema):
    peak_times: str = Field(max_length=4000)
    zones: str = Field(max_length=4000)
    routes: str = Field(max_length=4000)
    crossings: str = Field("", max_length=4000)
    contacts: str = Field(max_length=4000)
    follows: str = Field(max_length=200)


class CrossingPostOut(Schema):
    id: int
    place: str
    starts: time
    ends: time


class CrossingPostIn(Schema):
    place: str = Field(max_length=120)
    starts: time
    ends: time


class VolunteerIn(Schema):
    day: date
    name: str = Field(max_length=40)
    phone: str = Field("", max_length=20)


class VolunteerOut(Schema):
    id: int
    post_id: int
    day: date
    name: str


class TrafficOut(Schema):
    plan: TrafficPlanOut | None
    posts: list[CrossingPostOut]


class RosterDayOut(Schema):
    post_id: int
    day: date
    volunteers: list[str]


@router.get("/schools/{school_id}/traffic", response=TrafficOut)
def traffic(request, school_id: int):
    """The plan in force (null when there is none) and the crossing posts in use."""
    school = school_for(request, school_id, Cap.TRANSPORT_VIEW)
    return {
        "plan": queries.plan_in_force(request.user, school),
        "posts": list(queries.posts(user=request.user, school=school)),
    }


@router.get("/schools/{school_id}/traffic/plans", response=list[TrafficPlanOut])
@paginate(Pagination, page_size=50)
def plan_list(request, school_id: int):
    school = school_for(request, school_id, Cap.TRANSPORT_VIEW)
    return queries.plans(user=request.user, school=school)


@router.post("/schools/{school_id}/traffic/plans", response={201: TrafficPlanOut})
def plan_adopt(request, school_id: int, payload: TrafficPlanIn):
    """A new version of the plan; earlier versions are kept."""
    school = school_for(request, school_id, Cap.TRANSPORT_MANAGE)
    plan = services.adopt_plan(actor=request.user, school=school, **payload.dict())
    return Status(201, plan)


@router.post("/schools/{school_id}/traffic/posts", response={201: CrossingPostOut})
def post_add(request, school_id: int, payload: CrossingPostIn):
    school = school_for(request, school_id, Cap.TRANSPORT_MANAGE)
    return Status(201, services.add_post(actor=request.user, school=school, **payload.dict()))


@router.get("/schools/{school_id}/traffic/roster", response=list[RosterDayOut])
def roster(request, school_id: int, week: date | None = None):
    """The week's volunteers (Monday to Sunday of `week`, this week by default) by post and day."""
    school = school_for(request, school_id, Cap.TRANSPORT_VIEW)
    days = queries.week_of(week or timezone.localdate())
    posts, shifts = queries.roster(user=request.user, school=school, days=days)
    return [
        {
            "post_id": post.pk,
            "day": day,
            "volunteers": [s.name for s in shifts.get((post.pk, day), [])],
        }
        for post in posts
        for day in days
    ]


@router.post(
    "/schools/{school_id}/traffic/posts/{post_id}/volunteers", response={201: VolunteerOut}
)
def volunteer_add(request, school_id: int, post_id: int, payload: VolunteerIn):
    school = school_for(request, school_id, Cap.TRANSPORT_MANAGE)
    post = first_or_404(queries.post_for(request.user, school, post_id))
    return Status(201, services.add_volunteer(actor=request.user, post=post, **payload.dict()))
