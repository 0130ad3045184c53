"""The fast paths give what the plain ones gave (issue 15): segmenting, value overlap,
target rows, the build on seeds and on a synthetic corpus, and a CLI that lists its
commands without importing them."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.build import BuildConfig, _target_row, build
from analysis.cli import COMMANDS, main
from analysis.extract import numbers, segment
from analysis.extract.rules import extract_document
from analysis.ingest.textnorm import normalize
from analysis.store.schema import connect

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "data" / "raw" / "policies"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

_ALPHABET = list('ab1 \n"()[]（）“”《》〔〕「」『』‘’。！？，；：:.')


def _texts() -> list[str]:
    """The seeds (raw and normalised) and random bracket-and-stop soup."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out += [raw, normalize(raw).text]
    rng = random.Random(15)
    out += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 120)))
            for _ in range(1500)]
    return out


# --- reference implementations: the per-character loops the fast code replaced -------

def _ref_bracket_pairs(text: str) -> dict[int, int]:
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    quote: int | None = None
    oc = segment._OPEN_CLOSE
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            quote = None
        elif ch == '"':
            if quote is None:
                quote = i
            else:
                if i - quote <= segment._MAX_BRACKET:
                    pairs[quote] = i
                quote = None
        elif ch in oc:
            stack.append((ch, i))
        elif stack and ch == oc[stack[-1][0]]:
            _, j = stack.pop()
            if i - j <= segment._MAX_BRACKET:
                pairs[j] = i
        elif ch in oc.values():
            for k in range(len(stack) - 1, -1, -1):
                if oc[stack[k][0]] == ch:
                    _, j = stack[k]
                    del stack[k:]
                    if i - j <= segment._MAX_BRACKET:
                        pairs[j] = i
                    break
    return pairs


def _ref_depths(text: str, pairs: dict[int, int]) -> tuple[list[int], list[int]]:
    """Depth of each position: how many pairs enclose it (after the open, before the close)."""
    depth, qdepth = [0] * (len(text) + 1), [0] * (len(text) + 1)
    for o, c in pairs.items():
        target = qdepth if text[o] in ("“", "‘", "「", "『", '"', "《") else depth
        for i in range(o + 1, c):
            target[i] += 1
    return depth, qdepth


def _ref_sentences(text: str, depth: list[int]) -> list[tuple[int, int]]:
    spans, start, n = [], 0, len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            if i > start:
                spans.append((start, i))
            start = i + 1
        elif ch in "。!?！？" and depth[i] == 0:
            j = i + 1
            while j < n and text[j] in "”’」』)":
                j += 1
            spans.append((start, j))
            start = j
    if start < n:
        spans.append((start, n))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _ref_clauses(text: str, start: int, end: int, depth: list[int]) -> list[tuple[int, int]]:
    spans, s = [], start
    for i in range(start, end):
        if text[i] == " " and depth[i] == 0 and 0 < i < end - 1 and text[i - 1] in "%‰张人" \
                and "\u4e00" <= text[i + 1] <= "\u9fff":
            spans.append((s, i))  # a value, a space, words: two parts ("91.6% 今年力争…")
            s = i + 1
            continue
        if text[i] in ",;:，；：" and depth[i] == 0:
            if text[i] == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() \
                    and text[i + 1].isdigit():
                continue
            if i > s:
                spans.append((s, i))
            s = i + 1
    if s < end:
        spans.append((s, end))
    return spans


def test_segmenting_equals_the_per_character_loops():
    for text in _texts():
        pairs = segment.bracket_pairs(text)
        assert pairs == _ref_bracket_pairs(text), text
        depth, qdepth = segment.enclosure(text, pairs)
        assert (depth, qdepth) == _ref_depths(text, pairs), text
        assert len(depth) == len(qdepth) == len(text) + 1
        sentences = segment.split_sentences(text, depth)
        assert sentences == _ref_sentences(text, depth), text
        for s, e in sentences:
            assert segment.split_clauses(text, s, e, depth) == _ref_clauses(text, s, e, depth)


