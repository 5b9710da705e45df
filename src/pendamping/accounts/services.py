"""The accounts app owns users, roles, area assignments and API tokens."""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.core.exceptions import DomainError, ErrorCode

from .models import ApiToken, Assignment, RecoveryCode, Role, TotpDevice, User


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password_hash: str | None = None,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def assignment_add(
    *, user: User, area, valid_from: date | None = None, note: str = ""
) -> Assignment:
    if user.role in (Role.ADMIN, Role.SUPERVISOR):
        raise DomainError(ErrorCode.INVALID, "City-wide roles are not assigned to areas.")
    return Assignment.objects.create(
        user=user, area=area, valid_from=valid_from or timezone.localdate(), note=note
    )


@transaction.atomic
def assignment_end(*, assignment: Assignment, valid_to: date | None = None) -> Assignment:
    assignment.valid_to = valid_to or timezone.localdate()
    assignment.save(update_fields=["valid_to"])
    return assignment


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain key is returned once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


# ---------------------------------------------------------------------------
# Two-factor log-in (TOTP)
# ---------------------------------------------------------------------------

TOTP_ISSUER = "Pendamping"


def totp_new_secret() -> str:
    import pyotp

    return pyotp.random_base32(length=32)


def totp_uri(*, user: User, secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    """The 30-second step whose code this is (the current one or one either side), or None."""
    import pyotp

    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    step = totp.timecode(now)
    for delta in (0, -1, 1):
        candidate = totp.at(now, counter_offset=delta)
        if secrets.compare_digest(candidate, code):
            return step + delta
    return None


@transaction.atomic
def totp_enrol(*, user: User, secret: str, code: str) -> TotpDevice:
    """Keep an authenticator app once it has shown it produces the right code."""
    step = _matching_step(secret, code)
    if step is None:
        raise DomainError(ErrorCode.INVALID, _("The code is wrong or has expired."))
    TotpDevice.objects.filter(user=user).delete()
    return TotpDevice.objects.create(user=user, secret=secret, last_step=step)


@transaction.atomic
def totp_check(*, user: User, code: str) -> bool:
    """A code from the user's app, each accepted once (a replayed code is refused)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    step = _matching_step(device.secret, code)
    if step is None or step <= device.last_step:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True


@transaction.atomic
def totp_remove(*, actor: User, user: User, request=None) -> None:
    """Remove an authenticator app and its recovery codes: the user themself (roles that may
    do without), or an administrator when a phone is lost (audited as an administration)."""
    from pendamping.audit.models import Action
    from pendamping.audit.services import audit_record

    if actor != user and actor.role != Role.ADMIN:
        raise DomainError(ErrorCode.FORBIDDEN, _("Only an administrator may do this."))
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action=Action.WRITE if actor == user else Action.ADMIN,
        obj=user,
        summary="two-factor log-in turned off" if actor == user else "two-factor log-in reset",
        request=request,
    )


RECOVERY_CODES = 10
# No 0/o, 1/l/i: the codes are copied by hand from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@transaction.atomic
def recovery_codes_new(*, user: User, request=None) -> list[str]:
    """Ten new one-time codes (xxxxx-xxxxx), replacing any earlier ones; shown once. Only for
    an account with an authenticator app: the codes stand in for it."""
    from pendamping.audit.models import Action
    from pendamping.audit.services import audit_record

    if not TotpDevice.objects.filter(user=user).exists():
        raise DomainError(ErrorCode.INVALID, _("Set up two-factor log-in first."))
    codes = [
        "-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=RecoveryCode.digest(code)) for code in codes
    )
    audit_record(
        actor=user,
        action=Action.WRITE,
        obj=user,
        summary="two-factor recovery codes made",
        request=request,
    )
    return codes


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def recovery_code_use(*, user: User, code: str, request=None) -> int | None:
    """Accept an unused recovery code of this user, once, and return how many are left (None:
    refused); every use is audited."""
    from pendamping.audit.models import Action
    from pendamping.audit.services import audit_record

    if not 10 <= len(code) <= 20:
        return None
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_hash=RecoveryCode.digest(code), used_at__isnull=True)
        .first()
    )
    if found is None:
        return None
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    left = recovery_codes_left(user=user)
    audit_record(
        actor=user,
        action=Action.LOGIN,
        obj=user,
        summary=f"two-factor step by recovery code ({left} left)",
        request=request,
    )
    return left
