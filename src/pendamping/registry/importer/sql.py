"""Plain SQL for the import's hot path: multi-row inserts and IN-list lookups.

Table and column names come from the models (attnames, which are the column names), never
from input, so building statements from them is safe. No model instances are made here:
at a million rows they would cost more than the database's own work.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.db import connection

from pendamping.registry.models import Household, Person

PERSON_COMPARED = ("name", "birth_place", "birth_date", "sex", "relationship", "phone")
PERSON_VALUES = ("id", "nik", "household_id", "household__kk", "kelurahan_id", "rt_id")
HOUSEHOLD_VALUES = ("id", "kk", "kelurahan_id", "rt_id", "address", "dwelling_status", "status")


def as_date(value: date | None):
    return connection.ops.adapt_datefield_value(value)


def as_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def max_params() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65535


def statement_rows(width: int) -> int:
    """Rows per multi-row INSERT within the database's limit on parameters."""
    return max(1, min(500, max_params() // width))


def table_sql(model, columns: tuple[str, ...]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    # Table and column names (attnames, which are the column names) come from our models.
    return quote(model._meta.db_table), ", ".join(quote(c) for c in columns)


@contextmanager
def driver_cursor():
    """(cursor, placeholder). On SQLite the driver's own cursor with "?": Django's wrapper
    rewrites every "%s" of a statement with a regular expression, which at 9,000 parameters
    per statement and a million rows is seconds of work for nothing."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            yield cursor, "?"
        finally:
            cursor.close()
    else:
        with connection.cursor() as cursor:
            yield cursor, "%s"


def insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows whose ids nobody needs back."""
    if not rows:
        return
    table, names = table_sql(model, columns)
    with driver_cursor() as (cursor, mark):
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})"  # noqa: S608
        cursor.executemany(sql, rows)


def insert_returning(model, columns: tuple[str, ...], rows: list[tuple], *, key: str) -> dict:
    """Insert rows and return {value of `key`: new id}; `key` is unique among the rows."""
    table, names = table_sql(model, columns)
    quote = connection.ops.quote_name
    step = statement_rows(len(columns))
    ids: dict = {}
    with driver_cursor() as (cursor, mark):
        placeholder = f"({', '.join([mark] * len(columns))})"
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            sql = (
                f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholder] * len(chunk))} "  # noqa: S608
                f"RETURNING {quote('id')}, {quote(key)}"
            )
            cursor.execute(sql, [value for row in chunk for value in row])
            ids.update((k, pk) for pk, k in cursor.fetchall())
    return ids


def select(model, columns: tuple[str, ...], key: str, values: list, *, join: str = "") -> list:
    """Rows of `model` whose `key` is among `values`, as tuples (one statement per chunk).
    Raw SQL because building the ORM's IN list costs more than the query at 5,000 values."""
    if not values:
        return []
    table, _ = table_sql(model, ())
    quote = connection.ops.quote_name
    names = ", ".join(c if "." in c else f"t.{quote(c)}" for c in columns)
    step = min(5000, max_params())
    rows: list = []
    with driver_cursor() as (cursor, mark):
        for start in range(0, len(values), step):
            chunk = values[start : start + step]
            cursor.execute(
                f"SELECT {names} FROM {table} t {join} "  # noqa: S608 - names from our models
                f"WHERE t.{quote(key)} IN ({', '.join([mark] * len(chunk))})",
                chunk,
            )
            rows.extend(cursor.fetchall())
    return rows


def people_by_nik(niks: list[str]) -> list[dict]:
    household, _ = table_sql(Household, ())
    quote = connection.ops.quote_name
    columns = (
        "id",
        "nik",
        "household_id",
        f"h.{quote('kk')}",
        "kelurahan_id",
        "rt_id",
        *PERSON_COMPARED,
    )
    rows = select(
        Person, columns, "nik", niks, join=f"JOIN {household} h ON h.{quote('id')} = t.household_id"
    )
    names = (*PERSON_VALUES, *PERSON_COMPARED)
    result = []
    for row in rows:
        person = dict(zip(names, row, strict=True))
        if isinstance(person["birth_date"], str):  # SQLite hands dates back as text
            person["birth_date"] = date.fromisoformat(person["birth_date"])
        result.append(person)
    return result


def households_by_kk(kks: set[str]) -> list[dict]:
    rows = select(Household, HOUSEHOLD_VALUES, "kk", sorted(kks))
    return sorted(
        (dict(zip(HOUSEHOLD_VALUES, row, strict=True)) for row in rows), key=lambda h: h["id"]
    )