def test_segmenting_a_known_sentence():
    # segmenting works on normalised text, where （，； are folded to (,;
    text = normalize("到2025年（含中医医院，下同。见附件），床位达到7张。医护比1:1.2；好“。”\n尾").text
    depth, _ = segment.enclosure(text)
    sentences = segment.split_sentences(text, depth)
    assert [text[s:e] for s, e in sentences] == [
        "到2025年(含中医医院,下同。见附件),床位达到7张。", "医护比1:1.2;好“。”", "尾"]
    s, e = sentences[1]
    assert [text[a:b] for a, b in segment.split_clauses(text, s, e, depth)] == [
        "医护比1:1.2", "好“。”"]


def test_value_overlap_mask_equals_a_scan_of_the_spans():
    rng = random.Random(7)
    for _ in range(300):
        taken = numbers._Taken(60)
        spans: list[tuple[int, int]] = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randint(0, 58)
            e = rng.randint(s + 1, 60)
            taken.add(s, e)
            spans.append((s, e))
        for s in range(60):
            for e in range(s + 1, 61):
                assert taken.overlaps(s, e) == any(a < e and s < b for a, b in spans)


def test_target_rows_equal_dataclasses_asdict():
    rows = 0
    for path in sorted(SEEDS.glob("*.txt")):
        found = extract_document(path.read_text(encoding="utf-8"), 2024)
        for t in found.targets + found.statistics:
            t.extra = {"attribute": "x"} if t.value_start % 2 else t.extra
            row = _target_row(t)
            assert row == dataclasses.asdict(t)
            assert list(row) == [f.name for f in dataclasses.fields(t)]
            assert row["extra"] is not t.extra  # a copy, as asdict gives
            rows += 1
    assert rows > 50


def _tables(db: Path) -> list[list[tuple]]:
    with connect(db) as con:
        return [con.execute(f"SELECT * EXCLUDE (text_path) FROM {t} ORDER BY ALL").fetchall()
                if t == "documents" else
                con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "targets", "observations", "citations", "goals",
                          "national_actuals", "regions", "labels", "indicators",
                          "document_kinds")]


@pytest.mark.slow
def test_synthetic_corpus_same_rows_serial_parallel_and_cached(tmp_path):
    corpus = synthetic.generate(tmp_path / "docs", 6, 2)
    out = []
    for name, jobs, cache in (("serial", 1, False), ("parallel", 2, False),
                              ("cached", 2, True), ("again", 1, True)):
        db = tmp_path / name / "s.duckdb"
        cache_dir = tmp_path / "cache"
        build(BuildConfig(source=corpus.folder, db=db, manifest=None, jobs=jobs,
                          use_cache=cache, cache_dir=cache_dir))
        out.append(_tables(db))
        texts = sorted(p.name for p in (db.parent / "text").iterdir())
        assert texts == sorted(p.stem + ".txt" for p in corpus.files)
    assert out[0] == out[1] == out[2] == out[3]
    assert len(out[0][0]) == 12 and len(out[0][1]) > 100


