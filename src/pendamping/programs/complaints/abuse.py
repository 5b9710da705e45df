"""Abuse limits of the public complaint form, with no third-party captcha: submissions and
failed status lookups per address per hour, counted in the database (so every worker
process sees the same counts). Addresses are stored only as keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PublicHit

SUBMIT = "submit"
LOOKUP = "lookup"
WINDOW = timedelta(hours=1)


def limit_for(kind: str) -> int:
    if kind == SUBMIT:
        return int(getattr(settings, "PENDAMPING_COMPLAINTS_PER_HOUR", 5))
    return int(getattr(settings, "PENDAMPING_LOOKUPS_PER_HOUR", 20))


def address_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def over_limit(kind: str, address: str) -> bool:
    since = timezone.now() - WINDOW
    return PublicHit.objects.filter(
        kind=kind, address=address_key(address), at__gte=since
    ).count() >= limit_for(kind)


@transaction.atomic
def record_hit(kind: str, address: str) -> None:
    now = timezone.now()
    PublicHit.objects.create(kind=kind, address=address_key(address), at=now)
    PublicHit.objects.filter(at__lt=now - 2 * WINDOW).delete()
