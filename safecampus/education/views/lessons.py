"""Safety lessons: the school's list with each class's cadence, recording a lesson, and the
term's plan (theme days, topics, the programme's figures with their sources)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.queries import school_people_choices
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.education.forms.lessons import LessonForm
from safecampus.education.models import Topic
from safecampus.education.queries import lessons as queries
from safecampus.education.queries import log as log_queries
from safecampus.education.queries.plan import plan as term_plan
from safecampus.education.rules import rules_for, topics_for
from safecampus.education.services import lessons as services


def catalogue(school):
    """The topics in force at the school, as a queryset for a form's choice."""
    return Topic.objects.filter(pk__in=[t.pk for t in topics_for(school)])


@school_view(Cap.EDUCATION_VIEW)
def lesson_list(request, school):
    shown = log_queries.classes(request.user, school)
    chosen = (
        shown.filter(pk=request.GET.get("class")).first()
        if request.GET.get("class", "").isdigit()
        else None
    )
    page = paginate(request, queries.lessons(request.user, school, chosen))
    context = {
        "school": school,
        "page": page,
        "cadence": queries.class_cadence(request.user, school),
        "rules": rules_for(school),
        "chosen": chosen,
        "query": f"class={chosen.pk}" if chosen else "",
    }
    return render(request, "education/lessons.html", context)


@school_view(Cap.EDUCATION_RECORD)
def lesson_new(request, school):
    topics = catalogue(school)
    form = LessonForm(
        request.POST or None,
        request.FILES or None,
        classes=log_queries.recordable(request.user, school),
        topics=topics,
        teachers=school_people_choices(school),
        initial={"teacher": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.record_lesson(actor=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The lesson was recorded."))
            return redirect("education:lessons", school.pk)
    status = 400 if request.method == "POST" else 200
    context = {"school": school, "form": form}
    return render(request, "education/lesson_form.html", context, status=status)


@school_view(Cap.EDUCATION_VIEW)
def plan(request, school):
    return render(request, "education/plan.html", {"school": school, "plan": term_plan(school)})
