"""PPKS households and people, their categories and the history of every change."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .names import name_search_key


class DwellingStatus(models.TextChoices):
    OWN = "own", _("Own")
    RENT = "rent", _("Rent")
    CONTRACT = "contract", _("Contract")
    LODGING = "lodging", _("Lodging (menumpang)")
    NONE = "none", _("No dwelling")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MOVED_WITHIN = "moved_within", _("Moved within the city")
    MOVED_OUT = "moved_out", _("Moved out of the city")
    DECEASED = "deceased", _("Deceased")
    NOT_FOUND = "not_found", _("Not found")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of family")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    CHILD_IN_LAW = "child_in_law", _("Child-in-law")
    GRANDCHILD = "grandchild", _("Grandchild")
    PARENT = "parent", _("Parent")
    PARENT_IN_LAW = "parent_in_law", _("Parent-in-law")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    HELPER = "helper", _("Household helper")
    OTHER = "other", _("Other")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Not married")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Disability(models.TextChoices):
    NONE = "", _("None")
    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    SENSORY = "sensory", _("Sensory")
    MULTIPLE = "multiple", _("Multiple")


class PpksCategory(models.Model):
    """The 26 official PPKS categories (Permensos 08/2012); codes PPKS01..26 are ours."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Specific personal data: readable only by those assigned."),
    )

    class Meta:
        verbose_name = _("PPKS category")
        verbose_name_plural = _("PPKS categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_id}"


class PsksCategory(models.Model):
    """The 12 PSKS types (potentials and resources) of Permensos 08/2012."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    subject_type = models.CharField(_("subject"), max_length=20)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("PSKS category")
        verbose_name_plural = _("PSKS categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_id}"


class Household(models.Model):
    kk = models.CharField(_("KK number"), max_length=16, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    kelurahan = models.ForeignKey(
        "wilayah.Area",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("kelurahan"),
    )
    rt = models.ForeignKey(
        "wilayah.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rt_households",
        verbose_name=_("RT"),
    )
    dwelling_status = models.CharField(
        _("dwelling status"), max_length=10, choices=DwellingStatus.choices, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    decile = models.PositiveSmallIntegerField(
        _("welfare decile (desil)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("From the latest national data (DTSEN); 1 is the poorest tenth."),
    )
    decile_as_of = models.DateField(_("decile as of"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_kelurahan = "kelurahan_id"
    scope_rt = "rt_id"

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["kelurahan", "status"])]

    def __str__(self) -> str:
        return f"KK {self.kk}"


class Person(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True, null=True, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("household")
    )
    kelurahan = models.ForeignKey(
        "wilayah.Area",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("kelurahan"),
        help_text=_("Kept equal to the household's kelurahan."),
    )
    rt = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="rt_people"
    )
    name = models.CharField(_("full name"), max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    relationship = models.CharField(
        _("relationship to head"), max_length=16, choices=Relationship.choices, blank=True
    )
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    education = models.CharField(_("education"), max_length=50, blank=True)
    occupation = models.CharField(_("occupation"), max_length=80, blank=True)
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, blank=True, default=""
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_kelurahan = "kelurahan_id"
    scope_rt = "rt_id"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["birth_date", "kelurahan"]),
            models.Index(fields=["name_key", "id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_search_key(self.name)
        super().save(*args, **kwargs)


class Classification(models.Model):
    """A PPKS category assessed for a person or a household, with evidence and validity."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="classifications"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="classifications"
    )
    category = models.ForeignKey(PpksCategory, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("PPKS classification")
        verbose_name_plural = _("PPKS classifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(household__isnull=False),
                name="classification_has_subject",
            )
        ]
        indexes = [models.Index(fields=["category", "person"])]

    def __str__(self) -> str:
        return f"{self.category.code} {self.person or self.household}"


class ChangeSource(models.TextChoices):
    UI = "ui", _("Entered in the app")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    MOBILITY = "mobility", _("Mobility report")
    VERVAL = "verval", _("Field verification")
    SYSTEM = "system", _("System")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    STATUS = "status", _("Status changed")
    MOVE = "move", _("Moved")
    CLASSIFY = "classify", _("PPKS category added")
    IMPORT_CREATE = "import_create", _("Imported")
    IMPORT_UPDATE = "import_update", _("Updated by import")


class Change(models.Model):
    """One change to a person or household: who, when, from where, each field before and after."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="changes", null=True, blank=True
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="changes", null=True, blank=True
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=ChangeSource.choices, default=ChangeSource.UI
    )
    fields = models.JSONField(_("changed fields"), default=dict)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"]),
            models.Index(fields=["household", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class PersonNameKey(models.Model):
    """One phonetic key per word of a person's name (see `registry.names`), for typo-tolerant
    search with an index instead of a scan. Kelurahan is copied so scope filters here too."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=24)
    kelurahan_id = models.BigIntegerField()

    scope_kelurahan = "kelurahan_id"

    class Meta:
        indexes = [
            models.Index(fields=["key", "kelurahan_id", "person"], name="namekey_lookup"),
        ]

    def __str__(self) -> str:
        return self.key


class NameKeyFrequency(models.Model):
    """How many name words carry a common key, refreshed after imports and by
    `pendamping registry_reindex`; only orders keys that are all too common to count live."""

    key = models.CharField(max_length=24, primary_key=True)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


from .importer.models import ImportJob  # noqa: E402, F401  (the import pipeline's own model)
