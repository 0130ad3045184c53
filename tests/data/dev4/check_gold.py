#!/usr/bin/env python3
"""Sanity checks for the heldout4 gold file.

Checks that:
  * gold.csv has exactly the columns doc,indicator_id,value,year,status;
  * every doc exists in docs/ and has 1500-4000 Chinese characters;
  * every indicator_id is one of the 26 core ids;
  * years are plausible (2024-2035), and empty only for per-year
    (staff_sent_down_per_year) targets, which must have an empty year;
  * status is required/optional; no duplicate rows, and no two rows share
    (doc, indicator_id, year);
  * every gold value appears in its document near a keyword of its indicator,
    allowing 1:x notation, full-width digits and punctuation, line breaks
    inside numbers, Chinese numerals (四级, 百分之八十五, 百分之百),
    per-10,000 phrasing of per-1,000 indicators (75 张 -> 7.5) and, for
    optional rows of 100, wording such as 全部/全覆盖/均 without a number;
  * every core id appears at least 3 times.

Run:  python3 check_gold.py            (exit status 1 on any error)
      python3 check_gold.py --candidates   also list indicator-like numbers
                                           in each doc that are NOT in gold,
                                           for manual review of misses.
"""
import csv
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
GOLD = os.path.join(HERE, "gold.csv")

# id -> keywords (after normalisation: NFKC, so （） become ()).
KEYWORDS = {
    "beds_per_1000": ["医疗卫生机构床位"],
    "tcm_beds_per_1000": ["中医类医院床位"],
    "public_tcm_beds_per_1000": ["公立中医类医院床位", "公立中医医院床位"],
    "rehab_beds_per_1000": ["康复床位", "康复病床"],
    "bed_physician_ratio": ["床医比"],
    "physician_nurse_ratio": ["医护比"],
    "bed_staff_ratio": ["床人比"],
    "physicians_per_1000": ["执业(助理)医师"],
    "nurses_per_1000": ["注册护士"],
    "gp_per_10000": ["全科医生"],
    "public_health_staff_per_10000": ["公共卫生人员"],
    "county_visit_rate": ["县域内就诊率"],
    "county_primary_visit_share": ["基层门急诊"],
    "county_inpatient_share": ["县域内住院"],
    "family_doctor_signing_rate": ["全人群"],
    "family_doctor_signing_rate_key": ["重点人群"],
    "primary_recommended_standard_share": ["推荐标准"],
    "primary_basic_standard_share": ["基本标准"],
    "county_hospital_recommended_standard_share": ["县级综合医院"],
    "county_tcm_hospital_recommended_standard_share": ["县级中医医院"],
    "county_medical_community_coverage": ["医共体"],
    "geriatrics_department_share": ["老年医学科"],
    "emr_level": ["电子病历"],
    "appointment_rate": ["预约诊疗"],
    "health_literacy_rate": ["健康素养"],
    "staff_sent_down_per_year": ["下沉", "派驻"],
}
CORE_IDS = set(KEYWORDS)
PER_1000 = {k for k in CORE_IDS if k.endswith("_per_1000")}
WINDOW = 90  # characters between keyword and value (keyword first)

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s):
    """Chinese numeral up to 100 -> int (八十五 -> 85, 百 -> 100)."""
    if s in ("百", "一百"):
        return 100
    if "十" in s:
        a, _, b = s.partition("十")
        tens = CN_DIGITS[a] if a else 1
        ones = CN_DIGITS[b] if b else 0
        return tens * 10 + ones
    return CN_DIGITS[s]


def normalise(text):
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("∶", ":").replace("～", "~").replace("—", "-")
    # Join line breaks unless they separate two numbers (table cells):
    # "7.\n6张" -> "7.6张", "签\n约率" -> "签约率", "7.21\n7.6" -> "7.21 7.6".
    t = re.sub(r"(?<=\d)[ \t\u3000]*\n\s*(?=\d)", " ", t)
    t = re.sub(r"[ \t\u3000]*\n\s*", "", t)
    t = re.sub(r"百分之([零一二两三四五六七八九十百]+)",
               lambda m: "%d%%" % cn_to_int(m.group(1)), t)
    t = re.sub(r"([一二三四五六七八])级", lambda m: "%d级" % CN_DIGITS[m.group(1)], t)
    return t


NUM_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")


def numbers(t):
    for m in NUM_RE.finditer(t):
        yield float(m.group()), m.start()


def near_keyword(t, pos, kws, window=WINDOW, right=40):
    """A keyword ends within `window` chars before the value, or starts within
    `right` chars after it ("50%以上乡镇卫生院……达到推荐标准")."""
    around = t[max(0, pos - window):pos + right]
    return any(k in around for k in kws)


