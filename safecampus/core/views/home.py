from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safecampus.core import queries
from safecampus.core.phonequeue import offline_ready

# Apps add their part of the home page here (from their registry): (template, panel) where
# panel(user, org) returns the template's context, or None to show nothing.
HOME_PANELS = []


def register_home_panel(template, panel):
    HOME_PANELS.append((template, panel))


@offline_ready
@login_required
def home(request):
    data = queries.home(request.user)
    panels = []
    for template, panel in HOME_PANELS:
        context = panel(request.user, data["org"]) if data["org"] is not None else None
        if context is not None:
            panels.append((template, context))
    data["panels"] = panels
    return render(request, "core/home.html", data)
