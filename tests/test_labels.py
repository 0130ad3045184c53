"""The one table of words (data/raw/labels.csv) that every output reads.

Each (kind, key) once; every key the code of an output asks for has Chinese and English
words; a bad row names the file, the line and the reason; an unknown key is a KeyError
naming the closest keys (never the key printed as if it were a word).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from analysis import formats, paths
from analysis.outputs import labels
from analysis.outputs.excel.text import bilingual as book_header
from analysis.outputs.site.labels import figure_caption, genre, ui

SRC = Path(formats.__file__).parent

# A call with a literal key, per output: (folder or file, call pattern, kind looked up).
CALLS = (
    ("outputs/site", r"\b(?:ed\.t|ui)\(\s*\"([^\"]+)\"", formats.SITE),
    ("outputs/excel", r"\b(?:self\.t|label|bilingual|Col)\(\s*\"([^\"]+)\"", formats.WORKBOOK),
    ("outputs", r"\b(?:cs\.label|labels\.label|style_label)\(\s*\"([^\"]+)\"", formats.CHART),
    ("", r"\b(?:labels\.)?word\(\s*[\"']([^\"']+)[\"']", "word"),
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _used_keys() -> dict[str, set[str]]:
    """kind -> the literal keys the outputs' code asks for (scanned, not hand-listed)."""
    used: dict[str, set[str]] = {}
    for folder, pattern, kind in CALLS:
        for path in sorted((SRC / folder).rglob("*.py")):
            used.setdefault(kind, set()).update(re.findall(pattern, path.read_text("utf-8")))
    return used


def test_each_kind_and_key_is_one_row_with_both_languages():
    rows = _rows(paths.LABELS)
    twice = [k for k, n in Counter((r["kind"], r["key"]) for r in rows).items() if n > 1]
    assert twice == []
    assert all(r["zh"].strip() and r["en"].strip() for r in rows)
    kinds = {r["kind"] for r in rows}
    assert {"chart", "chart_group", "workbook", "site", "site_figure", "genre", "word"} <= kinds
    # a word two outputs say alike is one shared row, not one row per output
    assert formats.pair("city", formats.WORKBOOK) == formats.pair("city", formats.SITE) \
        == formats.pair("city", formats.CHART) == ("城市", "City")
    assert not any(r["key"] == "city" and r["kind"] != "word" for r in rows)


def test_every_key_the_outputs_ask_for_has_chinese_and_english():
    """Keys written in the code; keys held in variables (column lists, legend tuples) are
    asked for when test_figures, test_excel and test_site write every output, where an
    unknown key raises."""
    used = _used_keys()
    assert len(used[formats.SITE]) > 60 and len(used[formats.WORKBOOK]) > 40
    assert {"no_data", "national_goal", "ambition_note"} <= used[formats.CHART]
    for kind, keys in used.items():
        for key in sorted(keys):
            zh, en = formats.pair(key, kind)
            assert zh.strip() and en.strip(), (kind, key)


def test_words_in_each_language():
    assert labels.label("no_data", "zh") == "无数据" and labels.label("no_data", "en") == "No data"
    assert book_header("national_goal", "zh") == "国家目标\nNational goal"
    assert book_header("national_goal", "en") == "National goal"
    assert ui("page", "en", k=3) == "page 3" and ui("page", "zh", k=3) == "第 3 页"
    # the workbook's own column header, the site's own word: each output's kind comes first
    assert ui("annual", "en") == "per year" and labels.word("annual", "en") == "annual"
    assert genre("bulletin", "zh") == "统计公报" and genre(None, "en") == ""
    assert figure_caption("02_coverage_heatmap", "en") == "Which core indicators each city sets"
    assert labels.group_title("beds", "zh").startswith("床位")
    assert labels.group_title("a_new_group", "en") == "a_new_group"  # codebook-named, no title
    assert labels.fmt_year(2025, "zh") == "2025年" and labels.fmt_year(2025, "en") == "2025"


def test_unknown_key_or_kind_names_the_closest():
    with pytest.raises(KeyError, match=r"'nationl_goal'.*closest: \['national_goal'"):
        labels.label("nationl_goal", "en")
    with pytest.raises(KeyError, match=r"closest: \['findings'"):
        ui("findngs", "zh")
    with pytest.raises(KeyError, match=r"no kind 'sites'.*closest: \['site'"):
        formats.text("city", "zh", "sites")
    with pytest.raises(ValueError, match="lang must be one of"):
        formats.text("city", "fr")


@pytest.mark.parametrize(("body", "reason"), [
    ("site,home,首页,Home\nsite,home,主页,Home page\n", r":3: site/'home' appears twice"),
    ("site,home,首页,\n", r":2: en is empty \(kind 'site', key 'home'\)"),
    ("site,home,,Home\n", r":2: zh is empty"),
    ("site,home,首页\n", r":2: needs exactly 4 cells"),
    ("site,home,首页,Home,extra\n", r":2: needs exactly 4 cells"),
])
def test_a_bad_row_names_the_file_line_and_reason(tmp_path: Path, body: str, reason: str):
    path = tmp_path / "labels.csv"
    path.write_text("kind,key,zh,en\n" + body, encoding="utf-8")
    with pytest.raises(formats.LabelsError, match=re.escape(str(path)) + reason):
        formats.load_labels(path)


def test_a_bad_header_is_named(tmp_path: Path):
    path = tmp_path / "labels.csv"
    path.write_text("kind,key,chinese,en\nsite,home,首页,Home\n", encoding="utf-8")
    with pytest.raises(formats.LabelsError, match="needs the columns"):
        formats.load_labels(path)


def test_notebook_tables_word_codes_and_keep_cells_already_worded():
    import pandas as pd

    from analysis.outputs.display import readable

    frame = pd.DataFrame({"status": ["set", "设定了2025年目标：60%"],
                          "verdict": ["less ambitious", None]})
    shown = readable(frame, "zh")
    assert shown.iloc[:, 0].tolist() == ["已设定", "设定了2025年目标：60%"]
    assert shown.iloc[:, 1].tolist() == ["低于目标", labels.MISSING]


@pytest.mark.parametrize(("lang", "kwargs", "expected"), [
    ("zh", {"regions": ["东营市"]}, "按所选1个城市（共5个）：东营市；其余城市见“分省”汇总"),
    ("en", {"provinces": ["山东省"]}, "cities of the chosen province(s) (of 5): "),
    ("en", {"top_n": 2}, "2 cities setting the most core indicators (of 5): "),
    ("zh", {}, "全部5个城市"),
])
def test_the_workbook_says_which_cities_it_lists_from_the_table(
        city_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
        kwargs: dict, expected: str):
    import openpyxl

    from analysis.outputs import excel
    from analysis.outputs.excel import data

    monkeypatch.setattr(data, "LIST_ALL_UP_TO", 3 if "top_n" in kwargs else 40)

    out = excel.write_workbook(city_store, tmp_path / "b.xlsx", lang=lang, figures_dir=None,
                               **kwargs)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(expected in c for c in cells), cells[:12]
