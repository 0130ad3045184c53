"""Consistency check for the heldout2 corpus (no dependency on the extractor).

For every gold row: the value (in any accepted surface form: 1:x / 1∶x / 1：x,
trailing zeros, Chinese numerals such as 五级 / 百分之九十) must occur in the
document with an indicator keyword close to it; the year (if any) must occur
in the document. Also checks ids against core_indicators.csv, duplicates,
per-id counts and document lengths.  Run: python3 check_gold.py [-v]
"""

import collections
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE = HERE.parent / "core_indicators.csv"
KW = {
    "beds_per_1000": ["床位"],
    "tcm_beds_per_1000": ["中医类"],
    "public_tcm_beds_per_1000": ["公立中医类"],
    "rehab_beds_per_1000": ["康复"],
    "bed_physician_ratio": ["床医比"],
    "physician_nurse_ratio": ["医护比"],
    "bed_staff_ratio": ["床人比"],
    "physicians_per_1000": ["医师"],
    "nurses_per_1000": ["护士"],
    "gp_per_10000": ["全科医生"],
    "public_health_staff_per_10000": ["公共卫生"],
    "county_visit_rate": ["就诊率"],
    "county_primary_visit_share": ["门急诊"],
    "county_inpatient_share": ["住院"],
    "family_doctor_signing_rate": ["签约"],
    "family_doctor_signing_rate_key": ["重点人群"],
    "primary_recommended_standard_share": ["推荐标准"],
    "primary_basic_standard_share": ["基本标准"],
    "county_hospital_recommended_standard_share": ["县级综合医院", "县人民医院"],
    "county_tcm_hospital_recommended_standard_share": ["中医"],
    "county_medical_community_coverage": ["医共体"],
    "geriatrics_department_share": ["老年医学科"],
    "emr_level": ["电子病历"],
    "appointment_rate": ["预约诊疗"],
    "health_literacy_rate": ["健康素养"],
    "staff_sent_down_per_year": ["下沉", "下派", "派驻", "选派"],
}
RATIO = {"bed_physician_ratio", "physician_nurse_ratio", "bed_staff_ratio"}
CN = "零一二三四五六七八九十"
PAGE = re.compile(r"^\s*(- \d+ -|— \d+ —|第 \d+ 页)\s*$", re.MULTILINE)


def cn_numeral(n: int) -> str | None:
    if n <= 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return None


def forms(iid: str, value: str) -> set[str]:
    x = float(value)
    s = f"{x:g}"
    out = {s, s + "0"} if "." in s else {s, s + ".0"}
    if iid in RATIO:
        return {p + f for f in out for p in ("1:", "1∶", "1：")}
    if x == int(x):
        c = cn_numeral(int(x))
        if c:
            out.add("百分之" + c)
            if iid == "emr_level":
                out.add(c + "级")
    return out


def norm(text: str) -> str:
    text = PAGE.sub("", text)  # drop page-number lines
    text = re.sub(r"(?<=[0-9%])[ \t\n]+(?=[0-9≥≤<>—])", "|", text)  # keep table cells apart
    return re.sub(r"\s+", "", text)


def is_whole_number(t: str, a: int, b: int, f: str, iid: str) -> bool:
    if f[0].isdigit() and a > 0 and (t[a - 1].isdigit() or t[a - 1] == "."):
        return False
    if f[-1].isdigit() and b < len(t):
        if t[b].isdigit():
            return False
        if t[b] == "." and b + 1 < len(t) and t[b + 1].isdigit():
            return False
    return not (iid in RATIO and a > 0 and t[a - 1].isdigit())


def find_hits(t: str, iid: str, value: str) -> list[str]:
    hits = []
    for f in forms(iid, value):
        for m in re.finditer(re.escape(f), t):
            a, b = m.start(), m.end()
            if not is_whole_number(t, a, b, f, iid):
                continue
            # keyword before, or just after ('80%以上的社区卫生服务中心达到…推荐标准')
            ctx = t[max(0, a - 120) : b + 40]
            if any(k in ctx for k in KW[iid]):
                hits.append(t[max(0, a - 40) : b + 5])
    if not hits and value == "100":  # 全覆盖 / 全部 with no number
        for k in KW[iid]:
            for m in re.finditer(k, t):
                w = t[max(0, m.start() - 40) : m.end() + 20]
                if re.search("全覆盖|全部|所有", w):
                    hits.append(w)
    return hits


def main() -> int:
    verbose = "-v" in sys.argv
    with CORE.open(encoding="utf-8") as fh:
        core = {r["id"] for r in csv.DictReader(fh)}
    with (HERE / "gold.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        gold = list(reader)
    errs: list[tuple] = []
    if header != ["doc", "indicator_id", "value", "year", "status"]:
        errs.append(("bad header", header))
    seen = set()
    for g in gold:
        key = (g["doc"], g["indicator_id"], g["value"], g["year"])
        if key in seen:
            errs.append(("duplicate", key))
        seen.add(key)
        if g["indicator_id"] not in core:
            errs.append(("unknown id", key))
            continue
        if g["status"] not in ("required", "optional"):
            errs.append(("bad status", key))
        path = HERE / "docs" / g["doc"]
        if not path.exists():
            errs.append(("missing doc", key))
            continue
        t = norm(path.read_text(encoding="utf-8"))
        if g["year"] and g["year"] not in t:
            errs.append(("year not in doc", key))
        hits = find_hits(t, g["indicator_id"], g["value"])
        if not hits:
            errs.append(("value not found near keyword", key))
        elif verbose:
            print(key, "|", hits[0])
    counts = collections.Counter(g["indicator_id"] for g in gold)
    errs += [("id covered < 2 times", i, counts[i]) for i in sorted(core) if counts[i] < 2]
    for path in sorted((HERE / "docs").glob("*.txt")):
        n = len(re.findall(r"[\u4e00-\u9fff]", path.read_text(encoding="utf-8")))
        if not 1500 <= n <= 6000:
            errs.append(("length", path.name, n))
    st = collections.Counter(g["status"] for g in gold)
    print(f"{len(gold)} gold rows ({st['required']} required, {st['optional']} optional)")
    for e in errs:
        print("ERROR", *e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
