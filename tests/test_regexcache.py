"""The compiled-pattern cache: the patterns it gives are those ``re`` compiles, always."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import regexcache

# patterns of the kinds the extraction uses: CJK classes, named groups, look-behinds, flags
SAMPLES: list[tuple[str | bytes, int]] = [
    (r"[\u4e00-\u9fff]{2,8}?(?:县|旗)", 0),
    (r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>张|人|%)", 0),
    (r"(?<![按依根对])(?<!按照|依照)(?P<place>[\u4e00-\u9fff]{2,5}?[市县区])", 0),
    (r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", re.MULTILINE),
    (r"total|sum", re.IGNORECASE),
    (r"\bbeds?\b", re.ASCII | re.IGNORECASE),
    (rb"[\x80-\xff]+", 0),
    (r"(a)(b)?(?P<c>c)", re.VERBOSE),
]


def _compile_all(path: Path) -> list[re.Pattern]:
    re.purge()  # or re's own cache would answer without compiling
    with regexcache.kept(path):
        return [re.compile(p, f) for p, f in SAMPLES]


def _genuine() -> list[re.Pattern]:
    re.purge()
    return [re.compile(p, f) for p, f in SAMPLES]


def test_saved_patterns_equal_those_re_compiles(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    first = _compile_all(path)
    assert path.exists()
    data = marshal.loads(path.read_bytes())
    assert data["version"] == regexcache.VERSION
    assert set(data["entries"]) == {(p, f) for p, f in SAMPLES}
    second = _compile_all(path)  # every one from the file now
    assert first == second == _genuine()  # equal patterns: same text, flags and code
    match = second[1].search("床位数达到6.5张")
    assert match is not None and match.group("value", "unit") == ("6.5", "张")
    assert second[2].groupindex == {"place": 1}


def test_a_run_that_compiles_nothing_new_does_not_rewrite_the_file(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    _compile_all(path)
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    _compile_all(path)
    assert path.stat().st_mtime_ns == before - 10**9


@pytest.mark.parametrize("content", [b"", b"not marshal data \x00\xff", marshal.dumps([1, 2]),
                                     marshal.dumps({"version": "another python",
                                                    "entries": {}})])
def test_an_unreadable_or_foreign_file_is_ignored_and_replaced(tmp_path: Path,
                                                               content: bytes) -> None:
    path = tmp_path / "patterns.bin"
    path.write_bytes(content)
    assert _compile_all(path) == _genuine()
    assert marshal.loads(path.read_bytes())["version"] == regexcache.VERSION


def test_code_the_engine_refuses_is_compiled_anew(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    _compile_all(path)
    data = marshal.loads(path.read_bytes())
    for key, (flags, _code, groups, index, names) in data["entries"].items():
        data["entries"][key] = (flags, b"\xff\xff\xff\x7f" * 4, groups, index, names)
    path.write_bytes(marshal.dumps(data))
    assert _compile_all(path) == _genuine()
    assert _compile_all(path) == _genuine()  # and the file was mended


def test_a_form_that_does_not_give_the_pattern_back_is_not_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where this Python compiles otherwise than the cache reads it (another version of
    ``re``), nothing is saved and every pattern is re's own."""
    wrong = regexcache._entry("x", 0)
    monkeypatch.setattr(regexcache, "_entry", lambda pattern, flags: wrong)
    path = tmp_path / "patterns.bin"
    assert _compile_all(path) == _genuine()
    assert not path.exists()


def test_a_bad_pattern_raises_as_re_does(tmp_path: Path) -> None:
    re.purge()
    with pytest.raises(re.error, match="unterminated character set"), \
            regexcache.kept(tmp_path / "patterns.bin"):
        re.compile(r"[\u4e00-")


