"""The registry app owns PPKS households and people, their categories and their history.

Every write goes through these functions: they check the actor's scope, validate NIK/KK with
`registry.nik`, save, and record a `Change` (who, when, source, each field before and after).
"""

import csv
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pendamping.core.exceptions import DomainError, OutOfScope
from pendamping.core.scope import area_in_scope
from pendamping.wilayah.models import Area, Level

from . import nik as nikmod
from .models import (
    Change,
    ChangeSource,
    Classification,
    Household,
    NameKeyFrequency,
    Person,
    PersonNameKey,
    PpksCategory,
    PsksCategory,
    RecordStatus,
)
from .names import name_keys, name_similarity

DATA_DIR = Path(__file__).resolve().parent / "data"
SENSITIVE_PPKS = {"PPKS03", "PPKS06", "PPKS10", "PPKS16", "PPKS17", "PPKS18", "PPKS19"}
PERSON_FIELDS = (
    "nik",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "relationship",
    "marital_status",
    "education",
    "occupation",
    "disability",
    "phone",
    "status",
)
HOUSEHOLD_FIELDS = (
    "kk",
    "address",
    "kelurahan",
    "rt",
    "dwelling_status",
    "decile",
    "decile_as_of",
    "latitude",
    "longitude",
    "status",
)


class RegistryErrorCode(StrEnum):
    NIK_INVALID = "nik_invalid"
    KK_INVALID = "kk_invalid"
    NIK_EXISTS = "nik_exists"
    AREA_INVALID = "area_invalid"
    NAME_REQUIRED = "name_required"
    SEX_INVALID = "sex_invalid"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    CATEGORY_UNKNOWN = "category_unknown"


class RegistryError(DomainError):
    """A refused registry write; `field` names the input at fault when there is one."""

    def __init__(self, code: RegistryErrorCode, message: str, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


def _problem_text(problem: nikmod.Problem) -> str:
    return problem.message_en if (get_language() or "id").startswith("en") else problem.message_id


def _check_nik(
    value: str | None, *, birth_date: date | None, sex: str | None, kecamatan_code: str | None
) -> tuple[str | None, list[str]]:
    """The normalised NIK (or None when empty) and warning texts; errors raise."""
    if value is None or not str(value).strip():
        return None, []
    result = nikmod.validate_nik(
        str(value), birth_date=birth_date, sex=sex, address_kecamatan_code=kecamatan_code
    )
    if not result.valid:
        raise RegistryError(
            RegistryErrorCode.NIK_INVALID,
            "; ".join(_problem_text(p) for p in result.errors),
            field="nik",
            problems=[p.code for p in result.errors],
        )
    return result.value, [_problem_text(p) for p in result.warnings]


def _check_kk(value: str, *, kecamatan_code: str | None) -> str:
    result = nikmod.validate_kk(str(value), address_kecamatan_code=kecamatan_code)
    if not result.valid:
        raise RegistryError(
            RegistryErrorCode.KK_INVALID,
            "; ".join(_problem_text(p) for p in result.errors),
            field="kk",
            problems=[p.code for p in result.errors],
        )
    return result.value


def _check_area(actor, kelurahan: Area, rt: Area | None) -> None:
    if kelurahan.level not in (Level.KELURAHAN, Level.DESA) or kelurahan.valid_to is not None:
        raise RegistryError(
            RegistryErrorCode.AREA_INVALID,
            _("Choose a current kelurahan or desa."),
            field="kelurahan",
        )
    if rt is not None and (rt.level != Level.RT or rt.parent.parent_id != kelurahan.pk):
        raise RegistryError(
            RegistryErrorCode.AREA_INVALID,
            _("The RT does not belong to this kelurahan."),
            field="rt",
        )
    if actor is not None and not area_in_scope(actor, kelurahan.pk):
        raise OutOfScope


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Area):
        return value.code
    return value


def _diff(obj, changes: dict[str, Any]) -> dict[str, list]:
    diff = {}
    for field, new in changes.items():
        old = getattr(obj, field)
        if old != new:
            diff[field] = [_jsonable(old), _jsonable(new)]
    return diff


def _record(
    *,
    actor,
    source: str,
    action: str,
    fields: dict,
    note: str = "",
    person: Person | None = None,
    household: Household | None = None,
) -> Change:
    return Change.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        source=source,
        action=action,
        fields=fields,
        note=note[:255],
        person=person,
        household=household,
    )


def name_key_rows(person: Person) -> list[PersonNameKey]:
    """The search keys of a person (also used by bulk writers: demo, import)."""
    return [
        PersonNameKey(person_id=person.pk, key=key, kelurahan_id=person.kelurahan_id)
        for key in name_keys(person.name)
    ]


