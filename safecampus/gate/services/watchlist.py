"""The watchlist: a school's own and its bureaus' (applied to every school under them)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.permissions import require
from safecampus.gate.models import WatchlistAction, WatchlistEntry
from safecampus.gate.workflow import WATCHLIST_ENTRY


def active_entries(school, day=None):
    """Entries that apply to the school on `day`: its own and those of every org above it."""
    day = day or timezone.localdate()
    return WatchlistEntry.objects.filter(
        org_id__in=school.ancestor_ids(), removed_at__isnull=True
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def match(school, *, name, id_number, phone):
    """The first entry matching the person: the ID number exactly, or the name and phone."""
    condition = Q(pk__in=[])
    id_number = idcard.normalise(id_number)
    if id_number:
        condition |= Q(id_number=id_number)
    if name.strip() and phone.strip():
        condition |= Q(name=name.strip(), phone=phone.strip())
    # A "do not admit" entry outranks a "watch" entry for the same person.
    entries = active_entries(school).filter(condition).select_related("org")
    ranked = sorted(entries, key=lambda e: (e.action != WatchlistAction.DENY, e.pk))
    return ranked[0] if ranked else None


@transaction.atomic
def add_entry(
    *,
    actor,
    org,
    name,
    reason,
    id_number="",
    phone="",
    action=WatchlistAction.DENY,
    valid_until=None,
    photo=None,
):
    require(actor, Cap.WATCHLIST_MANAGE, org)
    id_number = idcard.normalise(id_number)
    if not name.strip() or not reason.strip():
        raise DomainError(_("Give the person's name and the reason."))
    if not id_number and not phone.strip():
        raise DomainError(_("Give an ID number or a phone number: a name alone cannot match."))
    if valid_until is not None and valid_until < timezone.localdate():
        raise DomainError(_("The end date is in the past."))
    stored = store_upload(actor=actor, org=org, upload=photo, images_only=True) if photo else None
    entry = WatchlistEntry.objects.create(
        org=org,
        name=name.strip(),
        id_number=id_number,
        phone=phone.strip(),
        action=action,
        reason=reason.strip(),
        valid_until=valid_until,
        photo=stored,
        listed_by=actor,
    )
    audit.record(actor=actor, org=org, action="watchlist.add", obj=entry)
    return entry


@transaction.atomic
def remove_entry(*, actor, entry):
    require(actor, Cap.WATCHLIST_MANAGE, entry.org)
    WATCHLIST_ENTRY.check(entry, "remove")
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    audit.record(actor=actor, org=entry.org, action="watchlist.remove", obj=entry)
    return entry
