"""A small store written directly from hand-chosen rows, for the comparison and output tests.

Tests of comparison and output code must not depend on what the extractor finds in the
seed documents: a correct extraction fix would change what they test.  This module writes
stores with :func:`analysis.store.schema.write_store` from rows chosen here, beside the
real national goals and actuals of data/raw, so every expected number can be worked out by
hand.  Imported like tests/reading.py (``from fixture_store import ...``).

The five-city store (:func:`five_cities`), session-scoped as the ``city_store`` fixture:

======  ==========  ===============================================================
city    province    what it sets (2025 unless said otherwise)
======  ==========  ===============================================================
东营市  山东省      床医比 0.55 (=), 医护比 1.2, GP 4, family doctors 60 %,
                    beds 7.55, EMR level 4, primary-care standard 35 %,
                    300 staff sent down a year (annual);
                    a second copy of its plan (duplicate) says beds 9.9
威海市  山东省      床医比 0.55 (=), 医护比 1.2, GP 4, family doctors 60 %, beds 7.5,
                    EMR level 4, primary-care standard 40 %, 100 staff sent down a
                    year, literacy 37 %,
                    public TCM beds 1.35, geriatrics 均设置 (in words); a bulletin
                    (GP 3.5 and literacy 38.2 % in 2023) and a cited provincial 文号
烟台市  山东省      床医比 0.55 (=), 医护比 1.2, beds 7.2, literacy 30 %, nurses 4.0,
                    physicians 3.5, geriatrics 80 %, GP 5.2
聊城市  山东省      a public-hospital plan: EMR level 4
赤峰市  内蒙古      geriatrics 90 %, TCM beds 0.9 (no national goal)
(全国)  national    a national document with physicians 3.2: not a city, never compared
======  ==========  ===============================================================

The national goals of data/raw/reference_goals.csv that a city can still address (target
year 2022 or later) are 13 (:data:`OPEN_NATIONAL_GOALS`); beds (6) and the county visit
rate (90 %) have national goals for 2020 only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.build import indicators_frame
from analysis.compare import views
from analysis.extract.codebook import Codebook
from analysis.ingest.kinds import load_kinds
from analysis.store import reference
from analysis.store.schema import COLUMNS, write_store

DY, WH, LC, YT, CF, JN = "东营市", "威海市", "聊城市", "烟台市", "赤峰市", "济南市"
SD, IM = "山东省", "内蒙古自治区"
PLAN = "关于进一步完善医疗卫生服务体系的实施方案"
BUILT_ON = "2025-01-02"
OPEN_NATIONAL_GOALS = 13
KINDS = load_kinds(paths.RAW / "document_kinds.csv")


def doc(doc_id: str, region: str, province: str | None, title: str, kind: str,
        genre: str | None = "plan", issued_on: date = date(2024, 6, 1), *,
        level: str = "municipal", doc_number: str | None = None,
        duplicate_of: str | None = None) -> dict:
    """A documents row (no text file: the comparison views never read one)."""
    return {"doc_id": doc_id, "file_name": f"{doc_id}.txt", "region": region,
            "level": level, "province": province, "title": title,
            "doc_number": doc_number or f"{doc_id}〔2024〕1号", "issued_on": issued_on,
            "sha256": doc_id, "doc_kind": kind, "doc_kind_source": "title", "genre": genre,
            "duplicate_of": duplicate_of}


def target(doc_id: str, ind: str, value: float, year: int | None = 2025, *, pos: int = 0,
           in_words: bool = False, comparator: str = ">=", quote: str | None = None) -> dict:
    """A mapped level target; its quote defaults to "<indicator> <value>"."""
    quote = quote or f"{ind} {value}"
    return {"target_id": f"{doc_id}@{pos}", "doc_id": doc_id, "indicator_id": ind,
            "value": value, "value_std": value, "unit": "", "comparator": comparator,
            "kind": "level", "target_year": year, "aspirational": False, "maintain": False,
            "annual": year is None, "quote": quote, "char_start": pos,
            "char_end": pos + len(quote), "in_words": in_words}


def write(path: Path, codebook: Codebook, docs: list[dict], targets: list[dict],
          observations: list[dict] = (), cites: list[dict] = (),
          goals: pd.DataFrame | None = None) -> Path:
    """A store written directly (no extraction): documents, targets, observations, goals.

    ``goals`` replaces the national goals of data/raw (e.g. loaded from a changed file).
    """
    raw = paths.RAW
    ids = [i.id for i in codebook.indicators]
    regions = reference.load_regions(paths.REGIONS)
    provs = reference.provinces(regions)
    if goals is None:
        goals = reference.load_goals(raw / reference.GOALS_FILE, ids, provs)
    tables = {
        "documents": pd.DataFrame(docs, columns=sorted({k for d in docs for k in d})
                                  or ["doc_id"]),
        "targets": pd.DataFrame(targets),
        "observations": pd.DataFrame(list(observations), columns=COLUMNS["observations"]),
        "indicators": indicators_frame(codebook),
        "document_kinds": pd.DataFrame(
            [{"doc_kind": k.kind, "name_zh": k.name_zh, "name_en": k.name_en,
              "covers_families": "|".join(k.covers)} for k in KINDS]),
        "citations": pd.DataFrame(list(cites), columns=COLUMNS["citations"]),
        "goals": goals,
        "national_actuals": reference.load_actuals(raw / reference.ACTUALS_FILE, ids, provs),
        "regions": regions,
        "build_info": pd.DataFrame({"key": ["built_on"], "value": [BUILT_ON]}),
    }
    write_store(path, tables, dict(reference.DDL), views.create_views)
    return path


# --- the five-city store ----------------------------------------------------------------------

WH_NURSE_QUOTE = "床医比、医护比分别达到 1：0.55和 1：1.2"
DY_BEDS_QUOTE = "到2025年，每千人口医疗卫生机构床位数达到7.55张"
CF_GERI_QUOTE = "二级及以上综合医院设置老年医学科比例达90%以上"
LC_EMR_QUOTE = "电子病历系统应用水平分级评价达到四级"


def five_city_documents() -> list[dict]:
    return [
        doc("dy", DY, SD, PLAN, "service_system", doc_number="东政办字〔2024〕34号",
            issued_on=date(2024, 12, 24)),
        doc("wh", WH, SD, PLAN, "service_system", doc_number="威政办字〔2024〕42号",
            issued_on=date(2024, 11, 13)),
        doc("yt", YT, SD, PLAN, "service_system"),
        doc("lc", LC, SD, "聊城市推动公立医院高质量发展实施方案", "public_hospital"),
        doc("cf", CF, IM, PLAN, "service_system"),
        # a bulletin: statistics only, no goals; it must not widen Weihai's scope
        doc("whb", WH, SD, "威海市2023年卫生健康事业发展统计公报", "other", genre="bulletin"),
        # a second copy of Dongying's plan: never counted twice, never picked
        doc("dy2", DY, SD, PLAN, "service_system", issued_on=date(2025, 1, 1),
            duplicate_of="dy"),
        # a national document: its targets are no city's
        doc("gj", "全国", None, "国务院办公厅关于进一步完善医疗卫生服务体系的意见",
            "service_system", level="national", doc_number="国办发〔2023〕10号"),
    ]


def five_city_targets() -> list[dict]:
    return [
        # the Shandong template: 床医比 0.55, 医护比 1.2, GP 4 in three plans
        *[target(d, "bed_physician_ratio", 0.55, pos=10, comparator="=")
          for d in ("dy", "wh", "yt")],
        target("dy", "physician_nurse_ratio", 1.2, pos=20),
        target("wh", "physician_nurse_ratio", 1.2, pos=20, quote=WH_NURSE_QUOTE),
        target("yt", "physician_nurse_ratio", 1.2, pos=20),
        target("dy", "gp_per_10000", 4, pos=30), target("wh", "gp_per_10000", 4, pos=30),
        target("dy", "family_doctor_signing_rate", 60, pos=40),
        target("wh", "family_doctor_signing_rate", 60, pos=40),
        target("yt", "beds_per_1000", 7.2, pos=50),  # below the 2023 national actual 7.23
        # Weihai: geriatrics departments 均设置 (in words), literacy and public TCM beds
        target("wh", "geriatrics_department_share", 100, pos=60, in_words=True),
        target("wh", "health_literacy_rate", 37, pos=70),
        target("wh", "public_tcm_beds_per_1000", 1.35, pos=80),
        # Yantai: four comparisons with national goals of the same year, all beaten
        target("yt", "health_literacy_rate", 30, pos=90),
        target("yt", "nurses_per_1000", 4.0, pos=91),
        target("yt", "physicians_per_1000", 3.5, pos=92),
        target("yt", "geriatrics_department_share", 80, pos=93),
        # a 2025 target against a 2030 national goal only (gp 5 in 2030): met early
        target("yt", "gp_per_10000", 5.2, pos=94),
        # Chifeng: one comparable target that beats the goal by far, one without a goal
        target("cf", "geriatrics_department_share", 90, pos=100, quote=CF_GERI_QUOTE),
        target("cf", "tcm_beds_per_1000", 0.9, pos=101),
        # Liaocheng: a public-hospital plan
        target("lc", "emr_level", 4, pos=110, quote=LC_EMR_QUOTE),
        # beds: no national goal after 2020 (6); Dongying 7.55 and Weihai 7.5 are peers
        target("dy", "beds_per_1000", 7.55, pos=120, quote=DY_BEDS_QUOTE),
        target("wh", "beds_per_1000", 7.5, pos=120),
        target("dy", "emr_level", 4, pos=130), target("wh", "emr_level", 4, pos=130),
        # every year, no target year
        target("dy", "staff_sent_down_per_year", 300, None, pos=140),
        target("wh", "staff_sent_down_per_year", 100, None, pos=140),
        # the same indicator with different values (primary-care standard)
        target("dy", "primary_recommended_standard_share", 35, pos=150),
        target("wh", "primary_recommended_standard_share", 40, pos=150),
        target("dy2", "beds_per_1000", 9.9, pos=120),
        target("gj", "physicians_per_1000", 3.2, pos=5),
    ]


def five_city_observations() -> list[dict]:
    return [
        {"observation_id": "whb@1", "doc_id": "whb", "indicator_id": "gp_per_10000",
         "value": 3.5, "data_year": 2023, "quote": "每万人口全科医生3.5人", "char_start": 1,
         "char_end": 12},
        {"observation_id": "whb@2", "doc_id": "whb", "indicator_id": "health_literacy_rate",
         "value": 38.2, "data_year": 2023, "quote": "居民健康素养水平38.2%", "char_start": 20,
         "char_end": 33},
    ]


def five_city_citations() -> list[dict]:
    return [{"doc_id": "wh", "cited_doc_number": "鲁政办字〔2023〕202号",
             "scope_level": "provincial", "province": SD,
             "cited_title": "山东省进一步完善医疗卫生服务体系的实施方案", "char_start": 5,
             "char_end": 20}]


def five_cities(path: Path, goals: pd.DataFrame | None = None) -> Path:
    """The five-city store described in the module docstring, written at ``path``."""
    return write(path, Codebook.load(paths.CODEBOOK), five_city_documents(),
                 five_city_targets(), five_city_observations(), five_city_citations(), goals)
