"""Workforce forms: input parsing only; the services decide."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.wilayah.models import Area, Level

from .models import EmploymentBasis, WorkerType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def region_area_choices() -> list[tuple[int, str]]:
    """The city, its kecamatan and kelurahan, for an assignment."""
    region = settings.PENDAMPING_REGION_CODE
    qs = Area.objects.filter(valid_to__isnull=True).filter(code=region) | Area.objects.filter(
        valid_to__isnull=True,
        code__startswith=region + ".",
        level__in=(Level.KECAMATAN, Level.KELURAHAN, Level.DESA),
    )
    return [
        (a.pk, f"{a.code} {a.display_name} ({a.get_level_display()})") for a in qs.order_by("code")
    ]


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    worker_type = forms.ChoiceField(label=_("Type"), choices=WorkerType.choices)
    basis = forms.ChoiceField(label=_("Employment basis"), choices=EmploymentBasis.choices)
    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)
    started_on = forms.DateField(label=_("Started"), widget=DATE, initial=timezone.localdate)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AssignmentForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, choices=())
    valid_from = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = region_area_choices()


class EndForm(forms.Form):
    on = forms.DateField(label=_("Until"), widget=DATE, initial=timezone.localdate)


class WhatIfForm(forms.Form):
    worker_type = forms.ChoiceField(
        label=_("Worker type"),
        choices=[(t, WorkerType(t).label) for t in ("tksk", "psm", "pkh", "penyuluh")],
        initial="tksk",
    )
    extra = forms.IntegerField(label=_("Additional workers"), min_value=0, max_value=50, initial=3)
    max_split = forms.IntegerField(
        label=_("Workers who may share one area"), min_value=1, max_value=6, initial=2
    )
    inertia = forms.FloatField(
        label=_("Inertia (workload a change must save)"), min_value=0, initial=5
    )
    max_km = forms.FloatField(
        label=_("Largest distance from a worker's main area (km)"), min_value=1, required=False
    )
