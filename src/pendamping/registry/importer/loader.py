"""Writing checked rows into the registry, one transaction per batch.

Per batch: one query for the NIKs already stored, one for the households of the batch's KKs,
one for the people's PPKS categories; then multi-row inserts and bulk updates, the
name-search keys, the classifications and one `Change` (source "import") per created or
updated person or household. A batch is all or nothing, so a killed import leaves whole
batches only; run again, it finds them unchanged and ends in the state an uninterrupted run
reaches.
"""

from __future__ import annotations

import gc
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pendamping.core.scope import scope_of
from pendamping.registry.models import (
    Change,
    ChangeSource,
    Classification,
    Household,
    Person,
    PersonNameKey,
    PpksCategory,
    RecordStatus,
)
from pendamping.registry.names import name_search_key
from pendamping.registry.services import hand_over_moved, name_key_rows
from pendamping.wilayah.models import Area, Level
from pendamping.wilayah.selectors import area_current

from . import sql
from .areas import RtCache
from .parsing import Table
from .pipeline import batches, parallel_batches, use_parallel
from .rules import FileState
from .sql import PERSON_COMPARED
from .values import Record, RowError, today_wib

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 20_000
PERSON_COLUMNS = (
    "nik",
    "household_id",
    "kelurahan_id",
    "rt_id",
    "name",
    "name_key",
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
    "created_at",
    "updated_at",
)
HOUSEHOLD_COLUMNS = (
    "kk",
    "address",
    "kelurahan_id",
    "rt_id",
    "dwelling_status",
    "status",
    "created_at",
    "updated_at",
)
CHANGE_COLUMNS = (
    "household_id",
    "person_id",
    "at",
    "actor_id",
    "action",
    "source",
    "fields",
    "note",
)
CLASSIFICATION_COLUMNS = ("person_id", "category_id", "assessed_on", "assessed_by_id", "evidence")
NAME_KEY_COLUMNS = ("person_id", "key", "kelurahan_id")
RETRIES = 2
ACTIVE = RecordStatus.ACTIVE.value
IMPORT = ChangeSource.IMPORT.value


@dataclass
class Counts:
    rows: int = 0
    created_people: int = 0
    updated_people: int = 0
    unchanged: int = 0
    created_households: int = 0
    updated_households: int = 0
    error_rows: int = 0
    warnings: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class _HouseholdPlan:
    """A household of this batch: stored already (maybe changing) or to be created.
    `defined` holds what the file's rows say about it (first value per field wins)."""

    __slots__ = ("defined", "first_row", "id", "kelurahan_id", "old", "rt_id")

    def __init__(self, old: dict | None, first_row: int) -> None:
        self.old = old
        self.defined: dict[str, Any] = {}
        self.first_row = first_row
        self.id: int | None = old["id"] if old else None
        self.kelurahan_id: int | None = old["kelurahan_id"] if old else None
        self.rt_id: int | None = old["rt_id"] if old else None


