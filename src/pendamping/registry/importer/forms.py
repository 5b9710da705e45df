from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    mapping = forms.FileField(
        label=_("Column mapping (optional)"),
        required=False,
        help_text=_("A CSV with lines source,canonical or a JSON object, for other column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,.txt"}),
    )
