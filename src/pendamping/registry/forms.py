"""Registry forms: parse and validate input; the services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pendamping.core.scope import scope_of
from pendamping.wilayah.models import Area, Level

from .models import (
    Disability,
    DwellingStatus,
    MaritalStatus,
    PpksCategory,
    RecordStatus,
    Relationship,
    Sex,
)


def kelurahan_choices(actor) -> forms.ModelChoiceField:
    """Kelurahan the actor may write into, grouped by kecamatan in the label."""
    from django.conf import settings

    scope = scope_of(actor)
    qs = Area.objects.filter(level__in=[Level.KELURAHAN, Level.DESA], valid_to__isnull=True)
    if scope.everything:
        qs = qs.filter(code__startswith=f"{settings.PENDAMPING_REGION_CODE}.")
    else:
        qs = qs.filter(pk__in=scope.kelurahan_ids)
    field = forms.ModelChoiceField(
        queryset=qs.select_related("parent").order_by("parent__name", "name"), label=_("Kelurahan")
    )
    field.label_from_instance = lambda a: f"{a.parent.display_name} › {a.display_name}"
    return field


class PersonFieldsForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_place = forms.CharField(label=_("Birth place"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to head"), choices=[("", "–"), *Relationship.choices], required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=[("", "–"), *MaritalStatus.choices], required=False
    )
    education = forms.CharField(label=_("Education"), max_length=50, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=80, required=False)
    disability = forms.ChoiceField(
        label=_("Disability"), choices=Disability.choices, required=False
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 -]{6,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number, digits only.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=RecordStatus.choices, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is not the same person as the one shown"),
        required=False,
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_status:
            del self.fields["status"]

    def clean_nik(self) -> str:
        return "".join(self.cleaned_data["nik"].split())


class HouseholdFieldsForm(forms.Form):
    """A household's address and identifiers; RT/RW as numbers, created on first use."""

    kk = forms.CharField(
        label=_("KK number"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    rw = forms.IntegerField(label=_("RW"), min_value=1, max_value=999, required=False)
    rt = forms.IntegerField(label=_("RT"), min_value=1, max_value=999, required=False)
    dwelling_status = forms.ChoiceField(
        label=_("Dwelling status"), choices=[("", "–"), *DwellingStatus.choices], required=False
    )
    latitude = forms.FloatField(label=_("Latitude"), min_value=-11, max_value=6.5, required=False)
    longitude = forms.FloatField(label=_("Longitude"), min_value=94, max_value=142, required=False)

    status = forms.ChoiceField(label=_("Status"), choices=RecordStatus.choices)

    def __init__(self, *args, actor=None, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"] = kelurahan_choices(actor)
        self.order_fields(["kk", "kelurahan", "rw", "rt", "address", "dwelling_status"])
        if not with_status:
            del self.fields["status"]

    def clean_kk(self) -> str:
        return "".join(self.cleaned_data["kk"].split())

    def clean(self):
        data = super().clean()
        if bool(data.get("rt")) != bool(data.get("rw")):
            raise forms.ValidationError(_("Fill in both RT and RW, or neither."))
        return data


class ClassificationForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=PpksCategory.objects.all(), label=_("PPKS category"), to_field_name="code"
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(label=_("Evidence"), max_length=255, required=False)
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kecamatan = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, label=_("Kecamatan"), to_field_name="code"
    )
    # Set by links from the dashboard (a kelurahan's figures); shown as a removable chip.
    kelurahan = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Kelurahan"),
        to_field_name="code",
        widget=forms.HiddenInput,
    )
    category = forms.ModelChoiceField(
        queryset=PpksCategory.objects.filter(sensitive=False),
        required=False,
        label=_("PPKS category"),
        to_field_name="code",
    )
    status = forms.ChoiceField(required=False, label=_("Status"))

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from .models import RecordStatus

        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Area.objects.filter(
            parent__code=settings.PENDAMPING_REGION_CODE,
            level=Level.KECAMATAN,
            valid_to__isnull=True,
        ).order_by("name")
        self.fields["kelurahan"].queryset = Area.objects.filter(
            parent__parent__code=settings.PENDAMPING_REGION_CODE,
            level=Level.KELURAHAN,
            valid_to__isnull=True,
        )
        self.fields["status"].choices = [("", _("Any status")), *RecordStatus.choices]
        self.fields["category"].label_from_instance = lambda c: f"{c.code[4:]} {c.name_id}"