def name_key_frequencies_refresh(*, threshold: int | None = None) -> int:
    """Store the counts of the keys too common to count live (see `search._frequencies`).
    Run after bulk loads; between runs a stale count only changes the order of common keys."""
    from .search import FREQUENCY_CAP

    threshold = FREQUENCY_CAP if threshold is None else threshold
    rows = (
        PersonNameKey.objects.values("key")
        .annotate(n=Count("pk"))
        .filter(n__gte=threshold)
        .order_by()
        .values_list("key", "n")
    )
    fresh = [NameKeyFrequency(key=key, count=n) for key, n in rows]
    with transaction.atomic():
        NameKeyFrequency.objects.all().delete()
        NameKeyFrequency.objects.bulk_create(fresh)
    return len(fresh)


def _index_name(person: Person) -> None:
    PersonNameKey.objects.filter(person_id=person.pk).delete()
    PersonNameKey.objects.bulk_create(name_key_rows(person))


def _kecamatan_code(kelurahan: Area) -> str:
    return kelurahan.code.rsplit(".", 1)[0]


def rt_resolve(*, actor, kelurahan: Area, rw: int | None, rt: int | None) -> Area | None:
    """The RT area for RW/RT numbers in a kelurahan the actor covers (created on first use)."""
    from pendamping.wilayah.services import area_ensure_rt

    if not rw or not rt:
        return None
    _check_area(actor, kelurahan, None)
    return area_ensure_rt(kelurahan=kelurahan, rw=rw, rt=rt)


@transaction.atomic
def household_create(
    *,
    actor,
    kk: str,
    kelurahan: Area,
    rt: Area | None = None,
    address: str = "",
    dwelling_status: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    source: str = ChangeSource.UI,
    note: str = "",
) -> Household:
    _check_area(actor, kelurahan, rt)
    household = Household.objects.create(
        kk=_check_kk(kk, kecamatan_code=_kecamatan_code(kelurahan)),
        kelurahan=kelurahan,
        rt=rt,
        address=address.strip(),
        dwelling_status=dwelling_status,
        latitude=latitude,
        longitude=longitude,
    )
    _record(
        actor=actor,
        source=source,
        action="create",
        household=household,
        note=note,
        fields={
            f: [None, _jsonable(getattr(household, f))]
            for f in HOUSEHOLD_FIELDS
            if getattr(household, f) not in (None, "")
        },
    )
    return household


@transaction.atomic
def household_update(
    *,
    actor,
    household: Household,
    source: str = ChangeSource.UI,
    note: str = "",
    action: str = "update",
    confirmed_move: bool = False,
    origin_checked: bool = False,
    **changes,
) -> Household:
    """Change a household's fields; a new kelurahan or RT moves its members with it.

    `confirmed_move=True` is passed only by `mobility.services.report_confirm`, which has already
    checked that the actor covers the area of the report: a move confirmed there may take the
    household out of (or into) the actor's own areas, so the area scope checks are skipped here;
    the destination is still validated. `origin_checked=True` (a field check's "moved within
    the city") skips the same checks, but the members' open work is handed over here."""
    skip_scope = confirmed_move or origin_checked
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"Not household fields: {sorted(unknown)}")
    household = Household.objects.select_for_update().get(pk=household.pk)
    if actor is not None and not skip_scope and not area_in_scope(actor, household.kelurahan_id):
        raise OutOfScope
    kelurahan = changes.get("kelurahan", household.kelurahan)
    if "kelurahan" in changes or "rt" in changes:
        _check_area(None if skip_scope else actor, kelurahan, changes.get("rt", household.rt))
    if "kk" in changes:
        changes["kk"] = _check_kk(changes["kk"], kecamatan_code=_kecamatan_code(kelurahan))
    moved = ("kelurahan" in changes and changes["kelurahan"] != household.kelurahan) or (
        "rt" in changes and changes["rt"] != household.rt
    )
    if moved and "latitude" not in changes and household.latitude is not None:
        # The old point is where they lived before; keeping it would misplace them on maps.
        changes["latitude"] = changes["longitude"] = None
    diff = _diff(household, changes)
    if not diff:
        return household
    for field, value in changes.items():
        setattr(household, field, value)
    household.save()
    if "kelurahan" in diff or "rt" in diff:
        household.members.update(kelurahan=household.kelurahan, rt=household.rt)
        # An id list, not a join: PostgreSQL plans UPDATE ... IN (join) badly on fresh tables.
        member_ids = list(household.members.values_list("pk", flat=True))
        PersonNameKey.objects.filter(person_id__in=member_ids).update(
            kelurahan_id=household.kelurahan_id
        )
    _record(actor=actor, source=source, action=action, household=household, fields=diff, note=note)
    if "kelurahan" in diff and not confirmed_move:
        hand_over_moved(
            actor=actor,
            person_ids=member_ids,
            kelurahan=household.kelurahan,
            note=note,
            old_code=diff["kelurahan"][0],
            source=f"registry household #{household.pk}",
            url=f"/registry/households/{household.pk}/",
        )
    return household


