from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendamping.audit.services import client_ip

from .lockout import lock_state


class LoginForm(AuthenticationForm):
    """Django's log-in form, saying plainly when the account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        lock = lock_state(username=username, ip=client_ip(self.request))
        if lock.locked:
            from django.contrib.auth.signals import user_login_failed

            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise forms.ValidationError(
                _(
                    "Too many failed log-ins. Try again in %(minutes)s minutes, or ask the "
                    "administrator."
                )
                % {"minutes": lock.minutes_left},
                code="locked",
            )
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class SecondStepForm(forms.Form):
    """The log-in's second step: the app's 6-digit code, or a recovery code (xxxxx-xxxxx)."""

    code = forms.CharField(
        label=gettext_lazy("6-digit code, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}
        ),
    )
