#!/usr/bin/env python3
"""Sanity check for the heldout5 gold file.

Checks, for every row of gold.csv:
  * the document exists and the indicator id is a core id;
  * year is empty or a plausible target year (2023-2035) that occurs in the document
    (or is the end year of the period in the document's title);
  * status is required/optional; no duplicate rows; values are in a plausible range;
  * the gold value occurs in the document, near a keyword of the indicator, allowing
    1:x ratios, full-width digits/colons, Chinese numerals (四级), per-10,000 figures
    for per-1,000 indicators, numbers split across PDF line/page breaks, and, for a short
    explicit list of optional rows, a "全部/全覆盖" phrase instead of the number 100.
Also reports document lengths (Han characters) and per-indicator counts.
Exit status 1 if any check fails.
"""
import collections
import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
GOLD = HERE / "gold.csv"

CORE_IDS = [
    "beds_per_1000", "tcm_beds_per_1000", "public_tcm_beds_per_1000", "rehab_beds_per_1000",
    "bed_physician_ratio", "physician_nurse_ratio", "bed_staff_ratio", "physicians_per_1000",
    "nurses_per_1000", "gp_per_10000", "public_health_staff_per_10000", "county_visit_rate",
    "county_primary_visit_share", "county_inpatient_share", "family_doctor_signing_rate",
    "family_doctor_signing_rate_key", "primary_recommended_standard_share",
    "primary_basic_standard_share", "county_hospital_recommended_standard_share",
    "county_tcm_hospital_recommended_standard_share", "county_medical_community_coverage",
    "geriatrics_department_share", "emr_level", "appointment_rate", "health_literacy_rate",
    "staff_sent_down_per_year",
]

RATIO_IDS = {"bed_physician_ratio", "physician_nurse_ratio", "bed_staff_ratio"}
PER_1000_IDS = {"beds_per_1000", "tcm_beds_per_1000", "public_tcm_beds_per_1000",
                "rehab_beds_per_1000", "physicians_per_1000", "nurses_per_1000"}
PER_10000_IDS = {"gp_per_10000", "public_health_staff_per_10000"}
PERCENT_IDS = set(CORE_IDS) - RATIO_IDS - PER_1000_IDS - PER_10000_IDS - {
    "emr_level", "staff_sent_down_per_year"}

KEYWORDS = {
    "beds_per_1000": ["床位数"],
    "tcm_beds_per_1000": ["中医类医院床位", "中医类(蒙医)医院床位", "藏医医院床位"],
    "public_tcm_beds_per_1000": ["公立中医"],
    "rehab_beds_per_1000": ["康复床位", "康复病床"],
    "bed_physician_ratio": ["床医比"],
    "physician_nurse_ratio": ["医护比"],
    "bed_staff_ratio": ["床人比"],
    "physicians_per_1000": ["执业(助理)医师数"],
    "nurses_per_1000": ["注册护士"],
    "gp_per_10000": ["全科医生"],
    "public_health_staff_per_10000": ["公共卫生人员数", "公共卫生机构人员数"],
    "county_visit_rate": ["县域内就诊率"],
    "county_primary_visit_share": ["基层门急诊人次占比", "门急诊人次占比", "诊疗量占总诊疗量"],
    "county_inpatient_share": ["县域内住院人次占比"],
    "family_doctor_signing_rate": ["签约率", "签约服务覆盖率"],
    "family_doctor_signing_rate_key": ["签约率", "签约服务覆盖率"],
    "primary_recommended_standard_share": ["推荐标准"],
    "primary_basic_standard_share": ["基本标准"],
    "county_hospital_recommended_standard_share": ["推荐标准"],
    "county_tcm_hospital_recommended_standard_share": ["推荐标准"],
    "county_medical_community_coverage": ["医共体"],
    "geriatrics_department_share": ["老年医学科"],
    "emr_level": ["电子病历"],
    "appointment_rate": ["预约诊疗率"],
    "health_literacy_rate": ["健康素养水平"],
    "staff_sent_down_per_year": ["每年"],
}

# Optional rows whose value 100 is implied by wording, not written as a number.
NO_NUMBER_OK = {
    ("01_anshun_tixi.txt", "county_medical_community_coverage"): "紧密型县域医共体建设实现全覆盖",
    ("02_bayannur_shisiwu.txt", "county_medical_community_coverage"): "7个旗县区全部建成紧密型县域医共体",
    ("04_fusong_yigongti.txt", "primary_basic_standard_share"): "全县乡镇卫生院全部达到服务能力基本标准",
    ("04_fusong_yigongti.txt", "county_hospital_recommended_standard_share"): "县人民医院达到县级医院医疗服务能力推荐标准",
    ("08_guyuan_shisiwu.txt", "county_medical_community_coverage"): "4县1区全部建成紧密型县域医共体",
    ("10_shigatse_tixi.txt", "county_medical_community_coverage"): "18个县(区)紧密型县域医共体建设实现全覆盖",
}

CN_DIGITS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}

PAGE_MARK = re.compile(r"[—\-－]\s*\d+\s*[—\-－]")


def norm(text):
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("∶", ":").replace("：", ":")
    t = PAGE_MARK.sub(" ", t)
    return t


def views(text):
    """Two views: whitespace collapsed (tables) and whitespace removed (PDF splits)."""
    t = norm(text)
    return [re.sub(r"\s+", " ", t), re.sub(r"\s+", "", t)]


def fmt(x):
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return s