def test_help_lists_every_command_without_importing_them():
    code = ("import sys\nfrom analysis.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'duckdb', 'openpyxl')"
            " if m in sys.modules]\nprint('HEAVY', heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "HEAVY []" in proc.stdout
    for name, cmd in COMMANDS.items():
        assert name in proc.stdout
        assert cmd.help.split()[0] in proc.stdout


def test_command_table_matches_what_each_module_registers():
    for name, cmd in COMMANDS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        getattr(importlib.import_module(cmd.module), cmd.register)(sub)
        helps = {a.dest: a.help for a in sub._choices_actions}
        assert helps[name] == cmd.help, name


def test_mistyped_command_names_the_closest(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["biuld"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unknown command 'biuld'; did you mean build?" in err


def test_places_found_as_one_alternation_of_every_name_would():
    """The shared region list compiled once, the document's own extra names found with
    str.find: the same names, in the same order, as one pattern of every name."""
    from analysis.extract.context import DocContext, places_of

    shared = ("马鞍山市", "鞍山市", "烟台市", "山东省", "东营市")
    rng = random.Random(11)
    words = [*shared, "东营东市", "东营东", "营东市", "新省", "，", "和", "市"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(0, 10))) for _ in range(400)]
    for regions in (shared, ()):
        for region in ("东营东市", "营东市", "马鞍山市", None):
            for province in ("山东省", "新省", None):
                ctx = DocContext(region=region, province=province, regions=regions)
                places = places_of(ctx)
                names = sorted({*regions, region or "", province or ""} - {""}, key=len,
                               reverse=True)
                names = [n for n in names if len(n) >= 2]
                if not names:
                    assert places is None
                    continue
                one = re.compile("|".join(re.escape(n) for n in names))
                for text in texts:
                    found = list(places.named(text))
                    assert [n for n, _ in found] == one.findall(text), (region, text)
                    assert all(text[k:k + len(n)] == n for n, k in found)
                    assert places.other_in(text) == any(
                        m not in places.own for m in one.findall(text))


def test_views_take_stored_region_names_without_resolving_every_spelling(seed_store):
    """A region passed exactly as stored is used as is (the fast path); a short or
    mistyped name still goes through names.resolve, with the same result."""
    from analysis.compare import views as compare
    from analysis.compare.names import UnknownName

    with connect(seed_store) as con:
        present = compare._relations(con)
        assert compare._stored_regions(con, ["东营市"], present)
        assert not compare._stored_regions(con, ["东营"], present)  # a short form: resolved
        assert not compare._stored_regions(con, ["Dongying"], present)  # cased: resolved
        exact = compare.city_targets(con, regions=["东营市", "东营市"])
        short = compare.city_targets(con, regions=["东营"])
        assert len(exact) > 0 and exact.equals(short)
        assert set(exact["region"]) == {"东营市"}
        with pytest.raises(UnknownName, match="东营市"):
            compare.city_targets(con, regions=["东营失"])


@pytest.mark.slow
def test_incremental_build_equals_a_full_build_citations_included(tmp_path):
    """Kept documents take their cited 文号 from the previous store: the same rows as
    reading every text again."""
    corpus = synthetic.generate(tmp_path / "docs", 8, 2)
    db = tmp_path / "inc" / "s.duckdb"
    cache = tmp_path / "cache"
    build(BuildConfig(source=corpus.folder, db=db, manifest=None, cache_dir=cache))
    victim = corpus.files[5]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n到2025年，每千人口床位数达到7.9张。\n",
                      encoding="utf-8")
    report = build(BuildConfig(source=corpus.folder, db=db, manifest=None, cache_dir=cache))
    assert report.extracted == 1 and report.cached == 15
    full = tmp_path / "full" / "s.duckdb"
    build(BuildConfig(source=corpus.folder, db=full, manifest=None, use_cache=False))
    assert _tables(db) == _tables(full)
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM citations").fetchone()[0] > 0


