"""What every view shares: scoped org lookup, capability gates, pagination, error display."""

from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from safecampus.core.access import get_school_or_404, get_visible_or_404, has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Org
from safecampus.core.phonequeue import note_refusal


def _with_org(view, lookup, cap, kwarg):
    """The view, given the org its URL names (404 outside scope) once the user holds `cap`."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        org = lookup(request.user, kwargs.pop(kwarg))
        if cap is not None and not has_cap(request.user, cap, org):
            raise PermissionDenied
        return view(request, org, *args, **kwargs)

    return wrapped


def school_view(cap=None):
    """The view gets the school from the URL's first argument; outside scope it is a 404."""
    return lambda view: _with_org(view, get_school_or_404, cap, "school_id")


def org_view(cap=None):
    return lambda view: _with_org(
        view, lambda user, pk: get_visible_or_404(user, Org, pk), cap, "org_id"
    )


def paginate(request, queryset, per_page=None):
    paginator = Paginator(queryset, per_page or settings.SAFECAMPUS_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def show_error(form, error):
    """Put a refused action's message on the form, so the page shows it and nothing is lost."""
    fields = getattr(error, "fields", None)
    if not fields:
        form.add_error(None, error.message)
        return form
    for name, message in fields.items():
        form.add_error(name if name in form.fields else None, message)
    return form


class ServiceCall:
    """What `service_call` learned: `ok` False and the `error` when the service refused."""

    ok = True
    error = None


@contextmanager
def service_call(request, form=None, *, show=True):
    """Run services inside `with service_call(request, form) as call:`, then look at `call.ok`.

    A refused permission is a 403 page. Any other refusal stops the block: its message goes on
    `form` (a non-field error, so the page shows the form again with what was typed), or, with
    no form, becomes a message for the next page; with `show=False` the caller shows
    `call.error` itself (JSON, a list of import errors).
    """
    call = ServiceCall()
    try:
        yield call
    except PermissionRefused as refused:
        note_refusal(request, refused.message)
        raise PermissionDenied(refused.message) from None
    except DomainError as error:
        note_refusal(request, error.message)
        call.ok = False
        call.error = error
        if not show:
            return
        if form is not None:
            show_error(form, error)
        else:
            messages.error(request, error.message)
