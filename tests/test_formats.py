"""The one number rule (``analysis.formats``) and that every output shows a value the same.

A number with at most two decimals is shown as written (a target keeps its precision);
a longer, computed one is rounded half up to its unit's decimals (data/raw/units.csv);
trailing zeros are dropped; a missing number is ``MISSING``.  The figures, the workbook,
the site, the notebooks and the findings sentences all call it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from analysis import formats, paths
from analysis.extract.codebook import Codebook
from analysis.formats import (
    MISSING,
    fmt_number,
    fmt_percent,
    fmt_value,
    shown_decimals,
    status_text,
)
from analysis.outputs import excel, figures
from analysis.outputs.excel.cells import gap_format, share_format, value_format
from analysis.outputs.site import build_site
from fixture_store import DY, SD, WH, doc, target, write

BEDS, PCT, GPS = "beds per 1000 people", "percent", "GPs per 10000 people"
VISITS, RATIO = "person-visits per year", "nurses per physician"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (7.55, BEDS, "7.55"),            # beds keep two decimals
    (7.5, BEDS, "7.5"),              # trailing zero dropped, not 7.50
    (7.5549, BEDS, "7.55"),          # a computed value: the unit's two decimals
    (7.555, BEDS, "7.56"),           # rounded half up, as a reader and Excel round
    (92.5, PCT, "92.5"),
    (90, PCT, "90"),
    (90.0, PCT, "90"),
    (92.55, PCT, "92.55"),           # a written target is never rounded to 92.6
    (7.55, PCT, "7.55"),             # ... whatever its unit's decimals
    (58.823529, PCT, "58.8"),        # a computed percent: one decimal
    (1200, VISITS, "1,200"),         # counts: no decimals, thousands grouped
    (1234.5678, VISITS, "1,235"),
    (1234.5, VISITS, "1,234.5"),     # as written
    (0.42, None, "0.42"),            # no unit: up to two decimals
    (0.423456, None, "0.42"),
    (3.5, GPS, "3.5"),
    (3.456, GPS, "3.5"),             # GPs per 10,000: one decimal when computed
    (1.2, RATIO, "1.2"),             # the x of a 1:1.2 ratio
    (-2.5, PCT, "-2.5"),             # a negative gap
    (-0.04, PCT, "-0.04"),
    (-0.0004, PCT, "0"),             # never '-0'
    (0.1 * 35, "level", "3.5"),      # float noise is not a decimal: 3.5000000000000004
    (7.55 - 7, BEDS, "0.55"),        # 0.5499999999999998
    (0.29 * 100, PCT, "29"),         # 28.999999999999996
])
def test_one_number_rule(value, unit, shown):
    assert fmt_number(value, unit) == shown


def test_missing_is_one_sign_everywhere():
    for nothing in (None, float("nan")):
        assert fmt_number(nothing) == MISSING == "–"
        assert fmt_value(nothing, PCT, ">=") == MISSING  # no '≥–' or '–%'
        assert fmt_percent(nothing) == MISSING
        assert status_text(nothing) == MISSING
    assert shown_decimals(None) == 0


def test_values_with_comparators_and_ranges():
    assert fmt_value(90, PCT, ">=") == "≥90%"
    assert fmt_value(92.5, PCT, ">=") == "≥92.5%"
    assert fmt_value(0.55, "physicians per bed", "=") == "0.55"  # '=' is shown as nothing
    assert fmt_value(20, "per 100000 live births", "<=") == "≤20"
    assert fmt_value(2, "level", "=", 3) == "2–3"
    assert fmt_value(2, "level", "=", 2) == "2"  # a range of one value is the value
    assert fmt_value(32.5, PCT, None, 33.55) == "32.5–33.55%"
    assert fmt_value(1200, VISITS, ">") == ">1,200"


def test_percent_signed_and_places():
    assert fmt_percent(0.588235) == "58.8%"
    assert fmt_percent(0.5) == "50%"
    assert fmt_percent(9.375, scale=1, signed=True) == "+9.4%"
    assert fmt_percent(-20, scale=1, signed=True) == "-20%"
    assert fmt_percent(0, signed=True) == "0%"  # no '+0%'
    assert fmt_number(0.3, GPS, signed=True) == "+0.3"
    assert fmt_number(66.6667, places=0) == "67"  # a layout with room for whole numbers
    assert fmt_number("≥90%") == "≥90%"  # a cell already formatted stays as it is
    assert fmt_number(float("inf")) == "∞" and shown_decimals(float("-inf")) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_with_the_other_year_value_in_both_languages(lang):
    text = status_text("set for another year", lang, 2030, 92.55, PCT)
    assert text == {"zh": "设定了2030年目标：92.55%",
                    "en": "set for another year (2030: 92.55%)"}[lang]
    assert status_text("set for another year", lang, None, 90, PCT) == (
        "设定了其他年份" if lang == "zh" else "set for another year")
    assert formats.fmt_year(2025, lang) == ("2025年" if lang == "zh" else "2025")
    assert formats.fmt_year(None, lang) == ("每年" if lang == "zh" else "annual")


def test_excel_number_formats_show_the_same_digits():
    assert value_format(BEDS, 7.5) == "#,##0.0"
    assert value_format(BEDS, 7.55) == "#,##0.00"
    assert value_format(PCT, 90) == '#,##0"%"'
    assert value_format(PCT, 92.55) == '#,##0.00"%"'
    assert value_format(PCT, 58.823529) == '#,##0.0"%"'
    assert value_format(VISITS, 1200) == "#,##0"
    assert value_format(BEDS, None) == "General"
    assert gap_format(PCT, -15) == '+#,##0"pp";-#,##0"pp";0"pp"'
    assert gap_format(BEDS, 0.5499999999999998) == "+#,##0.00;-#,##0.00;0"
    assert share_format(0.588235) == "#,##0.0%" and share_format(0.5) == "#,##0%"
    assert share_format(0.09375, signed=True) == "+#,##0.0%;-#,##0.0%;0%"


def test_every_codebook_unit_has_its_words_and_decimals():
    units = {i.unit for i in Codebook.load(paths.CODEBOOK).indicators if i.unit}
    assert units <= set(formats.DECIMALS), sorted(units - set(formats.DECIMALS))
    assert formats.DECIMALS[BEDS] == 2 and formats.DECIMALS[PCT] == 1
    assert formats.DECIMALS[VISITS] == 0 and formats.decimals("no such unit") == 2
    assert formats.unit_label(BEDS, "zh") == "张/千人"


def test_a_bad_units_table_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / "units.csv"
    path.write_text("unit,zh,en,decimals\npercent,%,%,1\nbeds,张,beds,two\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"units\.csv:3: decimals of 'beds' must be a whole"):
        formats._unit_table(path)
    path.write_text("unit,zh,en,decimals\npercent,%,%,1\npercent,%,%,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"units\.csv:3: unit 'percent' is listed twice"):
        formats._unit_table(path)
    path.write_text("unit,zh,decimals\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs the columns"):
        formats._unit_table(path)


# --- the same value reads the same in a figure, the workbook and the site ------------------

RANGE = fmt_value(32.5, PCT, None, 33.55)  # '32.5–33.55%': Dongying's literacy range
EXACT = fmt_value(37.25, PCT, ">=")  # '≥37.25%': Weihai's literacy target


@pytest.fixture(scope="module")
def literacy_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two cities setting health literacy with two written decimals (a range, a ≥)."""
    docs = [doc("dy", DY, SD, "东营市卫生健康规划", "service_system"),
            doc("wh", WH, SD, "威海市卫生健康规划", "service_system")]
    dy = target("dy", "health_literacy_rate", 32.5, comparator="=",
                quote="居民健康素养水平达到32.5%-33.55%")
    dy["value_high"] = 33.55
    wh = target("wh", "health_literacy_rate", 37.25, quote="居民健康素养水平达到37.25%以上")
    path = tmp_path_factory.mktemp("fmt") / "store.duckdb"
    return write(path, Codebook.load(paths.CODEBOOK), docs, [dy, wh])


