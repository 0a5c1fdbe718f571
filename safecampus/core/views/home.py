from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safecampus.core import queries


@login_required
def home(request):
    return render(request, "core/home.html", queries.home(request.user))