class PeopleLoader:
    """The caches and in-file rules of one import; `load_batch` writes one batch."""

    def __init__(
        self,
        *,
        actor=None,
        file_name: str = "",
        today: date | None = None,
        on_batch: Callable[[Counts], None] | None = None,
    ) -> None:
        self.actor = actor
        self.actor_id = getattr(actor, "pk", None)
        self.scope = scope_of(actor) if actor is not None else None
        self.file_name = file_name
        self.today = today or today_wib()
        self.on_batch = on_batch
        self.state = FileState()
        self.counts = Counts()
        self.kelurahan: dict[str, tuple] = {}  # code -> ("ok", id, warning) | ("error", id, en)
        self.area_code: dict[int | None, str | None] = {None: None}
        self.rts = RtCache(self.area_code)
        self.categories = dict(PpksCategory.objects.values_list("code", "pk"))
        self._stamp_for = self._stamp = self._adapt_json = self._json_as_text = None
        self.category_code = {pk: code for code, pk in self.categories.items()}

    # -- scope and areas ----------------------------------------------------

    def in_scope(self, kelurahan_id: int) -> bool:
        scope = self.scope
        return scope is None or scope.everything or kelurahan_id in scope.kelurahan_ids

    def _resolve_kelurahan(self, codes: set[str]) -> None:
        missing = codes - self.kelurahan.keys()
        if not missing:
            return
        found = {
            a.code: a
            for a in Area.objects.filter(code__in=missing).only(
                "pk", "code", "name", "level", "valid_to"
            )
        }
        for code in missing:
            area = found.get(code)
            warning = None
            if area is None or area.valid_to is not None:
                current = area_current(code)
                if current is None or current.valid_to is not None:
                    self.kelurahan[code] = (
                        "error",
                        f"Kode kelurahan/desa {code} tidak dikenal atau sudah tidak berlaku.",
                        f"Kelurahan/desa code {code} is unknown or no longer in use.",
                    )
                    continue
                warning = (
                    f"Kode lama {code}; dipakai kode sekarang {current.code} ({current.name}).",
                    f"Old code {code}; the current code {current.code} ({current.name}) is used.",
                )
                area = current
            if area.level not in (Level.KELURAHAN, Level.DESA):
                self.kelurahan[code] = (
                    "error",
                    f"Kode {code} bukan kode kelurahan/desa (tingkatnya: {area.level}).",
                    f"Code {code} is not a kelurahan/desa code (its level: {area.level}).",
                )
                continue
            self.kelurahan[code] = ("ok", area.pk, warning)
            self.area_code[area.pk] = area.code

    def _codes_of(self, ids: Iterable[int | None]) -> None:
        missing = {i for i in ids if i not in self.area_code}
        if missing:
            self.area_code.update(Area.objects.filter(pk__in=missing).values_list("pk", "code"))

    # -- batches ------------------------------------------------------------

    def load_batch(self, parsed: list[tuple[Record | None, list[RowError]]]) -> list[RowError]:
        """Write one batch in one transaction; returns its row errors and warnings, in row
        order. A batch that meets a concurrent write of the same NIK is retried."""
        out: list[RowError] = []
        counts = Counts(rows=len(parsed))
        candidates: list[tuple[Record, int]] = []
        self._resolve_kelurahan({rec.kelurahan_code for rec, _ in parsed if rec is not None})
        for rec, problems in parsed:
            if rec is None:
                out.extend(problems)
                counts.error_rows += 1
                counts.warnings += sum(1 for p in problems if p.warning)
                continue
            resolved = self.kelurahan[rec.kelurahan_code]
            if resolved[0] == "error":
                out.append(RowError(rec.row, "kelurahan_code", rec.kelurahan_code, *resolved[1:]))
                counts.error_rows += 1
                continue
            if not self.in_scope(resolved[1]):
                out.append(_out_of_scope(rec.row, "kelurahan_code", rec.kelurahan_code))
                counts.error_rows += 1
                continue
            if resolved[2] is not None:
                problems = [
                    *problems,
                    RowError(rec.row, "kelurahan_code", rec.kelurahan_code, *resolved[2], True),
                ]
            out.extend(problems)
            counts.warnings += len(problems)
            candidates.append((rec, resolved[1]))

        for attempt in range(RETRIES + 1):
            self.state.begin()
            self.rts.begin()
            total = Counts()
            total.add(self.counts)
            total.add(counts)
            try:
                with transaction.atomic():
                    written, errors = self._write(candidates)
                    total.add(written)
                    if self.on_batch is not None:
                        self.on_batch(total)
            except IntegrityError:
                # Another import stored the same NIK meanwhile: forget this attempt, look again.
                self.state.rollback()
                self.rts.rollback()
                if attempt == RETRIES:
                    raise
                logger.warning("An import batch met a concurrent write; retrying it")
                continue
            self.state.commit()
            self.counts = total
            break
        out.extend(errors)
        out.sort(key=lambda e: e.row)
        return out

    def _write(self, candidates: list[tuple[Record, int]]) -> tuple[Counts, list[RowError]]:
        counts = Counts()
        errors: list[RowError] = []
        now = timezone.now()
        people = {row["nik"]: row for row in sql.people_by_nik([rec.nik for rec, _ in candidates])}
        households: dict[str, dict] = {}
        for row in sql.households_by_kk({rec.kk for rec, _ in candidates}):
            chosen = households.get(row["kk"])  # several with one KK: the first active one
            if chosen is None or (
                chosen["status"] != RecordStatus.ACTIVE and row["status"] == RecordStatus.ACTIVE
            ):
                households[row["kk"]] = row
        person_categories: dict[int, set[int]] = defaultdict(set)
        for person_id, category_id in sql.select(
            Classification,
            ("person_id", "category_id"),
            "person_id",
            [p["id"] for p in people.values()],
        ):
            person_categories[person_id].add(category_id)

        plans: dict[str, _HouseholdPlan] = {}
        new_people: list[tuple[Record, _HouseholdPlan]] = []
        updates: list[tuple[dict, Record, _HouseholdPlan, list[str]]] = []
        for rec, kelurahan_id in candidates:
            person = people.get(rec.nik)
            if person is not None and not self.in_scope(person["kelurahan_id"]):
                errors.append(_out_of_scope(rec.row, "nik", rec.nik, registered=True))
                counts.error_rows += 1
                continue
            household = households.get(rec.kk)
            if household is not None and not self.in_scope(household["kelurahan_id"]):
                errors.append(_out_of_scope(rec.row, "kk", rec.kk, registered=True))
                counts.error_rows += 1
                continue
            row_errors, warnings, defined = self.state.accept(rec)
            if row_errors:
                errors.extend(row_errors)
                counts.error_rows += 1
                continue
            errors.extend(warnings)
            counts.warnings += len(warnings)
            plan = plans.get(rec.kk)
            if plan is None:
                plan = plans[rec.kk] = _HouseholdPlan(household, rec.row)
            if "kelurahan_code" in defined:
                plan.defined["kelurahan_id"] = kelurahan_id
            if "rt" in defined:
                plan.defined["rt"] = (kelurahan_id, *defined["rt"])
            for name in ("address", "dwelling_status"):
                if name in defined:
                    plan.defined[name] = defined[name]
            if person is None:
                new_people.append((rec, plan))
                continue
            owned = person_categories[person["id"]]
            new_codes = [c for c in rec.ppks if self.categories[c] not in owned]
            updates.append((person, rec, plan, new_codes))

        self.rts.ensure(p.defined["rt"] for p in plans.values() if "rt" in p.defined)
        self._codes_of(
            [p["kelurahan_id"] for p in people.values()]
            + [p["rt_id"] for p in people.values()]
            + [h["kelurahan_id"] for h in households.values()]
            + [h["rt_id"] for h in households.values()]
        )
        self.rehomed: dict[int, set[int]] = defaultdict(set)  # new kelurahan -> person ids
        self._write_households(plans, counts, now)
        self._write_new_people(new_people, counts, now)
        self._write_updates(updates, person_categories, counts, now)
        self._hand_over_rehomed()
        return counts, errors

    def _hand_over_rehomed(self) -> None:
        """People the file put in another kelurahan take their open work with them, as after
        any correction of an address (`registry.services.hand_over_moved`)."""
        if not self.rehomed:
            return
        areas = Area.objects.in_bulk(list(self.rehomed))
        for kelurahan_id, person_ids in sorted(self.rehomed.items()):
            hand_over_moved(
                actor=self.actor,
                person_ids=sorted(person_ids),
                kelurahan=areas[kelurahan_id],
                note=self._evidence(),
                source=f"import {self.file_name}"[:60],
            )

    # -- households ---------------------------------------------------------

    def _write_households(self, plans: dict[str, _HouseholdPlan], counts: Counts, now) -> None:
        created: list[tuple[str, _HouseholdPlan]] = []
        changed: list[tuple[_HouseholdPlan, dict[str, list]]] = []
        values: dict[str, dict[str, Any]] = {}
        for kk, plan in plans.items():
            target: dict[str, Any] = {
                "kelurahan_id": plan.defined.get("kelurahan_id", plan.kelurahan_id)
            }
            if "rt" in plan.defined:
                target["rt_id"] = self.rts.get(plan.defined["rt"])
            elif plan.old is not None and target["kelurahan_id"] != plan.kelurahan_id:
                target["rt_id"] = None  # an RT of the old kelurahan cannot stay
            for name in ("address", "dwelling_status"):
                if name in plan.defined:
                    target[name] = plan.defined[name]
            plan.kelurahan_id = target["kelurahan_id"]
            plan.rt_id = target.get("rt_id", plan.rt_id)
            if plan.old is None:
                created.append((kk, plan))
                values[kk] = target
                continue
            diff = {}
            for attname, value in target.items():
                old = plan.old[attname]
                if old != value:
                    label = attname.removesuffix("_id")
                    diff[label] = [self._shown(attname, old), self._shown(attname, value)]
            if diff:
                changed.append((plan, diff))

        if created:
            stamp = sql.as_datetime(now)
            rows = [
                (
                    kk,
                    values[kk].get("address", ""),
                    plan.kelurahan_id,
                    plan.rt_id,
                    values[kk].get("dwelling_status", ""),
                    ACTIVE,
                    stamp,
                    stamp,
                )
                for kk, plan in created
            ]
            ids = sql.insert_returning(Household, HOUSEHOLD_COLUMNS, rows, key="kk")
            for kk, plan in created:
                plan.id = ids[kk]
            counts.created_households += len(created)
        for plan, diff in changed:
            update = {
                ("kelurahan_id" if k == "kelurahan" else "rt_id" if k == "rt" else k): (
                    plan.kelurahan_id if k == "kelurahan" else plan.rt_id if k == "rt" else v[1]
                )
                for k, v in diff.items()
            }
            Household.objects.filter(pk=plan.id).update(**update, updated_at=now)
            if "kelurahan" in diff or "rt" in diff:  # its members move with it
                Person.objects.filter(household_id=plan.id).update(
                    kelurahan_id=plan.kelurahan_id, rt_id=plan.rt_id, updated_at=now
                )
                member_ids = list(
                    Person.objects.filter(household_id=plan.id).values_list("pk", flat=True)
                )
                if "kelurahan" in diff:
                    self.rehomed[plan.kelurahan_id].update(member_ids)
                PersonNameKey.objects.filter(person_id__in=member_ids).update(
                    kelurahan_id=plan.kelurahan_id
                )
        counts.updated_households += len(changed)

        history = []
        for kk, plan in created:
            shown = {
                "kk": kk,
                "address": values[kk].get("address"),
                "kelurahan": self.area_code.get(plan.kelurahan_id),
                "rt": self.area_code.get(plan.rt_id),
                "dwelling_status": values[kk].get("dwelling_status"),
                "status": ACTIVE,
            }
            history.append(
                self._change(
                    household_id=plan.id,
                    action="import_create",
                    fields={k: [None, v] for k, v in shown.items() if v not in (None, "")},
                    row=plan.first_row,
                    now=now,
                )
            )
        for plan, diff in changed:
            history.append(
                self._change(
                    household_id=plan.id,
                    action="import_update",
                    fields=diff,
                    row=plan.first_row,
                    now=now,
                )
            )
        sql.insert(Change, CHANGE_COLUMNS, history)

    def _shown(self, attname: str, value: Any) -> Any:
        return self.area_code.get(value) if attname in ("kelurahan_id", "rt_id") else value

    # -- people -------------------------------------------------------------

    def _write_new_people(
        self, new_people: list[tuple[Record, _HouseholdPlan]], counts: Counts, now
    ) -> None:
        if not new_people:
            return
        stamp = sql.as_datetime(now)
        as_date = connection.ops.adapt_datefield_value
        rows = [
            (
                rec.nik,
                plan.id,
                plan.kelurahan_id,
                plan.rt_id,
                rec.name,
                rec.name_key,
                rec.birth_place,
                as_date(rec.birth_date),
                rec.sex,
                rec.relationship,
                "",
                "",
                "",
                "",
                rec.phone,
                ACTIVE,
                stamp,
                stamp,
            )
            for rec, plan in new_people
        ]
        ids = sql.insert_returning(Person, PERSON_COLUMNS, rows, key="nik")
        counts.created_people += len(new_people)
        keys = []
        classes = []
        history = []
        assessed_on = sql.as_date(self.today)
        evidence = self._evidence()
        for rec, plan in new_people:
            pk = ids[rec.nik]
            # The rows `services.name_key_rows` makes, without a model instance per key: at a
            # million people the instances alone cost half a minute (tests check they agree).
            keys.extend((pk, key, plan.kelurahan_id) for key in rec.keys)
            for code in rec.ppks:
                classes.append((pk, self.categories[code], assessed_on, self.actor_id, evidence))
            history.append(
                self._change(
                    person_id=pk,
                    household_id=plan.id,
                    action="import_create",
                    fields=rec.created,
                    row=rec.row,
                    now=now,
                )
            )
        sql.insert(PersonNameKey, NAME_KEY_COLUMNS, keys)
        sql.insert(Classification, CLASSIFICATION_COLUMNS, classes)
        sql.insert(Change, CHANGE_COLUMNS, history)

    def _write_updates(
        self,
        updates: list[tuple[dict, Record, _HouseholdPlan, list[str]]],
        person_categories: dict[int, set[int]],
        counts: Counts,
        now,
    ) -> None:
        """Existing NIKs: only values the file gives and that differ are written."""
        objs: list[Person] = []
        update_fields: set[str] = set()
        renamed: list[Person] = []
        moved: dict[int, list[int]] = defaultdict(list)
        classes = []
        history = []
        assessed_on = sql.as_date(self.today)
        evidence = self._evidence()
        for person, rec, plan, new_codes in updates:
            diff: dict[str, list] = {}
            for name in PERSON_COMPARED:
                value = getattr(rec, name)
                if value not in ("", None) and value != person[name]:
                    diff[name] = [_jsonable(person[name]), _jsonable(value)]
            moving = person["household__kk"] != rec.kk  # the file puts them in another family
            if not diff and not moving and not new_codes:
                counts.unchanged += 1
                continue
            obj = Person(pk=person["id"], updated_at=now)
            for name in PERSON_COMPARED:
                setattr(obj, name, getattr(rec, name) if name in diff else person[name])
            update_fields.update(diff)
            if "name" in diff:
                obj.name_key = name_search_key(obj.name)
                update_fields.add("name_key")
                renamed.append(obj)
            if moving or person["household_id"] == plan.id:
                # The household as this batch leaves it (it may have moved itself).
                obj.household_id, obj.kelurahan_id, obj.rt_id = (
                    plan.id,
                    plan.kelurahan_id,
                    plan.rt_id,
                )
            else:  # another stored household with the same KK: left as it is
                obj.household_id = person["household_id"]
                obj.kelurahan_id, obj.rt_id = person["kelurahan_id"], person["rt_id"]
            if moving:
                update_fields.update(("household_id", "kelurahan_id", "rt_id"))
                diff["household"] = [person["household__kk"], rec.kk]
                if person["kelurahan_id"] != obj.kelurahan_id:
                    self.rehomed[obj.kelurahan_id].add(obj.pk)
                    diff["kelurahan"] = [
                        self.area_code.get(person["kelurahan_id"]),
                        self.area_code.get(obj.kelurahan_id),
                    ]
                    if "name" not in diff:
                        moved[obj.kelurahan_id].append(obj.pk)
                if person["rt_id"] != obj.rt_id:
                    diff["rt"] = [
                        self.area_code.get(person["rt_id"]),
                        self.area_code.get(obj.rt_id),
                    ]
            if diff:
                objs.append(obj)
            if new_codes:
                old = sorted(self.category_code[c] for c in person_categories[person["id"]])
                diff["ppks"] = [old, sorted({*old, *new_codes})]
                classes.extend(
                    (obj.pk, self.categories[code], assessed_on, self.actor_id, evidence)
                    for code in new_codes
                )
            counts.updated_people += 1
            history.append(
                self._change(
                    person_id=obj.pk,
                    household_id=obj.household_id,
                    action="import_update",
                    fields=diff,
                    row=rec.row,
                    now=now,
                )
            )
        if objs:
            names = sorted(f.removesuffix("_id") for f in update_fields | {"updated_at"})
            Person.objects.bulk_update(objs, names, batch_size=500)
        if renamed:
            PersonNameKey.objects.filter(person_id__in=[p.pk for p in renamed]).delete()
            sql.insert(
                PersonNameKey,
                NAME_KEY_COLUMNS,
                [(k.person_id, k.key, k.kelurahan_id) for p in renamed for k in name_key_rows(p)],
            )
        for kelurahan_id, ids in moved.items():
            PersonNameKey.objects.filter(person_id__in=ids).update(kelurahan_id=kelurahan_id)
        sql.insert(Classification, CLASSIFICATION_COLUMNS, classes)
        sql.insert(Change, CHANGE_COLUMNS, history)

    # -- history ------------------------------------------------------------

    def _evidence(self) -> str:
        return f"Impor {self.file_name}"[:255]

    def _change(
        self, *, action: str, fields: dict | str, row: int, now, person_id=None, household_id=None
    ) -> tuple:
        """One history row; `fields` may come as JSON text already (see `values.derive`)."""
        if now is not self._stamp_for:
            self._stamp_for, self._stamp = now, sql.as_datetime(now)
            self._adapt_json = connection.ops.adapt_json_value
            self._json_as_text = connection.vendor == "sqlite"
        if isinstance(fields, str):
            data = fields if self._json_as_text else self._adapt_json(json.loads(fields), None)
        else:
            data = self._adapt_json(fields, None)
        return (
            household_id,
            person_id,
            self._stamp,
            self.actor_id,
            action,
            IMPORT,
            data,
            f"{self.file_name}:{row}"[:255],
        )


