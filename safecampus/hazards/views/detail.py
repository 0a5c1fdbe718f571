"""A hazard's page: its facts, timeline, and the forms of the actions this person may take."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.core import queries as core_queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import school_view, show_error
from safecampus.hazards import forms, queries, services
from safecampus.hazards.models import Hazard
from safecampus.hazards.rules import default_deadline_days
from safecampus.hazards.workflow import RESPONSIBLE, TRANSITIONS


def get_hazard(request, school, hazard_id):
    hazards = queries.hazards_for_page(user=request.user, school=school)
    hazard = get_visible_or_404(request.user, Hazard, hazard_id, hazards)
    hazard.school = school  # the row the hazard names, read once for the page
    return hazard


def available_actions(user, hazard):
    actions = []
    for (status, action), (_target, who) in TRANSITIONS.items():
        if status != hazard.status:
            continue
        if who == RESPONSIBLE:
            if hazard.responsible_person_id == user.pk:
                actions.append(action)
        elif has_cap(user, who, hazard.school):
            if action == "supervise" and not hazard.supervised:
                continue
            actions.append(action)
    return actions


def _assign_form(school, hazard):
    days = default_deadline_days(school, hazard.grade)
    deadline = services.today() + timedelta(days=days)
    initial = {
        "responsible_person": hazard.responsible_person_id,
        "responsible_unit": hazard.responsible_unit,
        "measures": hazard.measures,
        "deadline": hazard.deadline or deadline,
        "funds_amount": hazard.funds_amount,
        "funds_source": hazard.funds_source,
        "interim_measures": hazard.interim_measures,
        "contingency_plan": hazard.contingency_plan,
    }
    return forms.AssignForm(
        initial=initial,
        people=core_queries.school_people_choices(school),
        hazard=hazard,
        deadline_days=days,
    )


def _forms(school, hazard, actions, bound=None):
    """The empty form of each action the page offers (the assign form reads the school's
    people and deadline rules, so only when it is shown), and the bound one given."""
    built = {}
    for action in actions:
        if bound and action in bound:
            built[action] = bound[action]
        elif action == "assign":
            built[action] = _assign_form(school, hazard)
        else:
            built[action] = FORM_CLASSES[action]()
    if bound:
        built.update(bound)
    return built


@school_view()
def hazard_detail(request, school, hazard_id):
    return render_detail(request, school, get_hazard(request, school, hazard_id))


def render_detail(request, school, hazard, bound=None, status=200):
    actions = available_actions(request.user, hazard)
    timeline = queries.page_timeline(hazard)
    pending, decided = queries.extensions(hazard, timeline)
    if pending is None and "decide_extension" in actions:
        actions.remove("decide_extension")
    if pending is not None and "request_extension" in actions:
        actions.remove("request_extension")
    # The step that moves the hazard on is open; the others (change, merge, ask for time) fold.
    if bound:
        primary = next(iter(bound))
    else:
        primary = PRIMARY_BY_STATUS.get(hazard.status) or next(
            (a for a in PRIMARY if a in actions), None
        )
    context = {
        "school": school,
        "hazard": hazard,
        "primary": primary,
        "is_overdue": services.days_overdue(hazard) > 0,
        "days_overdue": services.days_overdue(hazard),
        "timeline": timeline,
        "actions": actions,
        "forms": _forms(school, hazard, actions, bound),
        "pending": pending,
        "extensions": decided,
        "can_see_reporter": queries.can_see_reporter(request.user, hazard),
    }
    return render(request, "hazards/detail.html", context, status=status)


def _call(action, request, hazard, data, files):
    actor = request.user
    if action == "confirm":
        return services.confirm(actor=actor, hazard=hazard, grade=data["grade"], note=data["note"])
    if action == "reject":
        return services.reject(actor=actor, hazard=hazard, reason=data["reason"])
    if action == "merge":
        into = queries.merge_target(user=actor, hazard=hazard, number=data["into"])
        if into is None:
            raise DomainError(_("There is no hazard with this number in this school."))
        return services.merge(actor=actor, hazard=hazard, into=into, note=data["note"])
    if action == "assign":
        return services.assign(actor=actor, hazard=hazard, **data)
    if action == "rectify":
        return services.rectify(
            actor=actor, hazard=hazard, note=data["note"], photos=data["photos"]
        )
    if action == "request_extension":
        return services.request_extension(actor=actor, hazard=hazard, **data)
    if action == "decide_extension":
        pending = queries.pending_extension(hazard)
        if pending is None:
            raise DomainError(_("There is no extension request to decide."))
        return services.decide_extension(
            actor=actor, extension=pending, grant=data["grant"], note=data["note"]
        )
    if action == "accept":
        return services.accept(actor=actor, hazard=hazard, note=data["note"], photos=data["photos"])
    if action == "send_back":
        return services.send_back(actor=actor, hazard=hazard, reason=data["reason"])
    if action == "bureau_send_back":
        return services.bureau_send_back(actor=actor, hazard=hazard, reason=data["reason"])
    if action == "sign_off":
        return services.sign_off(actor=actor, hazard=hazard, note=data["note"])
    if action == "supervise":
        return services.supervise(actor=actor, hazard=hazard, **data)
    raise Http404


PRIMARY = [
    "decide_extension",
    "confirm",
    "rectify",
    "accept",
    "sign_off",
    "supervise",
]
PRIMARY_BY_STATUS = {"confirmed": "assign"}

FORM_CLASSES = {
    "confirm": forms.ConfirmForm,
    "reject": forms.ReasonForm,
    "merge": forms.MergeForm,
    "rectify": forms.RectifyForm,
    "request_extension": forms.ExtensionForm,
    "decide_extension": forms.DecisionForm,
    "accept": forms.AcceptForm,
    "send_back": forms.ReasonForm,
    "bureau_send_back": forms.ReasonForm,
    "sign_off": forms.AcceptForm,
    "supervise": forms.SuperviseForm,
}

DONE = {
    "confirm": gettext_lazy("The hazard was confirmed."),
    "reject": gettext_lazy("The report was marked as not a hazard."),
    "merge": gettext_lazy("The report was merged."),
    "assign": gettext_lazy("The five items were saved and the responsible person told."),
    "rectify": gettext_lazy("The rectification was recorded and awaits acceptance."),
    "request_extension": gettext_lazy("Your extension request was sent."),
    "decide_extension": gettext_lazy("The extension request was decided."),
    "accept": gettext_lazy("The rectification was accepted."),
    "send_back": gettext_lazy("The hazard was sent back for rectification."),
    "bureau_send_back": gettext_lazy("The hazard was sent back for rectification."),
    "sign_off": gettext_lazy("The hazard was signed off and closed."),
    "supervise": gettext_lazy("The supervision comment was saved."),
}


def _refused(request, hazard, action, form, error):
    """Show the refusal on the action's form, or at the top when the page no longer offers that
    action (someone else moved the hazard on since this page was loaded)."""
    hazard.refresh_from_db()
    if action in available_actions(request.user, hazard):
        show_error(form, error)
    else:
        messages.error(request, error.message)


@require_POST
@school_view()
def hazard_action(request, school, hazard_id, action):
    if action not in DONE:
        raise Http404
    hazard = get_hazard(request, school, hazard_id)
    if action == "assign":
        people = core_queries.school_people_choices(school)
        form = forms.AssignForm(request.POST, people=people, hazard=hazard)
    else:
        form = FORM_CLASSES[action](request.POST, request.FILES)
    if form.is_valid():
        try:
            with atomic_with_files():
                _call(action, request, hazard, form.cleaned_data, request.FILES)
        except PermissionRefused as error:
            _refused(request, hazard, action, form, error)
            return render_detail(request, school, hazard, {action: form}, status=403)
        except DomainError as error:
            _refused(request, hazard, action, form, error)
        else:
            messages.success(request, str(DONE[action]))
            return redirect(hazard)
    hazard.refresh_from_db()
    return render_detail(request, school, hazard, {action: form}, status=400)
