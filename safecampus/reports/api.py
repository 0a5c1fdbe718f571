"""Reports over the API: summaries (ask for one, follow its progress, download the document)
and the school's safety calendar."""

from datetime import date, datetime, timedelta
from typing import Annotated

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import InvalidFields
from safecampus.core.oneline import OneLine
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.reports import queries, seasons, services
from safecampus.reports.models import SummaryStatus

router = Router(tags=["reports"])


class ReportSummaryIn(Schema):
    title: Annotated[OneLine, Field(min_length=1, max_length=120)]
    start: date
    end: date
    # "summary", or another document ("risk": the risk assessment report).
    kind: Annotated[str, Field(min_length=1, max_length=16)] = "summary"


class ReportSummaryOut(Schema):
    id: int
    org_id: int
    title: str
    kind: str
    start: date
    end: date
    status: SummaryStatus
    progress: int
    size: int
    requested_by: str
    requested_at: datetime
    finished_at: datetime | None
    file_url: str | None
    pdf_url: str | None

    @staticmethod
    def resolve_requested_by(summary):
        if summary.requested_by is None:
            return _("the system (on its schedule)")
        return summary.requested_by.display_name or summary.requested_by.username

    @staticmethod
    def resolve_pdf_url(summary):
        if summary.status != SummaryStatus.DONE or not summary.pdf:
            return None
        return f"/api/v1/summaries/{summary.pk}/file.pdf"

    @staticmethod
    def resolve_file_url(summary):
        if summary.status != SummaryStatus.DONE:
            return None
        return f"/api/v1/summaries/{summary.pk}/file"


def _visible(request, summary_id):
    summary = queries.summary(request.user, summary_id)
    require(request.user, Cap.REPORT_VIEW, summary.org)
    return summary


@router.get("/orgs/{org_id}/summaries", response=list[ReportSummaryOut])
@paginate(Pagination, page_size=50)
def summary_list(request, org_id: int):
    org = org_for(request, org_id, Cap.REPORT_VIEW)
    return queries.summaries(request.user, org)


@router.post("/orgs/{org_id}/summaries", response={201: ReportSummaryOut})
def summary_request(request, org_id: int, payload: ReportSummaryIn):
    org = org_for(request, org_id, Cap.REPORT_MAKE)
    summary = services.request_summary(
        actor=request.user,
        org=org,
        title=payload.title,
        start=payload.start,
        end=payload.end,
        kind=payload.kind,
    )
    return Status(201, summary)


@router.get("/summaries/{summary_id}", response=ReportSummaryOut)
def summary_detail(request, summary_id: int):
    return _visible(request, summary_id)


@router.get("/summaries/{summary_id}/file")
def summary_file(request, summary_id: int):
    summary = _visible(request, summary_id)
    if summary.status != SummaryStatus.DONE:
        raise Http404
    return FileResponse(
        summary.file.open("rb"),
        as_attachment=True,
        filename=summary.filename,
        content_type=summary.content_type,
    )


@router.get("/summaries/{summary_id}/file.pdf")
def summary_pdf(request, summary_id: int):
    summary = _visible(request, summary_id)
    if summary.status != SummaryStatus.DONE or not summary.pdf:
        raise Http404
    return FileResponse(
        summary.pdf.open("rb"),
        as_attachment=True,
        filename=summary.pdf_filename,
        content_type="application/pdf",
    )


# The safety calendar ----------------------------------------------------------------------

# A calendar read covers at most a school year and a little.
LONGEST_CALENDAR = 400
# Days a school calendar can hold: beyond, a date's arithmetic would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class CalendarQuery(Schema):
    start: date
    end: date


class CalendarItemOut(Schema):
    key: str
    start: date
    end: date
    kind: str
    kind_label: str
    title: str
    source: str
    moved_from: date | None
    remind_days_before: int | None
    url: str | None


@router.get("/schools/{school_id}/safety-calendar", response=list[CalendarItemOut])
@paginate(Pagination, page_size=100)
def safety_calendar(request, school_id: int, filters: Query[CalendarQuery]):
    """The school's safety calendar between two days (at most 400): tasks that fall on a
    holiday are moved to the next school day (`moved_from` says from when)."""
    school = school_for(request, school_id, Cap.REPORT_VIEW)
    if not (filters.start.year >= FIRST_YEAR and filters.end.year <= LAST_YEAR):
        raise InvalidFields({"start": _("Ask for days between 2000 and 2100.")})
    if filters.end < filters.start:
        raise InvalidFields({"end": _("The period ends before it starts.")})
    if filters.end - filters.start > timedelta(days=LONGEST_CALENDAR):
        raise InvalidFields({"end": _("Ask for at most 400 days at a time.")})
    lead = seasons.lead_days(school)
    return [
        {
            "key": item.key,
            "start": item.start,
            "end": item.end,
            "kind": item.kind,
            "kind_label": str(item.kind_label),
            "title": str(item.title),
            "source": str(item.source),
            "moved_from": item.moved_from,
            "remind_days_before": lead if item.lead_days is None else item.lead_days,
            "url": item.url or None,
        }
        for item in queries.calendar_items(school, filters.start, filters.end)
    ]
