"""Bahasa Indonesia unless the user chose English, whatever language the phone is set to."""

from django.conf import settings
from django.http import Http404
from django.utils import translation


class LanguageMiddleware:
    """Like LocaleMiddleware, but ignores Accept-Language: many phones here are set to English."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# ---------------------------------------------------------------------------
# Security headers: a Content-Security-Policy with no inline scripts
# ---------------------------------------------------------------------------

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Progress bars set their width in a style attribute; no <style> element is allowed.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# The interactive API docs load Swagger UI with its own inline script.
CSP_EXEMPT_PREFIXES = ("/api/v1/docs",)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "PENDAMPING_CSP", CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# ---------------------------------------------------------------------------
# RT/RW accounts can only report: one allowlist, checked for every page and API call
# ---------------------------------------------------------------------------


def rtrw_may_use(request) -> bool:
    """Whether a Ketua RT/RW may reach this URL: the namespaces and API prefixes listed in
    PENDAMPING_RTRW_NAMESPACES / PENDAMPING_RTRW_API_PREFIXES (apps for reporting add theirs)."""
    path = request.path_info
    if path.startswith(settings.PENDAMPING_API_PREFIX):
        return path.startswith(tuple(settings.PENDAMPING_RTRW_API_PREFIXES))
    match = getattr(request, "resolver_match", None)
    if match is None:
        return True  # unresolved: Django answers 404 anyway
    names = {match.namespace, *match.namespaces, match.view_name}
    return bool(names & set(settings.PENDAMPING_RTRW_NAMESPACES))


class RoleAllowlistMiddleware:
    """Ketua RT/RW accounts reach only the reporting pages; anything else answers 404, like a
    record out of scope. API calls with a device token are checked in `api.auth`."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(user, "role", None) != "rtrw":
            return None
        if rtrw_may_use(request):
            return None
        raise Http404
