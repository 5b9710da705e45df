"""Log-ins, log-outs and refused log-ins go to the audit log; refusals count for lockout."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record, client_ip

from .lockout import failure_record, failures_clear


@receiver(user_logged_in, dispatch_uid="pendamping_login")
def _logged_in(sender, request, user, **kwargs):
    failures_clear(username=user.get_username())
    audit_record(actor=user, action=Action.LOGIN, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="pendamping_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="pendamping_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    failure_record(username=username, ip=client_ip(request))
    audit_record(
        actor=None,
        action=Action.LOGIN_FAILED,
        object_type="accounts.user",
        summary=f"username={username[:60]}",
        request=request,
    )