def hand_over_moved(
    *,
    actor,
    person_ids: list[int],
    kelurahan: Area,
    note: str = "",
    old_code: str | None = None,
    source: str = "",
    url: str = "",
) -> list:
    """People whose kelurahan changed without a move report (a correction in a form, the API or
    an import; a field check's "moved within the city") take their open work with them.

    A confirmed move report hands over in `mobility.services`; without this, the old area's
    assistant would keep cases and field checks about people who are no longer theirs, and
    the new one would not know of them. Runs in the caller's transaction."""
    from pendamping.accounts.selectors import assistant_for_kelurahan
    from pendamping.core import handover

    if not person_ids:
        return []
    to_user = assistant_for_kelurahan(kelurahan)
    moved = _("Moved from %(old)s to %(new)s") % {"old": old_code or "-", "new": kelurahan.name}
    if getattr(actor, "pk", None):
        moved += " " + _("by %(user)s") % {"user": actor.get_username()}
    items = handover.hand_over(
        context=handover.HandoverContext(
            person_ids=list(person_ids),
            actor=actor,
            note=f"{note} — {moved}" if note else moved,
            to_user=to_user,
            to_kelurahan_id=kelurahan.pk,
            source=source,
            extra={"reason": "corrected"},
        )
    )
    handover.notify_new_owners(
        items,
        to_user=to_user,
        actor=actor,
        text=_("Handed over to you: %(n)s open item(s) about people now living in %(area)s")
        % {"n": len(items), "area": kelurahan.name},
        url=url,
    )
    return items


def possible_duplicates(
    *, name: str, birth_date: date | None, kelurahan: Area, exclude_pk: int | None = None
) -> list[Person]:
    """Same birth date, same kelurahan, similar name: shown before saving a new person."""
    if birth_date is None:
        return []
    candidates = Person.objects.filter(birth_date=birth_date, kelurahan=kelurahan)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    return [p for p in candidates[:200] if name_similarity(name, p.name) >= 0.85]


