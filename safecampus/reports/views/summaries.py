"""The summaries of an org: ask for one, watch it being written, download it."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import capabilities, has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.reports import queries, services
from safecampus.reports.forms import SummaryForm
from safecampus.reports.models import SummaryStatus


@org_view(Cap.REPORT_VIEW)
def index(request, org):
    may_make = has_cap(request.user, Cap.REPORT_MAKE, org)
    form = None
    if may_make:
        form = SummaryForm(
            request.POST or None,
            org=org,
            terms=queries.terms_for(org),
            kinds=services.documents_for(org, capabilities(request.user, org)),
        )
    if request.method == "POST":
        if not may_make:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as call:
                services.request_summary(
                    actor=request.user,
                    org=org,
                    title=data["title"],
                    start=data["start"],
                    end=data["end"],
                    kind=data["kind"],
                )
            if call.ok:
                messages.success(
                    request,
                    _("The summary is being written. It will be in your inbox when it is ready."),
                )
                return redirect("reports:index", org.pk)
    page = paginate(request, queries.summaries(request.user, org))
    waiting = any(s.status in (SummaryStatus.QUEUED, SummaryStatus.RUNNING) for s in page)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/index.html",
        {
            "org": org,
            "form": form,
            "page": page,
            "may_make": may_make,
            "waiting": waiting,
            "schedules": queries.schedules(org, capabilities(request.user, org)),
        },
        status=status,
    )


@org_view(Cap.REPORT_VIEW)
def rows(request, org):
    """The list alone, polled by the page while a summary is being written."""
    page = paginate(request, queries.summaries(request.user, org))
    waiting = any(s.status in (SummaryStatus.QUEUED, SummaryStatus.RUNNING) for s in page)
    return render(
        request,
        "reports/index.html#rows",
        {"org": org, "page": page, "may_make": has_cap(request.user, Cap.REPORT_MAKE, org),
         "waiting": waiting},
    )  # fmt: skip


@org_view(Cap.REPORT_MAKE)
def retry(request, org, summary_id):
    if request.method != "POST":
        return redirect("reports:index", org.pk)
    summary = queries.summary(request.user, summary_id)
    if summary.org_id != org.pk:
        raise Http404
    with service_call(request) as call:
        services.retry_summary(actor=request.user, summary=summary)
    if call.ok:
        messages.success(request, _("The summary is being written again."))
    return redirect("reports:index", org.pk)


@org_view(Cap.REPORT_VIEW)
def download(request, org, summary_id):
    summary = queries.summary(request.user, summary_id)
    if summary.org_id != org.pk or summary.status != SummaryStatus.DONE:
        raise Http404
    return FileResponse(
        summary.file.open("rb"),
        as_attachment=True,
        filename=summary.filename,
        content_type=summary.content_type,
    )


@org_view(Cap.REPORT_VIEW)
def download_pdf(request, org, summary_id):
    """A report's PDF, written beside its .docx (a summary or a ledger pack has none)."""
    summary = queries.summary(request.user, summary_id)
    if summary.org_id != org.pk or summary.status != SummaryStatus.DONE or not summary.pdf:
        raise Http404
    return FileResponse(
        summary.pdf.open("rb"),
        as_attachment=True,
        filename=summary.pdf_filename,
        content_type="application/pdf",
    )
