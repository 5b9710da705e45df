"""Telling a user that something needs them; shown on their home page and in the top bar."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification


def notify(*, user, text: str, url: str = "", kind: str = "") -> Notification:
    """Text is stored as given: pass it already translated into the user's language
    (Indonesian by default), without full NIK numbers."""
    from .logging import mask_digits

    return Notification.objects.create(
        user=user, text=mask_digits(text)[:300], url=url[:300], kind=kind[:40]
    )


def unread_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = unread_for(user=user)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
