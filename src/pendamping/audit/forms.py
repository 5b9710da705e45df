from django import forms
from django.utils.translation import gettext_lazy as _

from pendamping.accounts.models import User


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=10,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log and shown to the person's assistants."),
    )


class BreachLookupForm(forms.Form):
    account = forms.ModelChoiceField(
        queryset=User.objects.order_by("username"), label=_("Account"), to_field_name="username"
    )
    start = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    description = forms.CharField(
        label=_("What happened (to record the breach)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
