"""Score extracted core targets against a gold file (precision, recall, misses).

Gold files look like ``spec/gold_seeds.csv``: ``doc,indicator_id,value,year,status``
with status ``required`` (must be found) or ``optional`` (may be found).
A predicted core-indicator row that matches no gold row is a false positive.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Key = tuple[str, str, float, int | None]


def _key(doc: str, indicator_id: str, value: float, year: int | None) -> Key:
    return (doc, indicator_id, round(float(value), 6), year)


def _year(cell: object) -> int | None:
    if cell is None:
        return None
    text = str(cell).strip()
    if not text or text.lower() in ("nan", "none", "<na>"):
        return None
    return int(float(text))


@dataclass
class Score:
    """Outcome of a comparison with a gold file."""

    predicted: int
    required: int
    true_positives: int
    found_required: int
    false_positives: list[Key] = field(default_factory=list)
    missed: list[Key] = field(default_factory=list)
    # gold targets found with the right value whose year is right / is anything at all
    year_right: int = 0
    year_matched: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found_required / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def year_accuracy(self) -> float:
        """Of the gold targets found with the right document, indicator and value,
        the share whose target year is right too."""
        return self.year_right / self.year_matched if self.year_matched else 1.0

    def summary(self) -> str:
        return (
            f"precision {self.precision:.3f} ({self.true_positives}/{self.predicted}), "
            f"recall {self.recall:.3f} ({self.found_required}/{self.required}), "
            f"F1 {self.f1:.3f}, "
            f"target year right {self.year_accuracy:.3f} ({self.year_right}/{self.year_matched})"
        )


def load_gold(path: Path) -> tuple[set[Key], set[Key]]:
    """(required, optional) keys of a gold CSV."""
    required: set[Key] = set()
    optional: set[Key] = set()
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            key = _key(row["doc"].strip(), row["indicator_id"].strip(), float(row["value"]),
                       _year(row.get("year")))
            (optional if (row.get("status") or "").strip() == "optional" else required).add(key)
    return required, optional


def score(predicted: Iterable[Key], required: set[Key], optional: set[Key]) -> Score:
    """Compare predicted keys (deduplicated) with the gold sets."""
    pred = set(predicted)
    allowed = required | optional
    tp = pred & allowed
    years: dict[tuple[str, str, float], set[int | None]] = {}
    for doc, ind, value, year in pred:
        years.setdefault((doc, ind, value), set()).add(year)
    matched = [k for k in required if k[:3] in years]
    return Score(
        predicted=len(pred),
        required=len(required),
        true_positives=len(tp),
        found_required=len(pred & required),
        false_positives=sorted(pred - allowed, key=str),
        missed=sorted(required - pred, key=str),
        year_right=sum(k[3] in years[k[:3]] for k in matched),
        year_matched=len(matched),
    )


def predicted_keys(rows: Iterable[dict[str, object]], core_ids: set[str]) -> set[Key]:
    """Keys of store rows (``file_name``, ``indicator_id``, ``value``, ``target_year``)."""
    out: set[Key] = set()
    for r in rows:
        ind = r.get("indicator_id")
        if not ind or ind not in core_ids:
            continue
        out.add(_key(str(r["file_name"]), str(ind), float(r["value"]), _year(r.get("target_year"))))
    return out


def score_store(db: Path, gold: Path) -> Score:
    """Score a built store against a gold file (documents matched by file name)."""
    from analysis.store.schema import connect

    with connect(db) as con:
        frame = con.execute(
            """
            SELECT d.file_name, t.indicator_id, t.value, t.target_year
            FROM targets t JOIN documents d USING (doc_id)
            JOIN indicators i USING (indicator_id)
            WHERE i.core
            """
        ).df()
        core_rows = con.execute("SELECT indicator_id FROM indicators WHERE core").fetchall()
    core = {r[0] for r in core_rows}
    required, optional = load_gold(gold)
    return score(predicted_keys(frame.to_dict("records"), core), required, optional)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK
    from analysis.store.schema import StoreError

    try:
        result = score_store(Path(args.db), Path(args.gold))
    except (StoreError, FileNotFoundError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(result.summary())
    for key in result.missed:
        print("missed:", *key)
    for key in result.false_positives:
        print("false positive:", *key)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis evaluate``."""
    from analysis import paths

    e = sub.add_parser("evaluate", help="precision/recall of core targets against a gold CSV")
    e.add_argument("--gold", required=True, help="CSV with doc,indicator_id,value,year,status")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to score")
    e.set_defaults(func=_cmd_evaluate)
