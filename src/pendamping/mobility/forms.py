"""Small forms for slow phones: plain fields, defaults that let an RT head send in three taps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.registry.models import Sex

from .models import AttemptMethod, AttemptOutcome, Destination, ReportKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OTHER_KINDS = [
    (ReportKind.MOVED_IN, _("A newcomer moved in")),
    (ReportKind.BIRTH, _("A baby was born")),
    (ReportKind.MOVED_OUT, ReportKind.MOVED_OUT.label),
    (ReportKind.DECEASED, ReportKind.DECEASED.label),
    (ReportKind.UNKNOWN, ReportKind.UNKNOWN.label),
]


class DestinationFields(forms.Form):
    destination = forms.ChoiceField(
        label=_("Where to?"),
        choices=Destination.choices,
        initial=Destination.UNKNOWN,
        widget=forms.RadioSelect,
        required=False,
    )
    to_kelurahan = forms.ModelChoiceField(
        label=_("Destination kelurahan"), queryset=None, required=False
    )
    to_rw = forms.IntegerField(label=_("RW"), min_value=1, max_value=999, required=False)
    to_rt = forms.IntegerField(label=_("RT"), min_value=1, max_value=999, required=False)
    to_address = forms.CharField(label=_("New address or place"), max_length=255, required=False)

    def __init__(self, *args, kelurahan_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_kelurahan"].queryset = kelurahan_qs
        self.fields["to_kelurahan"].label_from_instance = lambda a: (
            f"{a.name} ({a.parent.name})" if a.parent_id else a.name
        )


class HouseholdReportForm(DestinationFields):
    """One page per household: what happened (one tap), when (today by default), send."""

    event = forms.ChoiceField(label=_("What happened?"), widget=forms.RadioSelect)
    event_on = forms.DateField(label=_("When?"), widget=DATE, initial=timezone.localdate)
    child_name = forms.CharField(label=_("Baby's name"), max_length=150, required=False)
    child_sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("moved_out", _("The whole family moved out"))]
        for m in members:
            choices.append((f"moved_out:{m.pk}", _("%(name)s moved out alone") % {"name": m.name}))
        for m in members:
            choices.append((f"deceased:{m.pk}", _("%(name)s died") % {"name": m.name}))
        choices.append(("unknown", _("Whereabouts of the family unknown")))
        choices.append(("birth", _("A baby was born in this family")))
        choices.append(("present", _("Still living here")))
        self.fields["event"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("event") == "birth":
            if not data.get("child_name"):
                self.add_error("child_name", _("Enter the name."))
            if not data.get("child_sex"):
                self.add_error("child_sex", _("Choose the sex."))
        return data


class OtherReportForm(DestinationFields):
    """Someone not in the list: a newcomer, a birth, or a person not yet registered."""

    kind = forms.ChoiceField(
        label=_("What happened?"), choices=OTHER_KINDS, widget=forms.RadioSelect
    )
    subject_name = forms.CharField(label=_("Name"), max_length=150)
    subject_sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False
    )
    subject_nik = forms.CharField(
        label=_("NIK (if known)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    came_from = forms.CharField(label=_("Came from (if known)"), max_length=255, required=False)
    new_kk = forms.CharField(
        label=_("KK number (if known)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address here"), max_length=255, required=False)
    event_on = forms.DateField(label=_("When?"), widget=DATE, initial=timezone.localdate)
    event_time = forms.TimeField(
        label=_("Time (if known)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan"), queryset=None, required=False)
    rw = forms.IntegerField(label=_("RW"), min_value=1, max_value=999, required=False)
    rt = forms.IntegerField(label=_("RT"), min_value=1, max_value=999, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, own_kelurahan_qs=None, reporter_has_rt=False, **kwargs):
        super().__init__(*args, **kwargs)
        if reporter_has_rt:
            for name in ("kelurahan", "rw", "rt"):
                del self.fields[name]
        else:
            self.fields["kelurahan"].queryset = own_kelurahan_qs
            self.fields["kelurahan"].required = True


class ConfirmForm(DestinationFields):
    """The assistant may correct what the reporter said before confirming."""

    event_on = forms.DateField(label=_("Date of the event"), widget=DATE, required=False)
    subject_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    subject_nik = forms.CharField(label=_("NIK"), max_length=20, required=False)
    subject_sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False
    )
    new_kk = forms.CharField(label=_("KK number"), max_length=20, required=False)
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AttemptForm(forms.Form):
    attempted_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(label=_("How"), choices=AttemptMethod.choices)
    contacts_asked = forms.CharField(label=_("Who was asked"), max_length=255, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AttemptOutcome.choices)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("deactivate", _("Deactivate the record")), ("keep", _("Keep searching"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
