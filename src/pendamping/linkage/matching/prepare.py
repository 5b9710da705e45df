"""Comparison features from the registry's canonical person columns (DuckDB SQL, no ORM).

Input: a table whose columns are the canonical import columns plus ``id``, all text; any
of them may be missing or empty. Output: one row per input row (never fewer), with the
features the model compares and the keys it blocks on:

- ``name_norm`` (``registry.names.normalise_name``), ``name_given`` (the first word that is
  not a common prefix such as Muhammad or Siti: the part that tells siblings apart),
  ``name_last``, their phonetic keys (``word_key``) and ``key_full``/``key_sorted``;
- ``nik`` as written (spaces removed), ``nik_ok`` (16 digits), and then ``nik_dob`` and
  ``nik_sex`` decoded as ``registry.nik.validate_nik`` does (day + 40 for women, the
  century nearest the recorded birth date, else the latest plausible one);
- ``dob`` (ISO when it parses, else the text as written), ``dob_days``, ``dob_swap``
  (day and month exchanged), ``dob_eff`` (the recorded date, else the NIK's);
- ``sex_eff`` (the recorded sex, else the NIK's), ``kk``, ``kelurahan``, ``rt``, ``rw``,
  ``address_norm``, ``birth_place_norm``, ``relationship``, ``hh_size`` (people on the KK);
- blocking keys ``b_*``: a key shared by more than ``BLOCK_KEY_CAP`` rows of one table is
  a placeholder (``0000...``, ``-``), not an identifier, and is dropped from blocking only.
A malformed value is kept and compared as written; it never drops a record.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from pendamping.registry.names import normalise_name, word_key

CANONICAL = (
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "relationship",
    "address",
    "rt",
    "rw",
    "kelurahan_code",
    "dwelling_status",
    "phone",
    "ppks_categories",
)
# Words that often open a name and so say little about which sibling it is.
COMMON_PREFIXES = frozenset({"muhammad", "siti", "nur", "abdul", "ahmad", "sri", "putri"})
# More rows than this sharing one blocking key means the key is a placeholder.
BLOCK_KEY_CAP = 60
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def name_features(name: str | None) -> tuple[str | None, ...]:
    """(name_norm, name_given, name_last, key_given, key_last, key_full, key_sorted)."""
    norm = normalise_name(name or "")
    if not norm:
        return (None,) * 7
    words = norm.split()
    given = next((w for w in words if w not in COMMON_PREFIXES), words[-1])
    last = words[-1]
    keys = [k for k in (word_key(w) for w in words) if k]
    return (
        norm,
        given,
        last,
        word_key(given) or None,
        word_key(last) or None,
        " ".join(keys) or None,
        " ".join(sorted(set(keys))) or None,
    )


def _name_table(con: duckdb.DuckDBPyConnection, sources: list[str]) -> pa.Table:
    union = " UNION ".join(f"SELECT DISTINCT name FROM {s} WHERE name IS NOT NULL" for s in sources)  # noqa: S608
    raw = [r[0] for r in con.execute(union).fetchall()]
    cols = list(zip(*(name_features(n) for n in raw), strict=True)) if raw else [()] * 7
    names = (
        "name_norm",
        "name_given",
        "name_last",
        "key_given",
        "key_last",
        "key_full",
        "key_sorted",
    )
    return pa.table(
        {
            "name_raw": pa.array(raw, pa.string()),
            **{n: pa.array(list(c), pa.string()) for n, c in zip(names, cols, strict=True)},
        }
    )


def ensure_columns(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Add missing canonical columns as empty text and ``id`` as the 1-based row number."""
    have = {r[0].lower() for r in con.execute(f"DESCRIBE {table}").fetchall()}
    for col in CANONICAL:
        if col not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {col} VARCHAR")
    if "id" not in have:
        con.execute(f"ALTER TABLE {table} ADD COLUMN id VARCHAR")
        con.execute(
            f"UPDATE {table} SET id = CAST(n AS VARCHAR) FROM "  # noqa: S608
            f"(SELECT rowid AS rid, row_number() OVER (ORDER BY rowid) AS n FROM {table}) s "
            f"WHERE {table}.rowid = s.rid"
        )


def _blank(col: str) -> str:
    return f"nullif(trim(CAST({col} AS VARCHAR)), '')"