def test_incremental_build_keeps_a_provincial_plans_goals(tmp_path):
    """A kept provincial plan's targets are the province's goals in an incremental build
    too (read with the previous store's documents): every table as a full build's."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_province.txt").write_text(
        "山东省人民政府办公厅关于印发山东省医疗卫生服务体系建设实施方案的通知\n"
        "到2025年，全省每千人口医疗卫生机构床位数达到7.5张，医护比达到1:1.25。\n"
        "2023年3月1日\n", encoding="utf-8")
    for name, city, beds in (("b", "济南市", 7.2), ("c", "青岛市", 7.9)):
        (src / f"{name}.txt").write_text(
            f"{city}人民政府办公室\n到2025年，每千人口医疗卫生机构床位数达到{beds}张，"
            "医护比达到1:1.2。\n2024年5月1日\n", encoding="utf-8")
    cfg = BuildConfig(source=src, db=tmp_path / "inc" / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    _edit(src / "b.txt", "到2025年，每千人口执业（助理）医师数达到3.6人。")
    report = build(cfg)
    assert (report.extracted, report.cached) == (1, 2)
    full = tmp_path / "full" / "s.duckdb"
    build(BuildConfig(source=src, db=full, manifest=None, use_cache=False))
    assert _tables(cfg.db) == _tables(full)
    with connect(cfg.db) as con:
        assert con.execute("SELECT level FROM documents WHERE doc_id = 'a_province'"
                           ).fetchone() == ("provincial",)
        goals = con.execute("SELECT scope, indicator_id, value FROM goals "
                            "WHERE origin <> 'reference_file' ORDER BY ALL").fetchall()
        assert ("山东省", "beds_per_1000", 7.5) in goals, goals
        vs = con.execute("SELECT * FROM city_vs_goals ORDER BY ALL").fetchall()
    with connect(full) as con:
        assert con.execute("SELECT * FROM city_vs_goals ORDER BY ALL").fetchall() == vs


_STORED = ("city_targets", "city_vs_goals", "coverage", "ambition_index", "goal_status",
           "provincial_templates", "peer_comparison", "goal_summary", "province_summary")


def _views(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {v: con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall() for v in _STORED}


def _edit(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def _spy_on_stored_views(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """``{stored view: the rows an update replaced (None: all of them)}``, filled as the
    builds of the test write the stored views."""
    from analysis.compare import views

    stored = views._store
    rows: dict[str, object] = {}

    def spy(con, temp, table, sql, scoped):
        rows[table.split(".")[-1]] = scoped
        return stored(con, temp, table, sql, scoped)

    monkeypatch.setattr(views, "_store", spy)
    return rows


def test_incremental_stored_views_equal_a_full_build(tmp_path, monkeypatch):
    """An incremental build recomputes only the changed cities' (and provinces') rows of
    the stored comparison tables: a changed number, a new indicator (a row for every
    city in coverage), a removed plan (a city and maybe a province gone) and a changed
    document-kinds table each give the rows of a full build."""

    corpus = synthetic.generate(tmp_path / "docs", 8, 2)
    raw = tmp_path / "raw"
    raw.mkdir()
    kinds = (ROOT / "data" / "raw" / "document_kinds.csv").read_text(encoding="utf-8")
    (raw / "document_kinds.csv").write_text(kinds, encoding="utf-8")
    inc = BuildConfig(source=corpus.folder, db=tmp_path / "inc" / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache", raw_dir=raw)
    build(inc)
    updated = _spy_on_stored_views(monkeypatch)
    steps = [
        lambda: _edit(corpus.files[5], "到2025年，每千人口床位数达到9.9张。"),
        lambda: _edit(corpus.files[2], "到2025年，全市人均预期寿命达到80.5岁。"),
        lambda: [corpus.files[i].unlink() for i in (8, 9)],  # a city's two plans
        lambda: (raw / "document_kinds.csv").write_text(
            kinds.replace("医疗卫生服务体系,,*,", "医疗卫生服务体系,,hospitals,"),
            encoding="utf-8"),
    ]
    for n, step in enumerate(steps):
        step()
        updated.clear()
        report = build(inc)
        assert report.extracted == (n < 2)
        rows = dict(updated)
        full = BuildConfig(source=corpus.folder, db=tmp_path / f"full{n}" / "s.duckdb",
                           manifest=None, use_cache=False, raw_dir=raw)
        build(full)
        assert _views(inc.db) == _views(full.db), n
        # the tables an update keeps as they were (same fingerprint) equal those made anew
        assert _tables(inc.db) == _tables(full.db), n
        if n == 0:  # the one city's rows only
            assert rows["city_vs_goals"] is not None and rows["coverage"] is not None
            assert rows["provincial_templates"] is not None
        if n == 1:  # a new indicator: coverage whole, the other tables by city
            assert rows["coverage"] is None and rows["goal_status"] is not None
        if n == 3:  # the kinds changed: everything recomputed
            assert rows["goal_status"] is None
    with connect(inc.db) as con:
        assert con.execute("SELECT count(*) FROM coverage WHERE indicator_id = "
                           "'life_expectancy'").fetchone()[0] == 7  # every city left


_INTERNAL = ("city_targets", "city_vs_goals_core", "city_vs_goals", "coverage", "goal_status",
             "ambition_index", "provincial_templates", "peer_positions", "peer_groups",
             "province_groups")


def _internal(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {t: con.execute(f"SELECT * FROM internal.{t} ORDER BY ALL").fetchall()
                for t in _INTERNAL}


def _assert_as_a_full_build(db: Path, source: Path, folder: Path, label: object) -> None:
    """Every table, internal table and stored view of ``db`` (built incrementally) equals
    those of a full build of ``source`` made in ``folder``."""
    full = folder / "s.duckdb"
    build(BuildConfig(source=source, db=full, manifest=None, use_cache=False))
    assert _tables(db) == _tables(full), label
    assert _internal(db) == _internal(full), label
    assert _views(db) == _views(full), label


def _positions(db: Path, region: str) -> dict[str, tuple]:
    """The other cities' peer positions of beds per 1,000 in 2025, by region."""
    with connect(db) as con:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT t.region, p._peer_pos, p._province_pos FROM internal.city_targets t "
            "JOIN internal.peer_positions p USING (target_id) WHERE t.indicator_id = "
            "'beds_per_1000' AND t.target_year = 2025 AND t.region <> ?", [region]).fetchall()}


