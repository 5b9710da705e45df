"""Forms of the programs app: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pendamping.registry.models import Disability, DwellingStatus, PpksCategory, Relationship
from pendamping.registry.models import RecordStatus as RS

from . import eligibility
from .complaints.models import Category
from .models import EnrolmentStatus, Kind, Owner, Program, Unit, UsulanKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30, help_text=_("Short, e.g. lansia-kota."))
    name = forms.CharField(label=_("Name"), max_length=150)
    owner = forms.ChoiceField(label=_("Owner"), choices=Owner.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_categories = forms.ModelMultipleChoiceField(
        label=_("Target PPKS categories"),
        queryset=PpksCategory.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_on = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Period until"), required=False, widget=DATE)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


def rule_choices() -> list[tuple[str, str]]:
    return [
        (f"{fld}:{op}", f"{spec.label} {eligibility.OPS[op]}")
        for fld, spec in eligibility.FIELDS.items()
        for op in spec.ops
    ]


def value_help() -> str:
    parts = [
        _("Status: %(v)s") % {"v": ", ".join(RS.values)},
        _("Relationship: %(v)s") % {"v": ", ".join(Relationship.values)},
        _("Dwelling: %(v)s") % {"v": ", ".join(DwellingStatus.values)},
        _("Disability: %(v)s") % {"v": ", ".join(v for v in Disability.values if v)},
        _("Area: codes such as 14.71.01 (kecamatan) or 14.71.01.1002 (kelurahan)"),
    ]
    return "; ".join(str(p) for p in parts)


class ConditionForm(forms.Form):
    rule = forms.ChoiceField(label=_("Condition"), choices=rule_choices)
    categories = forms.ModelMultipleChoiceField(
        label=_("PPKS categories"),
        queryset=PpksCategory.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    values = forms.CharField(
        label=_("Values (separated by commas)"),
        required=False,
        max_length=500,
        help_text=value_help,
    )
    minimum = forms.IntegerField(label=_("Minimum"), required=False, min_value=0, max_value=200)
    maximum = forms.IntegerField(label=_("Maximum"), required=False, min_value=0, max_value=200)
    age = forms.IntegerField(label=_("Age (years)"), required=False, min_value=0, max_value=200)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", "–"), ("L", _("Male")), ("P", _("Female"))]
    )
    other_program = forms.ModelChoiceField(
        label=_("Other program"),
        queryset=Program.objects.all(),
        to_field_name="code",
        required=False,
    )

    group = forms.IntegerField(
        label=_("Group"),
        required=False,
        min_value=0,
        max_value=9,
        initial=0,
        help_text=_("0: this condition must hold. 1-9: at least one condition of the group."),
    )

    def condition(self) -> dict:
        data = self.cleaned_data
        fld, op = data["rule"].split(":", 1)
        values = [c.code for c in data["categories"]] if fld == "category" else data["values"]
        return {
            "field": fld,
            "op": op,
            "group": data["group"] or 0,
            "value": {
                "values": values,
                "min": data["minimum"],
                "max": data["maximum"],
                "age": data["age"],
                "value": data["sex"],
                "program": data["other_program"].code if data["other_program"] else "",
            },
        }


class QuotaForm(forms.Form):
    area_code = forms.CharField(label=_("Kelurahan or kecamatan code"), max_length=20)
    quota = forms.IntegerField(
        label=_("Quota (empty to remove)"), required=False, min_value=0, max_value=10_000_000
    )


class ProposeForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.filter(active=True), to_field_name="code"
    )
    reason = forms.CharField(label=_("Why"), required=False, max_length=300)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=EnrolmentStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class DeliveryImportForm(forms.Form):
    period = forms.RegexField(
        label=_("Period (YYYY-MM)"), regex=r"^20\d\d-(0[1-9]|1[0-2])$", max_length=7
    )
    file = forms.FileField(
        label=_("File from the program (CSV or XLSX)"),
        help_text=_("Columns: nik, status (diterima / tidak diterima), alasan, nominal."),
    )


class UsulanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Proposal"), choices=UsulanKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was seen or checked, by whom and when."),
    )


class ComplaintForm(forms.Form):
    """The public form; `website` is a honeypot that people never see or fill."""

    category = forms.ChoiceField(label=_("What is the complaint about?"), choices=Category.choices)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    description = forms.CharField(
        label=_("Describe the problem"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    nik = forms.CharField(
        label=_("NIK of the person concerned (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    about_name = forms.CharField(
        label=_("Name of the assistant (only for a complaint about an assistant)"),
        required=False,
        max_length=100,
    )
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=100)
    contact = forms.CharField(
        label=_("Phone or WhatsApp (optional)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    photo = forms.ImageField(label=_("Photo (optional, up to 2 MB)"), required=False)
    website = forms.CharField(required=False, label="Website")

    def __init__(self, *args, kelurahan_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].choices = [("", "–"), *kelurahan_choices]


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[("phone", _("Phone")), ("walk_in", _("Walk-in"))]
    )


class StatusLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=12)
    pin = forms.CharField(
        label=_("PIN"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class ComplaintActionForm(forms.Form):
    to_status = forms.CharField(required=False)
    answer = forms.CharField(
        label=_("Answer to the complainant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public status page: no personal data."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeadlineForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365)
