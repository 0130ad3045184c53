"""A file of compiled things kept between runs of the command line, as Python keeps compiled
modules: the patterns ``re`` compiles (:mod:`analysis.regexcache`) and the methods
``dataclasses`` writes (:mod:`analysis.methodcache`).

The file holds one ``marshal``-ed dict, ``{"version": ..., "entries": {key: value}}``; a file
of another version (another Python), or one that cannot be read, is taken as empty.  It is
rewritten only by a run that added an entry, and past ``limit`` entries it keeps only those
that run used (the entries of older versions of the code go).
"""

from __future__ import annotations

import contextlib
import marshal
from pathlib import Path
from typing import Any

from analysis.files import write_atomic


class Entries:
    """The saved entries of one cache file, which of them this run used, and whether it
    added any (``add``)."""

    def __init__(self, path: Path, version: str, limit: int) -> None:
        self.path = path
        self.version = version
        self.limit = limit
        self.entries: dict[Any, Any] = self._read()
        self.used: set[Any] = set()
        self.changed = False

    def _read(self) -> dict[Any, Any]:
        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def add(self, key: Any, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        """Write the file when this run added an entry (else it is as it was)."""
        if not self.changed:
            return
        entries = self.entries
        if len(entries) > self.limit:
            entries = {k: v for k, v in entries.items() if k in self.used}
        with contextlib.suppress(OSError, ValueError):
            write_atomic(self.path, marshal.dumps({"version": self.version, "entries": entries}),
                         durable=False)  # (a torn file is read as none)
        self.changed = False
