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
