"""Every write and every read of personal data is recorded, without each app remembering to.

Views that call `audit_record(..., request=request)` themselves (the registry's person page,
exports) are recorded once, by them. Everything else is recorded here after the view ran:

- POST/PUT/PATCH/DELETE: a WRITE event with the URL name, the object id from the URL, the
  method and the answer's status (anonymous writes only when they succeeded, e.g. a public
  complaint, not when sent to log in; log-in and log-out are recorded by the accounts
  signals instead).
- GET of the API (`/api/v1/`, personal data unless listed in PENDAMPING_AUDIT_PUBLIC_API):
  an API_READ event.
- GET of a page whose URL names a record (`/casework/cases/12/`, the admin's change pages): a
  READ event.

Apps may map their URL names to the model they show (`OBJECT_TYPES`), so "who looked at this
case" finds reads made through any page. Audit failures are logged, never shown to the user.
"""

import logging

from django.conf import settings
from django.db import DatabaseError

from .models import Action
from .services import audit_record

logger = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_METHODS = frozenset({"GET", "HEAD"})
ID_KWARGS = ("pk", "id", "object_id")

# URL name -> the record it shows, for pages that do not call audit_record themselves.
OBJECT_TYPES: dict[str, str] = {
    "casework:case_detail": "casework.case",
    "casework:case_transition": "casework.case",
    "casework:case_close": "casework.case",
    "casework:case_join": "casework.case",
    "casework:goal_add": "casework.case",
    "casework:goal_toggle": "casework.case",
    "casework:review_add": "casework.case",
    "casework:escalation_add": "casework.case",
    "casework:referral_new": "casework.case",
    "casework:referral_detail": "casework.referral",
    "casework:referral_letter": "casework.referral",
    "registry:person_edit": "registry.person",
    "registry:classification_add": "registry.person",
    "registry:household_edit": "registry.household",
    "registry:member_add": "registry.household",
}


def object_of(match) -> tuple[str, str]:
    """The record a URL is about: (type, id) from its name and its keyword arguments."""
    kwargs = match.kwargs or {}
    object_id = ""
    for name in ID_KWARGS:
        if name in kwargs:
            object_id = str(kwargs[name])
            break
    else:
        for name, value in kwargs.items():
            if name.endswith(("_id", "_pk")):
                object_id = str(value)
                break
    view_name = match.view_name or ""
    if view_name.startswith("admin:") and match.args:
        object_id = object_id or str(match.args[0])
    return OBJECT_TYPES.get(view_name, view_name), object_id


def _skipped(request, match) -> bool:
    view_name = match.view_name or ""
    if view_name in settings.PENDAMPING_AUDIT_SKIP_VIEWS:
        return True
    return bool(set(match.namespaces) & set(settings.PENDAMPING_AUDIT_SKIP_NAMESPACES))


def _to_login(response) -> bool:
    from django.shortcuts import resolve_url

    location = response.headers.get("Location", "")
    return bool(location) and location.startswith(resolve_url(settings.LOGIN_URL))


def _is_public_api(path: str) -> bool:
    return path.startswith(tuple(settings.PENDAMPING_AUDIT_PUBLIC_API))


class AuditMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_pendamping_audited", False):
            return response
        try:
            self.record(request, response)
        except DatabaseError:
            logger.exception("audit event could not be written for %s", request.path)
        return response

    def record(self, request, response) -> None:
        match = getattr(request, "resolver_match", None)
        if match is None or _skipped(request, match):
            return
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        status = response.status_code
        if request.method in WRITE_METHODS:
            if not authenticated and (status >= 400 or _to_login(response)):
                return
            object_type, object_id = object_of(match)
            audit_record(
                actor=user,
                action=Action.WRITE,
                object_type=object_type,
                object_id=object_id or None,
                summary=f"{request.method} {status}",
                request=request,
            )
            return
        if request.method not in READ_METHODS or not authenticated or not 200 <= status < 300:
            return
        path = request.path_info
        if path.startswith(settings.PENDAMPING_API_PREFIX):
            if _is_public_api(path):
                return
            action = Action.API_READ
        elif match.kwargs or ((match.view_name or "").startswith("admin:") and match.args):
            action = Action.READ
        else:
            return
        object_type, object_id = object_of(match)
        audit_record(
            actor=user,
            action=action,
            object_type=object_type,
            object_id=object_id or None,
            summary=f"{request.method} {status}",
            request=request,
        )
