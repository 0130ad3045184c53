"""Compiled regular expressions kept between runs, as Python keeps compiled modules.

Importing a command's modules compiles some 650 patterns (the extraction's, and those of
the libraries a command imports): ~0.13 s of every ``python -m analysis`` run, most of it
in ``re``'s charset optimiser, which walks in Python every character of a class such as
``[\\u4e00-\\u9fff]`` (21,000 of them, ~1 ms a class). An incremental build of one changed
plan takes about a second, so this was an eighth of it, and as much again in the one-process
build.

While :func:`kept` is active (the CLI runs a command inside it: its modules' imports and
the patterns it compiles as it goes, such as a codebook's aliases on first use), a pattern
that ``re`` compiles from its text also has its compiled form saved: the code ``re`` hands
to ``_sre``. The next run hands the saved code to ``_sre`` directly. What is saved is what this
very interpreter produced for this exact pattern text and flags; the file is keyed by the
interpreter's version and ``_sre``'s magic number, and ``_sre`` validates any code it is
given; a pattern is saved only when the saved form gives back the very pattern ``re``
compiled. On any doubt (no file, another Python, unreadable data, code ``_sre`` refuses) the
pattern is compiled as usual, so the cache can only ever make a run slower, never different:
a test compares every pattern the package compiles with ``re.compile``'s (two patterns are
equal only with the same text, flags and code).

The file lives in the user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``), outside
the project and whatever ``PYTHONDONTWRITEBYTECODE`` keeps clean;
``HEALTH_TARGETS_PATTERN_CACHE`` names another file, or, set empty, turns the cache off.
"""

from __future__ import annotations

import _sre  # the engine ``re`` compiles into: the only way to hand it saved code
import contextlib
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from re import _compiler, _parser  # (Python 3.11+: the project's floor)

from analysis.cachefile import Entries

ENV = "HEALTH_TARGETS_PATTERN_CACHE"
# the file's key: code compiled by one Python is handed only to the same Python
VERSION = f"{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
# past this many patterns (other versions of the code, other commands) the file keeps only
# those of the latest run
MAX_PATTERNS = 4096
_TYPECODE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), None)

# (pattern, flags) -> (flags, code as bytes, groups, groupindex, indexgroup): the arguments
# of ``_sre.compile`` but the pattern and the code's list
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str | bytes, int]


def cache_path() -> Path | None:
    """The cache file, or None when ``HEALTH_TARGETS_PATTERN_CACHE`` is set empty."""
    given = os.environ.get(ENV)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "health-targets" / f"patterns-{sys.implementation.cache_tag}.bin"


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for a pattern text, as it does."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), array(_TYPECODE or "I", code).tobytes(),
            parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _from_entry(pattern: str | bytes, entry: Entry) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, array(_TYPECODE or "I", code).tolist(), groups,
                        groupindex, indexgroup)


class _Cache(Entries):
    """The saved patterns, and which of them this run compiled or used."""

    def __init__(self, path: Path, fallback: Callable[..., re.Pattern]) -> None:
        super().__init__(path, VERSION, MAX_PATTERNS)
        self.fallback = fallback

    def compile(self, pattern: object, flags: int = 0) -> re.Pattern:
        """``re._compiler.compile``, from the saved code when this pattern has some."""
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return self.fallback(pattern, flags)  # a parsed pattern (re.Scanner), or debug
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = _from_entry(pattern, entry)
            except (RuntimeError, TypeError, ValueError, OverflowError):
                pass  # refused by _sre (damaged data): compiled anew below
            else:
                self.used.add(key)
                return compiled
        compiled = self.fallback(pattern, flags)  # raises re.error as ever
        with contextlib.suppress(Exception):  # an entry that cannot be made: not saved
            entry = _entry(pattern, int(flags))
            # saved only when it gives this very pattern (text, flags and code): proof that
            # this Python compiles as _entry does
            if _from_entry(pattern, entry) == compiled:
                self.add(key, entry)
        return compiled


@contextlib.contextmanager
def kept(path: Path | None = None) -> Iterator[None]:
    """Patterns compiled inside come from the cache file when it has them, and new ones are
    saved to it on the way out; ``path`` defaults to :func:`cache_path`."""
    path = cache_path() if path is None else path
    if path is None or _TYPECODE is None:
        yield
        return
    original = _compiler.compile
    cache = _Cache(path, original)
    _compiler.compile = cache.compile
    try:
        yield
    finally:
        _compiler.compile = original
        cache.save()
