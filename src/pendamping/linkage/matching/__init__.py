"""Record linkage of people for the DTKS/DTSEN reconciliation (pure: DuckDB + Splink, no ORM).

`link.link(left_df, right_df)` / `link.dedupe(df)` for pandas frames, `link.link_files(...)`
for CSV files; `evaluation.generate(...)` makes test data with known truth. See
docs/linkage.md. (Nothing is imported here, so `matching.link` stays the module.)
"""
