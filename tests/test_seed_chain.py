"""The one end-to-end test of the whole chain on the seeds: data/raw -> store -> views -> workbook.

Comparison and output code is tested on stores written from chosen rows (see
tests/fixture_store.py); this module only checks that the links of the chain hold on the
real seed documents, whatever the extractor finds in them: every quote is the document's
text between its offsets, every view row joins back to a target, every workbook number to
its source row.  What the extractor should find is pinned by tests/test_gold.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.compare.views import ambition_index, city_targets, city_vs_goals
from analysis.outputs import excel
from analysis.store.schema import connect, text_file

SEED_CITIES = {"东营市", "威海市", "聊城市", "赤峰市"}


def _expected_city_targets(store: Path) -> pd.DataFrame:
    """The (region, indicator, year) keys city_targets must hold, derived from the targets
    and documents tables by hand (not from the view): mapped numeric level targets of
    city or county documents that are not a second copy of a plan."""
    with connect(store) as con:
        rows = con.execute("""
            SELECT d.region, t.indicator_id, t.target_year
            FROM targets t JOIN documents d USING (doc_id)
            LEFT JOIN regions r ON r.region = d.region
            WHERE t.indicator_id IS NOT NULL AND t.kind = 'level'
              AND NOT coalesce(t.in_words, false) AND d.duplicate_of IS NULL
              AND coalesce(d.level, r.level) IN ('municipal', 'county')""").df()
    return rows.drop_duplicates()


def test_every_quote_is_the_document_text_between_its_offsets(seed_store):
    targets = city_targets(seed_store)
    assert len(targets) > 0
    with connect(seed_store) as con:
        paths_by_doc = dict(con.execute("SELECT doc_id, text_path FROM documents").fetchall())
    for row in targets.itertuples():
        text = text_file(seed_store, paths_by_doc[row.doc_id]).read_text(encoding="utf-8")
        assert text[row.char_start:row.char_end] == row.quote


def test_seed_chain_build_views_workbook(seed_store, tmp_path):
    # store -> views: one city target per key the tables hold, each compared twice
    targets = city_targets(seed_store)
    expected = _expected_city_targets(seed_store)
    assert set(targets["region"]) == SEED_CITIES
    assert targets.groupby("region").size().to_dict() == \
        expected.groupby("region").size().to_dict()
    vs = city_vs_goals(seed_store)
    assert len(vs[vs.city_value.notna()]) == 2 * len(targets)
    with connect(seed_store) as con:
        stored = con.execute(
            "SELECT target_id, coalesce(value_std, value) AS v, quote FROM targets").df()
    stored = stored.set_index("target_id")
    for row in vs[vs.city_value.notna()].itertuples():
        assert stored.loc[row.target_id, "v"] == row.city_value
        assert stored.loc[row.target_id, "quote"] == row.quote
    assert set(ambition_index(seed_store)["region"]) == SEED_CITIES
    # views -> workbook: one family-sheet row per city target, each traced to its quote
    wb = openpyxl.load_workbook(excel.write_workbook(seed_store, tmp_path / "b.xlsx"))
    ws = wb["来源"]
    keys = [str(c.value).split("\n")[-1] for c in ws[2]]
    sources = [dict(zip(keys, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]
    by_target = targets.set_index("target_id")
    shown = [s for s in sources if s["Ref"].startswith("T")]
    assert len(shown) == len(targets)
    for src in shown:
        t = by_target.loc[src["target_id / goal_id"]]
        assert src["Exact quote / excerpt"] == t["quote"]
        assert (src["char_start"], src["char_end"]) == (t["char_start"], t["char_end"])
        assert src["Value"] == pytest.approx(t["compare_value"])
    family = 0
    for name in wb.sheetnames[1:]:
        header = [str(c.value).split("\n")[-1] for c in wb[name][2]]
        if "Target ref" in header and "City target" in header:
            j = header.index("City target")
            family += sum(1 for r in wb[name].iter_rows(min_row=3, values_only=True)
                          if r[0] is not None and r[j] is not None)
    assert family == len(targets)
