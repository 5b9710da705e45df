"""The area tree (provinsi > kota/kabupaten > kecamatan > kelurahan/desa > RW > RT) with history.

An `Area` is one place through time, known today by `code`. Each `AreaVersion` is its
state (code, name, parent) over a period, so a renamed or moved area keeps its lineage,
a retired code still resolves, and "as of 2020" and "today" both answer.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KOTA = "kota", _("City")
    KABUPATEN = "kabupaten", _("Regency")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


LEVEL_DEPTH = {
    Level.PROVINSI: 1,
    Level.KOTA: 2,
    Level.KABUPATEN: 2,
    Level.KECAMATAN: 3,
    Level.KELURAHAN: 4,
    Level.DESA: 4,
    Level.RW: 5,
    Level.RT: 6,
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PREFIX = re.compile(r"^(kabupaten|kab|kota|kec|kecamatan|kel|kelurahan|desa)\b\.?\s*")


def name_key(name: str) -> str:
    """Key that matches names regardless of spacing, case and punctuation."""
    lowered = _PREFIX.sub("", name.strip().lower())
    return _NON_ALNUM.sub("", lowered)


class Area(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    alt_name = models.CharField(_("alternative name"), max_length=120, blank=True)
    alt_name_key = models.CharField(max_length=120, db_index=True, blank=True, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Empty while the area exists.")
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("For a retired code: the current area that took it over, when known."),
    )
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "level"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.alt_name_key = name_key(self.alt_name) if self.alt_name else ""
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def display_name(self) -> str:
        return self.alt_name or self.name


class AreaVersion(models.Model):
    """The state of an area over [valid_from, valid_to); open ends are unbounded."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="versions")
    code = models.CharField(max_length=32, db_index=True)
    name = models.CharField(max_length=120)
    parent_code = models.CharField(max_length=32, blank=True, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["area", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["area", "valid_from"], name="uniq_area_version_start")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} [{self.valid_from or '…'}, {self.valid_to or '…'})"


class Population(models.Model):
    """Population of an area for a year from one source; several sources may disagree."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=200)
    male = models.PositiveIntegerField(_("male"), null=True, blank=True)
    female = models.PositiveIntegerField(_("female"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["area", "-year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "source"], name="uniq_population")
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.year}: {self.total}"


class ReferenceLoad(models.Model):
    """Marks a reference data set as loaded, with its checksum, so `setup` is idempotent."""

    name = models.CharField(max_length=100, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name
