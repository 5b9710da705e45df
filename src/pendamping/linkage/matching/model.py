"""The Splink model: blocking rules, comparisons built for Indonesian data, training.

Everything here is SQL text for one of two Splink backends: DuckDB (the default, one
machine) and Spark (national scale; `backend="spark"`, see docs/linkage.md). Each level
carries a prior m/u so that a comparison EM could not train still has sensible weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from splink import block_on

# The blocking rules, in the order they generate pairs (a pair counts once, under the first).
BLOCKING_RULES = (
    ("NIK", ("b_nik",)),
    ("KK", ("b_kk",)),
    ("birth date + given-name key", ("b_dob_given",)),
    ("birth date + last-name key", ("b_dob_last",)),
    ("kelurahan + name key", ("b_kel_name",)),
)
# The columns the comparisons read; prepare.py makes them.
MODEL_COLUMNS = (
    "unique_id",
    "nik",
    "nik_ok",
    "nik_sex",
    "nik_dob",
    "kk",
    "name_norm",
    "name_given",
    "key_given",
    "key_full",
    "key_sorted",
    "dob",
    "dob_eff",
    "dob_days",
    "dob_swap",
    "sex_eff",
    "kelurahan",
    "rt",
    "rw",
    "address_norm",
    "birth_place_norm",
    "b_nik",
    "b_kk",
    "b_dob_given",
    "b_dob_last",
    "b_kel_name",
)


@dataclass(frozen=True)
class Sql:
    """Function names and idioms that differ between the DuckDB and Spark dialects."""

    dialect: str

    def jw(self, col: str) -> str:
        fn = "jaro_winkler_similarity" if self.dialect == "duckdb" else "jaro_winkler"
        return f"{fn}({col}_l, {col}_r)"

    def dl(self, col: str) -> str:
        return f"damerau_levenshtein({col}_l, {col}_r)"

    def hamming(self, col: str, width: int) -> str:
        """Differing positions of two strings of ``width`` characters (guarded here)."""
        guard = f"length({col}_l) = {width} AND length({col}_r) = {width}"
        if self.dialect == "duckdb":
            return f"CASE WHEN {guard} THEN hamming({col}_l, {col}_r) END"
        terms = " + ".join(
            f"CASE WHEN substr({col}_l, {i}, 1) <> substr({col}_r, {i}, 1) THEN 1 ELSE 0 END"
            for i in range(1, width + 1)
        )
        return f"CASE WHEN {guard} THEN {terms} END"

    def words_within(self) -> str:
        """Same given name and every word of one name in the other (shortened, single)."""
        if self.dialect == "duckdb":
            a, b = "string_split(name_norm_l, ' ')", "string_split(name_norm_r, ' ')"
            test = f"list_has_all({a}, {b}) OR list_has_all({b}, {a})"
        else:
            a, b = "split(name_norm_l, ' ')", "split(name_norm_r, ' ')"
            test = f"size(array_except({a}, {b})) = 0 OR size(array_except({b}, {a})) = 0"
        return f"(CASE WHEN name_given_l = name_given_r THEN {test} ELSE false END)"


def _level(sql: str, label: str, m: float, u: float, **extra) -> dict:
    return {
        "sql_condition": sql,
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
        **extra,
    }


def _null(sql: str) -> dict:
    return {"sql_condition": sql, "label_for_charts": "missing", "is_null_level": True}


def name_close(q: Sql) -> str:
    """The two names are one person's name written differently (levels exact..shortened)."""
    return (
        "(name_norm_l = name_norm_r OR key_full_l = key_full_r OR key_sorted_l = key_sorted_r"
        f" OR ((key_given_l = key_given_r OR {q.jw('name_given')} >= 0.92)"
        f" AND {q.jw('name_norm')} >= 0.92) OR {q.words_within()})"
    )