def _svg_texts(fig) -> list[str]:
    """The texts of a figure as drawn (matplotlib writes each as a comment in the SVG)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    return re.findall(r"<!-- (.*?) -->", buf.getvalue())


def test_a_value_reads_the_same_in_a_figure_the_workbook_and_the_site(
        literacy_store: Path, tmp_path: Path):
    assert (RANGE, EXACT) == ("32.5–33.55%", "≥37.25%")
    # figure: the bar labels of the population-health panel
    texts = _svg_texts(figures.family_chart(literacy_store, "population_health", "zh"))
    assert RANGE in texts and EXACT in texts
    # workbook: the family sheet's note (text) and the numeric target cell's format
    book = openpyxl.load_workbook(excel.write_workbook(literacy_store, tmp_path / "b.xlsx"))
    ws = book["人群健康"]
    cells = [c for row in ws.iter_rows(min_row=3) for c in row]
    assert f"范围 {RANGE}" in [c.value for c in cells]
    target_cell = next(c for c in cells if c.value == 37.25)
    assert target_cell.number_format == '#,##0.00"%"'  # Excel shows 37.25%, a number
    # site: the city pages' target cells
    build_site(literacy_store, tmp_path / "site", figures=None, workbook=None, exports=None)
    pages = {p.name: p.read_text(encoding="utf-8")
             for p in (tmp_path / "site" / "zh" / "cities").glob("*.html")}
    assert any(RANGE in html for html in pages.values())
    assert any(EXACT.replace("≥", "&#x2265;") in html or EXACT in html
               for html in pages.values())


def test_units_table_has_one_row_per_unit():
    with paths.UNITS.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len({r["unit"] for r in rows}) == len(formats.UNITS) == 14


def test_notebook_tables_use_the_same_rule():
    """``display.readable`` (the notebooks' and the site's tables) rounds by the row's unit."""
    import pandas as pd

    from analysis.outputs import display

    frame = pd.DataFrame({"indicator_unit": [BEDS, PCT, VISITS],
                          "value": [7.5, 92.55, 1200.0],
                          "peers_median": [7.5549, 58.823529, None],
                          "ambition_score": [1.1, 0.95, 1.0]})
    shown = display.readable(frame, "en")
    assert shown["Target"].tolist() == ["7.5", "92.55", "1,200"]
    assert shown["Peer median"].tolist() == ["7.55", "58.8", MISSING]
    assert shown["Ambition score"].tolist() == ["1.1", "0.95", "1"]
