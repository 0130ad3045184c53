"""Compare: every comparison number (views and their Python access).

``analysis.compare.city_vs_goals(db, regions=...)`` and its siblings return the
views as pandas DataFrames.
"""

from analysis.compare.views import (
    ambition_index,
    city_targets,
    city_vs_goals,
    coverage,
    coverage_matrix,
    peer_comparison,
    read_view,
    side_by_side,
)

__all__ = [
    "ambition_index",
    "city_targets",
    "city_vs_goals",
    "coverage",
    "coverage_matrix",
    "peer_comparison",
    "read_view",
    "side_by_side",
]
