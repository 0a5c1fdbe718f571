"""Personal API tokens: shown once, stored as a hash, expiring, rotated, revoked."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import person_of, remember_memberships
from safecampus.core.errors import DomainError
from safecampus.core.models import ApiToken, Membership


@transaction.atomic
def create_token(*, user, name):
    """Returns the token row and its key; the key is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."))
    working = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if working.count() >= 10:
        raise DomainError(_("You have ten active tokens: revoke one first."))
    return _issue(user, name)


def _issue(user, name):
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[3:11],
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + timedelta(days=settings.SAFECAMPUS_API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def rotate_token(*, user, token):
    """A new key under the same name, with a fresh expiry; the old key stops working at once."""
    token = ApiToken.objects.select_for_update().filter(pk=token.pk).first()
    if token is None or token.user_id != user.pk:
        raise DomainError(_("This is not your token."))
    if token.revoked_at is not None:
        raise DomainError(_("This token was revoked: create a new one."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return _issue(user, token.name)


def revoke_token(*, user, token):
    if token.user_id != user.pk:
        raise DomainError(_("This is not your token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


# The profile shows when a token was last used to the minute: writing it more often than that
# would add an UPDATE to every API call and show nothing more.
LAST_USE_PRECISION = timedelta(minutes=1)


def user_for_key(key):
    """The person a live key belongs to, or None. Read with their active memberships and orgs,
    which every endpoint reads next (core.access.active_memberships): one query instead of two
    for a member. Someone holding no membership, or a key that works for nobody, is looked up
    on its own."""
    now = timezone.now()
    live = {
        "key_hash": ApiToken.hash_key(key),
        "revoked_at__isnull": True,
        "expires_at__gt": now,
    }
    memberships = list(
        Membership.objects.active()
        .filter(user__is_active=True, **{f"user__api_tokens__{k}": v for k, v in live.items()})
        .select_related("org", "user")
        .annotate(
            token_id=F("user__api_tokens__id"), token_used_at=F("user__api_tokens__last_used_at")
        )
    )
    if memberships:
        user = person_of(memberships)
        token_id, used_at = memberships[0].token_id, memberships[0].token_used_at
    else:
        token = ApiToken.objects.select_related("user").filter(user__is_active=True, **live).first()
        if token is None:
            return None
        user, token_id, used_at = token.user, token.pk, token.last_used_at
        remember_memberships(user, [])
    if used_at is None or now - used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user