def number_forms(ind, value):
    v = float(value)
    forms = {fmt(v)}
    if v == int(v):
        forms.add("%d.0" % v)
    if ind in RATIO_IDS:
        forms = {"1:" + f for f in forms} | {"1: " + f for f in forms}
    if ind in PER_1000_IDS:
        forms.add(fmt(v * 10))  # per-10,000 figure written in the document
    return forms


def number_regex(form):
    return re.compile(r"(?<![\d.])" + re.escape(form) + r"(?![.]?\d)")


def value_near_keyword(view, ind, value, window):
    pats = [number_regex(f) for f in number_forms(ind, value)]
    v = float(value)
    extra = []
    if ind == "emr_level" and v == int(v) and int(v) in CN_DIGITS:
        extra.append(re.compile(CN_DIGITS[int(v)] + "级"))
    for kw in KEYWORDS[ind]:
        kw = unicodedata.normalize("NFKC", kw)
        for m in re.finditer(re.escape(kw), view):
            # value usually follows the keyword; allow a short look-back for
            # phrasings like "40%以上达到推荐标准"
            seg = view[max(0, m.start() - 25): m.end() + window]
            if any(p.search(seg) for p in pats + extra):
                return True
    return False


def main():
    errors, warnings = [], []
    spec = HERE.parents[3].parent / "shared" / "spec" / "core_indicators.csv"
    if spec.exists():
        with open(spec, encoding="utf-8") as f:
            spec_ids = [r["id"] for r in csv.DictReader(f)]
        if sorted(spec_ids) != sorted(CORE_IDS):
            errors.append("embedded core id list differs from %s" % spec)
    core = set(CORE_IDS)

    with open(GOLD, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["doc", "indicator_id", "value", "year", "status"]:
            errors.append("bad header: %s" % reader.fieldnames)
        rows = list(reader)

    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt"))}
    doc_views = {n: views(t) for n, t in docs.items()}
    seen = set()
    per_ind = collections.Counter()
    per_status = collections.Counter()
    per_doc = collections.Counter()

    for i, r in enumerate(rows, start=2):
        doc, ind, value, year, status = (r["doc"], r["indicator_id"], r["value"], r["year"], r["status"])
        where = "line %d (%s %s %s %s)" % (i, doc, ind, value, year)
        key = (doc, ind, value, year)
        if key in seen:
            errors.append("duplicate row: " + where)
        seen.add(key)
        if doc not in docs:
            errors.append("unknown doc: " + where)
            continue
        if ind not in core:
            errors.append("not a core id: " + where)
            continue
        if status not in ("required", "optional"):
            errors.append("bad status: " + where)
        try:
            v = float(value)
        except ValueError:
            errors.append("value not numeric: " + where)
            continue
        # plausible ranges
        if ind in PERCENT_IDS and not (0 < v <= 100):
            errors.append("percent out of range: " + where)
        if ind in RATIO_IDS and not (0.2 <= v <= 3):
            errors.append("ratio out of range: " + where)
        if ind in PER_1000_IDS and not (0 < v <= 15):
            errors.append("per-1000 out of range: " + where)
        if ind in PER_10000_IDS and not (0 < v <= 30):
            errors.append("per-10000 out of range: " + where)
        if ind == "emr_level" and not (0 <= v <= 8):
            errors.append("emr level out of range: " + where)
        # year
        text_nfkc = unicodedata.normalize("NFKC", docs[doc])
        if year == "":
            if ind != "staff_sent_down_per_year":
                warnings.append("empty year on a non-annual indicator: " + where)
            if "每年" not in text_nfkc:
                errors.append("empty (annual) year but no 每年 in doc: " + where)
        else:
            if not re.fullmatch(r"20\d\d", year) or not (2023 <= int(year) <= 2035):
                errors.append("implausible year: " + where)
            elif year not in text_nfkc.replace(" ", ""):
                errors.append("year not mentioned in doc: " + where)
        # value in document near a keyword
        nk = NO_NUMBER_OK.get((doc, ind))
        found = any(value_near_keyword(vw, ind, value, 60 if j else 120)
                    for j, vw in enumerate(doc_views[doc]))
        if not found:
            if nk and v == 100:
                if status != "optional":
                    errors.append("number-less row must be optional: " + where)
                if unicodedata.normalize("NFKC", nk) not in doc_views[doc][1]:
                    errors.append("implied-100 phrase not found: " + where)
            else:
                errors.append("value not found near indicator keyword: " + where)
        per_ind[ind] += 1
        per_status[status] += 1
        per_doc[doc] += 1

    for n, t in docs.items():
        han = len(re.findall(r"[\u4e00-\u9fff]", t))
        if not (2000 <= han <= 5000):
            warnings.append("%s has %d Han characters (outside 2000-5000)" % (n, han))
        if per_doc[n] == 0:
            errors.append("doc without gold rows: " + n)

    print("rows: %d (required %d, optional %d)" % (len(rows), per_status["required"], per_status["optional"]))
    print("docs:")
    for n, t in docs.items():
        han = len(re.findall(r"[\u4e00-\u9fff]", t))
        print("  %-28s rows=%2d han=%d" % (n, per_doc[n], han))
    print("per indicator:")
    for ind in CORE_IDS:
        print("  %-48s %d" % (ind, per_ind[ind]))
    missing = [i for i in CORE_IDS if per_ind[i] == 0]
    if missing:
        warnings.append("core ids without rows: %s" % missing)
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else "FAILED (%d errors)" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
