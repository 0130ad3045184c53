"""Compare: every comparison number (views and their Python access).

``analysis.compare.city_vs_goals(db, regions=...)`` and its siblings return the
views as pandas DataFrames.
"""

from importlib import import_module

# name -> module: loaded on first use, so a build (which needs only the views) does not
# import the findings and what they import
_WHERE = {"findings": "findings", "findings_text": "findings"} | {
    name: "views" for name in (
        "ambition_index", "city_targets", "city_vs_goals", "coverage", "coverage_matrix",
        "goal_status", "peer_comparison", "provincial_templates", "read_view",
        "side_by_side", "target_vs_actuals")}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)


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
