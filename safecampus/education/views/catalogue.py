"""A bureau's topic catalogue and safety calendar: what is in force with its source, and the
bureau's own topics and theme days (bureau administrators)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, service_call
from safecampus.education.forms.catalogue import ThemeForm, TopicForm
from safecampus.education.models import Topic
from safecampus.education.rules import themes_for, topics_for
from safecampus.education.services import catalogue as services


def _bureau(org):
    if org.is_school:
        raise Http404


@org_view(Cap.EDUCATION_RULES)
def catalogue(request, org):
    _bureau(org)
    context = {"org": org, "topics": topics_for(org), "themes": themes_for(org)}
    return render(request, "education/catalogue.html", context)


@org_view(Cap.EDUCATION_RULES)
def topic(request, org, code=None):
    _bureau(org)
    current = None
    if code is not None:
        current = next((t for t in topics_for(org) if t.code == code), None)
        if current is None:
            raise Http404
    initial = {f: getattr(current, f) for f in ("code", *services.TOPIC_FIELDS)} if current else {}
    form = TopicForm(request.POST or None, initial=initial)
    if current is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.set_topic(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The topic was saved."))
            return redirect("education:catalogue", org.pk)
    context = {"org": org, "form": form, "current": current, "kind": "topic"}
    status = 400 if request.method == "POST" else 200
    return render(request, "education/catalogue_form.html", context, status=status)


@org_view(Cap.EDUCATION_RULES)
def theme(request, org, theme_id=None):
    _bureau(org)
    themes = themes_for(org)
    current = None
    if theme_id is not None:
        current = next((t for t in themes if t.pk == theme_id), None)
        if current is None:
            raise Http404
    topics = Topic.objects.filter(pk__in=[t.pk for t in topics_for(org)])
    fields = ("name", *services.THEME_FIELDS)
    initial = {f: getattr(current, f) for f in fields} if current else {}
    form = ThemeForm(request.POST or None, initial=initial, topics=topics)
    if current is not None:
        form.fields["name"].disabled = True
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.set_theme(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The theme day was saved."))
            return redirect("education:catalogue", org.pk)
    context = {"org": org, "form": form, "current": current, "kind": "theme"}
    status = 400 if request.method == "POST" else 200
    return render(request, "education/catalogue_form.html", context, status=status)
