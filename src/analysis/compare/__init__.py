"""Compare: every comparison number (views and their Python access).

``analysis.compare.city_vs_goals(db, regions=...)`` and its siblings return the
views as pandas DataFrames.
"""

from analysis.compare.findings import findings, findings_text
from analysis.compare.views import (
    ambition_index,
    city_targets,
    city_vs_goals,
    coverage,
    coverage_matrix,
    goal_status,
    peer_comparison,
    provincial_templates,
    read_view,
    side_by_side,
    target_vs_actuals,
)

__all__ = [
    "ambition_index",
    "city_targets",
    "city_vs_goals",
    "coverage",
    "coverage_matrix",
    "findings",
    "findings_text",
    "goal_status",
    "peer_comparison",
    "provincial_templates",
    "read_view",
    "side_by_side",
    "target_vs_actuals",
]