def _out_of_scope(row: int, column: str, value: str, *, registered: bool = False) -> RowError:
    if registered:
        what_id = "NIK ini" if column == "nik" else "KK ini"
        what_en = "This NIK" if column == "nik" else "This KK"
        return RowError(
            row,
            column,
            value,
            f"{what_id} terdaftar di kelurahan di luar wilayah tugas Anda; tidak diubah.",
            f"{what_en} is registered in a kelurahan outside your areas; not changed.",
        )
    return RowError(
        row,
        column,
        value,
        "Kelurahan ini di luar wilayah tugas Anda.",
        "This kelurahan is outside your areas.",
    )


def import_people(
    table: Table,
    *,
    loader: PeopleLoader,
    batch_size: int = DEFAULT_BATCH,
    on_errors: Callable[[list[RowError]], None] | None = None,
    parallel: bool | None = None,
) -> Counts:
    """Parse the table batch by batch (in a second process for large CSV files, see
    `pipeline`) and write each batch through the loader."""
    if parallel is None:
        parallel = use_parallel(table)
    source = parallel_batches if parallel else batches
    # The in-file rules keep a million small objects alive; the cyclic garbage collector
    # would walk them all again and again (none of them can form a cycle).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for batch in source(table, batch_size=batch_size, today=loader.today):
            errors = loader.load_batch(batch)
            if on_errors is not None:
                on_errors(errors)
    finally:
        if collecting:
            gc.enable()
    return loader.counts
