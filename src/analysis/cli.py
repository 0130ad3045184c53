"""Command line: ``python -m analysis <command>``.

Each sub-command lives with the code it runs: ``COMMANDS`` maps its name to the
module and the function that adds its parser and sets ``func``.  Commands
print a short summary and return a meaningful exit status: 0 when everything
worked, 1 when the output was written but some inputs were skipped, 2 for a
usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis.exitcodes import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED

__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_OK", "EXIT_SKIPPED", "main"]

# name -> (module, registering function); modules are imported only when needed
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("analysis.build", "register"),
    "evaluate": ("analysis.store.evaluate", "register"),
    "compare": ("analysis.compare.views", "register"),
    "excel": ("analysis.outputs.excel", "register"),
    "export": ("analysis.outputs.export", "register"),
    "ingest": ("analysis.build", "register_ingest"),
    "figures": ("analysis.outputs.figures", "register"),
    "notebooks": ("analysis.outputs.notebooks", "register"),
    "site": ("analysis.outputs.site", "register"),
}


def _parser(names: tuple[str, ...] = tuple(COMMANDS)) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Health-system policy targets: build the store, compare, export.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name in names:
        module, function = COMMANDS[name]
        getattr(importlib.import_module(module), function)(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Each sub-command is named like its module: import only the one asked for, so
    # `build` does not pay for matplotlib or openpyxl (all of them for --help).
    wanted = tuple(n for n in COMMANDS if argv and argv[0] == n)
    args = _parser(wanted or tuple(COMMANDS)).parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        sys.stderr.close()
        return EXIT_OK
