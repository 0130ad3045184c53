"""The fast paths of textnorm give what the slower forms they replace give."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest import textnorm as tn

_ALPHABET = st.sampled_from(
    list("一二〇零○年月日人张医。，；：、.,:;%％（）() \n\u3000\t0123456789")
    + [chr(c) for c in range(0xFF01, 0xFF5F)] + list(tn._CHAR_MAP))


def test_fold_is_the_table_translation():
    # no folded form is itself folded again: the order of the replacements cannot matter
    assert not set(tn._FOLD_PAIRS.values()) & set(tn._FOLD_PAIRS)
    every = "".join(map(chr, tn._FOLD_TABLE)) + "床位數达到５.３張。"
    assert tn._fold(every) == every.translate(tn._FOLD_TABLE)


@given(st.text(_ALPHABET, max_size=60))
def test_fold_matches_translate(s: str):
    assert tn._fold(s) == s.translate(tn._FOLD_TABLE)


@given(st.text(_ALPHABET, max_size=40))
def test_date_line_shortcut(s: str):
    for line in (s, s + "2023年10月", "（" + s + "2024年4月26日）"):
        assert tn._is_date_line(line) == (tn._DATE_LINE_RE.fullmatch(line) is not None)


@given(st.text(_ALPHABET, max_size=20), st.sampled_from(["", " ", "\u3000", "\u2028", "\n"]))
def test_value_verbs_are_the_verb_pattern(head: str, blank: str):
    verb_end = re.compile("(?:" + "|".join(tn._VALUE_VERBS) + r")\s*$")
    for line in (head + blank, *(head + v + blank for v in tn._VALUE_VERBS)):
        assert line.rstrip().endswith(tn._VALUE_VERBS) == (verb_end.search(line) is not None)


def test_drop_offsets_is_a_filter():
    rng = random.Random(7)
    for _ in range(200):
        idx = sorted(rng.sample(range(400), rng.randint(0, 120)))
        text = "".join(rng.choice("一二3.,") for _ in idx)
        drop = set(rng.sample(range(400), rng.randint(1, 30)))
        kept = [k for k, i in enumerate(idx) if i not in drop]
        assert tn._drop_offsets(text, idx, drop) == ("".join(text[k] for k in kept),
                                                      [idx[k] for k in kept])


def test_grouped_numbers_still_dropped():
    nt = tn.normalize("床位 1 200张，医师 12,400人，不少于 1 5 0 人次")
    assert "1200张" in nt.text and "12400人" in nt.text and "150人次" in nt.text
    assert all(nt.raw[i] == ch for i, ch in zip(nt.index, nt.text, strict=True) if ch.isdigit())


def test_shared_offsets_are_the_range(monkeypatch):
    monkeypatch.setattr(tn, "_offset_pool", ())
    monkeypatch.setattr(tn, "_OFFSET_POOL_MAX", 500)
    for n in (0, 3, 300, 120, 500, 501, 2000):
        offsets = tn._offsets_for(n)
        assert tuple(offsets[:n]) == tuple(range(n))
        assert tuple(offsets[7:n - 5]) == tuple(range(7, n - 5))
    assert len(tn._offset_pool) == 500  # (grown to the longest text up to the cap, no further)