@transaction.atomic
def person_create(
    *,
    actor,
    household: Household,
    name: str,
    sex: str,
    nik: str | None = None,
    birth_date: date | None = None,
    birth_place: str = "",
    relationship: str = "",
    marital_status: str = "",
    education: str = "",
    occupation: str = "",
    disability: str = "",
    phone: str = "",
    source: str = ChangeSource.UI,
    note: str = "",
    confirm_not_duplicate: bool = False,
) -> Person:
    """Add a person to a household. An existing NIK is refused; a likely duplicate (similar
    name, same birth date and kelurahan) is refused until the caller confirms it is not one."""
    if actor is not None and not area_in_scope(actor, household.kelurahan_id):
        raise OutOfScope
    name = " ".join((name or "").split())
    if not name:
        raise RegistryError(
            RegistryErrorCode.NAME_REQUIRED, _("Enter the full name."), field="name"
        )
    if sex not in ("L", "P"):
        raise RegistryError(RegistryErrorCode.SEX_INVALID, _("Sex must be L or P."), field="sex")
    nik, warnings = _check_nik(
        nik, birth_date=birth_date, sex=sex, kecamatan_code=_kecamatan_code(household.kelurahan)
    )
    if nik and (existing := Person.objects.filter(nik=nik).only("pk").first()):
        raise RegistryError(
            RegistryErrorCode.NIK_EXISTS,
            _("This NIK is already registered."),
            field="nik",
            existing_pk=existing.pk,
        )
    if not confirm_not_duplicate:
        duplicates = possible_duplicates(
            name=name, birth_date=birth_date, kelurahan=household.kelurahan
        )
        if duplicates:
            raise RegistryError(
                RegistryErrorCode.POSSIBLE_DUPLICATE,
                _("A person with a similar name and the same birth date lives in this kelurahan."),
                field="name",
                candidates=[p.pk for p in duplicates],
            )
    try:
        with transaction.atomic():
            person = Person.objects.create(
                household=household,
                kelurahan_id=household.kelurahan_id,
                rt_id=household.rt_id,
                nik=nik,
                name=name,
                sex=sex,
                birth_date=birth_date,
                birth_place=birth_place.strip(),
                relationship=relationship,
                marital_status=marital_status,
                education=education,
                occupation=occupation,
                disability=disability,
                phone=phone.strip(),
            )
    except IntegrityError as exc:  # a concurrent insert of the same NIK
        raise RegistryError(
            RegistryErrorCode.NIK_EXISTS, _("This NIK is already registered."), field="nik"
        ) from exc
    _index_name(person)
    _record(
        actor=actor,
        source=source,
        action="create",
        person=person,
        household=household,
        note="; ".join([note, *warnings]).strip("; "),
        fields={
            f: [None, _jsonable(getattr(person, f))]
            for f in PERSON_FIELDS
            if getattr(person, f) not in (None, "")
        },
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor,
    person: Person,
    source: str = ChangeSource.UI,
    note: str = "",
    action: str = "update",
    **changes,
) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Not person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().select_related("kelurahan").get(pk=person.pk)
    if actor is not None and not area_in_scope(actor, person.kelurahan_id):
        raise OutOfScope
    if "name" in changes:
        changes["name"] = " ".join((changes["name"] or "").split())
        if not changes["name"]:
            raise RegistryError(
                RegistryErrorCode.NAME_REQUIRED, _("Enter the full name."), field="name"
            )
    warnings: list[str] = []
    if {"nik", "birth_date", "sex"} & set(changes):
        nik, warnings = _check_nik(
            changes.get("nik", person.nik),
            birth_date=changes.get("birth_date", person.birth_date),
            sex=changes.get("sex", person.sex),
            kecamatan_code=_kecamatan_code(person.kelurahan),
        )
        if "nik" in changes:
            changes["nik"] = nik
            if nik and Person.objects.filter(nik=nik).exclude(pk=person.pk).exists():
                raise RegistryError(
                    RegistryErrorCode.NIK_EXISTS, _("This NIK is already registered."), field="nik"
                )
    diff = _diff(person, changes)
    if not diff:
        return person
    for field, value in changes.items():
        setattr(person, field, value)
    person.save()
    if "name" in diff:
        _index_name(person)
    _record(
        actor=actor,
        source=source,
        action=action,
        person=person,
        fields=diff,
        note="; ".join([note, *warnings]).strip("; "),
    )
    return person


def person_set_status(
    *, actor, person: Person, status: str, source: str = ChangeSource.UI, note: str = ""
) -> Person:
    if status not in RecordStatus.values:
        raise RegistryError(RegistryErrorCode.AREA_INVALID, _("Unknown status."), field="status")
    return person_update(
        actor=actor, person=person, status=status, source=source, note=note, action="status"
    )


@transaction.atomic
def classification_add(
    *,
    actor,
    category_code: str,
    assessed_on: date,
    person: Person | None = None,
    household: Household | None = None,
    evidence: str = "",
    valid_until: date | None = None,
    source: str = ChangeSource.UI,
) -> Classification:
    subject = person or household
    if subject is None:
        raise TypeError("A classification needs a person or a household")
    if actor is not None and not area_in_scope(actor, subject.kelurahan_id):
        raise OutOfScope
    category = PpksCategory.objects.filter(code=category_code).first()
    if category is None:
        raise RegistryError(
            RegistryErrorCode.CATEGORY_UNKNOWN,
            _("Unknown PPKS category: %(code)s") % {"code": category_code},
            field="ppks_categories",
        )
    classification = Classification.objects.create(
        person=person,
        household=household,
        category=category,
        assessed_on=assessed_on,
        assessed_by=actor if getattr(actor, "pk", None) else None,
        evidence=evidence,
        valid_until=valid_until,
    )
    _record(
        actor=actor,
        source=source,
        action="classify",
        person=person,
        household=household,
        fields={"ppks": [None, category.code]},
        note=evidence,
    )
    return classification


@transaction.atomic
def reference_categories_load() -> int:
    """Load the 26 PPKS and 12 PSKS categories; returns how many were new."""
    created = 0
    with (DATA_DIR / "ppks_categories.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _, new = PpksCategory.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_id": row["name_id"],
                    "name_en": row["name_en"],
                    "description": row["short_description"],
                    "sensitive": row["code"] in SENSITIVE_PPKS,
                },
            )
            created += new
    with (DATA_DIR / "psks_categories.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _, new = PsksCategory.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_id": row["name_id"],
                    "name_en": row["name_en"],
                    "subject_type": row["subject_type"],
                    "description": row["short_description"],
                },
            )
            created += new
    return created
