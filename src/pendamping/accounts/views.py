"""Log-in with lockout, two-factor enrolment and verification, the account's security page."""

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pendamping.core.exceptions import DomainError

from . import services
from .forms import CodeForm, LoginForm, SecondStepForm
from .lockout import lock_state
from .middleware import mark_two_factor_done, two_factor_done, two_factor_required
from .models import TotpDevice

SETUP_SALT = "pendamping.accounts.otp_setup"
SETUP_MAX_AGE = 15 * 60


def _setup_token(user, secret: str) -> str:
    return signing.dumps({"u": user.pk, "s": secret}, salt=SETUP_SALT, compress=True)


def _setup_secret(user, token: str) -> str | None:
    """The secret the setup page showed to this user, from its signed form field (not the
    session: with the session saved on every request, a page's late requests could overwrite
    it between showing the QR code and checking the code)."""
    try:
        data = signing.loads(token, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("s") if data.get("u") == user.pk else None


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of log-in: a code from the authenticator app, or a recovery code."""
    if not TotpDevice.objects.filter(user=request.user).exists():
        return redirect("accounts:otp_setup")
    if two_factor_done(request):
        return redirect(_next_url(request))
    from pendamping.audit.services import client_ip

    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = request.user.get_username()
        if lock_state(username=username, ip=client_ip(request)).locked:
            logout(request)
            messages.error(request, _("Too many wrong codes. Log in again later."))
            return redirect("accounts:login")
        code = form.cleaned_data["code"]
        if services.totp_check(user=request.user, code=code):
            mark_two_factor_done(request)
            return redirect(_next_url(request))
        left = services.recovery_code_use(user=request.user, code=code, request=request)
        if left is not None:
            mark_two_factor_done(request)
            messages.warning(
                request,
                _(
                    "You logged in with a recovery code; %(left)d are left. If your phone is "
                    "lost, set up the app again and make new codes on the account security page."
                )
                % {"left": left},
            )
            return redirect(_next_url(request))
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        form.add_error("code", _("The code is wrong or has expired."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (made here, no outside service), type a code."""
    has_device = TotpDevice.objects.filter(user=request.user).exists()
    if has_device and not two_factor_done(request):
        return redirect("accounts:otp_verify")
    form = CodeForm(request.POST or None)
    secret = _setup_secret(request.user, request.POST.get("setup", "")) if form.is_bound else None
    if form.is_bound and form.is_valid() and secret is None:
        form.add_error(None, _("The setup page expired. Scan the new code and try again."))
    elif form.is_valid():
        try:
            services.totp_enrol(user=request.user, secret=secret, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            mark_two_factor_done(request)
            messages.success(request, _("Two-factor log-in is on."))
            codes = services.recovery_codes_new(user=request.user, request=request)
            return _show_recovery_codes(request, codes)
    secret = secret or services.totp_new_secret()
    uri = services.totp_uri(user=request.user, secret=secret)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "setup": _setup_token(request.user, secret),
            "qr_svg": qr_svg,
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
            "required": two_factor_required(request.user),
        },
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """Shown once; the views calling this are `never_cache`."""
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    has_device = TotpDevice.objects.filter(user=request.user).exists()
    return render(
        request,
        "accounts/security.html",
        {
            "has_device": has_device,
            "required": two_factor_required(request.user),
            "codes_left": services.recovery_codes_left(user=request.user) if has_device else 0,
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); the two-factor middleware has already
    asked for the second step."""
    try:
        codes = services.recovery_codes_new(user=request.user, request=request)
    except DomainError:
        return redirect("accounts:otp_setup")
    return _show_recovery_codes(request, codes)


@login_required
@require_POST
def otp_remove(request: HttpRequest) -> HttpResponse:
    if two_factor_required(request.user):
        messages.error(request, _("Your role must keep two-factor log-in."))
    else:
        services.totp_remove(actor=request.user, user=request.user, request=request)
        messages.success(request, _("Two-factor log-in is off."))
    return redirect("accounts:security")
