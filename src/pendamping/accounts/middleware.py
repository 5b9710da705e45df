"""Two-factor log-in: after the password, an account with an authenticator app must give a
code; admins and supervisors without one must enrol first (PENDAMPING_REQUIRE_2FA)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect

SESSION_KEY = "pendamping_2fa"
# Reachable while the second step is pending.
OPEN_VIEWS = frozenset(
    {"accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "set_language"}
)


def two_factor_required(user) -> bool:
    return bool(settings.PENDAMPING_REQUIRE_2FA) and user.role in settings.PENDAMPING_2FA_ROLES


def two_factor_done(request) -> bool:
    return bool(request.session.get(SESSION_KEY))


def mark_two_factor_done(request) -> None:
    request.session[SESSION_KEY] = True
    request.session.cycle_key()


def pending_step(request) -> str | None:
    """'verify', 'setup' or None: what the signed-in user still has to do."""
    user = request.user
    if not user.is_authenticated or two_factor_done(request):
        return None
    from .models import TotpDevice

    if TotpDevice.objects.filter(user=user).exists():
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if request.path_info.startswith(settings.PENDAMPING_API_PREFIX):
            return JsonResponse({"detail": "Two-factor verification required"}, status=401)
        target = "accounts:otp_verify" if step == "verify" else "accounts:otp_setup"
        url = redirect(target).url
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
