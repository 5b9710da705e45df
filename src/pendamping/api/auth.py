"""API authentication: the browser's session (with CSRF) or a bearer token of a field device."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from pendamping.accounts.models import ApiToken
from pendamping.core.middleware import rtrw_may_use

# How stale a token's "last used" may get: enough to see unused tokens, at most one write a minute.
LAST_USED_EVERY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True
            )
            .first()
        )
        if found is None:
            return None
        if found.user.role == "rtrw" and not rtrw_may_use(request):
            return None  # RT/RW devices only report (core.middleware)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            # Not on every request: each would be a write, and on SQLite writers queue.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


# The token first: django-ninja's session auth answers 403 to any write without a CSRF cookie
# before the next method is tried, which refused every POST from a field device (found by
# schemathesis, bench/reliability.py fuzz). A bearer token is never sent by a browser on its
# own, so it needs no CSRF check; requests without one still get the session with CSRF.
AUTH = [TokenAuth(), SessionAuth(csrf=True)]
