"""Pages without an account: the school's public report page (reached by its QR poster) and
the tracking page. Nothing here reveals anyone's identity; abuse is held back by rate limits."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from safecampus.core import qr
from safecampus.core.ratelimit import client_key, hit
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import school_view, service_call
from safecampus.hazards import forms, queries, services
from safecampus.hazards.models import Source


def _school_by_code(code):
    school = queries.public_school(code)
    if school is None:
        raise Http404
    return school


@never_cache
def public_report(request, code):
    school = _school_by_code(code)
    form = forms.PublicReportForm(request.POST or None, request.FILES or None, school=school)
    status = 200
    if request.method == "POST":
        status = 400
        if not hit("public-report", client_key(request), limit=5, seconds=3600):
            form.add_error(None, _("Too many reports from this device. Please try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as call, atomic_with_files():
                hazard = services.report_hazard(
                    actor=None,
                    school=school,
                    zone=data["zone"],
                    place=data["place"],
                    category=data["category"],
                    description=data["description"],
                    source=Source.REPORT,
                    photos=data["photos"],
                    client_uuid=data["client_uuid"],
                )
            if call.ok:
                return render(
                    request, "hazards/reported.html", {"school": school, "hazard": hazard}
                )
    return render(
        request, "hazards/public_report.html", {"school": school, "form": form}, status=status
    )


@never_cache
def track(request):
    form = forms.TrackForm(request.GET or None)
    hazard = None
    status = 200
    if request.GET:
        if not hit("track", client_key(request), limit=30, seconds=3600):
            form.add_error(None, _("Too many look-ups from this device. Please try again later."))
            status = 429
        elif form.is_valid():
            hazard = queries.public_hazard(form.cleaned_data["code"])
            if hazard is None:
                form.add_error("code", _("No report has this tracking code."))
                status = 404
    events = []
    if hazard is not None:
        events = queries.public_steps(hazard)
    return render(
        request,
        "hazards/track.html",
        {"form": form, "hazard": hazard, "events": events},
        status=status,
    )


@school_view(Cap.HAZARD_VIEW)
def poster(request, school):
    """A printable A4 poster with the school's report QR code (WeasyPrint, CJK font)."""
    from weasyprint import HTML

    url = queries.public_url(school)
    html = render_to_string(
        "hazards/poster.html",
        {"school": school, "url": url, "qr_svg": qr.svg(url, scale=10, border=2)},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="hazard-report-{school.code}.pdf"'
    return response
