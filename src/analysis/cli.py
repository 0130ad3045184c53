"""Command line: ``python -m analysis build|...``.

Each sub-command prints a short summary and returns a meaningful exit status:
0 when everything worked, 1 when the store was built but some files were
skipped, 2 for a usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import paths

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.build import BuildConfig, build
    from analysis.codebook import CodebookError
    from analysis.documents import ManifestError

    config = BuildConfig(
        source=Path(args.source),
        db=Path(args.db),
        manifest=Path(args.manifest) if args.manifest else None,
        codebook=Path(args.codebook),
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    try:
        report = build(config)
    except (FileNotFoundError, CodebookError, ManifestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in report.lines():
        print(line)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analysis.evaluate import score_store
    from analysis.store import StoreError

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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Health-system policy targets: build the store, compare, export.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="extract targets from every document into the DuckDB store")
    b.add_argument("--source", default=str(paths.POLICIES), help="folder of documents")
    b.add_argument("--db", default=str(paths.STORE), help="DuckDB file to write")
    b.add_argument("--manifest", default=str(paths.MANIFEST),
                   help="documents.csv with region/title/文号 (optional; '' to infer all)")
    b.add_argument("--codebook", default=str(paths.CODEBOOK), help="indicator codebook CSV")
    b.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--no-cache", action="store_true", help="re-extract every document")
    b.set_defaults(func=_cmd_build)

    e = sub.add_parser("evaluate", help="precision/recall of core targets against a gold CSV")
    e.add_argument("--gold", required=True, help="CSV with doc,indicator_id,value,year,status")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to score")
    e.set_defaults(func=_cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)
