"""Lockout after repeated failed log-ins, per account and per address (decision 0070).

An account with PENDAMPING_LOCKOUT_ACCOUNT_FAILURES failures in the last
PENDAMPING_LOCKOUT_MINUTES is refused even with the right password until the window passes;
an address with PENDAMPING_LOCKOUT_ADDRESS_FAILURES failures is refused for every account.
A successful log-in clears the account's failures.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import FailedLogin


@dataclass(frozen=True)
class Lock:
    locked: bool
    minutes_left: int = 0
    by_address: bool = False


def _window_start():
    return timezone.now() - timedelta(minutes=settings.PENDAMPING_LOCKOUT_MINUTES)


def _minutes_left(oldest) -> int:
    ends = oldest + timedelta(minutes=settings.PENDAMPING_LOCKOUT_MINUTES)
    return max(1, int((ends - timezone.now()).total_seconds() // 60) + 1)


def lock_state(*, username: str, ip: str) -> Lock:
    """Whether a log-in for this account, from this address, is refused right now."""
    since = _window_start()
    username = (username or "").strip().lower()
    limit = settings.PENDAMPING_LOCKOUT_ACCOUNT_FAILURES
    if username:
        recent = list(
            FailedLogin.objects.filter(username=username, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            return Lock(True, _minutes_left(recent[-1]))
    if ip:
        limit = settings.PENDAMPING_LOCKOUT_ADDRESS_FAILURES
        recent = list(
            FailedLogin.objects.filter(ip=ip, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            return Lock(True, _minutes_left(recent[-1]), by_address=True)
    return Lock(False)


def failure_record(*, username: str, ip: str) -> None:
    FailedLogin.objects.create(username=(username or "").strip().lower()[:150], ip=ip[:45])


def failures_clear(*, username: str) -> None:
    FailedLogin.objects.filter(username=(username or "").strip().lower()).delete()


def failures_prune() -> int:
    """Forget failures older than a day (run by `pendamping retention`)."""
    deleted, _ = FailedLogin.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted
