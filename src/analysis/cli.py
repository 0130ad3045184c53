"""Command line: ``python -m analysis <command>``.

Each sub-command lives with the code it runs: a module in ``COMMANDS`` defines
``register(subparsers)``, which adds its parser and sets ``func``.  Commands
print a short summary and return a meaningful exit status: 0 when everything
worked, 1 when the output was written but some inputs were skipped, 2 for a
usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2

COMMANDS = (
    "analysis.build",
    "analysis.evaluate",
    "analysis.compare",
    "analysis.excel",
    "analysis.ingest",
    "analysis.figures",
    "analysis.notebooks",
)


def _parser(modules: tuple[str, ...] = COMMANDS) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Health-system policy targets: build the store, compare, export.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name in modules:
        importlib.import_module(name).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Each sub-command is named like its module: import only the one asked for, so
    # `build` does not pay for matplotlib or openpyxl (all of them for --help).
    wanted = [m for m in COMMANDS if argv and argv[0] == m.rsplit(".", 1)[1]]
    args = _parser(tuple(wanted) or COMMANDS).parse_args(argv)
    return int(args.func(args))