def prepare(
    con: duckdb.DuckDBPyConnection,
    sources: list[str],
    targets: list[str],
    *,
    today: date | None = None,
) -> None:
    """Create the feature table ``targets[i]`` from the raw table ``sources[i]``.

    All sources share one name table, so a name is normalised once however often it occurs.
    """
    today = today or date.today()  # noqa: DTZ011 - only picks the NIK's century
    century = today.year // 100 * 100
    for s in sources:
        ensure_columns(con, s)
    con.register("_names_arrow", _name_table(con, sources))
    con.execute("CREATE OR REPLACE TEMP TABLE _names AS SELECT * FROM _names_arrow")
    con.unregister("_names_arrow")
    formats = ", ".join(f"'{f}'" for f in DATE_FORMATS)
    for source, target in zip(sources, targets, strict=True):
        con.execute(f"""
CREATE OR REPLACE TABLE {target} AS
WITH raw AS (
  SELECT
    CAST(id AS VARCHAR) AS unique_id,
    nullif(regexp_replace(ltrim(trim(CAST(nik AS VARCHAR)), ''''), '\\s+', '', 'g'), '') AS nik,
    nullif(regexp_replace(ltrim(trim(CAST(kk AS VARCHAR)), ''''), '\\s+', '', 'g'), '') AS kk,
    name,
    {_blank("birth_date")} AS dob_text,
    try_strptime({_blank("birth_date")}, [{formats}])::DATE AS dob_date,
    CASE upper(trim(CAST(sex AS VARCHAR)))
      WHEN 'L' THEN 'L' WHEN 'LK' THEN 'L' WHEN 'LAKI-LAKI' THEN 'L' WHEN 'LAKI LAKI' THEN 'L'
      WHEN 'M' THEN 'L' WHEN 'PRIA' THEN 'L' WHEN '1' THEN 'L'
      WHEN 'P' THEN 'P' WHEN 'PR' THEN 'P' WHEN 'PEREMPUAN' THEN 'P' WHEN 'WANITA' THEN 'P'
      WHEN 'F' THEN 'P' WHEN '2' THEN 'P' ELSE NULL END AS sex,
    nullif(regexp_replace(trim(CAST(kelurahan_code AS VARCHAR)), '[^0-9]', '', 'g'), '')
      AS kelurahan,
    nullif(ltrim(regexp_replace(trim(CAST(rt AS VARCHAR)), '[^0-9]', '', 'g'), '0'), '') AS rt,
    nullif(ltrim(regexp_replace(trim(CAST(rw AS VARCHAR)), '[^0-9]', '', 'g'), '0'), '') AS rw,
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(
      lower(coalesce(CAST(address AS VARCHAR), '')),
      '\\b(jalan|jln)\\b', 'jl', 'g'), '\\b(nomor|nmr)\\b', 'no', 'g'),
      '[^a-z0-9]+', ' ', 'g')), '') AS address_norm,
    nullif(trim(regexp_replace(lower(coalesce(CAST(birth_place AS VARCHAR), '')),
      '[^a-z]+', ' ', 'g')), '') AS birth_place_norm,
    nullif(lower(trim(CAST(relationship AS VARCHAR))), '') AS relationship
  FROM {source}
),
nikd AS (
  SELECT *,
    regexp_full_match(coalesce(nik, ''), '[0-9]{{16}}') AS nik_ok,
    CASE WHEN regexp_full_match(coalesce(nik, ''), '[0-9]{{16}}')
      THEN CAST(substr(nik, 7, 2) AS INTEGER) END AS nik_dd,
    CASE WHEN regexp_full_match(coalesce(nik, ''), '[0-9]{{16}}')
      THEN CAST(substr(nik, 9, 2) AS INTEGER) END AS nik_mm,
    CASE WHEN regexp_full_match(coalesce(nik, ''), '[0-9]{{16}}')
      THEN CAST(substr(nik, 11, 2) AS INTEGER) END AS nik_yy
  FROM raw
),
nikx AS (
  SELECT *,
    CASE WHEN nik_dd BETWEEN 1 AND 31 THEN 'L' WHEN nik_dd BETWEEN 41 AND 71 THEN 'P' END
      AS nik_sex,
    CASE WHEN nik_dd BETWEEN 41 AND 71 THEN nik_dd - 40 ELSE nik_dd END AS nik_day
  FROM nikd
),
nikdate AS (
  SELECT *,
    CASE
      WHEN nik_sex IS NULL THEN NULL
      -- the century nearest the recorded year (a tie takes the later), as validate_nik does
      WHEN dob_date IS NOT NULL THEN try_cast(format('{{:04d}}-{{:02d}}-{{:02d}}',
        year(dob_date) + CASE
          WHEN nik_yy - year(dob_date) % 100 > 50 THEN nik_yy - year(dob_date) % 100 - 100
          WHEN nik_yy - year(dob_date) % 100 <= -50 THEN nik_yy - year(dob_date) % 100 + 100
          ELSE nik_yy - year(dob_date) % 100 END,
        nik_mm, nik_day) AS DATE)
      -- else the latest century that puts the date on or before today
      ELSE coalesce(
        CASE WHEN try_cast(format('{{:04d}}-{{:02d}}-{{:02d}}', {century} + nik_yy, nik_mm,
               nik_day) AS DATE) <= DATE '{today.isoformat()}'
             THEN try_cast(format('{{:04d}}-{{:02d}}-{{:02d}}', {century} + nik_yy, nik_mm,
               nik_day) AS DATE) END,
        try_cast(format('{{:04d}}-{{:02d}}-{{:02d}}', {century} - 100 + nik_yy, nik_mm,
          nik_day) AS DATE))
    END AS nik_dob_date
  FROM nikx
),
feat AS (
  SELECT
    r.unique_id,
    r.nik,
    coalesce(r.nik_ok, false) AS nik_ok,
    CASE WHEN r.nik_ok THEN substr(r.nik, 1, 6) END AS nik_kec,
    CAST(r.nik_dob_date AS VARCHAR) AS nik_dob,
    r.nik_sex,
    r.kk,
    n.name_norm, n.name_given, n.name_last, n.key_given, n.key_last, n.key_full, n.key_sorted,
    coalesce(CAST(r.dob_date AS VARCHAR), r.dob_text) AS dob,
    coalesce(CAST(r.dob_date AS VARCHAR), CAST(r.nik_dob_date AS VARCHAR), r.dob_text)
      AS dob_eff,
    CAST(coalesce(r.dob_date, r.nik_dob_date) - DATE '1900-01-01' AS INTEGER) AS dob_days,
    CASE WHEN day(r.dob_date) <= 12 AND day(r.dob_date) <> month(r.dob_date)
      THEN CAST(make_date(year(r.dob_date), day(r.dob_date), month(r.dob_date)) AS VARCHAR)
    END AS dob_swap,
    coalesce(r.sex, r.nik_sex) AS sex_eff,
    r.kelurahan, r.rt, r.rw, r.address_norm, r.birth_place_norm, r.relationship
  FROM nikdate r
  LEFT JOIN _names n ON n.name_raw = r.name
)
SELECT f.*,
  count(*) OVER (PARTITION BY f.kk) AS hh_size,
  -- only digits make a key: "1.47101E+15" is shared by every NIK Excel mangled alike
  CASE WHEN regexp_full_match(f.nik, '[0-9]{{10,}}') THEN f.nik END AS b_nik,
  CASE WHEN regexp_full_match(f.kk, '[0-9]{{10,}}') THEN f.kk END AS b_kk,
  CASE WHEN f.dob_days IS NOT NULL AND f.key_given IS NOT NULL
    THEN f.dob_eff || ':' || f.key_given END AS b_dob_given,
  CASE WHEN f.dob_days IS NOT NULL AND f.key_last IS NOT NULL
    THEN f.dob_eff || ':' || f.key_last END AS b_dob_last,
  CASE WHEN f.kelurahan IS NOT NULL AND f.key_full IS NOT NULL
    THEN f.kelurahan || ':' || f.key_full END AS b_kel_name
FROM feat f
""")  # noqa: S608
        for key in ("b_nik", "b_kk", "b_dob_given", "b_dob_last", "b_kel_name"):
            con.execute(f"""
UPDATE {target} SET {key} = NULL WHERE {key} IN (
  SELECT {key} FROM {target} WHERE {key} IS NOT NULL
  GROUP BY {key} HAVING count(*) > {BLOCK_KEY_CAP})
""")  # noqa: S608
        con.execute(f"UPDATE {target} SET hh_size = NULL WHERE kk IS NULL")  # noqa: S608