def test_incremental_update_of_peers_provinces_and_unchanged_cities(tmp_path, monkeypatch):
    """The scoped update against a full build: a number no comparison reads (nothing is
    computed again), a new city whose value moves other cities' peer positions,
    the same city moved to another province, and its plan removed."""

    corpus = synthetic.generate(tmp_path / "docs", 8, 2)
    inc = BuildConfig(source=corpus.folder, db=tmp_path / "inc" / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache")
    build(inc)
    with connect(inc.db) as con:
        city = con.execute("SELECT region FROM documents WHERE file_name = ?",
                           [corpus.files[0].name]).fetchone()[0]
    text = corpus.files[0].read_text(encoding="utf-8")
    new_city = corpus.folder / "zz_new_city.txt"
    plan = (text.replace(city, "测试新市").replace(city.rstrip("市"), "测试新")
            + "\n根据山东省要求，山东省、山东省各地到2025年，每千人口床位数达到2.5张。\n")
    rows = _spy_on_stored_views(monkeypatch)
    steps = [
        lambda: _edit(corpus.files[3], "到2025年，全市公园绿地达到12处。"),
        lambda: new_city.write_text(plan, encoding="utf-8"),
        lambda: new_city.write_text(plan.replace("山东省", "河南省"), encoding="utf-8"),
        lambda: new_city.unlink(),
    ]
    for n, step in enumerate(steps):
        before = _internal(inc.db)
        positions = _positions(inc.db, "测试新市")
        step()
        rows.clear()
        assert build(inc).extracted == (n < 3)
        scoped = dict(rows)  # (the full build below stores everything whole)
        _assert_as_a_full_build(inc.db, corpus.folder, tmp_path / f"full{n}", n)
        with connect(inc.db) as con:
            province = con.execute("SELECT province FROM cities WHERE region = '测试新市'"
                                   ).fetchone()
        if n == 0:  # the same cities' inputs: no stored row computed again
            assert _internal(inc.db) == before
            assert scoped["city_vs_goals"].empty and scoped["provincial_templates"].empty
        if n == 1:  # the cities with a higher value moved one place
            moved = [r for r, p in _positions(inc.db, "测试新市").items() if p != positions[r]]
            assert moved
            assert province == ("山东省",)
        if n == 2:
            assert province == ("河南省",)
        if n == 3:
            assert province is None


_STATEMENTS = ("到2025年，每千人口床位数达到{v}张。", "到2025年，医护比达到1:{v}。",
               "到2025年，每万人口全科医生数达到{v}人。", "到2030年，每千人口床位数达到{v}张。")
_PROVINCE_PLAN = ("河北省人民政府办公厅关于印发河北省医疗卫生服务体系规划的通知\n"
                  "到2025年，全省每千人口医疗卫生机构床位数达到{v}张，医护比达到1:1.2。\n"
                  "2023年3月1日\n")
_BULLETIN = ("{city}2023年卫生健康事业发展统计公报\n发布时间：2024-05-20\n"
             "2023年末，全市每千人口医疗卫生机构床位数{v}张，每千人口执业(助理)医师3.3人。\n")
_STEPS = ("rewrite", "append", "new_city", "move", "remove", "restore", "date", "title",
          "no_region", "province", "bulletin", "same_bytes", "rename")


def _random_step(rng: random.Random, folder: Path, gone: dict[Path, str],
                 regions: dict[str, str]) -> str:
    """One random change to a corpus: a picked value rewritten, a statement added, a plan
    removed or brought back, copied for a new city or moved to another, its date or title
    changed, copied without its city, renamed or copied byte for byte; a provincial plan's
    goal or a city's bulletin added or changed."""
    files = sorted(folder.glob("*.txt"))
    kind = rng.choice([k for k in _STEPS if (k != "remove" or len(files) > 6)
                       and (k != "restore" or gone)])
    f = rng.choice([f for f in files if f.name in regions])
    text = f.read_text(encoding="utf-8")
    value = f"{rng.uniform(0.5, 12):.2f}"
    date = re.search(r"20\d\d年\d{1,2}月\d{1,2}日", text)
    changed: dict[str, str] = {}  # file name -> new text
    if kind == "rewrite":  # the first value of the plan: often the one its city's row picks
        m = re.search(r"(达到)(\d+(?:\.\d+)?)", text)
        if m:
            changed[f.name] = text[:m.start(2)] + value + text[m.end(2):]
    elif kind == "append":
        changed[f.name] = text + f"\n{rng.choice(_STATEMENTS).format(v=value)}\n"
    elif kind == "remove":
        gone[f] = text
        f.unlink()
    elif kind == "restore":
        back = rng.choice(sorted(gone))
        changed[back.name] = gone.pop(back)
    elif kind in ("new_city", "move"):  # a new city, or another of the corpus, takes it
        city = regions[f.name]
        other = (f"测{'甲乙丙丁戊己庚辛壬癸'[len(files) % 10]}{'东西南北中'[len(files) // 10 % 5]}市"
                 if kind == "new_city"
                 else rng.choice(sorted(set(regions.values()) - {city})))
        changed[f"zz_{kind}_{len(files)}.txt"] = (
            text.replace(city, other).replace(city.rstrip("市"), other.rstrip("市")))
    elif kind == "date" and date:
        changed[f.name] = (text[:date.start()] + f"{rng.choice([2022, 2023, 2024])}年"
                           f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日" + text[date.end():])
    elif kind == "title":
        changed[f.name] = text.replace("实施意见", rng.choice(["实施方案", "工作方案", "规划"]), 1)
    elif kind == "no_region":  # the plan without its first lines: its city unknown
        changed[f"zz_no_region_{len(files)}.txt"] = "\n".join(text.split("\n")[3:])
    elif kind == "province":
        changed["zz_province.txt"] = _PROVINCE_PLAN.format(v=value)
    elif kind == "bulletin":
        city = regions[f.name]
        changed[f"zz_bulletin_{city}.txt"] = _BULLETIN.format(city=city, v=value)
    elif kind == "same_bytes":
        changed[f"zz_same_{len(files)}.txt"] = text
    elif kind == "rename":
        f.rename(folder / f"zz_renamed_{f.name}")
    for name, new in changed.items():
        (folder / name).write_text(new, encoding="utf-8")
    return kind


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_changes_built_incrementally_equal_full_builds(tmp_path, seed):
    """Random sequences of changes (see _random_step): after each, the incremental build's
    every table, internal table and stored view equals a full build's."""
    rng = random.Random(seed)
    corpus = synthetic.generate(tmp_path / "docs", 8, 2)
    inc = BuildConfig(source=corpus.folder, db=tmp_path / "inc" / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache")
    build(inc)
    gone: dict[Path, str] = {}
    done = []
    for n in range(6):
        with connect(inc.db) as con:
            regions = dict(con.execute("SELECT file_name, region FROM documents "
                                       "WHERE region IS NOT NULL").fetchall())
        done.append(_random_step(rng, corpus.folder, gone, regions))
        build(inc)
        _assert_as_a_full_build(inc.db, corpus.folder, tmp_path / f"full{n}", done)


def test_doc_numbers_equal_the_plain_regex():
    """文号 found from each bracketed year back are the plain regex's matches, on the seeds
    and on random text made of the characters a 文号 is made of."""
    from analysis.ingest.kinds import _DOC_NUMBER, doc_numbers

    rng = random.Random(15)
    pieces = ["国", "办", "发", "鲁", "政", "字", "东", "〔", "〕", "(", ")", "（", "）", "[", "]",
              "2023", "2024", "12", "3", "号", " ", "\n", "\u3000", "a", "，", "《", "》",
              "〔2023〕", "(2024)", "12号", " 〔 2022 〕 7 号", "鲁政办字", "国办发"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
              for _ in range(3000)]
    found = 0
    for text in texts:
        plain = [(m.span(), m.groups()) for m in _DOC_NUMBER.finditer(text)]
        assert [(m.span(), m.groups()) for m in doc_numbers(text)] == plain, text
        found += len(plain)
    assert found > 500


def test_value_and_year_patterns_equal_them_without_the_leading_lookahead():
    """numbers._leading puts a lookahead for the first character in front of a pattern, so
    the engine skips to candidates: the matches are those of the pattern without it."""
    lead = re.compile(r"^\(\?=(\\d|\[[^\]]*\])\)")
    patterns = [p for p in vars(numbers).values()
                if isinstance(p, re.Pattern) and lead.match(p.pattern)]
    assert {numbers._ARABIC_RE, numbers._CN_RE, numbers._YEAR_EXPR_RE} <= set(patterns)
    rng = random.Random(15)
    pieces = ["1", "2", "20", "2025", ".", "5", ":", "-", "~", "至", "到", "年", "底", "前", "张",
              "人", "%", "万", "一", "二", "十", "百", "点", "五", "成", "第", "每", "“", "”",
              "十四五", "末", " ", "，", "。", "率", "达到"]
    texts = _texts() + [normalize(p.read_text(encoding="utf-8")).text
                        for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 50)))
              for _ in range(2000)]
    found = 0
    for p in patterns:
        plain = re.compile(lead.sub("", p.pattern), p.flags)
        for text in texts:
            expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in p.finditer(text)] == expected, (p, text)
            found += len(expected)
    assert found > 5000