def test_the_file_keeps_the_latest_run_only_past_its_size(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = tmp_path / "patterns.bin"
    monkeypatch.setattr(regexcache, "MAX_PATTERNS", 3)
    re.purge()
    with regexcache.kept(path):
        for i in range(3):
            re.compile(f"old{i}")
    re.purge()
    with regexcache.kept(path):
        re.compile("old0")
        re.compile("new")
    assert set(marshal.loads(path.read_bytes())["entries"]) == {("old0", 0), ("new", 0)}


def test_re_is_as_before_outside(tmp_path: Path) -> None:
    original = re._compiler.compile  # type: ignore[attr-defined]
    with pytest.raises(KeyError), regexcache.kept(tmp_path / "p.bin"):
        assert re._compiler.compile is not original  # type: ignore[attr-defined]
        raise KeyError("a failing import")
    assert re._compiler.compile is original  # type: ignore[attr-defined]


def test_set_empty_the_cache_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(regexcache.ENV, "")
    assert regexcache.cache_path() is None
    monkeypatch.setenv(regexcache.ENV, str(tmp_path / "x.bin"))
    assert regexcache.cache_path() == tmp_path / "x.bin"
    monkeypatch.delenv(regexcache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert regexcache.cache_path().parent == tmp_path / "health-targets"  # type: ignore[union-attr]


# Run in a fresh interpreter: every module of the package imported inside the cache, twice
# (the second time each pattern comes from the file), then each compiled module-level
# pattern compared with one compiled by re alone.
_CHECK = """
import importlib, pkgutil, re, sys
from pathlib import Path
import analysis
from analysis import regexcache
with regexcache.kept(Path(sys.argv[1])):
    modules = [importlib.import_module(m.name)
               for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
               if m.name != "analysis.__main__"]  # (that one runs the command line)
found = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
re.purge()
differ = [p.pattern for p in found if p != re.compile(p.pattern, p.flags)]
print(len(found), len(differ))
"""


def test_every_pattern_of_the_package_is_as_re_compiles_it(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    runs = [subprocess.run([sys.executable, "-c", _CHECK, str(path)], capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    found, differ = map(int, runs[1])
    assert found > 400 and differ == 0
    assert runs[0] == runs[1]
    assert len(marshal.loads(path.read_bytes())["entries"]) > 400


def test_the_command_line_keeps_its_patterns(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    env = {**os.environ, regexcache.ENV: str(path)}
    subprocess.run([sys.executable, "-m", "analysis", "build", "--help"], env=env,
                   capture_output=True, check=True)
    assert len(marshal.loads(path.read_bytes())["entries"]) > 400


def test_patterns_a_command_compiles_as_it_runs_are_kept_too(tmp_path: Path) -> None:
    """A codebook alias's pattern compiles on its first use, during the build: the command
    line keeps it like those compiled at import (the next build takes it from the file)."""
    from analysis import paths
    from analysis.extract.codebook import Codebook

    path = tmp_path / "patterns.bin"
    env = {**os.environ, regexcache.ENV: str(path)}
    subprocess.run([sys.executable, "-m", "analysis", "build", "--db",
                    str(tmp_path / "s.duckdb"), "--no-cache"], env=env, capture_output=True,
                   check=True)
    kept = {pattern for pattern, _ in marshal.loads(path.read_bytes())["entries"]}
    aliases = {a.source for ind in Codebook.load(paths.CODEBOOK).indicators
               for a in ind.aliases}
    assert len(kept & aliases) >= 10


_TEXTS = """
import importlib, pkgutil, re
import analysis
modules = [importlib.import_module(m.name)
           for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
           if m.name != "analysis.__main__"]
from analysis.ingest import documents
found = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
found.append(documents._place_names(()))
print(len(found))
for p in sorted(repr(p.pattern) for p in found):
    print(p)
"""


def test_the_package_s_patterns_are_the_same_text_in_every_process() -> None:
    """A pattern built from a set (brackets, place names) in the set's order would be a new
    text in each process (the hash seed orders sets): the cache would never know it, and
    compile it and rewrite its file at every run."""
    texts = [subprocess.run([sys.executable, "-c", _TEXTS], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
             for seed in ("1", "2", "3")]
    assert int(texts[0].split("\n", 1)[0]) > 400
    assert texts[0] == texts[1] == texts[2]