def value_found(t, ind, value, status):
    kws = KEYWORDS[ind]
    for v, pos in numbers(t):
        if abs(v - value) < 1e-9 and near_keyword(t, pos, kws):
            return "literal"
    if ind in PER_1000:
        for v, pos in numbers(t):
            if abs(v - value * 10) < 1e-9 and near_keyword(t, pos, kws) \
                    and "每万人口" in t[max(0, pos - WINDOW):pos]:
                return "per-10000"
    if value == 100 and status == "optional":
        for k in kws:
            for m in re.finditer(re.escape(k), t):
                right = t[m.start():m.start() + 60]
                left = t[max(0, m.start() - 40):m.start()]
                if re.search(r"全部|全覆盖|均达到|均设置|所有", right + left):
                    return "wording"
    return None


def main():
    errors = []
    with open(GOLD, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["doc", "indicator_id", "value", "year", "status"]:
            errors.append("bad header: %r" % reader.fieldnames)
        rows = list(reader)

    texts = {}
    for fn in sorted(os.listdir(DOCS)):
        if fn.endswith(".txt"):
            raw = open(os.path.join(DOCS, fn), encoding="utf-8").read()
            n = len(re.findall(r"[\u4e00-\u9fff]", raw))
            if not 1500 <= n <= 4000:
                errors.append("%s: %d Chinese characters (want 1500-4000)" % (fn, n))
            texts[fn] = normalise(raw)

    seen_rows, seen_keys = Counter(), Counter()
    how = Counter()
    for i, r in enumerate(rows, start=2):
        tag = "line %d (%s %s)" % (i, r["doc"], r["indicator_id"])
        seen_rows[tuple(r.values())] += 1
        seen_keys[(r["doc"], r["indicator_id"], r["year"])] += 1
        if r["doc"] not in texts:
            errors.append(tag + ": doc missing")
            continue
        if r["indicator_id"] not in CORE_IDS:
            errors.append(tag + ": not a core id")
            continue
        if r["status"] not in ("required", "optional"):
            errors.append(tag + ": bad status %r" % r["status"])
        per_year = r["indicator_id"] == "staff_sent_down_per_year"
        if per_year and r["year"] != "":
            errors.append(tag + ": per-year target must have empty year")
        if not per_year:
            if not re.fullmatch(r"\d{4}", r["year"]) or not 2024 <= int(r["year"]) <= 2035:
                errors.append(tag + ": implausible year %r" % r["year"])
        try:
            value = float(r["value"])
        except ValueError:
            errors.append(tag + ": value not numeric %r" % r["value"])
            continue
        found = value_found(texts[r["doc"]], r["indicator_id"], value, r["status"])
        if not found:
            errors.append(tag + ": value %s not found near %s"
                          % (r["value"], KEYWORDS[r["indicator_id"]]))
        else:
            how[found] += 1

    for k, n in seen_rows.items():
        if n > 1:
            errors.append("duplicate row: %s" % (k,))
    for k, n in seen_keys.items():
        if n > 1:
            errors.append("several values for (doc, id, year): %s" % (k,))

    per_id = Counter(r["indicator_id"] for r in rows)
    for ind in sorted(CORE_IDS):
        if per_id[ind] < 3:
            errors.append("%s appears only %d times" % (ind, per_id[ind]))

    status = Counter(r["status"] for r in rows)
    print("rows: %d (required %d, optional %d); docs: %d"
          % (len(rows), status["required"], status["optional"], len(texts)))
    print("matched by: %s" % dict(how))
    for ind in sorted(CORE_IDS):
        print("  %-48s %d" % (ind, per_id[ind]))

    if "--candidates" in sys.argv:
        gold_vals = {}
        for r in rows:
            gold_vals.setdefault((r["doc"], r["indicator_id"]), set()).add(float(r["value"]))
        print("\nindicator-like numbers not in gold (review by hand):")
        for fn, t in texts.items():
            for ind, kws in KEYWORDS.items():
                for k in kws:
                    for m in re.finditer(re.escape(k), t):
                        seg = t[m.end():m.end() + 25]
                        mm = NUM_RE.search(seg)
                        if not mm:
                            continue
                        v = float(mm.group())
                        ok = gold_vals.get((fn, ind), set())
                        if v in ok or (ind in PER_1000 and v / 10 in ok):
                            continue
                        print("  %s %-40s %-8s ...%s" % (fn, ind, mm.group(), t[m.start():m.end() + 25]))

    if errors:
        print("\nERRORS:")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
