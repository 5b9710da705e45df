"""View helpers shared by the apps."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404

from .exceptions import OutOfScope


def not_found_outside_scope(view: Callable) -> Callable:
    """Turn OutOfScope into 404 so that a record outside the user's areas looks absent."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except OutOfScope as exc:
            raise Http404 from exc

    return wrapper


def roles_required(*roles: str) -> Callable:
    """Allow a view only to the given roles; others get 404, like a record out of scope."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if getattr(request.user, "role", None) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
