"""Atomic writes (analysis.files): the whole new file or the old one, never a temp left."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from analysis import files
from analysis.files import write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_file_is_written_whole_with_its_folder_and_mode(tmp_path):
    target = tmp_path / "a" / "b" / "t.txt"
    write_atomic(target, "到2025年，床位数达到7.5张。")
    assert target.read_text(encoding="utf-8") == "到2025年，床位数达到7.5张。"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    write_atomic(target, b"\x00" * 300_000, mode=0o600)  # replaced, bytes as given
    assert target.read_bytes() == b"\x00" * 300_000
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(target.parent) == []


def test_the_mode_does_not_depend_on_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "t.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "t.txt").stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_threads_writing_one_file_each_leave_one_whole_version(tmp_path):
    target = tmp_path / "t.txt"
    versions = [str(i) * 5000 for i in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(target, v)) for v in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_text(encoding="utf-8") in versions
    assert _leftovers(tmp_path) == []
