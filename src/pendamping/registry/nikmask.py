"""Which roles see NIK and KK in full; everyone else sees them masked (1471**********12)."""

from pendamping.accounts.models import Role

from .nik import mask

FULL_NIK_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.TKSK, Role.PKH, Role.PEKSOS})


def nik_display(user, value: str | None) -> str:
    return value or "" if getattr(user, "role", None) in FULL_NIK_ROLES else mask(value)
