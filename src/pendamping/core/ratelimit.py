"""A small rate limiter for public endpoints (the complaint form, public API reads).

Counts hits per key in fixed windows in Django's cache, so it costs one cache round-trip per
request and needs no table. With the default in-process cache each server process counts on
its own; set CACHES to a shared backend when running several processes.

    from pendamping.core.ratelimit import rate_limit

    @rate_limit("complaint", limit=10, per=3600)          # 10 per hour per address
    def complaint_new(request): ...

    # or inside a view / ninja endpoint:
    if not hit("complaint", client_key(request), limit=10, per=3600):
        return too_many(request)

Over the limit a view answers 429 with a Retry-After header and an Indonesian message.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _


def client_key(request) -> str:
    """The caller's address (X-Forwarded-For only with PENDAMPING_TRUSTED_PROXY)."""
    from pendamping.audit.services import client_ip

    return client_ip(request) or "unknown"


def hit(scope: str, key: str, *, limit: int, per: int) -> bool:
    """Count one hit; False once `limit` hits were counted for this key in the current window."""
    if not getattr(settings, "PENDAMPING_RATE_LIMITS", True):
        return True
    window = int(time.time() // per)
    name = f"rl:{scope}:{key}:{window}"
    if cache.add(name, 1, timeout=per + 5):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=per + 5)
        count = 1
    return count <= limit


def retry_after(per: int) -> int:
    return per - int(time.time()) % per


def too_many(per: int) -> HttpResponse:
    response = HttpResponse(
        _("Too many requests. Wait a moment and try again."), status=429, content_type="text/plain"
    )
    response["Retry-After"] = str(retry_after(per))
    return response


def rate_limit(
    scope: str, *, limit: int, per: int, key: Callable | None = None, methods=("POST",)
) -> Callable:
    """Decorate a view: over `limit` requests per `per` seconds from one address answer 429."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                who = key(request) if key else client_key(request)
                if not hit(scope, who, limit=limit, per=per):
                    return too_many(per)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
