"""The watchlist of a school or bureau: entries that apply there, adding and removing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.roles import Cap
from safecampus.core.services.attachments import atomic_with_files
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.gate import forms, queries
from safecampus.gate.models import WatchlistEntry
from safecampus.gate.services import watchlist as services


@org_view(Cap.WATCHLIST_VIEW)
def watchlist(request, org):
    can_manage = has_cap(request.user, Cap.WATCHLIST_MANAGE, org)
    form = forms.WatchlistForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            with service_call(request, form) as call, atomic_with_files():
                services.add_entry(actor=request.user, org=org, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Added to the watchlist."))
                return redirect("gate:watchlist", org.pk)
        status = 400
    return render(
        request,
        "gate/watchlist.html",
        {
            "org": org,
            "page": paginate(request, queries.watchlist(user=request.user, org=org)),
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


@require_POST
@org_view(Cap.WATCHLIST_MANAGE)
def remove(request, org, entry_id):
    entries = queries.watchlist_entries(user=request.user, org=org)
    entry = get_visible_or_404(request.user, WatchlistEntry, entry_id, entries)
    with service_call(request) as call:
        services.remove_entry(actor=request.user, entry=entry)
    if call.ok:
        messages.success(request, _("Removed from the watchlist."))
    return redirect("gate:watchlist", org.pk)
