"""Names as people type them: short forms, Chinese names, closest matches, exit status 2."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from tests.test_excel import _doc, _target

from analysis import paths
from analysis.build import indicators_frame
from analysis.cli import main
from analysis.compare import views as compare
from analysis.compare.names import Names, UnknownName, indicator_names, region_names
from analysis.exitcodes import EXIT_ERROR
from analysis.extract.codebook import Codebook
from analysis.outputs import figures
from analysis.store import reference
from analysis.store.schema import write_store


@pytest.fixture()
def store(tmp_path: Path, codebook: Codebook) -> Path:
    """Three cities (two starting with 威), beds and GP targets; built without extraction."""
    docs = [_doc("d1", "东营市", province="山东省"), _doc("d2", "潍坊市", province="山东省"),
            _doc("d3", "威海市", province="山东省"), _doc("d4", "威宁县", level="county",
                                                       province="贵州省")]
    targets = [_target("d1", "beds_per_1000", 7.55), _target("d2", "beds_per_1000", 6.8),
               _target("d3", "beds_per_1000", 7.2), _target("d4", "gps_per_10000", 4)]
    path = tmp_path / "s.duckdb"
    write_store(path, {"documents": pd.DataFrame(docs), "targets": pd.DataFrame(targets),
                       "indicators": indicators_frame(codebook),
                       "regions": reference.load_regions(paths.REGIONS)},
                dict(reference.DDL))
    return path


def _names(store: Path, kind: str) -> Names:
    with duckdb.connect(str(store), read_only=True) as con:
        return region_names(con) if kind == "region" else indicator_names(con)


def test_short_chinese_english_and_id_forms_resolve(store):
    regions = _names(store, "region")
    assert regions.resolve("潍坊") == "潍坊市"
    assert regions.resolve("东营") == "东营市"
    assert regions.resolve("东营市") == "东营市"
    assert regions.resolve("weifang") == "潍坊市"  # English name from regions.csv, any case
    ind = _names(store, "indicator")
    assert ind.resolve("每千人口医疗卫生机构床位数") == "beds_per_1000"
    assert ind.resolve("beds_per_1000") == "beds_per_1000"
    assert ind.resolve("千人口床位") == "beds_per_1000"  # a plain alias from the codebook


def test_ambiguous_and_unknown_names_list_candidates(store):
    regions = _names(store, "region")
    with pytest.raises(UnknownName) as err:
        regions.resolve("威")  # one character is never enough for a prefix
    assert not err.value.ambiguous
    with pytest.raises(UnknownName) as err:
        regions.resolve("不存在市")
    assert "closest" in str(err.value) and "市" in "".join(err.value.candidates)
    # 威海市 and 威宁县 both start with 威: a two-character prefix that fits both would be
    # ambiguous; 威海 is the stem of exactly one
    assert regions.resolve("威海") == "威海市"
    names = Names.build("region", [("威海市", []), ("威宁县", []), ("威远县", [])])
    with pytest.raises(UnknownName) as err:
        names.resolve("威县")
    with pytest.raises(UnknownName) as err:
        Names.build("region", [("张家口市", []), ("张家界市", [])]).resolve("张家")
    assert err.value.ambiguous and err.value.candidates == ["张家口市", "张家界市"]


def test_views_and_figures_take_typed_names(store):
    rows = compare.city_targets(store, regions="东营", indicators="每千人口医疗卫生机构床位数")
    assert rows[["region", "indicator_id", "value"]].values.tolist() == [
        ["东营市", "beds_per_1000", 7.55]]
    data = figures.load(store).filtered(regions=["潍坊"])
    assert data.targets["region"].tolist() == ["潍坊市"]
    with pytest.raises(UnknownName):
        compare.city_targets(store, regions="不存在市")


def test_cli_exits_2_naming_close_matches(store, tmp_path, capsys):
    rc = main(["figures", "--db", str(store), "--out", str(tmp_path / "f"),
               "--region", "不存在市"])
    err = capsys.readouterr().err
    assert rc == EXIT_ERROR and "不存在市" in err and "closest" in err and "东营市" in err
    assert not (tmp_path / "f").exists() or not any((tmp_path / "f").iterdir())
    rc = main(["compare", "--db", str(store), "--view", "city_targets",
               "--indicator", "每千人口医疗卫生机构床位数", "--region", "潍坊"])
    out = capsys.readouterr().out
    assert rc == 0 and "beds_per_1000" in out and "潍坊市" in out and "6.8" in out
    rc = main(["notebooks", "--db", str(store), "--out", str(tmp_path / "nb"),
               "--region", "不存在市"])
    assert rc == EXIT_ERROR and "不存在市" in capsys.readouterr().err
    assert not (tmp_path / "nb").exists()
