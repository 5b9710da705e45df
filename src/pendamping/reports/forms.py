from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MonthlyReport


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ("summary", "constraints", "follow_up")
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "constraints": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the TKSK"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
