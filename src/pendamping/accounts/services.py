"""The accounts app owns users, roles, area assignments and API tokens."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from pendamping.core.exceptions import DomainError, ErrorCode

from .models import ApiToken, Assignment, Role, User


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
