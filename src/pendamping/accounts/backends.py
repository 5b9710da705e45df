"""Authentication: Django's model backend, refusing locked accounts and throttled addresses."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from pendamping.audit.services import client_ip

from .lockout import lock_state


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if (
            request is not None
            and lock_state(username=username or "", ip=client_ip(request)).locked
        ):
            # PermissionDenied stops Django trying other backends and still counts a failure.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
