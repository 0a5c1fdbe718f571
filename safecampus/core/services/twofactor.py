"""Setting up and confirming a person's second factor (their own action, on their own account)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.core.errors import DomainError

RECOVERY_CODES = 10


def _code(text):
    cleaned = "".join((text or "").split())
    if not cleaned or len(cleaned) > 16 or not cleaned.isalnum():
        raise DomainError(_("Type the code from your authenticator app, or a recovery code."))
    return cleaned


@transaction.atomic
def start(*, user):
    """The authenticator to add, not yet confirmed: the same one until it is."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm(*, request, device, code):
    """The first right code switches the factor on; returns the recovery codes, shown once."""
    if device.user_id != request.user.pk or device.confirmed:
        raise DomainError(_("Start again: this set-up is no longer open."))
    if not device.verify_token(_code(code)):
        raise DomainError(_("That code is not right. Check the time on your phone and try again."))
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(request.user)
    otp_login(request, device)
    return codes


@transaction.atomic
def renew_recovery_codes(*, user):
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("Set up your authenticator first."))
    return _new_recovery_codes(user)


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify(*, request, code):
    """Confirm this session with a code from the app or one recovery code (used up)."""
    device = match_token(request.user, _code(code))
    if device is None:
        raise DomainError(_("That code is not right. Check the time on your phone and try again."))
    otp_login(request, device)
    return device
