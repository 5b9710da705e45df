"""Password rules beyond Django's: a short password must mix kinds of characters."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PASSPHRASE_LENGTH = 16


class VarietyValidator:
    """Under 16 characters, a password needs at least three of: lower case, upper case,
    digits, other characters. A long passphrase of plain words is accepted as it is."""

    def validate(self, password: str, user=None) -> None:
        if len(password) >= PASSPHRASE_LENGTH:
            return
        kinds = sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )
        if kinds < 3:
            raise ValidationError(
                _(
                    "Use at least three of: lower case, upper case, digits, other characters "
                    "(or a passphrase of 16 characters or more)."
                ),
                code="password_too_plain",
            )

    def get_help_text(self) -> str:
        return _(
            "At least three of: lower case, upper case, digits, other characters "
            "(or a passphrase of 16 characters or more)."
        )
