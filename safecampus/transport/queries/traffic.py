"""Reads of the school's traffic safety: the plan in force and its versions, the posts, and the
volunteer roster of a week by post and day (one query for the week)."""

from collections import defaultdict
from datetime import date, timedelta

from safecampus.core.access import visible_to
from safecampus.core.roles import Cap
from safecampus.transport.models import CrossingPost, TrafficPlan, VolunteerShift


def plans(*, user, school):
    rows = visible_to(user, TrafficPlan, Cap.TRANSPORT_VIEW).filter(school=school)
    return rows.select_related("adopted_by").order_by("-version")


def plan_in_force(user, school):
    return plans(user=user, school=school).first()


def posts(*, user, school):
    rows = visible_to(user, CrossingPost, Cap.TRANSPORT_VIEW).filter(school=school)
    return rows.filter(is_active=True).order_by("starts", "place", "pk")


def post_for(user, school, post_id):
    return posts(user=user, school=school).filter(pk=post_id)


# The weeks a roster may be asked for: a date far outside them (year 1, 9999) would overflow
# when the page computes the weeks before and after.
FIRST_DAY, LAST_DAY = date(2000, 1, 3), date(2099, 12, 28)


def week_of(day):
    """Monday to Sunday of the week of `day` (kept within FIRST_DAY..LAST_DAY)."""
    day = min(max(day, FIRST_DAY), LAST_DAY)
    start = day - timedelta(days=day.weekday())
    return [start + timedelta(days=i) for i in range(7)]


def roster(*, user, school, days):
    """{(post id, day): [shift, ...]} for the days, and the posts themselves."""
    rows = posts(user=user, school=school)
    shifts = defaultdict(list)
    for shift in VolunteerShift.objects.filter(
        post__in=rows.values("pk"), day__gte=days[0], day__lte=days[-1]
    ).order_by("name", "pk"):
        shifts[(shift.post_id, shift.day)].append(shift)
    return list(rows), shifts


def gaps(post_rows, shifts, days):
    """School days of the week (Monday to Friday) with a post that has nobody on it."""
    return [
        (post, day)
        for day in days
        if day.weekday() < 5
        for post in post_rows
        if not shifts.get((post.pk, day))
    ]
