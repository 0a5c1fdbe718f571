"""A guardian's login by mobile number and a one-time code sent by SMS.

The code is six digits, kept only as an HMAC under the site's secret, valid for a few minutes
and used once. Sending is rate-limited per number and per client address (core.ratelimit);
after too many wrong codes the number is locked for a while, whatever code is tried. A number
not on any enrolled student's record gets the same answer as one that is (no code is sent),
so the form does not tell who is a guardian.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import ratelimit
from safecampus.core.errors import DomainError
from safecampus.core.services import audit
from safecampus.core.services.notifications import send_sms
from safecampus.students.models import Guardian, GuardianAccount, PhoneCode
from safecampus.students.services import PHONE_RE

# Security settings of the login, not rules of the domain: short-lived codes, few tries.
CODE_MINUTES = 5
MAX_FAILURES = 5
LOCK_MINUTES = 30
SENDS_PER_NUMBER = 3  # per SEND_WINDOW
SENDS_PER_CLIENT = 10
SEND_WINDOW = 600  # seconds
USERNAME_PREFIX = "guardian."


def _hash(phone, code):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _mobile(phone):
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    if not PHONE_RE.match(phone) or not phone.startswith("1"):
        raise DomainError(_("Enter the mobile number the school has on record (11 digits)."))
    return phone


def _children_guardians(phone):
    return Guardian.objects.filter(phone=phone, student__is_active=True)


def locked(phone, now=None):
    """True while the number's wrong codes of the last LOCK_MINUTES reach MAX_FAILURES."""
    now = now or timezone.now()
    since = now - timedelta(minutes=LOCK_MINUTES)
    tried = PhoneCode.objects.filter(phone=phone, created_at__gte=since).aggregate(
        n=Sum("failures")
    )["n"]
    return (tried or 0) >= MAX_FAILURES


def request_code(*, phone, client):
    """Send a code to the number if it is a guardian's; the same answer either way."""
    phone = _mobile(phone)
    number_key = hashlib.sha256(phone.encode()).hexdigest()[:32]
    if not ratelimit.hit(
        "guardian_code_client", client, limit=SENDS_PER_CLIENT, seconds=SEND_WINDOW
    ):
        raise DomainError(_("Too many codes were asked for from here. Try again in a few minutes."))
    if not ratelimit.hit("guardian_code", number_key, limit=SENDS_PER_NUMBER, seconds=SEND_WINDOW):
        raise DomainError(_("Too many codes were sent to this number. Try again in a few minutes."))
    if locked(phone):
        raise DomainError(_("Too many wrong codes: this number is locked for a while."))
    guardian = _children_guardians(phone).select_related("student__school").first()
    if guardian is None:
        return phone
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    PhoneCode.objects.create(
        phone=phone,
        code_hash=_hash(phone, code),
        created_at=now,
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    text = _("Your SafeCampus login code is %(code)s. It is valid for %(minutes)d minutes.") % {
        "code": code,
        "minutes": CODE_MINUTES,
    }
    send_sms(phone, text=text, org=guardian.student.school)
    return phone


def verify_code(*, phone, code):
    """The guardian's account (made at the first login) when the code is right; a wrong,
    expired or used code is refused and counts towards the lockout (the failure is kept:
    it is written outside the login's transaction, which a refusal rolls back)."""
    phone = _mobile(phone)
    now = timezone.now()
    if locked(phone, now):
        raise DomainError(_("Too many wrong codes: this number is locked for a while."))
    latest = (
        PhoneCode.objects.filter(phone=phone, used_at__isnull=True).order_by("-created_at").first()
    )
    code = (code or "").strip()
    if latest is None or latest.expires_at <= now:
        raise DomainError(_("The code has expired. Ask for a new one."))
    if not hmac.compare_digest(latest.code_hash, _hash(phone, code)):
        PhoneCode.objects.filter(pk=latest.pk).update(failures=F("failures") + 1)
        raise DomainError(_("The code is not right."))
    return _log_in(phone, latest, now)


def open_account(phone, name):
    """The guardian account of `phone`, opened (a user without a password) at its first use."""
    account = GuardianAccount.objects.filter(phone=phone).select_related("user").first()
    if account is None:
        user = get_user_model().objects.create(
            username=f"{USERNAME_PREFIX}{phone}", display_name=name[:60]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = GuardianAccount.objects.create(user=user, phone=phone)
    return account


@transaction.atomic
def _log_in(phone, latest, now):
    # Used once: a second request with the same code finds it used.
    if not PhoneCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now):
        raise DomainError(_("The code has expired. Ask for a new one."))
    guardian = _children_guardians(phone).select_related("student__school").first()
    if guardian is None:
        raise DomainError(_("This number is no longer on any student's record."))
    account = open_account(phone, guardian.name)
    account.last_login_at = now
    account.save(update_fields=["last_login_at"])
    audit.record(
        actor=account.user,
        org=guardian.student.school,
        action="guardian.login",
        obj=account,
    )
    return account
