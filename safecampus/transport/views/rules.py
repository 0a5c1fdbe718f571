"""A bureau's transport rules: the bus and outing figures in force at its node, where they
come from, and the bureau's own rows (saved, or dropped to go back to the inherited ones)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, service_call
from safecampus.transport import forms
from safecampus.transport.outing_rules import rules_for as outing_rules_for
from safecampus.transport.rules import rules_for as bus_rules_for
from safecampus.transport.services import rules as services

FORMS = {"bus": forms.BusRulesForm, "outing": forms.OutingRulesForm}


def _initial(kind, rules):
    if rules is None:
        return {}
    fields = FORMS[kind].base_fields
    initial = {name: getattr(rules, name) for name in fields}
    if kind == "bus":
        initial["equipment"] = "\n".join(rules.equipment or [])
    return initial


def _sections(org, given=None):
    found = {"bus": bus_rules_for(org), "outing": outing_rules_for(org)}
    sections = []
    for kind, title in (("bus", _("School buses")), ("outing", _("Off-campus activities"))):
        rules = found[kind]
        form = (given or {}).get(kind) or FORMS[kind](initial=_initial(kind, rules), prefix=kind)
        sections.append(
            {
                "kind": kind,
                "title": title,
                "rules": rules,
                "own": rules is not None and rules.org_id == org.pk,
                "form": form,
            }
        )
    return sections


@org_view(Cap.TRANSPORT_VIEW)
def rules(request, org):
    if org.is_school:
        raise PermissionDenied
    given = {}
    kind = request.POST.get("kind")
    if request.method == "POST" and kind in FORMS:
        if "drop" in request.POST:
            with service_call(request) as call:
                services.drop_rules(actor=request.user, org=org, kind=kind)
            if call.ok:
                messages.success(request, _("The inherited rules apply again."))
            return redirect("transport:rules", org.pk)
        form = FORMS[kind](request.POST, prefix=kind)
        if form.is_valid():
            with service_call(request, form) as call:
                services.save_rules(actor=request.user, org=org, kind=kind, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("The rules were saved."))
                return redirect("transport:rules", org.pk)
        given[kind] = form
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "transport/rules.html",
        {"org": org, "sections": _sections(org, given)},
        status=status,
    )
