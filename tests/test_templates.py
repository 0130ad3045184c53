"""The templated sentences of the outputs (subtitles with counts, footnotes, workbook
titles) are rows of labels.csv, formatted through ``formats.template``.

Every template row formats in Chinese and English with sample values; a placeholder
without a value is an error naming the key; and no branch on the language in
``analysis/outputs`` builds Chinese text in code (scanned, with an allow-list whose
entries each say why the text cannot move).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from analysis import formats
from analysis.outputs import labels
from analysis.outputs.excel.text import sentence as book_sentence

OUTPUTS = Path(formats.__file__).parent / "outputs"
# Chinese characters and the full-width punctuation of Chinese sentences
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# (file relative to outputs/, the Chinese literal) -> why it stays in code.  Empty: every
# language branch of the outputs reads its words from labels.csv.
ALLOWED: dict[tuple[str, str], str] = {}


def _placeholders(cell: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(cell) if name}


def _templates() -> list[tuple[str, str, str, str]]:
    """(kind, key, zh, en) of every row of labels.csv with a ``{name}`` placeholder."""
    return [(kind, key, zh, en) for kind, table in formats.LABELS.items()
            for key, (zh, en) in table.items() if _placeholders(zh) | _placeholders(en)]


def test_every_template_row_formats_in_both_languages_with_sample_values():
    rows = _templates()
    assert len(rows) > 30
    for kind, key, zh, en in rows:
        # the languages may count differently (meets_early: {n} 年 / {n_words}), so the
        # values are those of both cells; each language must show every one of its own
        values = {name: f"<{name}>" for name in _placeholders(zh) | _placeholders(en)}
        for lang, cell in (("zh", zh), ("en", en)):
            out = formats.template(kind, key, lang, **values)
            assert out == cell.format(**values), (kind, key, lang)
            assert all(f"<{name}>" in out for name in _placeholders(cell)), (kind, key, lang)


def test_sentences_read_as_before():
    assert labels.sentence("corpus_subtitle", "zh", n_docs=8, n_targets=40, n_mapped=36,
                           pct="90%") == "8份文件，40条目标，其中36条（90%）对应到指标库中的指标"
    assert labels.sentence("corpus_subtitle", "en", n_docs=8, n_targets=40, n_mapped=36,
                           pct="90%") == "8 documents, 40 targets, 36 (90%) mapped to a codebook indicator"
    assert labels.sentence("gap_bar", "zh", pct="+5%", city="7.5", goal="7") \
        == "+5%（城市7.5 / 目标7）"
    assert labels.sentence("gap_bar", "en", pct="+5%", city="7.5", goal="7") \
        == "+5% (city 7.5 / goal 7)"
    assert labels.sentence("coverage_provinces_shown", "zh", top_n=15, n_provinces=20) \
        == "；显示城市最多的15/20个省份"
    assert labels.sentence("uptake_shown", "en", top_n=15, hidden=3) \
        == "; the 15 goals that apply to most cities shown (3 more)"
    assert book_sentence("more_cities", "zh", sep="、", n=17) == "、…（共17）"
    assert book_sentence("more_cities", "en", sep=", ", n=17) == ", … (17)"
    assert book_sentence("chart_block_top", "zh", k=15, n=40) == "：前15名/共40城"
    assert book_sentence("reference_goals_text", "en", n_national=12, n_provincial=3) \
        == "12 national, 3 provincial"
    # punctuation keeps its spacing: a leading space of an English parenthesis is meant
    assert formats.template("word", "paren", "en", text="2025") == " (2025)"
    assert formats.template("word", "paren", "zh", text="2025年") == "（2025年）"
    assert (formats.word("list_sep", "zh"), formats.word("list_sep", "en")) == ("、", ", ")


def test_a_missing_placeholder_value_names_the_key_and_the_placeholder():
    with pytest.raises(KeyError, match=r"chart/'gap_bar'.*\{goal\}.*\['city', 'pct'\]"):
        labels.sentence("gap_bar", "zh", pct="+5%", city="7.5")
    with pytest.raises(KeyError, match="closest"):
        labels.sentence("gap_barr", "en", pct="+5%", city="7.5", goal="7")


def _is_lang_test(node: ast.AST) -> bool:
    """``lang == "zh"`` / ``self.lang != "en"`` and the like (any name ending in lang)."""
    if not isinstance(node, ast.Compare):
        return False
    parts = [node.left, *node.comparators]
    named = any((isinstance(p, ast.Name) and p.id.endswith("lang"))
                or (isinstance(p, ast.Attribute) and p.attr.endswith("lang")) for p in parts)
    coded = any(isinstance(p, ast.Constant) and p.value in formats.LANGS for p in parts)
    return named and coded


def _chinese_in_language_branches(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each Chinese string literal inside a branch on the language."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.If, ast.IfExp)):
            continue
        if not any(_is_lang_test(n) for n in ast.walk(node.test)):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) \
                    and CHINESE.search(sub.value):
                found.append((sub.lineno, sub.value))
    return sorted(set(found))  # a literal under two nested branches is one finding


def test_the_scan_finds_chinese_built_per_language():
    src = ('def f(n, lang):\n    return f"{n}份文件" if lang == "zh" else f"{n} documents"\n'
           'def g(self):\n    if self.lang != "en":\n        return "（"\n    return " ("\n'
           'def h(lang):\n    return "目标" if lang == "zh" else "goal" if x else "（"\n')
    assert _chinese_in_language_branches(src) == [(2, "份文件"), (5, "（"), (8, "目标"),
                                                  (8, "（")]
    assert _chinese_in_language_branches('x = "城市"\ny = "a" if lang == "zh" else "b"\n') == []


def test_no_chinese_words_are_built_per_language_in_the_outputs_code():
    offenders = []
    for path in sorted(OUTPUTS.rglob("*.py")):
        rel = path.relative_to(OUTPUTS).as_posix()
        for line, literal in _chinese_in_language_branches(path.read_text("utf-8")):
            if (rel, literal) not in ALLOWED:
                offenders.append(f"{rel}:{line}: {literal!r}")
    assert offenders == [], "move these into data/raw/labels.csv:\n" + "\n".join(offenders)
    assert all(reason.strip() for reason in ALLOWED.values())
