"""Scoring against gold: precision, recall, F1 and the share of right target years."""

from analysis.store.evaluate import score


def test_scores_count_required_optional_and_years():
    required = {("a.txt", "beds_per_1000", 6.0, 2025), ("a.txt", "gp_per_10000", 4.0, 2025),
                ("b.txt", "county_visit_rate", 90.0, 2020)}
    optional = {("a.txt", "nurses_per_1000", 3.5, 2025)}
    predicted = [
        ("a.txt", "beds_per_1000", 6.0, 2025),       # right
        ("a.txt", "gp_per_10000", 4.0, 2030),        # right value, wrong year
        ("a.txt", "nurses_per_1000", 3.5, 2025),     # optional: allowed, not required
        ("b.txt", "beds_per_1000", 7.2, 2023),       # a statistic taken for a target
    ]
    s = score(predicted, required, optional)
    assert (s.true_positives, s.predicted, s.found_required, s.required) == (2, 4, 1, 3)
    assert s.precision == 0.5 and round(s.recall, 3) == 0.333
    assert round(s.f1, 3) == 0.4
    assert (s.year_right, s.year_matched) == (1, 2)  # b.txt's visit rate was not found at all
    assert s.missed == sorted([("a.txt", "gp_per_10000", 4.0, 2025),
                               ("b.txt", "county_visit_rate", 90.0, 2020)], key=str)
    assert "F1 0.400" in s.summary() and "target year right 0.500 (1/2)" in s.summary()


def test_observation_scorer_needs_the_data_year(tmp_path):
    """Observations are scored with their data year: a statistic without it is a miss and
    a false positive, and recall splits by the genre a manifest gives."""
    import duckdb

    from analysis.store.evaluate import (
        load_observation_gold,
        recall_by_group,
        score_observations_store,
    )
    from analysis.store.schema import connect

    gold = tmp_path / "observations.csv"
    gold.write_text(
        "doc,indicator_id,value,year,quote\n"
        "b.txt,beds_per_1000,6.1,2023,每千人口床位6.1张\n"
        "b.txt,gp_per_10000,3.2,2023,全科医生3.2人\n"
        "r.txt,nurses_per_1000,2.4,2015,由2.4人\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    duckdb.connect(str(db)).close()
    with connect(db, read_only=False) as con:
        con.execute("CREATE TABLE documents (doc_id VARCHAR, file_name VARCHAR)")
        con.execute("CREATE TABLE indicators (indicator_id VARCHAR, core BOOLEAN)")
        con.execute("CREATE TABLE observations (doc_id VARCHAR, indicator_id VARCHAR, "
                    "value DOUBLE, data_year INTEGER)")
        con.execute("INSERT INTO documents VALUES ('b', 'b.txt'), ('r', 'r.txt')")
        con.execute("INSERT INTO indicators VALUES ('beds_per_1000', true), "
                    "('gp_per_10000', true), ('nurses_per_1000', true), ('total_beds', false)")
        con.execute("INSERT INTO observations VALUES ('b', 'beds_per_1000', 6.1, 2023), "
                    "('b', 'gp_per_10000', 3.2, NULL), ('r', 'nurses_per_1000', 2.4, 2015), "
                    "('r', 'total_beds', 5000, 2020), ('r', NULL, 12, 2020)")
    s = score_observations_store(db, gold)
    assert (s.found_required, s.required, s.true_positives, s.predicted) == (2, 3, 2, 3)
    assert s.missed == [("b.txt", "gp_per_10000", 3.2, 2023)]
    assert s.false_positives == [("b.txt", "gp_per_10000", 3.2, None)]
    groups = recall_by_group(s, load_observation_gold(gold), {"b.txt": "bulletin",
                                                             "r.txt": "review"})
    assert groups == {"bulletin": "1/2 (0.500)", "review": "1/1 (1.000)"}


def test_observation_gold_error_names_file_and_line(tmp_path):
    import pytest

    from analysis.store.evaluate import load_observation_gold

    gold = tmp_path / "obs.csv"
    gold.write_text("doc,indicator_id,value,year\nb.txt,beds_per_1000,,2023\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"obs\.csv, line 2"):
        load_observation_gold(gold)
