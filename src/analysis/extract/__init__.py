"""Extract: normalised text becomes targets (value, unit, comparator, year, quote and
offsets), mapped to the codebook's indicators."""
