"""Forms of the reconciliation pages: importing an extract and recording a field check."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.wilayah.models import Area, Level

from .models import NationalSource, VervalResult

MAX_EXTRACT_BYTES = 200 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SnapshotImportForm(forms.Form):
    source = forms.ChoiceField(label=_("National data"), choices=NationalSource.choices)
    as_of = forms.DateField(label=_("Data as of"), widget=DateInput())
    label = forms.CharField(label=_("Label"), max_length=120, required=False)
    file = forms.FileField(
        label=_("Extract (CSV or XLSX)"),
        help_text=_(
            "Common DTKS/DTSEN column names are recognised (NIK, NO_KK, NAMA, TGL_LAHIR, "
            "ID_DTSEN, IDARTBDT, DESIL, PKH, ...)."
        ),
    )
    mapping = forms.FileField(
        label=_("Column mapping (optional)"),
        required=False,
        help_text=_("CSV lines name_in_file,field, e.g. NAMA_ART,name or STATUS_PKH,program:PKH."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EXTRACT_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if upload and upload.size > 100_000:
            raise forms.ValidationError(_("The mapping file is larger than 100 KB."))
        return upload

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return value


def kelurahan_choices() -> list[tuple[str, str]]:
    qs = Area.objects.filter(
        level__in=(Level.KELURAHAN, Level.DESA),
        valid_to__isnull=True,
        code__startswith=settings.PENDAMPING_REGION_CODE + ".",
    ).order_by("name")
    return [("", "—")] + [(str(a.pk), a.name) for a in qs]


class VervalResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=VervalResult.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Photo of evidence"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    name = forms.CharField(label=_("Correct name"), max_length=150, required=False)
    nik = forms.CharField(label=_("Correct NIK"), max_length=16, required=False)
    birth_date = forms.DateField(label=_("Correct birth date"), required=False, widget=DateInput())
    address = forms.CharField(label=_("Correct address"), max_length=255, required=False)
    new_kelurahan = forms.TypedChoiceField(
        label=_("New kelurahan"), required=False, coerce=int, empty_value=None
    )
    new_rw = forms.IntegerField(label=_("New RW"), required=False, min_value=1, max_value=999)
    new_rt = forms.IntegerField(label=_("New RT"), required=False, min_value=1, max_value=999)
    new_address = forms.CharField(label=_("New address"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_kelurahan"].choices = kelurahan_choices()

    def corrections(self) -> dict:
        data = self.cleaned_data
        out = {k: data[k] for k in ("name", "nik", "birth_date", "address") if data.get(k)}
        if out.get("birth_date"):
            out["birth_date"] = out["birth_date"].isoformat()
        return out
