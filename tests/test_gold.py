"""Gold tests: the seed store reproduces every required gold row and no extra core row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.store.evaluate import score_store
from analysis.store.schema import connect

DATA = Path(__file__).parent / "data"


def test_seed_store_matches_gold(seed_store):
    result = score_store(seed_store, DATA / "gold_seeds.csv")
    assert result.missed == []
    assert result.false_positives == []
    assert result.recall == 1.0 and result.precision == 1.0


def test_national_opinion_has_no_core_targets(seed_store):
    with connect(seed_store) as con:
        n = con.execute(
            "SELECT count(*) FROM targets t JOIN documents d USING (doc_id) "
            "WHERE d.level = 'national' AND t.indicator_id IS NOT NULL"
        ).fetchone()[0]
    assert n == 0


def test_every_quote_is_the_raw_text_between_its_offsets(seed_store):
    with connect(seed_store) as con:
        rows = con.execute(
            "SELECT d.file_name, t.quote, t.char_start, t.char_end, t.value_text, t.value_start, "
            "t.value_end FROM targets t JOIN documents d USING (doc_id)"
        ).fetchall()
    assert rows
    raw_dir = Path(__file__).parents[1] / "data" / "raw" / "policies"
    texts = {}
    for name, quote, a, b, vtext, va, vb in rows:
        raw = texts.setdefault(name, (raw_dir / name).read_text(encoding="utf-8"))
        assert raw[a:b] == quote
        assert raw[va:vb] == vtext
        assert a <= va < vb <= b


@pytest.mark.parametrize(
    ("doc", "indicator", "value", "text_part"),
    [
        ("000_294c8626ef5e9e40", "bed_physician_ratio", 0.55, "床医比、医护比分别达到1:0.55、1:1.2"),
        ("002_6cb58e01d0044c6b", "public_tcm_beds_per_1000", 1.35, "到 0.42张和 1.35张"),
        ("004_aff3bbae5feb8a33", "emr_level", 4, "均达到四级（含）以上"),
    ],
)
def test_trace_back_to_sentence(seed_store, doc, indicator, value, text_part):
    with connect(seed_store) as con:
        quote, section, responsible = con.execute(
            "SELECT quote, section, responsible FROM targets WHERE doc_id = ? AND indicator_id = ? "
            "AND value = ?", [doc, indicator, value]
        ).fetchone()
    assert text_part in quote
    assert section and responsible


@pytest.mark.parametrize("corpus", ["dev1", "dev2", "dev3", "dev4", "dev5"])
def test_development_corpus(tmp_path, corpus):
    """Corpora written without the extractor, tuned on after their first run (see README.md)."""
    from analysis.build import BuildConfig, build

    db = tmp_path / f"{corpus}.duckdb"
    build(BuildConfig(source=DATA / corpus / "docs", db=db, manifest=None, use_cache=False,
                      jobs=1))  # one process: the test workers keep both cores busy
    result = score_store(db, DATA / corpus / "gold.csv")
    assert result.precision >= 0.95, result.false_positives
    assert result.recall >= 0.95, result.missed


def test_realtext_development_set(tmp_path):
    """Real web pages (a development set, see its README.md): genre and dates inferred from
    the text, no manifest.  First contact: precision 0.462, recall 0.500."""
    from analysis.build import BuildConfig, build

    db = tmp_path / "realtext.duckdb"
    build(BuildConfig(source=DATA / "realtext" / "docs", db=db, manifest=None, use_cache=False,
                      jobs=1))  # one process: the test workers keep both cores busy
    result = score_store(db, DATA / "realtext" / "gold.csv")
    assert result.precision == 1.0, result.false_positives
    assert result.recall == 1.0, result.missed
    with connect(db) as con:
        n = con.execute(
            "SELECT count(*) FROM targets t JOIN documents d USING (doc_id) "
            "WHERE d.genre IN ('bulletin', 'review') AND t.indicator_id IS NOT NULL"
        ).fetchone()[0]
        stats = con.execute(
            "SELECT count(*), count(data_year) FROM observations o JOIN documents d "
            "USING (doc_id) WHERE d.genre = 'bulletin' AND o.indicator_id IS NOT NULL"
        ).fetchone()
    assert n == 0
    assert stats[0] >= 30 and stats[1] == stats[0]


def test_words_commitments_are_flagged(seed_store):
    with connect(seed_store) as con:
        rows = con.execute(
            "SELECT doc_id, indicator_id, value, value_text FROM targets WHERE in_words "
            "AND indicator_id IS NOT NULL ORDER BY doc_id, value_start"
        ).fetchall()
    assert [(d, i, v) for d, i, v, _ in rows] == [
        ("000_294c8626ef5e9e40", "county_medical_community_coverage", 100.0),
        ("002_6cb58e01d0044c6b", "geriatrics_department_share", 100.0),
        ("002_6cb58e01d0044c6b", "county_medical_community_coverage", 100.0),
        ("004_aff3bbae5feb8a33", "county_medical_community_coverage", 100.0),
    ]
    assert [w for *_, w in rows][:2] == ["全覆盖", "均设置"]


def _score_blind_corpus(tmp_path, name: str):
    """Build a blind corpus (now a development set) and score targets and observations;
    every observation must trace back to its raw sentence and no bulletin or review may
    yield a target."""
    from analysis.build import BuildConfig, build
    from analysis.store.evaluate import load_observation_gold, score_observations_store

    corpus = DATA / name
    db = tmp_path / f"{name}.duckdb"
    build(BuildConfig(source=corpus / "docs", db=db, manifest=None, use_cache=False,
                      jobs=1))  # one process: the test workers keep both cores busy
    targets = score_store(db, corpus / "gold.csv")
    obs = score_observations_store(db, corpus / "observations.csv")
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        genres = {r["file"]: r["genre"] for r in csv.DictReader(fh)}
    gold = load_observation_gold(corpus / "observations.csv")
    reporting = {k for k in gold if genres[k[0]] in ("bulletin", "review")}
    # (a corpus of plans and news only has no bulletin or review to report)
    reporting_recall = 1 - len(set(obs.missed) & reporting) / len(reporting) if reporting else 1.0
    with connect(db) as con:
        n = con.execute(
            "SELECT count(*) FROM targets t JOIN documents d USING (doc_id) "
            "WHERE d.genre IN ('bulletin', 'review') AND t.indicator_id IS NOT NULL"
        ).fetchone()[0]
        quotes = con.execute(
            "SELECT d.file_name, o.quote, o.char_start, o.char_end FROM observations o "
            "JOIN documents d USING (doc_id) WHERE o.indicator_id IS NOT NULL").fetchall()
    assert n == 0, f"{n} targets in bulletins or reviews"
    # (counts, not rows: a held-out corpus's text must not show in a failure)
    untraced = sum((corpus / "docs" / file_name).read_text(encoding="utf-8")[a:b] != quote
                   for file_name, quote, a, b in quotes)
    assert untraced == 0, f"{untraced} observations whose quote is not at their offsets"
    return targets, obs, reporting_recall


# Floors of the blind corpora tuned on after their first contact (see each README; blind
# scores: dev6 targets F1 0.865, observations recall 0.417 / precision 0.574; dev7 targets
# F1 0.857, observations 0.882 / 0.926; dev8, held out until 2026-11-30, targets F1 0.849,
# observations 0.811 / 0.811; first contact of dev9 targets F1 0.855, dev11 0.840, dev12
# 0.879, dev13 0.877 with P 0.915, dev14 0.833 with P 0.923; dev17, about statistics,
# observations 0.755 / 0.931).  Floors: targets precision, recall, year accuracy; observations recall, precision
# (reached on dev6-dev9: 1.000 / 0.988, 1.000 / 0.992, 1.000 / 0.989, 0.993 / 1.000; dev11
# 0.935 / 0.891, dev12 0.987 / 0.987); recall
# of the statistics of bulletins and reviews.
_DEV_FLOORS = {
    "dev6": (0.98, 0.98, 0.98, 0.98, 0.97, 0.98),
    "dev7": (0.98, 0.95, 0.98, 0.98, 0.97, 0.98),
    "dev8": (0.98, 0.98, 0.98, 0.98, 0.97, 0.98),
    "dev9": (0.98, 0.97, 0.98, 0.97, 0.97, 0.97),
    "dev11": (0.98, 0.97, 0.98, 0.94, 0.91, 0.93),
    "dev12": (0.98, 0.97, 0.97, 0.99, 0.98, 0.98),
    "dev13": (0.98, 0.95, 0.98, 0.98, 0.96, 0.90),
    "dev14": (0.98, 0.98, 0.98, 0.94, 0.96, 0.87),
    "dev17": (0.98, 0.98, 0.98, 0.94, 0.96, 0.92),
    "dev18": (0.98, 0.97, 0.98, 0.99, 0.98, 0.99),
    "dev20": (0.98, 0.98, 0.98, 0.96, 0.98, 0.94),
    "dev22": (0.98, 0.97, 0.98, 0.95, 0.98, 0.9),
    "dev25": (0.88, 0.88, 0.97, 0.94, 0.92, 1.0),  # plans and news only
    "dev28": (0.97, 0.98, 0.98, 0.96, 0.98, 0.95),  # first contact P 0.960 R 0.948
    "dev30": (0.98, 0.97, 0.98, 0.98, 0.98, 0.97),  # first contact P 0.933 R 0.889
    "dev33": (0.97, 0.95, 0.98, 0.96, 0.96, 0.96),  # first contact P 0.979 R 0.908
    "dev35": (0.98, 0.97, 0.98, 0.97, 0.97, 0.95),  # first contact P 0.976 R 0.902
    "dev37": (0.98, 0.97, 0.98, 0.97, 0.97, 0.95),  # first contact P 0.931 R 0.837
    "dev43": (0.98, 0.91, 0.97, 0.95, 0.96, 0.9),  # first contact P 0.974 R 0.925
    "dev44": (0.98, 0.93, 0.97, 0.97, 0.97, 0.9),  # first contact P 1.000 R 0.813
    "dev47": (0.98, 0.98, 0.99, 0.97, 0.99, 0.99),  # first contact P 0.948 R 0.957; obs R 0.892
    "dev49": (0.98, 0.98, 0.98, 0.99, 0.99, 0.99),  # first contact P 0.937 R 0.908; obs R 1.000
    "dev53": (0.96, 0.94, 0.97, 0.92, 0.96, 0.93),  # first contact P 0.966 R 0.924; obs R 0.887
    "dev54": (0.98, 0.98, 0.99, 0.98, 0.97, 0.98),  # first contact P 0.990 R 0.900; obs R 0.978
    "dev56": (0.99, 0.98, 0.99, 0.97, 0.97, 0.97),  # first contact P 1.000 R 0.941; obs R 0.929
    "dev60": (0.98, 0.98, 0.99, 0.99, 0.99, 0.99),  # first contact P 0.962 R 0.970; obs R 0.969
    "dev61": (0.97, 0.99, 0.99, 0.93, 0.99, 0.93),  # first contact P 0.762 R 1.000; obs R 0.826
    "dev66": (0.98, 0.99, 0.99, 0.99, 0.99, 0.99),  # first contact P 0.970 R 0.980; obs R 0.910
    "dev68": (0.98, 0.99, 0.99, 0.98, 0.98, 0.99),  # first contact P 0.761 R 0.958; obs R 0.843
    "dev69": (0.98, 0.96, 0.98, 0.99, 0.99, 0.99),  # first contact P 0.989 R 0.967; obs R 0.914
    "dev72": (0.96, 0.96, 0.99, 0.93, 0.96, 0.93),  # first contact P 0.964 R 0.964; obs R 0.819
    "dev80": (0.99, 0.98, 0.99, 0.95, 0.98, 0.94),  # first contact P 1.000 R 0.931; obs R 0.890
    "dev81": (0.98, 0.99, 0.99, 0.99, 0.99, 0.99),  # first contact P 0.958 R 0.989; obs R 0.877
    "dev83": (0.99, 0.95, 0.99, 0.96, 0.97, 0.98),  # first contact P 1.000 R 0.945; obs R 0.950
    "dev84": (0.98, 0.99, 0.99, 0.97, 0.99, 0.97),  # first contact P 0.945 R 0.985; obs R 0.897
    "dev90": (0.99, 0.97, 0.99, 0.95, 0.99, 0.95),  # first contact P 1.000 R 0.868; obs R 0.933
    "dev93": (0.95, 0.95, 0.97, 0.98, 0.99, 0.99),  # first contact P 0.954 R 0.911; obs R 0.984
    "dev94": (0.99, 0.98, 0.99, 0.93, 0.99, 0.93),  # first contact P 0.975 R 0.987; obs R 0.895
    "dev99": (0.99, 0.99, 0.99, 0.97, 0.98, 0.98),  # first contact P 1.000 R 1.000; obs R 0.965
    "dev100": (0.97, 0.96, 0.99, 0.99, 0.99, 0.99),  # first contact P 0.967 R 0.946; obs R 0.904
    "dev103": (0.99, 0.99, 0.99, 0.98, 0.99, 0.98),  # first contact P 1.000 R 1.000; obs R 0.985
    "dev104": (0.95, 0.94, 0.96, 0.93, 0.99, 0.93),  # first contact P 0.884 R 0.857; obs R 0.889
    "dev107": (0.99, 0.99, 0.99, 0.99, 0.99, 0.98),  # first contact P 0.945 R 0.928; obs R 0.957
    "dev109": (0.99, 0.99, 0.99, 0.99, 0.99, 0.99),  # first contact P 0.867 R 0.851; obs R 0.967
    "dev112": (0.99, 0.98, 0.99, 0.97, 0.95, 0.99),  # first contact P 0.959 R 0.943; obs R 0.952
    "dev118": (0.97, 0.94, 0.98, 0.98, 0.95, 0.99),  # first contact P 0.973 R 0.847; obs R 0.988
    "dev120": (0.99, 0.98, 0.99, 0.97, 0.96, 0.95),  # first contact P 1.000 R 0.962; obs R 0.934
    "dev121": (0.99, 0.99, 0.99, 0.99, 0.99, 0.98),  # first contact P 1.000 R 0.913; obs R 0.950
    "dev122": (0.99, 0.96, 0.99, 0.97, 0.97, 0.97),  # first contact P 0.931 R 0.912; obs R 0.946
    "dev124": (0.99, 0.97, 0.99, 0.98, 0.96, 0.97),  # first contact P 0.883 R 0.811; obs R 0.905
    "dev126": (0.99, 0.95, 0.99, 0.97, 0.98, 0.97),  # first contact P 0.981 R 0.896; obs R 0.982
}


@pytest.mark.parametrize("corpus", sorted(_DEV_FLOORS))
def test_blind_then_development_sets(tmp_path, corpus):
    """Targets and the observations of bulletins, reviews, work reports and 发展现状 sections."""
    precision, recall, years, obs_recall, obs_precision, reporting_floor = _DEV_FLOORS[corpus]
    targets, obs, reporting = _score_blind_corpus(tmp_path, corpus)
    assert targets.precision >= precision, targets.false_positives
    assert targets.recall >= recall, targets.missed
    assert targets.year_accuracy >= years
    assert obs.recall >= obs_recall, obs.missed
    assert obs.precision >= obs_precision, obs.false_positives
    assert reporting >= reporting_floor


# Held-out blind corpora, never tuned on (see each README; only their totals are read):
# floors (targets precision, recall; observations recall, precision) under the first
# contact each README records (holdout10: under its second blind score), never a target to
# tune for.
_HOLDOUT_FLOORS = {
    "holdout10": (0.93, 0.94, 0.86, 0.95),  # first P 0.937 R 0.918; second P 0.938 R 0.945
    "holdout15": (0.98, 0.83, 0.67, 0.79),  # P 1.000 R 0.837; obs R 0.684 P 0.807
    "holdout16": (0.96, 0.86, 0.83, 0.88),  # P 0.968 R 0.869; obs R 0.839 P 0.896
    "holdout19": (0.82, 0.95, 0.79, 0.88),  # P 0.830 R 0.957; obs R 0.802 P 0.892
    "holdout21": (0.91, 0.96, 0.91, 0.95),  # P 0.922 R 0.967; obs R 0.919 P 0.965
    "holdout23": (0.98, 0.88, 0.96, 0.95),  # P 0.988 R 0.888 (first contact P 1.000); obs R 0.972 P 0.972
    "holdout24": (0.91, 0.90, 0.90, 0.93),  # P 0.921 R 0.909; obs R 0.913 P 0.945
    "holdout26": (0.95, 0.98, 0.85, 0.97),  # P 0.958 R 0.989; obs R 0.861 P 0.983
    "holdout27": (0.95, 0.87, 0.90, 0.94),  # P 0.966 R 0.878; obs R 0.906 P 0.947
    "holdout29": (0.91, 0.95, 0.90, 0.89),  # P 0.918 R 0.956; obs R 0.913 P 0.901
    "holdout31": (0.96, 0.96, 0.90, 0.92),  # P 0.967 R 0.967; obs R 0.912 P 0.930
    "holdout32": (0.90, 0.89, 0.96, 0.96),  # P 0.913 R 0.901; obs R 0.975 P 0.971
    "holdout34": (0.97, 0.97, 0.92, 0.92),  # P 0.979 R 0.978; obs R 0.928 P 0.928
    "holdout36": (0.88, 0.97, 0.89, 0.97),  # P 0.896 R 0.989; obs R 0.911 P 0.985
    "holdout38": (0.98, 0.92, 0.94, 0.98),  # P 0.989 R 0.933; obs R 0.958 P 0.995
    "holdout39": (0.97, 0.95, 0.96, 0.95),  # P 0.979 R 0.967; obs R 0.971 P 0.961
    "holdout40": (0.97, 0.98, 0.90, 0.97),  # P 0.979 R 1.000; obs R 0.915 P 0.980
    "holdout41": (0.95, 0.91, 0.86, 0.88),  # P 0.966 R 0.922; obs R 0.870 P 0.896
    # (holdout42: 0.93 since the 明年 of a summary put online in the year it plans, three
    # wrong targets and two observations fewer there, seven right targets more on holdout106
    # and holdout123)
    "holdout42": (0.93, 0.90, 0.88, 0.96),  # P 0.978 R 0.911 (0.967 after the 今年-in-a-first-half-report rule, one wrong more); obs R 0.892 P 0.967
    "holdout45": (0.93, 0.96, 0.90, 0.98),  # P 0.939 R 0.968; obs R 0.907 P 0.989
    "holdout46": (0.92, 0.97, 0.85, 0.95),  # P 0.931 R 0.978; obs R 0.860 P 0.960
    "holdout48": (0.95, 0.97, 0.87, 0.96),  # P 0.958 R 0.978; obs R 0.875 P 0.970
    "holdout50": (0.99, 0.87, 0.97, 0.97),  # P 1.000 R 0.878; obs R 0.979 P 0.979
    # (holdout51: 0.95 since the quoted commitments in words, one wrong target more there,
    # four right ones more on holdout58 and holdout62 and two on holdout67, written after it)
    # (holdout51: a036fb4 read one more right and one more wrong target there, precision
    # 0.958 -> 0.949, F1 unchanged; the same rule read five more right rows on four others)
    "holdout51": (0.94, 0.94, 0.93, 0.99),  # P 0.968 R 0.947; obs R 0.934 P 0.995
    "holdout52": (0.97, 0.96, 0.89, 0.96),  # P 0.979 R 0.968; obs R 0.899 P 0.967
    "holdout55": (0.99, 0.94, 0.95, 0.99),  # P 1.000 R 0.947; obs R 0.957 P 1.000
    "holdout57": (0.98, 0.98, 0.82, 0.88),  # P 0.989 R 0.988; obs R 0.828 P 0.887
    "holdout58": (0.96, 0.99, 0.96, 0.99),  # P 0.970 R 1.000; obs R 0.966 P 0.995
    "holdout59": (0.92, 0.93, 0.84, 0.85),  # P 0.929 R 0.938; obs R 0.848 P 0.857
    "holdout62": (0.93, 0.93, 0.92, 0.95),  # P 0.941 R 0.939; obs R 0.924 P 0.961
    "holdout63": (0.96, 0.98, 0.84, 0.93),  # P 0.974 R 0.986; obs R 0.848 P 0.940
    "holdout64": (0.9, 0.89, 0.96, 0.98),  # P 0.909 R 0.897; obs R 0.964 P 0.990
    "holdout65": (0.99, 0.86, 0.82, 0.85),  # P 1.000 R 0.868; obs R 0.824 P 0.860
    "holdout67": (0.96, 0.97, 0.95, 0.98),  # P 0.968 R 0.978; obs R 0.953 P 0.989
    "holdout70": (0.96, 0.89, 0.93, 0.97),  # P 0.965 R 0.898; obs R 0.933 P 0.972
    "holdout71": (0.95, 0.97, 0.97, 0.97),  # P 0.954 R 0.976; obs R 0.972 P 0.972
    "holdout73": (0.98, 0.98, 0.99, 0.98),  # P 0.989 R 0.989; obs R 0.995 P 0.986
    "holdout74": (0.96, 0.87, 0.95, 0.96),  # P 0.971 R 0.877; obs R 0.958 P 0.971
    "holdout75": (0.88, 0.94, 0.97, 0.97),  # P 0.895 R 0.944; obs R 0.974 P 0.979
    "holdout76": (0.99, 0.98, 0.96, 0.97),  # P 1.000 R 0.985; obs R 0.963 P 0.974
    "holdout77": (0.99, 0.98, 0.99, 0.99),  # P 1.000 R 0.989; obs R 0.991 P 1.000
    "holdout78": (0.92, 0.90, 0.87, 0.90),  # P 0.932 R 0.908; obs R 0.881 P 0.913
    "holdout79": (0.98, 0.98, 0.99, 0.99),  # P 0.986 R 0.986; obs R 0.995 P 0.995
    "holdout82": (0.96, 0.91, 0.90, 0.93),  # P 0.964 R 0.915; obs R 0.909 P 0.935
    "holdout85": (0.99, 0.98, 0.98, 0.98),  # P 1.000 R 0.989; obs R 0.989 P 0.989
    "holdout86": (0.97, 0.97, 0.91, 0.99),  # P 0.973 R 0.973; obs R 0.917 P 0.995
    "holdout87": (0.93, 0.97, 0.96, 0.99),  # P 0.939 R 0.978; obs R 0.967 P 0.994
    "holdout88": (0.93, 0.93, 0.98, 0.97),  # P 0.932 R 0.932; obs R 0.981 P 0.978
    "holdout89": (0.96, 0.98, 0.99, 0.99),  # P 0.969 R 0.989; obs R 0.990 P 1.000
    "holdout91": (0.98, 0.96, 0.97, 0.97),  # P 0.989 R 0.967; obs R 0.970 P 0.975
    "holdout92": (0.99, 0.96, 0.87, 0.94),  # P 1.000 R 0.966; obs R 0.875 P 0.949
    "holdout95": (0.95, 0.97, 0.96, 0.98),  # P 0.952 R 0.970; obs R 0.968 P 0.984
    "holdout96": (0.89, 0.97, 0.92, 0.98),  # P 0.898 R 0.976; obs R 0.922 P 0.983
    "holdout97": (0.93, 0.97, 0.8, 0.89),  # P 0.936 R 0.978; obs R 0.806 P 0.893
    "holdout98": (0.9, 0.86, 0.95, 0.97),  # P 0.909 R 0.870; obs R 0.955 P 0.975
    "holdout101": (0.93, 0.93, 0.94, 0.95),  # P 0.935 R 0.933; obs R 0.946 P 0.958
    "holdout102": (0.94, 0.98, 0.95, 0.97),  # P 0.949 R 0.989; obs R 0.952 P 0.977
    "holdout105": (0.92, 0.87, 0.93, 0.94),  # P 0.920 R 0.879; obs R 0.936 P 0.941
    "holdout106": (0.85, 0.86, 0.99, 0.98),  # P 0.852 R 0.860; obs R 0.996 P 0.988
    "holdout108": (0.93, 0.87, 0.96, 0.95),  # P 0.935 R 0.876; obs R 0.963 P 0.958
    "holdout110": (0.92, 0.93, 0.97, 0.97),  # P 0.926 R 0.937; obs R 0.974 P 0.979
    "holdout111": (0.94, 0.91, 0.98, 0.98),  # P 0.943 R 0.913; obs R 0.982 P 0.988
    "holdout113": (0.98, 0.92, 0.92, 0.94),  # P 0.988 R 0.923; obs R 0.927 P 0.948
    "holdout114": (0.98, 0.97, 0.97, 0.97),  # P 0.986 R 0.979; obs R 0.974 P 0.979
    "holdout115": (0.92, 0.92, 0.92, 0.94),  # P 0.921 R 0.921; obs R 0.923 P 0.944
    "holdout116": (0.9, 0.83, 0.83, 0.96),  # P 0.900 R 0.835; obs R 0.833 P 0.967
    "holdout117": (0.99, 0.85, 0.99, 0.94),  # P 1.000 R 0.852; obs R 0.993 P 0.944
    "holdout119": (0.91, 0.88, 0.88, 0.98),  # P 0.917 R 0.889; obs R 0.884 P 0.988
    "holdout123": (0.97, 0.89, 0.99, 0.97),  # P 0.979 R 0.900; obs R 1.000 P 0.976
    "holdout125": (0.86, 0.70, 0.91, 0.91),  # P 0.870 R 0.712; obs R 0.925 P 0.925
    "holdout127": (0.99, 0.88, 0.95, 0.95),  # P 1.000 R 0.892; obs R 0.959 P 0.959
    "holdout128": (0.98, 0.79, 0.95, 0.91),  # P 0.988 R 0.804; obs R 0.964 P 0.920
    "holdout129": (0.99, 0.74, 0.96, 0.94),  # P 1.000 R 0.757; obs R 0.977 P 0.948
}


@pytest.mark.parametrize("corpus", sorted(_HOLDOUT_FLOORS))
def test_held_out_sets_stay_above_their_first_contact(tmp_path, corpus):
    precision, recall, obs_recall, obs_precision = _HOLDOUT_FLOORS[corpus]
    targets, obs, _ = _score_blind_corpus(tmp_path, corpus)
    # totals only: a failure must not print a held-out corpus's rows (the Score's lists)
    scores = (targets.precision, targets.recall, obs.recall, obs.precision)
    floors = (precision, recall, obs_recall, obs_precision)
    below = [f"{name} {got:.3f} < {floor}" for name, got, floor in zip(
        ("targets precision", "targets recall", "observations recall", "observations precision"),
        scores, floors, strict=True) if got < floor]
    assert not below, f"{corpus}: " + ", ".join(below)
