"""Command line: ``python -m analysis <command>``.

Each sub-command lives with the code it runs: ``COMMANDS`` maps its name to the
module and the function that adds its parser and sets ``func``, and to the one-line
help shown in the command list.  Only the module of the command asked for is
imported; ``--help`` and a mistyped command are answered from the table alone, so
they do not pay for pandas, matplotlib or seaborn (seconds of imports).  Commands
print a short summary and return a meaningful exit status: 0 when everything
worked, 1 when the output was written but some inputs were skipped, 2 for a
usage or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import os
import sys
from typing import NamedTuple, NoReturn

from analysis import methodcache, regexcache
from analysis.exitcodes import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED

__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_OK", "EXIT_SKIPPED", "Command", "exit_process", "main"]


class Command(NamedTuple):
    """Where a sub-command lives and its line in the command list (kept equal to the
    help its module registers; a test checks)."""

    module: str
    register: str
    help: str
    # the process may end without the interpreter's teardown once the command returns:
    # it writes only through files it closes itself (atomic renames, DuckDB closed), and
    # freeing the tens of thousands of objects a build holds, module by module, took
    # 0.15 s of a 1.2 s incremental build
    quick_exit: bool = False


COMMANDS: dict[str, Command] = {
    "build": Command("analysis.build", "register",
                     "extract targets from every document into the DuckDB store",
                     quick_exit=True),
    "evaluate": Command("analysis.store.evaluate", "register",
                        "precision/recall of core targets against a gold CSV"),
    "compare": Command("analysis.compare.views", "register",
                       "print a comparison view (cities vs goals, peers, ...)"),
    "excel": Command("analysis.outputs.excel", "register",
                     "write the Excel briefing workbook (reports/briefing.xlsx)"),
    "export": Command("analysis.outputs.export", "register",
                      "every public table and view as Parquet or CSV, with datapackage.json "
                      "and the data dictionary"),
    "ingest": Command("analysis.build", "register_ingest",
                      "add PDF/Word/HTML/text plans to data/raw/policies, the manifest "
                      "and the store", quick_exit=True),
    "figures": Command("analysis.outputs.figures", "register",
                       "write every chart as PNG and SVG (no Jupyter needed)"),
    "notebooks": Command("analysis.outputs.notebooks", "register",
                         "execute the notebooks headless (+ HTML export)"),
    "site": Command("analysis.outputs.site", "register",
                    "write the static report site (every city, indicator, document; "
                    "Chinese and English)"),
}


def _parser(command: str | None) -> argparse.ArgumentParser:
    """The parser with ``command`` fully registered (its module imported) and every other
    command listed from the table only."""
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Health-system policy targets: build the store, compare, export.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name, cmd in COMMANDS.items():
        if name == command:
            getattr(importlib.import_module(cmd.module), cmd.register)(sub)
        else:
            sub.add_parser(name, help=cmd.help)
    return p


# numpy's OpenBLAS starts a thread per core at import, and they spin waiting for matrix
# work no command gives them (a build converts lists to arrays; the outputs draw and
# format): on two cores they took ~3 % of a one-process build's CPU from the extraction
# and DuckDB.  One thread, unless the caller chose otherwise (set before numpy's import).
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault(*_BLAS_THREADS)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    # a command's patterns compiled once, not at every run: those of its modules and those
    # it compiles as it goes (a codebook's aliases, on first use); and its dataclasses'
    # methods (see analysis.methodcache)
    with contextlib.ExitStack() as kept:
        if command:
            kept.enter_context(regexcache.kept())
            kept.enter_context(methodcache.kept())
        return _run(argv, command)


def _run(argv: list[str], command: str | None) -> int:
    parser = _parser(command)
    if argv and command is None and not argv[0].startswith("-"):
        close = difflib.get_close_matches(argv[0], COMMANDS, n=2)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        parser.error(f"unknown command {argv[0]!r}{hint} (commands: {', '.join(COMMANDS)})")
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        sys.stderr.close()
        return EXIT_OK


def exit_process(code: int, argv: list[str] | None = None) -> NoReturn:
    """End ``python -m analysis``: at once for a command marked ``quick_exit`` (output
    flushed, no interpreter teardown), else through ``SystemExit`` as usual."""
    argv = sys.argv[1:] if argv is None else argv
    command = COMMANDS.get(argv[0]) if argv else None
    if command is not None and command.quick_exit:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # closed by a broken pipe
                stream.flush()
        os._exit(code)
    raise SystemExit(code)