def test_commitment_words_found_at_their_first_characters_as_everywhere():
    """The commitment words are searched for only where 均, 全, 一, 都, 所 or 覆 stands
    (scan.Leading): the matches are the pattern's own, tried at every position, on the
    seeds and on random soups of their pieces, whole texts and slices."""
    from analysis.extract import words
    from analysis.extract.scan import Leading

    assert isinstance(words._WORDS_RE, Leading)
    plain = words._WORDS_RE.pattern
    rng = random.Random(15)
    pieces = ["均", "平均", "全部", "都", "首都", "一律", "一", "所有", "乡镇", "已", "建成",
              "设置", "全覆盖", "覆盖", "县", "力争", "2025年", "底前", "基本", "要", "，", "。",
              "医院", "达到", "\n"]
    texts = _texts() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
                        for _ in range(3000)]
    found = 0
    for text in texts:
        expected = [(m.span(), m.group(0)) for m in plain.finditer(text)]
        assert [(m.span(), m.group(0)) for m in words._WORDS_RE.finditer(text)] == expected
        found += len(expected)
        a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
        assert [m.span() for m in words._WORDS_RE.finditer(text, a, b)] == \
            [m.span() for m in plain.finditer(text, a, b)]
        first, want = words._WORDS_RE.search(text, a, b), plain.search(text, a, b)
        assert (first and first.span()) == (want and want.span())
    assert found > 2000


