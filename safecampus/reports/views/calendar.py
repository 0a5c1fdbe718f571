"""The school's safety calendar (安全工作序列表): a month and a list of a term, its xlsx, and a
person's private iCal link for a phone's calendar."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from safecampus.core.access import capabilities
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.reports import feeds, queries, seasons, services
from safecampus.reports.exports import calendar_xlsx

WEEKDAYS = [
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
]
# How far the phone's feed reaches: the last month and the next half year and more.
FEED_BEFORE, FEED_AFTER = 31, 200


def _period(request, school):
    today = timezone.localdate()
    terms = queries.calendar_terms(school)
    term = queries.chosen_term(terms, request.GET.get("term", ""), today)
    if term is not None:
        return terms, term, term.start, term.end
    first = today.replace(day=1)
    return terms, None, first, first + timedelta(days=150)


def _month(request, start, end):
    """The month asked for (?month=2026-09) inside the term, else this month if inside, else
    the term's first month."""
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        chosen = today.replace(day=1)
    if not start.replace(day=1) <= chosen <= end:
        chosen = start.replace(day=1)
    return chosen


def _shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _page(request, school, *, new_url=None, status=200):
    terms, term, start, end = _period(request, school)
    caps = capabilities(request.user, school) if not request.user.is_superuser else None
    rows = [
        (item, item.url if caps is None or not item.cap or item.cap in caps else "")
        for item in queries.calendar_items(school, start, end)
    ]
    view = "list" if request.GET.get("view") == "list" else "month"
    context = {
        "school": school,
        "terms": terms,
        "term": term,
        "start": start,
        "end": end,
        "view": view,
        "lead_days": seasons.lead_days(school),
        "rules": seasons.rules_for(school),
        "feeds": queries.my_feeds(request.user, school),
        "new_url": new_url,
        "weekdays": WEEKDAYS,
    }
    if view == "list":
        context["page"] = paginate(request, rows)
    else:
        first = _month(request, start, end)
        weeks, band = queries.month_grid(school, first, rows)
        earlier, later = _shift(first, -1), _shift(first, 1)
        context.update(
            month=first,
            weeks=weeks,
            band=band,
            month_rows=[r for r in rows if r[0].start <= _shift(first, 1) - timedelta(days=1)
                        and r[0].end >= first],
            earlier=earlier if earlier >= start.replace(day=1) else None,
            later=later if later <= end else None,
        )  # fmt: skip
    return render(request, "reports/calendar.html", context, status=status)


@school_view(Cap.REPORT_VIEW)
def calendar(request, school):
    return _page(request, school)


@school_view(Cap.REPORT_VIEW)
def calendar_export(request, school):
    _terms, term, start, end = _period(request, school)
    name = term.name if term else f"{start:%Y%m%d}-{end:%Y%m%d}"
    return calendar_xlsx(
        queries.calendar_items(school, start, end), f"{school.name}{name}安全工作序列表"
    )


@school_view(Cap.REPORT_VIEW)
def feed_new(request, school):
    """A new private link: shown on the page once, never again."""
    if request.method != "POST":
        return redirect("reports:calendar", school.pk)
    with service_call(request) as call:
        _feed, key = services.create_feed(actor=request.user, school=school)
    if not call.ok:
        return redirect("reports:calendar", school.pk)
    url = settings.SAFECAMPUS_SITE_URL + reverse("reports:calendar_feed", args=[key])
    return _page(request, school, new_url=url)


@school_view(Cap.REPORT_VIEW)
def feed_revoke(request, school, feed_id):
    if request.method != "POST":
        return redirect("reports:calendar", school.pk)
    feed = queries.my_feed(request.user, feed_id)
    if feed.school_id != school.pk:
        raise Http404
    with service_call(request) as call:
        services.revoke_feed(actor=request.user, feed=feed)
    if call.ok:
        messages.success(request, _("The link is revoked: a calendar using it gets nothing more."))
    return redirect("reports:calendar", school.pk)


def calendar_feed(request, key):
    """The iCal feed, for a phone's calendar app that cannot log in: the key in the URL is the
    proof. An unknown or revoked key is a 404, as is a holder who lost the school."""
    feed = queries.public_feed(key[:100])
    if feed is None:
        raise Http404
    today = timezone.localdate()
    items = queries.calendar_items(
        feed.school, today - timedelta(days=FEED_BEFORE), today + timedelta(days=FEED_AFTER)
    )
    body = feeds.ical(
        feed.school, items, seasons.lead_days(feed.school), settings.SAFECAMPUS_SITE_URL
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
