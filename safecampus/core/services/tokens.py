"""Personal API tokens."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import ApiToken


@transaction.atomic
def create_token(*, user, name):
    """Returns the token row and its key; the key is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."))
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= 10:
        raise DomainError(_("You have ten active tokens: revoke one first."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def revoke_token(*, user, token):
    if token.user_id != user.pk:
        raise DomainError(_("This is not your token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def user_for_key(key):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