def test_each_document_is_normalised_once_and_the_title_is_the_same(tmp_path, monkeypatch):
    """The build normalises a document once, for its title and its extraction alike; the
    title read from the whole normalised text equals the one read from a normalised head."""
    from analysis import build as build_module
    from analysis.ingest import documents, textnorm

    calls: list[int] = []

    def counting(raw: str) -> textnorm.NormText:
        calls.append(len(raw))
        return textnorm.normalize(raw)

    for module in (build_module, documents):
        monkeypatch.setattr(module, "normalize", counting)
    monkeypatch.setattr("analysis.extract.document.normalize", counting)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    job = build_module._Job(seed, {}, {}, None)
    result = build_module.process_file(job)
    assert result.ok and result.targets
    assert calls == [len(result.text)]
    assert result.meta["title"] == documents.infer_title(result.text)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = documents.infer_title(text)
        assert title and documents.infer_title(text, normalize(text)) == title


def test_codebook_prefilter_finds_every_phrase_an_alias_would():
    """An indicator's one search for its aliases' longest literals passes every phrase that
    one of its aliases matches (it may pass more: the aliases are tried then), so the
    matching gives what trying every alias gave, on phrases built from the aliases' own
    pieces, other indicators' pieces and filler."""
    from analysis import paths
    from analysis.extract.codebook import GAP, Codebook

    codebook = Codebook.load(paths.CODEBOOK)
    pieces = sorted({p for ind in codebook.indicators for a in ind.aliases
                     for p in a.pattern.split(GAP) if p})
    rng = random.Random(15)
    filler = ["", "的", "医疗", "，", "人口", "达到", "县域内", "（含）"]
    phrases = ["".join(rng.choice(pieces if rng.random() < 0.5 else filler)
                       for _ in range(rng.randint(1, 5))) for _ in range(3000)]
    passed = matched = 0
    for ind in codebook.indicators:
        for phrase in phrases:
            every = [a for a in ind.aliases if a.regex.search(phrase)]
            assert ind._any_alias.search(phrase) is not None or not every, (ind.id, phrase)
            passed += ind._any_alias.search(phrase) is not None
            matched += bool(every)
    assert 0 < matched <= passed < len(phrases) * len(codebook.indicators)
    # and a whole match, from the aliases' own words
    assert codebook.match("每千人口医疗卫生机构床位数", "张", 6.5).indicator_id == "beds_per_1000"
    assert codebook.match("每千人口床位数（含康复）", "张", 6.5).indicator_id == "beds_per_1000"


