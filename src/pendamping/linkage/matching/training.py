"""Training on every run, without labels: the prior, u by sampling, m by EM, then order."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from splink import block_on

logger = logging.getLogger(__name__)


# Fewer input rows than this and nothing is trained: the priors above are used.
MIN_TRAIN_RECORDS = 500


@dataclass(frozen=True)
class Training:
    """How the parameters are estimated on each run (no labels)."""

    seed: int = 1471
    u_max_pairs: float | None = None  # None: 4 per input record, between 1e5 and 3e6
    em_max_pairs: float = 2e6
    prior_recall: float = 0.85

    def u_pairs(self, records: int) -> float:
        if self.u_max_pairs is not None:
            return self.u_max_pairs
        return float(min(3e6, max(1e5, 4 * records)))


def household_dob_u(con, tables: list[str], default: float = 0.01) -> float:
    """Share of pairs of rows on one KK (in one file: different people) born the same day.

    Twins are why: with this u, "same KK, same birth date" weighs what it is worth inside
    a household instead of what it would be worth between strangers. Floored at 0.1%.
    """
    pairs = same = 0
    for t in tables:
        n, k = con.execute(f"""
SELECT count(*), count(*) FILTER (WHERE a.dob_eff = b.dob_eff)
FROM {t} a JOIN {t} b ON a.b_kk = b.b_kk AND a.unique_id < b.unique_id""").fetchall()[0]  # noqa: S608
        pairs, same = pairs + n, same + (k or 0)
    if pairs < 100:
        return default
    return max(same / pairs, 0.001)


def train(linker, training: Training, records: int) -> None:
    """λ from near-certain rules, u by random sampling, m by EM over two blockings."""
    t = linker.training
    try:
        t.estimate_probability_two_random_records_match(
            ["l.b_nik = r.b_nik", "l.name_norm = r.name_norm AND l.dob_eff = r.dob_eff"],
            recall=training.prior_recall,
        )
    except ValueError as exc:  # tiny inputs: keep the prior in the settings
        logger.warning("λ not estimated: %s", exc)
    u_pairs = training.u_pairs(records)
    t.estimate_u_using_random_sampling(
        max_pairs=u_pairs, seed=training.seed, num_chunks=1 if u_pairs <= 1e6 else 4
    )
    for cols in (("b_nik",), ("b_dob_given",)):
        try:
            t.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), max_pairs=training.em_max_pairs
            )
        except Exception as exc:
            logger.warning("EM on %s skipped: %s", cols, exc)
    order_levels(linker)


# Levels that are ordered by strength: a weaker kind of agreement must never weigh more than
# a stronger one (with few slips in the data, u of a slip level can come out tiny by chance).
ORDERED = {
    "nik": ("exact", "one digit", "transposed", "two digits"),
    "name": ("exact", "same sound", "typo", "shortened"),
    "birth_date": ("exact", "day/month swapped", "NIK date", "one digit", "within a year"),
    "household": ("same KK and address", "same KK"),
}


def order_levels(linker) -> None:
    """Raise u where needed so that each ordered level's Bayes factor is at most the last."""
    for comp in linker._settings_obj.comparisons:
        chain = ORDERED.get(comp.output_column_name)
        if not chain:
            continue
        by_label = {cl.label_for_charts: cl for cl in comp.comparison_levels}
        ceiling = None
        for label in chain:
            cl = by_label[label]
            m, u = cl.m_probability, cl.u_probability
            if not m or not u:
                continue
            if ceiling is not None and m / u > ceiling:
                cl.u_probability = m / ceiling
            ceiling = min(ceiling or m / u, cl.m_probability / cl.u_probability)
