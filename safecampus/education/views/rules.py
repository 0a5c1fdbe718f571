"""The bureau's education programme: what is in force (with its source) and its own figures."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, service_call
from safecampus.education.forms.rules import RulesForm
from safecampus.education.rules import rules_for
from safecampus.education.services import rules as services


@org_view(Cap.EDUCATION_RULES)
def rules(request, org):
    if org.is_school:
        raise Http404
    current = rules_for(org)
    initial = {name: getattr(current, name) for name in services.FIGURES}
    form = RulesForm(request.POST or None, initial=initial | {"source": current.source})
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.set_rules(actor=request.user, org=org, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The education programme was saved."))
            return redirect("education:rules", org.pk)
    figures = [(form[name].label, getattr(current, name)) for name in services.FIGURES]
    context = {
        "org": org,
        "form": form,
        "current": current,
        "own": current.org_id == org.pk,
        "figures": figures,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "education/rules.html", context, status=status)