def test_a_build_runs_without_pandas(tmp_path):
    """pandas (with numpy's import, 0.2 s) is not loaded by a build, full or incremental,
    nor numpy: the build's tables are lists (analysis.table), which DuckDB's appender
    takes row by row."""
    db = tmp_path / "s.duckdb"
    code = ("import sys\nfrom analysis.cli import main\n"
            "for _ in range(2):\n"
            f"    assert main(['build', '--db', {str(db)!r}]) == 0\n"
            "print('PANDAS', 'pandas' in sys.modules, 'NUMPY', 'numpy' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=paths.ROOT)
    assert "PANDAS False NUMPY False" in proc.stdout
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_the_store_draft_starts_once_the_workers_are_forked(tmp_path):
    """A parallel build starts its store's draft (a thread running DuckDB) only after the
    worker processes exist: a thread running when they fork would be copied into them
    mid-work (its locks held for ever there). One process starts it at once."""
    import multiprocessing

    from analysis import build as build_module

    seeds = sorted(SEEDS.glob("*.txt"))
    for k in range(build_module.PARALLEL_MIN_FILES):
        (tmp_path / f"plan_{k}.txt").write_bytes(seeds[k % len(seeds)].read_bytes())
    jobs = [build_module._Job(p, {}, {}, None) for p in sorted(tmp_path.glob("*.txt"))]
    children: list[int] = []

    def started() -> None:
        children.append(len(multiprocessing.active_children()))

    results = list(build_module.iter_jobs(jobs, 2, started=started))
    assert [r.file_name for r in results] == [j.path.name for j in jobs]
    assert children == [2]
    children.clear()
    assert len(list(build_module.iter_jobs(jobs[:1], 2, started=started))) == 1
    assert children == [0]


_TREE = """
import multiprocessing as mp, sys, time
def hold(n):
    block = bytearray(n * 10_000_000)
    time.sleep(0.8)
    return len(block)
if __name__ == "__main__":
    own = bytearray(20_000_000)
    with mp.get_context("fork").Pool(2) as pool:
        print(sum(pool.map(hold, [3, 4])) + len(own))
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="no /proc")
def test_bench_memory_sampler_reads_the_tree_from_proc_as_psutil_does(tmp_path):
    """``make bench`` samples a command's RSS (its workers summed) from /proc: the peak of
    a process and its two workers, as psutil's walk of the process table gives it."""
    import bench

    peaks = {}
    for from_proc in (True, False):
        proc = subprocess.Popen([sys.executable, "-c", _TREE], stdout=subprocess.PIPE)
        with bench._PeakRss(proc.pid, from_proc=from_proc) as sampler:
            proc.communicate()
        peaks[from_proc] = sampler.peak
    # both see the three processes: each peak above the workers' 70 MB, and within 10 %
    assert min(peaks.values()) > 70e6
    assert abs(peaks[True] - peaks[False]) < 0.1 * peaks[False]