def comparisons(q: Sql, household_dob_u: float = 0.01) -> list[dict]:
    nik_sex_agrees = "(nik_sex_l IS NULL OR nik_sex_r IS NULL OR nik_sex_l = nik_sex_r)"
    close = name_close(q)
    # A slip leaves the recorded birth date alone: NIKs two digits apart whose holders'
    # recorded birth dates differ too are two people born on different days.
    dob_agrees = (
        "(dob_l IS NULL OR dob_r IS NULL OR dob_l = dob_r"
        " OR dob_l = dob_swap_r OR dob_swap_l = dob_r)"
    )
    slip = f"nik_ok_l AND nik_ok_r AND {close} AND {dob_agrees}"
    nik = {
        "output_column_name": "nik",
        "comparison_description": "NIK: exact, one digit, transposed, two digits",
        "comparison_levels": [
            _null("nik_l IS NULL OR nik_r IS NULL"),
            _level("nik_l = nik_r AND nik_ok_l", "exact", 0.85, 1e-7),
            # The same text but not 16 digits (Excel's 1.47101E+15): weak, as EM will say.
            _level("nik_l = nik_r", "same text, not a NIK", 0.005, 1e-4),
            # A slip only when the names agree: a twin's NIK differs in one digit too.
            _level(
                f"{q.hamming('nik', 16)} = 1 AND {nik_sex_agrees} AND {slip}",
                "one digit",
                0.04,
                1e-8,
            ),
            _level(
                f"{q.hamming('nik', 16)} = 2 AND {q.dl('nik')} = 1 AND {slip}",
                "transposed",
                0.01,
                1e-9,
            ),
            _level(
                f"{q.hamming('nik', 16)} = 2 AND {nik_sex_agrees} AND {slip}",
                "two digits",
                0.01,
                1e-8,
            ),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.09,
                "u_probability": 1.0,
            },
        ],
    }
    name = {
        "output_column_name": "name",
        "comparison_description": "Normalised Indonesian name",
        "comparison_levels": [
            _null("name_norm_l IS NULL OR name_norm_r IS NULL"),
            _level(
                "name_norm_l = name_norm_r",
                "exact",
                0.7,
                1e-4,
                tf_adjustment_column="name_norm",
                tf_adjustment_weight=1.0,
            ),
            _level(
                "key_full_l = key_full_r OR key_sorted_l = key_sorted_r", "same sound", 0.15, 1e-4
            ),
            _level(
                f"(key_given_l = key_given_r OR {q.jw('name_given')} >= 0.92)"
                f" AND {q.jw('name_norm')} >= 0.92",
                "typo",
                0.08,
                1e-4,
            ),
            _level(q.words_within(), "shortened", 0.04, 1e-3),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.03,
                "u_probability": 0.998,
            },
        ],
    }
    dob = {
        "output_column_name": "birth_date",
        "comparison_description": "Birth date (recorded, else the NIK's)",
        "comparison_levels": [
            _null("dob_eff_l IS NULL OR dob_eff_r IS NULL"),
            # Inside one household an equal birth date is a twin as often as it is the
            # person: its u is measured on pairs of different people sharing a KK.
            _level(
                "dob_eff_l = dob_eff_r AND kk_l = kk_r",
                "exact, same KK",
                0.8,
                household_dob_u,
                fix_u_probability=True,
            ),
            _level("dob_eff_l = dob_eff_r", "exact", 0.88, 5e-5),
            _level(
                "dob_eff_l = dob_swap_r OR dob_swap_l = dob_eff_r", "day/month swapped", 0.03, 5e-5
            ),
            _level("dob_l = nik_dob_r OR nik_dob_l = dob_r", "NIK date", 0.02, 5e-5),
            _level(f"{q.hamming('dob_eff', 10)} = 1", "one digit", 0.03, 2e-3),
            _level("abs(dob_days_l - dob_days_r) <= 366", "within a year", 0.02, 0.02),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.02,
                "u_probability": 0.98,
            },
        ],
    }
    sex = {
        "output_column_name": "sex",
        "comparison_description": "Sex (recorded, else from the NIK)",
        "comparison_levels": [
            _null("sex_eff_l IS NULL OR sex_eff_r IS NULL"),
            _level("sex_eff_l = sex_eff_r", "same", 0.99, 0.5),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.01,
                "u_probability": 0.5,
            },
        ],
    }
    address_same = f"{q.jw('address_norm')} >= 0.92"
    household = {
        "output_column_name": "household",
        "comparison_description": "KK, address, RT/RW and kelurahan as one piece of evidence",
        "comparison_levels": [
            _null(
                "(kk_l IS NULL OR kk_r IS NULL)"
                " AND (kelurahan_l IS NULL OR kelurahan_r IS NULL)"
                " AND (address_norm_l IS NULL OR address_norm_r IS NULL)"
            ),
            _level(f"kk_l = kk_r AND {address_same}", "same KK and address", 0.7, 1e-5),
            _level("kk_l = kk_r", "same KK", 0.08, 1e-5),
            _level(f"kelurahan_l = kelurahan_r AND {address_same}", "same address", 0.05, 1e-4),
            _level(
                "kelurahan_l = kelurahan_r AND rw_l = rw_r AND rt_l = rt_r", "same RT", 0.03, 1e-3
            ),
            _level("kelurahan_l = kelurahan_r", "same kelurahan", 0.04, 0.012),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.1,
                "u_probability": 0.987,
            },
        ],
    }
    birth_place = {
        "output_column_name": "birth_place",
        "comparison_description": "Birth place",
        "comparison_levels": [
            _null("birth_place_norm_l IS NULL OR birth_place_norm_r IS NULL"),
            _level(
                "birth_place_norm_l = birth_place_norm_r",
                "same",
                0.9,
                0.3,
                tf_adjustment_column="birth_place_norm",
                tf_adjustment_weight=1.0,
            ),
            _level(f"{q.jw('birth_place_norm')} >= 0.9", "similar", 0.05, 0.01),
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.05,
                "u_probability": 0.69,
            },
        ],
    }
    return [nik, name, dob, sex, household, birth_place]


def settings(
    link_type: str,
    dialect: str = "duckdb",
    household_dob_u: float = 0.01,
    *,
    term_frequencies: bool = True,
) -> dict:
    """The Splink settings for ``link_only`` or ``dedupe_only``."""
    comps = comparisons(Sql(dialect), household_dob_u)
    if not term_frequencies:  # a name's frequency in a handful of rows means nothing
        for comp in comps:
            for level in comp["comparison_levels"]:
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "blocking_rules_to_generate_predictions": [block_on(*cols) for _, cols in BLOCKING_RULES],
        "comparisons": comps,
        "retain_matching_columns": True,  # gives the gamma (level) columns
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
        "max_iterations": 25,
        "em_convergence": 0.0001,
    }


def labels(dialect: str = "duckdb") -> dict[str, dict[int, str]]:
    """Comparison -> gamma value -> level label, for the evidence columns."""
    out: dict[str, dict[int, str]] = {}
    for comp in comparisons(Sql(dialect)):
        levels = comp["comparison_levels"]
        n = len(levels) - 1  # the null level is -1, the others count down to 0
        out[comp["output_column_name"]] = {
            (-1 if lvl.get("is_null_level") else n - i): lvl["label_for_charts"]
            for i, lvl in enumerate(levels)
        }
    return out
