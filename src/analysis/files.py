"""Atomic file writes: a temp file in the same folder, then a rename.

An interrupted run leaves either the old file or the new one, never half of
one: the store, the manifest, the workbook and every derived file rely on it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str, mode: int | None = None,
                 durable: bool = True) -> Path:
    """Write ``data`` (str is UTF-8 encoded) to ``path`` via a temp file and rename.

    ``mode`` sets the file's permissions (default: the usual 0o644 for a new file).
    ``durable=False`` skips the sync to disk before the rename: for a cache, whose file
    a crash may leave empty or torn, which its reader takes as missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 if mode is None else mode)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path
