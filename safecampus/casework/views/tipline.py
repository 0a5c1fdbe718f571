"""The bullying tip line, without an account: a school's page to report (reached by its poster
or link), and the page where the reporter follows the case with the tracking code and writes
to the school. Nothing here stores or shows who the reporter is: no session, no message
framework, no address (the rate limits keep only a hash of it, in the cache, for an hour)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from safecampus.casework.forms.bullying import CodeForm, ReporterMessageForm, TipForm
from safecampus.casework.queries import bullying as queries
from safecampus.casework.rules import bullying_rules_for
from safecampus.casework.services import bullying as services
from safecampus.core.ratelimit import client_key, hit
from safecampus.core.views.base import service_call

# Sending: a few tips an hour from one device. Looking up: enough to follow a case, far too few
# to guess a code of 80 bits.
TIPS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 30


@never_cache
def tip(request, code):
    school = queries.public_school(code)
    if school is None:
        raise Http404
    form = TipForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not hit("bullying-tip", client_key(request), limit=TIPS_PER_HOUR, seconds=3600):
            form.add_error(None, _("Too many reports from this device. Please try again later."))
            status = 429
        elif form.is_valid():
            with service_call(request, form) as call:
                case, tracking = services.submit_tip(school=school, **form.cleaned_data)
            if call.ok:
                return render(
                    request,
                    "casework/tip_sent.html",
                    {"school": school, "case": case, "tracking": tracking},
                )
    return render(
        request,
        "casework/tip.html",
        {"school": school, "form": form, "rules": bullying_rules_for(school)},
        status=status,
    )


def _limited(request):
    return not hit("bullying-follow", client_key(request), limit=LOOKUPS_PER_HOUR, seconds=3600)


@never_cache
def follow(request):
    """Look a case up by its code (POST, so the code stays out of addresses and logs), and
    write to the school."""
    code_form = CodeForm(request.POST or None)
    message_form = None
    case = None
    status = 200
    if request.method == "POST":
        status = 400
        if _limited(request):
            code_form.add_error(
                None, _("Too many look-ups from this device. Please try again later.")
            )
            status = 429
        elif code_form.is_valid():
            case = queries.public_case(code_form.cleaned_data["code"])
            if case is None:
                code_form.add_error("code", _("No report has this tracking code."))
                status = 404
            else:
                status = 200
                message_form = ReporterMessageForm(
                    request.POST if "body" in request.POST else None,
                    initial={"code": code_form.cleaned_data["code"]},
                )
                if "body" in request.POST:
                    status = 400
                    if message_form.is_valid():
                        with service_call(request, message_form) as call:
                            services.write(case=case, body=message_form.cleaned_data["body"])
                        if call.ok:
                            status = 200
                            message_form = ReporterMessageForm(
                                initial={"code": code_form.cleaned_data["code"]}
                            )
    return render(
        request,
        "casework/tip_follow.html",
        {
            "form": code_form,
            "case": case,
            "late_limit": queries.late_limit(case) if case else None,
            "thread": queries.public_messages(case) if case else [],
            "message_form": message_form,
            "sent": status == 200 and "body" in request.POST and case is not None,
        },
        status=status,
    )
