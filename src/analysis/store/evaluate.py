"""Score extracted core targets (and observations) against a gold file.

Gold files look like ``spec/gold_seeds.csv``: ``doc,indicator_id,value,year,status``
with status ``required`` (must be found) or ``optional`` (may be found).
A predicted core-indicator row that matches no gold row is a false positive.

Observation gold (``doc,indicator_id,value,year``; every row required) is scored the
same way against the ``observations`` table, the data year in place of the target year:
a statistic counts only with its year, because an actual without a year cannot be
compared with anything.
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


def load_observation_gold(path: Path) -> set[Key]:
    """Keys of an observation gold CSV (``doc,indicator_id,value,year``).

    Raises ValueError naming the file and line of a row without a value or a year."""
    keys: set[Key] = set()
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"doc", "indicator_id", "value", "year"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            try:
                keys.add(_key(row["doc"].strip(), row["indicator_id"].strip(),
                              float(row["value"]), _year(row["year"])))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{path}, line {line}: {exc}") from exc
    return keys


def score_observations_store(db: Path, gold: Path) -> Score:
    """Score the ``observations`` of a built store (core indicators only) against gold."""
    from analysis.store.schema import connect

    with connect(db) as con:
        frame = con.execute(
            """
            SELECT d.file_name, o.indicator_id, o.value, o.data_year AS target_year
            FROM observations o JOIN documents d USING (doc_id)
            JOIN indicators i USING (indicator_id)
            WHERE i.core
            """
        ).df()
        core = {r[0] for r in con.execute("SELECT indicator_id FROM indicators WHERE core")
                .fetchall()}
    return score(predicted_keys(frame.to_dict("records"), core), load_observation_gold(gold),
                 set())


def recall_by_group(result: Score, required: set[Key], groups: dict[str, str]) -> dict[str, str]:
    """``found/required`` per group of documents (e.g. genre from a manifest)."""
    missed = set(result.missed)
    out: dict[str, list[int]] = {}
    for key in required:
        counts = out.setdefault(groups.get(key[0], "?"), [0, 0])
        counts[0] += key not in missed
        counts[1] += 1
    return {g: f"{a}/{b} ({a / b:.3f})" for g, (a, b) in sorted(out.items())}


def _genres(manifest: Path) -> dict[str, str]:
    """file -> genre of a corpus manifest (``file`` or ``doc`` column, ``genre``)."""
    with Path(manifest).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {(r.get("file") or r.get("doc") or "").strip(): (r.get("genre") or "").strip()
            for r in rows}


def _print_score(result: Score, observations: bool) -> None:
    if observations:
        print(f"observations: recall {result.recall:.3f} "
              f"({result.found_required}/{result.required}), precision {result.precision:.3f} "
              f"({result.true_positives}/{result.predicted} core-indicator observations)")
    else:
        print(result.summary())
    for key in result.missed:
        print("missed:", *key)
    for key in result.false_positives:
        print("false positive:", *key)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK
    from analysis.store.schema import StoreError

    if not args.gold and not args.observations:
        print("error: give --gold (targets) and/or --observations (statistics)", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.gold:
            _print_score(score_store(Path(args.db), Path(args.gold)), observations=False)
        if args.observations:
            result = score_observations_store(Path(args.db), Path(args.observations))
            _print_score(result, observations=True)
            if args.genres:
                gold = load_observation_gold(Path(args.observations))
                for genre, text in recall_by_group(result, gold,
                                                   _genres(Path(args.genres))).items():
                    print(f"observation recall, {genre or '?'}: {text}")
    except (StoreError, FileNotFoundError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis evaluate``."""
    from analysis import paths

    e = sub.add_parser("evaluate", help="precision/recall of core targets against a gold CSV")
    e.add_argument("--gold", help="target gold CSV: doc,indicator_id,value,year,status")
    e.add_argument("--observations",
                   help="observation gold CSV: doc,indicator_id,value,year (data year)")
    e.add_argument("--genres", help="manifest CSV (file,genre) to split observation recall")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to score")
    e.set_defaults(func=_cmd_evaluate)
