"""The 1530 log: the school's page, the head teacher's phone page, a class's record book and
the bureau's completion across its schools."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view, service_call
from safecampus.education import exports
from safecampus.education.forms.log import ReminderForm
from safecampus.education.models import Topic
from safecampus.education.queries import bureau as bureau_queries
from safecampus.education.queries import log as queries
from safecampus.education.rules import rules_for, topics_for
from safecampus.education.services import log as services
from safecampus.education.views.periods import month


def _form(request, school, data=None, files=None, **kwargs):
    classes = queries.recordable(request.user, school)
    topics = Topic.objects.filter(pk__in=[t.pk for t in topics_for(school)])
    return ReminderForm(data, files, classes=classes, topics=topics, **kwargs)


@school_view(Cap.EDUCATION_VIEW)
def school(request, school):
    form, period = month(request)
    books = queries.class_books(request.user, school, period.start, period.end) if period else []
    context = {
        "school": school,
        "form": form,
        "period": period,
        "today": queries.today(request.user, school),
        "books": books,
        "rules": rules_for(school),
        "query": f"month={period.start:%Y-%m}" if period else "",
    }
    return render(request, "education/school.html", context, status=200 if period else 400)


@school_view(Cap.EDUCATION_RECORD)
def record(request, school):
    """The phone page: each of the person's classes today, recorded in two taps (open, tap
    the suggested topic); details (another topic, a note, a photo) fold out."""
    form = None
    if request.method == "POST":
        form = _form(request, school, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as call:
                services.record_reminder(actor=request.user, **data)
            if call.ok:
                messages.success(
                    request,
                    _("1530 entry recorded for %(class)s.") % {"class": data["school_class"]},
                )
                return redirect(request.POST.get("next") or "education:record_1530", school.pk)
    today = queries.today(request.user, school)
    context = {
        "school": school,
        "today": today,
        "form": form,
        "missing": queries.recent_missing(request.user, school),
    }
    return render(
        request,
        "education/record.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@school_view(Cap.EDUCATION_VIEW)
def class_log(request, school, class_id):
    school_class = get_visible_or_404(
        request.user, queries.SchoolClass, class_id, queryset=queries.classes(request.user, school)
    )
    form, period = month(request)
    days = queries.book_days(request.user, school_class, period.start, period.end) if period else []
    context = {
        "school": school,
        "school_class": school_class,
        "form": form,
        "period": period,
        "page": paginate(request, days),
        "may_record": queries.recordable(request.user, school).filter(pk=school_class.pk).exists(),
        "query": f"month={period.start:%Y-%m}" if period else "",
    }
    return render(request, "education/class_log.html", context, status=200 if period else 400)


@org_view(Cap.EDUCATION_VIEW)
def bureau(request, org):
    if org.is_school:
        raise Http404
    form, period = month(request)
    page = paginate(request, bureau_queries.schools(request.user, org))
    rows = bureau_queries.school_rows(page, period) if period else []
    context = {
        "org": org,
        "form": form,
        "period": period,
        "page": page,
        "rows": rows,
        "query": f"month={period.start:%Y-%m}" if period else "",
    }
    return render(request, "education/bureau.html", context, status=200 if period else 400)


@org_view(Cap.EDUCATION_VIEW)
def bureau_export(request, org):
    if org.is_school:
        raise Http404
    _form, period = month(request)
    if period is None:
        # A bad month: the page says what is wrong with it.
        url = reverse("education:bureau", args=[org.pk])
        return redirect(f"{url}?{request.GET.urlencode()}")
    return exports.schools_xlsx(
        bureau_queries.schools(request.user, org),
        period,
        f"安全教育-{org.name}-{period.start:%Y-%m}.xlsx",
    )
