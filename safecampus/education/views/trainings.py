"""Trainings and lectures: the school's list with the staff's quotas this term, recording one,
and one training with its attendance list."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.access import get_visible_or_404
from safecampus.core.queries import school_people_choices
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.education.forms.trainings import TrainingForm
from safecampus.education.models import Training
from safecampus.education.queries import trainings as queries
from safecampus.education.rules import rules_for
from safecampus.education.services import trainings as services
from safecampus.education.views.lessons import catalogue


@school_view(Cap.EDUCATION_VIEW)
def training_list(request, school):
    term, quotas = queries.quotas(school)
    context = {
        "school": school,
        "page": paginate(request, queries.trainings(request.user, school)),
        "term": term,
        "quotas": quotas,
        "rules": rules_for(school),
    }
    return render(request, "education/trainings.html", context)


@school_view(Cap.EDUCATION_MANAGE)
def training_new(request, school):
    form = TrainingForm(
        request.POST or None,
        request.FILES or None,
        topics=catalogue(school),
        staff=school_people_choices(school),
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            training = services.record_training(
                actor=request.user, school=school, **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The training was recorded."))
            return redirect(training)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "education/training_form.html", {"school": school, "form": form}, status=status
    )


@school_view(Cap.EDUCATION_VIEW)
def training_detail(request, school, training_id):
    training = get_visible_or_404(
        request.user, Training, training_id, queryset=queries.trainings(request.user, school)
    )
    context = {
        "school": school,
        "training": training,
        "attendees": queries.attendees(training),
        "materials": training.materials.all(),
    }
    return render(request, "education/training.html", context)
