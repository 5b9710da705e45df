"""Record linkage of people for the DTKS/DTSEN reconciliation (pure: DuckDB + Splink, no ORM).

`link(left_df, right_df)` / `dedupe(df)` for pandas frames, `link_files(...)` for CSV files;
`evaluation.generate(...)` makes test data with known truth. See docs/linkage.md.
"""

from .link import AUTO_ACCEPT, REVIEW, dedupe, link, link_files

__all__ = ["AUTO_ACCEPT", "REVIEW", "dedupe", "link", "link_files"]
