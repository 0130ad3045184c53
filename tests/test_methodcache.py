"""The dataclass-method cache: the methods made from it are those ``dataclasses`` compiles."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis import methodcache, regexcache


def _make() -> list[type]:
    """Dataclasses of the kinds the package declares: frozen, defaults, factories,
    keyword-only fields, ordering, slots, an InitVar and a __post_init__."""

    @dataclass(frozen=True)
    class Value:
        start: int
        end: int
        value: float
        unit: str = ""
        note: str | None = None

    @dataclass
    class Doc:
        doc_id: str
        targets: list[str] = field(default_factory=list)
        extra: dict[str, object] = field(default_factory=dict, repr=False)
        seen: dataclasses.InitVar[int] = 0

        def __post_init__(self, seen: int) -> None:
            self.targets.append(f"seen {seen}")

    @dataclass(order=True, slots=True)
    class Year:
        year: int
        kind: str = "to"

    @dataclass(kw_only=True)
    class Config:
        jobs: int | None = None
        use_cache: bool = True

    return [Value, Doc, Year, Config]


_METHODS = ("__init__", "__repr__", "__eq__", "__lt__", "__setattr__", "__hash__")


def _code(classes: list[type]) -> list[object]:
    """Each class's generated methods' code (equal code objects: same bytecode, constants,
    names and flags)."""
    return [getattr(getattr(c, m), "__code__", None) for c in classes for m in _METHODS]


def test_methods_from_the_file_equal_those_dataclasses_compiles(tmp_path: Path) -> None:
    path = tmp_path / "methods.bin"
    genuine = _make()
    with methodcache.kept(path):
        first = _make()
    data = marshal.loads(path.read_bytes())
    assert data["version"] == methodcache.VERSION
    assert len(data["entries"]) >= 10
    assert all(code == methodcache.compiled(src) for src, code in data["entries"].items())
    with methodcache.kept(path):
        second = _make()  # every method from the file now
    assert _code(genuine) == _code(first) == _code(second)
    value_cls, doc_cls, year_cls, config_cls = second
    v = value_cls(1, 4, 6.5, "张")
    assert repr(v).endswith("Value(start=1, end=4, value=6.5, unit='张', note=None)")
    assert v == value_cls(1, 4, 6.5, "张") and hash(v) == hash(value_cls(1, 4, 6.5, "张"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.unit = "%"  # type: ignore[misc]
    assert doc_cls("d1", seen=2).targets == ["seen 2"] and doc_cls("d2").targets == ["seen 0"]
    assert sorted([year_cls(2030), year_cls(2025, "deadline")])[0].year == 2025
    assert config_cls(jobs=2).use_cache is True
    with pytest.raises(TypeError):
        config_cls(2)  # type: ignore[misc]  # keyword-only, as compiled anew


def test_a_run_that_compiles_nothing_new_does_not_rewrite_the_file(tmp_path: Path) -> None:
    path = tmp_path / "methods.bin"
    with methodcache.kept(path):
        _make()
    before = path.stat().st_mtime_ns - 10**9
    os.utime(path, ns=(before, before))
    with methodcache.kept(path):
        _make()
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps({"version": "other",
                                                                         "entries": {}}),
                                     marshal.dumps({"version": methodcache.VERSION,
                                                    "entries": {"x = 1": "not code"}})])
def test_an_unreadable_or_foreign_file_is_ignored_and_replaced(tmp_path: Path,
                                                              content: bytes) -> None:
    path = tmp_path / "methods.bin"
    path.write_bytes(content)
    with methodcache.kept(path):
        made = _make()
    assert _code(made) == _code(_make())
    data = marshal.loads(path.read_bytes())
    assert data["version"] == methodcache.VERSION and "x = 1" not in data["entries"]


def test_the_file_keeps_the_latest_run_only_past_its_size(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = tmp_path / "methods.bin"
    stale = {f"x{i} = {i}": methodcache.compiled(f"x{i} = {i}") for i in range(5)}
    path.write_bytes(marshal.dumps({"version": methodcache.VERSION, "entries": stale}))
    monkeypatch.setattr(methodcache, "MAX_METHODS", 3)
    with methodcache.kept(path):
        _make()
    kept = marshal.loads(path.read_bytes())["entries"]
    assert not set(kept) & set(stale) and len(kept) >= 10


def test_dataclasses_is_as_before_outside_and_when_nested(tmp_path: Path) -> None:
    with pytest.raises(KeyError), methodcache.kept(tmp_path / "m.bin"):
        cache = dataclasses.exec  # type: ignore[attr-defined]
        with methodcache.kept(tmp_path / "other.bin"):  # nested: the outer one serves
            assert dataclasses.exec is cache  # type: ignore[attr-defined]
        raise KeyError("a failing import")
    assert not hasattr(dataclasses, "exec")
    assert not (tmp_path / "other.bin").exists()


def test_off_with_the_pattern_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(regexcache.ENV, "")
    assert methodcache.cache_path() is None
    with methodcache.kept():
        assert not hasattr(dataclasses, "exec")
    monkeypatch.setenv(regexcache.ENV, str(tmp_path / "patterns.bin"))
    assert methodcache.cache_path() == tmp_path / f"methods-{sys.implementation.cache_tag}.bin"


def test_the_package_s_dataclasses_are_made_alike_from_the_file(tmp_path: Path) -> None:
    """Every dataclass of the package, made with its methods from the file, has the methods
    of the same class made by dataclasses alone (in another interpreter)."""
    path = tmp_path / "methods.bin"
    script = """
import dataclasses, importlib, marshal, pkgutil, sys
from pathlib import Path
import analysis
from analysis import methodcache
ctx = methodcache.kept(Path(sys.argv[1])) if sys.argv[2] == "kept" else None
if ctx: ctx.__enter__()
modules = [importlib.import_module(m.name)
           for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
           if m.name != "analysis.__main__"]
if ctx: ctx.__exit__(None, None, None)
out = {}
for m in modules:
    for c in vars(m).values():
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == m.__name__:
            for name, fn in sorted(vars(c).items()):
                code = getattr(fn, "__code__", None)
                if code is not None and code.co_filename == "<string>":
                    out[f"{c.__qualname__}.{name}"] = code
sys.stdout.buffer.write(marshal.dumps(out))
"""

    def run(mode: str) -> dict[str, object]:
        proc = subprocess.run([sys.executable, "-c", script, str(path), mode],
                              capture_output=True, check=True)
        return marshal.loads(proc.stdout)

    alone = run("alone")
    first, second = run("kept"), run("kept")  # the second from the file
    assert len(alone) > 200  # (~85 dataclasses, their generated methods)
    assert alone == first == second


def test_the_command_line_keeps_its_dataclasses_methods(tmp_path: Path) -> None:
    env = {**os.environ, regexcache.ENV: str(tmp_path / "patterns.bin")}
    subprocess.run([sys.executable, "-m", "analysis", "build", "--help"], env=env,
                   capture_output=True, check=True)
    methods = tmp_path / f"methods-{sys.implementation.cache_tag}.bin"
    assert len(marshal.loads(methods.read_bytes())["entries"]) > 200
