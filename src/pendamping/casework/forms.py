"""Casework forms: input parsing only; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.registry.models import PpksCategory

from .models import ActivityKind, Body, Outcome, ProtectionKind, ReferralStatus, Urgency
from .roles import WorkRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=PpksCategory.objects.all(), label=_("PPKS category"), to_field_name="code"
    )
    problem = forms.CharField(
        label=_("Problem statement"), widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person, family and neighbours can build on."),
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    household_level = forms.BooleanField(label=_("For the whole household"), required=False)
    protection = forms.BooleanField(
        label=_("Protection case (violence, abuse, trafficking, neglect, exploitation)"),
        required=False,
        help_text=_("Only its assistants and Dinas supervisors will see it."),
    )
    protection_kind = forms.ChoiceField(
        label=_("Protection concern"),
        choices=[("", "–"), *ProtectionKind.choices],
        required=False,
    )
    goal = forms.CharField(label=_("First goal of the plan"), required=False, max_length=300)
    goal_due = forms.DateField(label=_("Due"), required=False, widget=DATE)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal or step"), max_length=300)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)


class ReviewForm(forms.Form):
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=DATE)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EscalationForm(forms.Form):
    body = forms.ChoiceField(label=_("Handed to"), choices=Body.choices)
    body_detail = forms.CharField(label=_("Office or officer"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the emergency opening"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Logged and shown to the case's assistants."),
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=ActivityKind.choices)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=WorkRole.choices, widget=forms.CheckboxSelectMultiple
    )
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=1440, initial=30
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    client_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    kelurahan = forms.TypedChoiceField(label=_("Kelurahan"), coerce=int, required=False)


class ReferralForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"))
    need = forms.CharField(label=_("Need"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Answer due"), widget=DATE)

    def __init__(self, *args, **kwargs):
        from .models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.all()


class ReferralAnswerForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Answer"), choices=ReferralStatus.choices)
    feedback = forms.CharField(
        label=_("Agency feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EventForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    program = forms.CharField(label=_("Program"), required=False, max_length=120)
    kelurahan = forms.TypedChoiceField(label=_("Kelurahan"), coerce=int)
    rw = forms.IntegerField(label=_("RW"), required=False, min_value=1)
    rt = forms.IntegerField(label=_("RT"), required=False, min_value=1)
    date = forms.DateField(label=_("Date"), widget=DATE)
    target_group = forms.CharField(label=_("Target group"), required=False, max_length=200)
    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EventHeldForm(forms.Form):
    attendance_male = forms.IntegerField(label=_("Men"), min_value=0)
    attendance_female = forms.IntegerField(label=_("Women"), min_value=0)
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MediationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    kelurahan = forms.TypedChoiceField(label=_("Kelurahan"), coerce=int)
    other_parties = forms.CharField(
        label=_("Parties"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names of the parties not in the registry."),
        required=False,
    )


class MediationSessionForm(forms.Form):
    notes = forms.CharField(label=_("Session notes"), widget=forms.Textarea(attrs={"rows": 2}))
    held_on = forms.DateField(label=_("Held on"), widget=DATE, initial=timezone.localdate)
    agreement_reached = forms.NullBooleanField(label=_("Agreement reached"), required=False)
    agreement = forms.CharField(label=_("Agreement"), required=False, max_length=2000)
    follow_up_on = forms.DateField(label=_("Follow-up"), required=False, widget=DATE)


class AssessmentForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=PpksCategory.objects.all(), label=_("PPKS category"), to_field_name="code"
    )
    problem = forms.CharField(
        label=_("Problem statement"), widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person, family and neighbours can build on."),
    )
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Urgency.choices, coerce=int)
    note = forms.CharField(label=_("Why it changed"), required=False, max_length=500)
