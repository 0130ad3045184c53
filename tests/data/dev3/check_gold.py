#!/usr/bin/env python3
"""Sanity checks for heldout3/gold.csv (run from any directory).

1. every indicator_id is a core id (spec/core_indicators.csv)
2. status is required/optional; year empty or 2020-2035; no duplicate rows
3. every gold value occurs as a number near a keyword of its indicator in the
   document (whitespace/page breaks removed; full-width digits, 1:x / 1∶x ratios,
   Chinese-numeral levels (四级) and 万 multiples normalised). Optional rows with
   value 100 may instead be backed by 全覆盖/全部/均达到 wording.
4. the year (if any) occurs in the document (十四五末 counts for 2025).
With --hints: list keyword-adjacent numbers that are not in gold, for manual review.
"""
import csv, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = None
for cand in ('/work/shared/spec/core_indicators.csv', os.path.join(HERE, '..', 'core_indicators.csv')):
    if os.path.exists(cand):
        CORE = cand; break
core_ids = {r['id'] for r in csv.DictReader(open(CORE, encoding='utf-8'))}

KW = {
 'beds_per_1000': r'医疗卫生机构床位',
 'tcm_beds_per_1000': r'中医类医院床位',
 'public_tcm_beds_per_1000': r'公立中医类医院床位',
 'rehab_beds_per_1000': r'康复床位|康复病床',
 'bed_physician_ratio': r'床医比',
 'physician_nurse_ratio': r'医护比',
 'bed_staff_ratio': r'床人',
 'physicians_per_1000': r'执业（助理）医师|执业\(助理\)医师',
 'nurses_per_1000': r'注册护士',
 'gp_per_10000': r'全科医生',
 'public_health_staff_per_10000': r'公共卫生人员|公共卫生机构人员',
 'county_visit_rate': r'县域内?就诊率',
 'county_primary_visit_share': r'基层门急诊|基层就诊率|诊疗量占比',
 'county_inpatient_share': r'住院人次占比',
 'family_doctor_signing_rate': r'签约',
 'family_doctor_signing_rate_key': r'重点人群',
 'primary_recommended_standard_share': r'推荐标准',
 'primary_basic_standard_share': r'基本标准',
 'county_hospital_recommended_standard_share': r'县级综合医院|县人民医院',
 'county_tcm_hospital_recommended_standard_share': r'县级中医医院|县中医院',
 'county_medical_community_coverage': r'医共体',
 'geriatrics_department_share': r'老年医学科',
 'emr_level': r'电子病历',
 'appointment_rate': r'预约诊疗',
 'health_literacy_rate': r'健康素养',
 'staff_sent_down_per_year': r'下沉|下派|派驻',
}
WINDOW = 70
CN = {'一':1,'二':2,'三':3,'四':4,'五':5,'六':6,'七':7,'八':8}

def normalise(t):
    t = t.translate(str.maketrans('０１２３４５６７８９．：∶％', '0123456789.::%'))
    t = re.sub(r'[—－-]\s*\d+\s*[—－-]', '', t)          # page footers like — 3 — / － 3 －
    t = re.sub(r'(?<=[\d%])\s+(?=[\d.≥≤＞＜<>])', '|', t)   # keep adjacent table cells apart
    t = re.sub(r'\s+', '', t)
    t = re.sub(r'([一二三四五六七八])级', lambda m: str(CN[m.group(1)]) + '级', t)
    return t

def numbers(s):
    out = []
    for m in re.finditer(r'(?<![\d.])(\d+(?:\.\d+)?)(万?)', s):
        v = float(m.group(1)) * (10000 if m.group(2) else 1)
        out.append(v)
    return out

def near(text, kw, window=WINDOW):
    for m in re.finditer(kw, text):
        yield text[max(0, m.start() - window): m.end() + window]

def main(hints=False):
    errors = []
    rows = list(csv.DictReader(open(os.path.join(HERE, 'gold.csv'), encoding='utf-8')))
    docs = {}
    seen = Counter((r['doc'], r['indicator_id'], r['value'], r['year']) for r in rows)
    for k, n in seen.items():
        if n > 1: errors.append('duplicate row %s' % (k,))
    for r in rows:
        d = r['doc']
        path = os.path.join(HERE, 'docs', d)
        if not os.path.exists(path):
            errors.append('missing doc ' + d); continue
        if d not in docs:
            docs[d] = normalise(open(path, encoding='utf-8').read())
        text = docs[d]
        iid, val, yr, st = r['indicator_id'], r['value'], r['year'], r['status']
        if iid not in core_ids: errors.append('not a core id: %s' % iid)
        if st not in ('required', 'optional'): errors.append('bad status %s' % st)
        if yr and not (yr.isdigit() and 2020 <= int(yr) <= 2035): errors.append('bad year %s' % yr)
        if yr and yr not in text and not (yr == '2025' and '十四五' in text):
            errors.append('%s %s: year %s not in document' % (d, iid, yr))
        try:
            v = float(val)
        except ValueError:
            errors.append('non-numeric value %s' % val); continue
        ok = any(abs(x - v) < 1e-9 for ctx in near(text, KW[iid]) for x in numbers(ctx))
        if not ok and st == 'optional' and v == 100:
            ok = any(re.search(r'全覆盖|全部|均达到|均有', ctx) for ctx in near(text, KW[iid]))
        if not ok:
            errors.append('%s %s=%s: value not found near keyword %s' % (d, iid, val, KW[iid]))
    ids = Counter(r['indicator_id'] for r in rows)
    for i in sorted(core_ids):
        if ids[i] < 3: errors.append('only %d rows for %s' % (ids[i], i))
    if hints:
        gold_vals = {}
        for r in rows:
            gold_vals.setdefault((r['doc'], r['indicator_id']), set()).add(float(r['value']))
        for d in sorted(os.listdir(os.path.join(HERE, 'docs'))):
            text = normalise(open(os.path.join(HERE, 'docs', d), encoding='utf-8').read())
            for iid, kw in KW.items():
                for m in re.finditer(kw, text):
                    ctx = text[m.start(): m.end() + 25]
                    for x in numbers(ctx):
                        if x not in gold_vals.get((d, iid), set()) and x < 20000 and not 2000 <= x <= 2040:
                            print('HINT %s %s %g :: %s' % (d, iid, x, ctx))
    st = Counter(r['status'] for r in rows)
    print('rows: %d (required %d, optional %d), docs: %d' % (len(rows), st['required'], st['optional'], len({r['doc'] for r in rows})))
    for i in sorted(core_ids):
        req = sum(1 for r in rows if r['indicator_id'] == i and r['status'] == 'required')
        print('  %-48s %3d  (required %d)' % (i, ids[i], req))
    if errors:
        print('\n'.join('ERROR: ' + e for e in errors)); sys.exit(1)
    print('all checks passed')

if __name__ == '__main__':
    main(hints='--hints' in sys.argv)
