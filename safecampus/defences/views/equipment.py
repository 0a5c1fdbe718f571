"""Equipment (物防): a school's items by place with what is due, adding and replacing an item,
one item with its inspections; a bureau's schools with expired items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, service_call
from safecampus.defences import exports
from safecampus.defences.forms.staff import InspectForm, ItemForm
from safecampus.defences.queries import equipment as queries
from safecampus.defences.queries import staffing as staffing_queries
from safecampus.defences.rules import rules_for
from safecampus.defences.services import equipment as services


@org_view(Cap.DEFENCE_VIEW)
def items(request, org):
    if not org.is_school:
        expired = queries.expired_by_school(staffing_queries.schools_in(request.user, org))
        rows = staffing_queries.schools_staffing(request.user, org)
        for row in rows:
            row.expired = expired.get(row.school.pk, 0)
        rows.sort(key=lambda r: (-r.expired, r.school.path))
        context = {"org": org, "page": paginate(request, rows)}
        return render(request, "defences/bureau_items.html", context)
    retired = request.GET.get("retired") == "1"
    page = paginate(request, queries.items_of(request.user, org, retired=retired))
    context = {
        "org": org,
        "page": page,
        "rows": queries.judged(page),
        "retired": retired,
        "query": "retired=1" if retired else "",
        "required": queries.requirements_of(org),
        "rules": rules_for(org),
    }
    return render(request, "defences/items.html", context)


@org_view(Cap.DEFENCE_MANAGE)
def item_add(request, org):
    if not org.is_school:
        raise PermissionDenied
    replaces = None
    wanted = request.GET.get("replaces", "")
    if wanted.isdigit() and len(wanted) < 16:
        replaces = queries.items_of(request.user, org).filter(pk=int(wanted)).first()
    initial = {"zone": replaces.zone_id, "kind": replaces.kind_id} if replaces else None
    form = ItemForm(request.POST or None, school=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            item = services.add_item(
                actor=request.user, school=org, replaces=replaces, **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The item was saved."))
            return redirect(item)
    status = 400 if request.method == "POST" else 200
    context = {"org": org, "form": form, "replaces": replaces}
    return render(request, "defences/item_form.html", context, status=status)


def _detail(request, item, form=None, status=200):
    ((_item, states),) = queries.judged([item])
    context = {
        "org": item.school,
        "item": item,
        "states": states,
        "checks": item.checks.select_related("checked_by", "hazard")[:50],
        "form": form or InspectForm(),
    }
    return render(request, "defences/item_detail.html", context, status=status)


@login_required
def item_detail(request, item_id):
    return _detail(request, queries.one(request.user, item_id))


@login_required
@require_POST
def item_inspect(request, item_id):
    item = queries.one(request.user, item_id)
    if not has_cap(request.user, Cap.DEFENCE_MANAGE, item.school):
        raise PermissionDenied
    form = InspectForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as call:
            services.inspect_item(actor=request.user, item=item, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The inspection was recorded."))
            return redirect(item)
    return _detail(request, item, form, status=400)


@login_required
@require_POST
def item_retire(request, item_id):
    item = queries.one(request.user, item_id)
    with service_call(request) as call:
        services.retire_item(actor=request.user, item=item)
    if call.ok:
        messages.success(request, _("The item is marked as no longer in use."))
    return redirect(item)


@org_view(Cap.DEFENCE_VIEW)
def items_export(request, org):
    if not org.is_school:
        raise Http404
    return exports.items_response(request.user, org)
