"""API authentication: the browser's session (with CSRF) or a bearer token of a field device."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from pendamping.accounts.models import ApiToken
from pendamping.core.middleware import rtrw_may_use


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
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


# The token first: django-ninja's session auth answers 403 to any write without a CSRF cookie
# before the next method is tried, which refused every POST from a field device (found by
# schemathesis, bench/reliability.py fuzz). A bearer token is never sent by a browser on its
# own, so it needs no CSRF check; requests without one still get the session with CSRF.
AUTH = [TokenAuth(), SessionAuth(csrf=True)]
