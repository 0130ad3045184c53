"""Comparisons a director can trust (issue 13), on small stores built inside the tests.

The fixture store holds five Shandong / Inner Mongolia cities with chosen numbers:
document kinds, a commitment in words, a city bulletin's observation, cited 文号, and the
national goals and actuals of data/raw.  Each test pins one behaviour of the views, the
findings sentences and the outputs that only select from them.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.compare import views
from analysis.compare.findings import findings, findings_text
from analysis.extract.codebook import Codebook
from analysis.formats import goal_match_text, status_text
from analysis.ingest.kinds import (
    DocKindError,
    check_kind,
    citations,
    infer_kind,
    manifest_kinds,
)
from analysis.outputs import excel, figures
from analysis.outputs import style as chart_style
from analysis.store import reference
from fixture_store import CF, DY, JN, KINDS, LC, PLAN, SD, WH, YT
from fixture_store import doc as _doc
from fixture_store import target as _t
from fixture_store import write as _write


@pytest.fixture(scope="module")
def store(city_store: Path) -> Path:
    """The five-city store of tests/fixture_store.py (session-scoped, read only)."""
    return city_store


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    assert mask.sum() == 1, (where, frame[mask])
    return frame[mask].iloc[0]


# --- 1. coverage statuses -------------------------------------------------------------------


def test_goal_statuses(store):
    st = views.goal_status(store)
    nat = st[st["reference_level"] == "national"]
    signing = _one(nat, region=DY, indicator_id="family_doctor_signing_rate", target_year=2035)
    assert signing.status == "set for another year"
    assert (signing.other_year, signing.other_value) == (2025, 60)
    assert status_text(signing.status, "en", signing.other_year, signing.other_value,
                       "percent") == "set for another year (2025: 60%)"
    assert status_text(signing.status, "zh", signing.other_year, signing.other_value,
                       "percent") == "设定了2025年目标：60%"
    # Liaocheng's only plan is a public-hospital plan: family doctors, nurses not applicable
    for ind in ("family_doctor_signing_rate", "nurses_per_1000"):
        assert set(nat[(nat.region == LC) & (nat.indicator_id == ind)]["status"]) == {
            "not applicable"}
    # Weihai's geriatrics commitment is in words: shown as such, never as the number 100
    geri = _one(nat, region=WH, indicator_id="geriatrics_department_share", target_year=2025)
    assert geri.status == "set in words" and pd.isna(geri.city_value)
    assert "geriatrics_department_share" not in set(
        views.city_targets(store, regions=WH)["indicator_id"])
    # the bulletin does not make Weihai's scope "everything"; Chifeng simply did not set it
    assert _one(nat, region=CF, indicator_id="nurses_per_1000", target_year=2025).status \
        == "not addressed"
    assert set(st["status"]) <= set(views.STATUSES)
    cov = views.coverage(store).set_index(["region", "indicator_id"])
    assert cov.loc[(WH, "geriatrics_department_share"), "status"] == "set in words"
    assert cov.loc[(LC, "family_doctor_signing_rate"), "status"] == "not applicable"


def test_document_kinds_inferred_overridden_and_checked(tmp_path):
    assert infer_kind("聊城市推动公立医院高质量发展实施方案", None, KINDS) == (
        "public_hospital", "title")
    assert infer_kind("关于进一步完善医疗卫生服务体系的实施意见", None, KINDS)[0] == "service_system"
    assert infer_kind("关于推进家庭医生签约服务高质量发展的实施意见", None, KINDS)[0] == "family_doctor"
    assert infer_kind("某市“十四五”卫生健康事业发展规划", None, KINDS)[0] == "health_plan"
    assert infer_kind("通知", "某市卫生健康委员会", KINDS) == ("health_plan", "issuer")
    assert infer_kind("通知", None, KINDS) == ("other", "default")
    manifest = tmp_path / "documents.csv"
    manifest.write_text("file_name,region,doc_kind\na.txt,东营市,family_doctor\nb.txt,威海市,\n"
                        "c.txt,聊城市,public_hospitl\n", encoding="utf-8")
    with pytest.raises(DocKindError, match=r"documents.csv:4: unknown doc_kind "
                                           r"'public_hospitl'; did you mean public_hospital"):
        manifest_kinds(manifest, KINDS)
    manifest.write_text("file_name,doc_kind\na.txt,family_doctor\n", encoding="utf-8")
    assert manifest_kinds(manifest, KINDS) == {"a.txt": "family_doctor"}
    assert check_kind("other", KINDS, "x") == "other"


def test_build_fills_doc_kind_and_citations(seed_store):
    con = duckdb.connect(str(seed_store), read_only=True)
    try:
        kinds = dict(con.execute("SELECT region, doc_kind FROM documents").fetchall())
        cited = con.execute("SELECT cited_doc_number, c.province FROM citations c "
                            "JOIN documents USING (doc_id) WHERE region = '威海市'").fetchall()
    finally:
        con.close()
    assert kinds[LC] == "public_hospital" and kinds[DY] == "service_system"
    assert cited == [("鲁政办字〔2023〕202号", SD)]  # broken across lines in the text


def test_citations_across_line_breaks():
    text = "根据《山东省人民政府办公厅关于印发方案的通知》（鲁政办字〔2023〕\n\n202号）和国办发〔2022〕5号，东政办字〔2024〕34号"
    found = citations(text, own_number="东政办字〔2024〕34号")
    assert [(c.doc_number, c.scope_level, c.province) for c in found] == [
        ("鲁政办字〔2023〕202号", "provincial", SD), ("国办发〔2022〕5号", "national", None)]
    assert found[0].title == "山东省人民政府办公厅关于印发方案的通知"


# --- 2. goals of the nearest year -----------------------------------------------------------


def test_nearest_year_goal_is_labelled(store):
    vs = views.city_vs_goals(store, regions=YT, indicators="gp_per_10000")
    nat = _one(vs[vs["target_id"].notna()], reference_level="national")
    assert (nat.target_year, nat.goal_year, nat.goal_match, nat.verdict) == (
        2025, 2030, "nearest year", "more ambitious")
    assert goal_match_text(2025, 2030, nat.verdict, "en") == \
        "2025 target vs 2030 goal: meets it five years early"
    assert goal_match_text(2025, 2030, nat.verdict, "zh") == "2025年目标对照2030年目标：提前5年达到"
    same = views.city_vs_goals(store, regions=YT, indicators="nurses_per_1000")
    same = _one(same[same["target_id"].notna()], reference_level="national")
    assert (same.goal_year, same.goal_match) == (2025, "same year")
    text = " ".join(findings_text(store, "en", "goals"))
    assert "Yantai: GPs per 10,000 5.2 per 10,000 people for 2025" in text
    assert "2025 target vs 2030 goal: meets it five years early" in text


# --- 3. targets against actuals -------------------------------------------------------------


def test_targets_against_national_and_city_actuals(store):
    tva = views.target_vs_actuals(store)
    beds = _one(tva, region=YT, indicator_id="beds_per_1000")
    assert (beds.national_actual, beds.national_actual_year) == (7.23, 2023)
    assert beds.vs_national_actual == "below today's national level"
    for city in (DY, WH):
        gp = _one(tva, region=city, indicator_id="gp_per_10000")
        assert (gp.national_actual, gp.national_actual_year) == (4.54, 2024)
        assert gp.vs_national_actual == "below today's national level"
        assert gp.national_annual_change == pytest.approx((4.54 - 2.9) / 4)
    wh_gp = _one(tva, region=WH, indicator_id="gp_per_10000")
    assert (wh_gp.city_actual, wh_gp.city_actual_year) == (3.5, 2023)
    assert wh_gp.vs_city_actual == "to be reached"
    assert wh_gp.required_annual_change == pytest.approx((4 - 3.5) / 2)
    lit = _one(tva, region=WH, indicator_id="health_literacy_rate")
    assert lit.vs_city_actual == "already reached" and pd.isna(lit.required_annual_change)
    zh = findings_text(store, "zh", "actuals")
    assert any(s.startswith("东营市、威海市：每万人口全科医生数2025年目标4人/万人，低于2024年全国现状"
                            "4.54人/万人") for s in zh)
    assert any(s.startswith("烟台市：每千人口床位数2025年目标7.2张/千人，低于2023年全国现状7.23张/千人")
               for s in zh)
    assert any("威海市：每万人口全科医生数从2023年的3.5人/万人到2025年的4人/万人，需每年变化0.25"
               "（全国近年每年变化0.41）" in s for s in zh)
    en = " ".join(findings_text(store, "en", "actuals"))
    assert "Dongying, Weihai: GPs per 10,000 4 per 10,000 people for 2025 is below today's " \
           "national level (4.54 per 10,000 people in 2024)" in en
    assert "张" not in en and "人/万人" not in en


# --- 4. a robust ambition measure -----------------------------------------------------------


def test_ambition_ranks_only_cities_with_three_comparable_targets(store):
    amb = views.ambition_index(store).set_index("region")
    # Yantai: 5 same-year comparisons (医护比 equal, literacy, nurses, physicians, geriatrics)
    assert amb.loc[YT, "n_comparable"] == 5 and amb.loc[YT, "ranked"]
    assert amb.loc[YT, "share_at_least_as_ambitious"] == 1.0
    assert amb.loc[YT, "ambition_score"] == pytest.approx(sorted(
        [1.2 / 1.2, 30 / 25, 4.0 / 3.8, 3.5 / 3.2, 80 / 60])[2])  # the median
    # Chifeng beats its one goal by 50 %: not ranked, and says why
    assert amb.loc[CF, "n_comparable"] == 1 and not amb.loc[CF, "ranked"]
    assert amb.loc[CF, "rank_status"] == "not enough to rank" and pd.isna(
        amb.loc[CF, "ambition_rank"])
    # Weihai (3 comparable: 医护比, literacy 37/25, public TCM beds 1.35/0.85) and Yantai
    # both meet every goal; Weihai's median r (1.48) is higher than Yantai's (1.09)
    assert amb.loc[WH, "ambition_rank"] == 1 and amb.loc[YT, "ambition_rank"] == 2
    sentences = findings_text(store, "zh", "ambition")
    assert sentences[0].startswith("雄心指数排名：1. 威海市（3项可比目标中100%不低于国家目标，中位数1.48）"
                                   "、2. 烟台市（5项可比目标中100%不低于国家目标")
    assert "赤峰市（1项）" in sentences[1] and "可比目标不足3项，不排名" in sentences[1]
    con = duckdb.connect(str(store), read_only=True)
    try:
        formula = con.execute("SELECT DISTINCT formula FROM ambition_index").fetchall()
    finally:
        con.close()
    assert formula == [(views.AMBITION_FORMULA,)] and "Limits:" in views.AMBITION_FORMULA


# --- 5. provincial templates ----------------------------------------------------------------


def test_provincial_template_flagged_with_the_cited_document_number(store):
    tpl = views.provincial_templates(store)
    for ind, value in (("bed_physician_ratio", 0.55), ("physician_nurse_ratio", 1.2)):
        row = _one(tpl, indicator_id=ind)
        assert (row.province, row.value, row.n_cities) == (SD, value, 3)
        assert row.cities == ",".join(sorted([DY, WH, YT]))
        assert row.cited_doc_numbers == "鲁政办字〔2023〕202号" and row.citing_cities == WH
    assert _one(tpl, indicator_id="gp_per_10000").cities == f"{DY},{WH}"  # Yantai set 5.2
    text = findings_text(store, "zh", "templates")
    assert any("床医比 0.55" in t and "医护比 1.2" in t
               and "威海市的文件引用了省级文件鲁政办字〔2023〕202号" in t for t in text)


# --- 6. stable colours ----------------------------------------------------------------------


def test_adding_a_city_changes_no_existing_colour(tmp_path):
    codebook = Codebook.load(paths.CODEBOOK)
    docs = [_doc("dy", DY, SD, PLAN, "service_system"), _doc("wh", WH, SD, PLAN, "service_system"),
            _doc("cf", CF, "内蒙古自治区", PLAN, "service_system")]
    targets = [_t(d, "beds_per_1000", 7.0 + i / 10, pos=i) for i, d in enumerate(("dy", "wh",
                                                                               "cf"))]
    before = figures.load(_write(tmp_path / "a.duckdb", codebook, docs, targets)).colors
    docs += [_doc("jn", JN, SD, PLAN, "service_system"), _doc("yt", YT, SD, PLAN,
                                                             "service_system")]
    targets += [_t("jn", "beds_per_1000", 6.9, pos=9), _t("yt", "beds_per_1000", 7.4, pos=8)]
    db = _write(tmp_path / "b.duckdb", codebook, docs, targets)
    after = figures.load(db).colors
    assert set(after) == set(before) | {JN, YT}
    assert {c: after[c] for c in before} == before
    # the workbook draws with the same colours
    book = excel.Briefing(excel.load(db), "zh", 15, [])
    assert book.colors == after
    # and a city's colour does not depend on which others are passed
    assert chart_style.city_colors([DY]) == {DY: chart_style.city_colors([DY, WH, CF])[DY]}


# --- 7/8. outputs select from the views; the codebook drives an indicator ---------------------


def test_figure_workbook_and_view_show_the_same_numbers(store, tmp_path):
    summary = views.read_view(store, "goal_summary")
    uptake = figures.goal_uptake_table(store)
    cols = ["goal_id", "n_cities", "n_set", "n_set_in_words", "n_set_for_another_year",
            "n_not_addressed", "n_not_applicable"]
    pd.testing.assert_frame_equal(
        uptake[cols].sort_values("goal_id").reset_index(drop=True),
        summary[cols].sort_values("goal_id").reset_index(drop=True), check_dtype=False)
    out = excel.write_workbook(store, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(out)["概览"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "指标\nIndicator" and r[3] and
                "高于" in str(r[3]))
    nat = summary[summary["reference_level"] == "national"]
    ids = {r["goal_id"]: r for r in nat.to_dict("records")}
    shown = rows[head + 1: head + 1 + len(nat)]
    by_key = {(r["indicator_id"], r["target_year"]): r for r in ids.values()}
    codebook_names = {i.name_zh: i.id for i in Codebook.load(paths.CODEBOOK).indicators}
    for r in shown:
        rec = by_key[(codebook_names[r[0]], r[1])]
        assert r[2] == rec["goal_compare_value"]
        assert r[3:9] == [rec["n_more_ambitious"], rec["n_equal"], rec["n_less_ambitious"],
                          rec["n_set_for_another_year"], rec["n_not_addressed"],
                          rec["n_not_applicable"]]
    amb = views.ambition_index(store).set_index("region")
    amb_head = next(i for i, r in enumerate(rows) if r[0] == "排名\nRank")
    for r in rows[amb_head + 1: amb_head + 1 + len(amb)]:
        assert r[3] == amb.loc[r[1], "n_comparable"]
        assert r[7] in ("参与排名", "可比目标不足，不排名")


def test_a_new_codebook_row_is_extracted_charted_and_in_the_workbook(tmp_path):
    book = (paths.CODEBOOK).read_text(encoding="utf-8")
    header = book.splitlines()[0].split(",")
    row = dict.fromkeys(header, "")
    row.update({"id": "dental_chairs_per_10000", "core": "1", "family": "resources",
                "name_zh": "每万人口牙科综合治疗台数", "name_en": "Dental chairs per 10000 population",
                "unit": "chairs per 10000 people", "direction": "higher",
                "value_type": "per_population", "per_population": "10000",
                "accept_units": "台|张|none", "min_value": "0.1", "max_value": "50",
                "aliases": "每万…人口…牙椅|每万…人口…牙科综合治疗台",
                "short_name_zh": "每万人口牙椅数", "short_name_en": "Dental chairs per 10,000",
                "chart_group": "dental", "chart_order": "1", "unit_zh": "台/万人",
                "unit_en": "per 10,000 people"})
    codebook = tmp_path / "indicators.csv"
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([row[h] for h in header])
    codebook.write_text(book + line.getvalue(), encoding="utf-8")
    src = tmp_path / "docs"
    src.mkdir()
    (src / "wh.txt").write_text("威海市人民政府办公室\n关于进一步完善医疗卫生服务体系的实施方案\n"
                                "到2025年，每万常住人口牙椅数达到3.5台，每千人口医疗卫生机构床位数"
                                "达到7.5张。\n2024年11月13日\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=None, codebook=codebook, use_cache=False))
    target = _one(views.city_targets(db), indicator_id="dental_chairs_per_10000")
    assert (target.region, target.value, target.target_year) == (WH, 3.5, 2025)
    data = figures.load(db)
    assert data.groups()["dental"] == ["dental_chairs_per_10000"]
    assert "dental" in [s.kwargs.get("family") for s in figures.chart_specs(list(data.groups()))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyph
        fig = figures.family_chart(data, "dental", lang="zh")
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert any(t.startswith("每万人口牙椅数") for t in texts)
    assert "目标值（台/万人）" in texts
    wb = openpyxl.load_workbook(excel.write_workbook(db, tmp_path / "b.xlsx"))
    cells = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert "每万人口牙科综合治疗台数" in cells and "dental_chairs_per_10000" in cells
    assert "台/万人" in cells


def test_city_profile_and_findings_markdown(store):
    data = figures.load(store)
    profile = figures.city_profile(data, DY, "zh")
    gp = profile[(profile["indicator"] == "每万人口全科医生数") & (profile["target_year"] == 2025)]
    assert gp["status"].tolist() == ["已设定"]
    assert gp["vs_national_actual"].tolist() == ["低于全国现状 (4.54, 2024年)"]
    signing = profile[(profile["indicator"] == "家庭医生签约率（全人群）")
                      & (profile["target_year"] == 2035)]
    assert signing["status"].tolist() == ["设定了2025年目标：60%"]
    # names as people type them (issue 14): 东营 is 东营市; a typo names the closest
    assert figures.city_profile(data, "东营", "zh").equals(profile)
    with pytest.raises(ValueError, match=r"closest: .*东营市"):
        figures.city_profile(data, "东营县城")
    md = figures.findings_markdown(data, "en", "ambition")
    assert md.startswith("- Ambition ranking: 1. Weihai (100% of 3 comparable targets")


def test_findings_stay_readable_with_many_cities(tmp_path):
    codebook = Codebook.load(paths.CODEBOOK)
    regions = reference.load_regions(paths.REGIONS).to_frame()
    cities = [r for r in regions.query("level == 'municipal'")["region"]][:20]
    docs = [_doc(f"c{i}", c, "某省", PLAN, "service_system") for i, c in enumerate(cities)]
    targets = [_t(f"c{i}", "gp_per_10000", 3 + i / 100, pos=i) for i in range(len(cities))]
    db = _write(tmp_path / "many.duckdb", codebook, docs, targets)
    found = findings(db, "en")
    per_section = found.groupby("section").size()
    assert (per_section <= 16).all()
    coverage = found[found["section"] == "coverage"]["text"].tolist()
    assert coverage[-1].endswith("more findings in this section: see the tables (or filter by "
                                 "city).")
    # the sentences shown are the first cities in order, the others only counted
    english = regions.set_index("region")["region_en"]
    assert [t.split(":")[0] for t in coverage[:15]] == [english[c] for c in sorted(cities)[:15]]
    assert coverage[-1].startswith("6 more findings")  # five cities and the open goals
    # filtered to one city, its own sentences are all there
    one = findings(db, "en", regions=cities[0])
    assert one[one["section"] == "coverage"]["text"].str.startswith(
        english[cities[0]]
    ).any()
