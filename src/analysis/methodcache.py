"""The methods ``dataclasses`` writes, compiled once and kept between runs.

Python keeps a module's compiled code (``.pyc``), but not the ``__init__``, ``__repr__``,
``__eq__``, ... that ``@dataclass`` writes as source text and compiles at every import:
the ~85 dataclasses a build imports compile ~440 such texts, ~60 ms of every
``python -m analysis`` run (a quarter of the build's imports; an incremental build takes
under a second).

While :func:`kept` is active (the CLI runs a command inside it, as it does
:func:`analysis.regexcache.kept`), ``dataclasses`` finds its ``exec`` here: a text compiled
before is run from its saved code object, a new one is compiled exactly as ``exec`` would
compile it there (file name ``<string>``, no ``__future__`` flags: ``dataclasses`` has none)
and saved on the way out.  Code objects are saved with ``marshal``, the format of ``.pyc``
files, in a file keyed by the interpreter's version and bytecode magic number; an unreadable
or foreign file is ignored, so the cache can only ever make a run slower, never different
(a test compares every method made from the cache with one compiled anew).

The file lives beside the pattern cache (``regexcache.cache_path``) and is turned off with
it (``HEALTH_TARGETS_PATTERN_CACHE`` set empty).
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import importlib.util
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

from analysis import regexcache
from analysis.cachefile import Entries

VERSION = f"{sys.implementation.cache_tag}|{sys.version}|{importlib.util.MAGIC_NUMBER.hex()}"
# past this many texts (other versions of the code) the file keeps only those of the latest run
MAX_METHODS = 8192


def cache_path() -> Path | None:
    """The cache file, beside the pattern cache; None when that one is turned off."""
    patterns = regexcache.cache_path()
    if patterns is None:
        return None
    return patterns.with_name(f"methods-{sys.implementation.cache_tag}.bin")


def compiled(source: str) -> CodeType:
    """``source`` compiled as ``exec(source, ...)`` compiles it inside ``dataclasses``."""
    return compile(source, "<string>", "exec", dont_inherit=True)


class _Exec(Entries):
    """``exec`` for ``dataclasses``: a source text runs from its saved code when it has one."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, VERSION, MAX_METHODS)
        # (a value that is no code object: a damaged file, compiled anew)
        self.entries = {k: v for k, v in self.entries.items()
                        if isinstance(k, str) and isinstance(v, CodeType)}

    def __call__(self, source: object, globals: dict[str, Any] | None = None,
                 locals: Mapping[str, object] | None = None, /) -> None:
        if isinstance(source, str):
            code = self.entries.get(source)
            if code is None:
                self.add(source, code := compiled(source))  # raises as exec would
            else:
                self.used.add(source)
            source = code
        builtins.exec(source, globals, locals)  # type: ignore[arg-type]


@contextlib.contextmanager
def kept(path: Path | None = None) -> Iterator[None]:
    """Dataclasses made inside compile their methods from the cache file when it has them;
    new texts are saved to it on the way out.  ``path`` defaults to :func:`cache_path`."""
    path = cache_path() if path is None else path
    if path is None or hasattr(dataclasses, "exec"):  # (off, or already kept: nested)
        yield
        return
    cache = _Exec(path)
    dataclasses.exec = cache  # type: ignore[attr-defined]  # (a global shadows the builtin)
    try:
        yield
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
        cache.save()
