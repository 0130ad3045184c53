"""Store: the DuckDB schema, the atomic write, the reference data (goals, national
actuals, regions) and the evaluation of a store against gold."""
