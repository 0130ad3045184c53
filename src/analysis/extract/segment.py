"""Split normalised policy text into headings, sentences, clauses and notes.

Works on :class:`analysis.ingest.textnorm.NormText` ``.text``, where paragraph breaks
are ``\\n`` and PDF soft breaks are already gone.  Brackets are respected:
a ``。`` inside ``（责任单位：……。……）`` does not end the sentence, and a
comma inside ``（含中医医院，下同）`` does not end the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from analysis.extract.vocabulary import GROUPS
from analysis.ingest.textnorm import HEADING_RE, NormText

_OPEN_CLOSE = {
    "(": ")",
    "[": "]",
    "〔": "〕",
    "【": "】",
    "《": "》",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "〈": "〉",
    "{": "}",
}
_QUOTES = {"“", "‘", "「", "『", '"'}
_QUOTE_OPENERS = frozenset(_QUOTES | {"《"})
_SENTENCE_END = set("。!?！？")
_CLAUSE_END = set(",;:，；：")
# (and a bracket opening on a share or on a group's rate: "(占85%)", "(重点人群81.2%)"; and
# a run of spaces between a value and the next words, a headline's two parts: "县域内就诊率
# 达91.6%  今年力争突破92%")
_CLAUSE_RE = re.compile("[" + re.escape("".join(sorted(_CLAUSE_END))) + r"]|\((?=占比?[为达]?\d)"
                        rf"|\((?=(?:{GROUPS})为?\s*\d)"
                        r"|(?<=[%‰张人]) (?=[\u4e00-\u9fff])")
_MAX_BRACKET = 300


@dataclass(frozen=True)
class Heading:
    """A section heading such as ``（一）推进医疗机构体系结构优化``."""

    start: int
    end: int
    level: int
    text: str


_NUMBER_IN_BRACKETS_RE = re.compile(r"[(（]\d")  # "（1）": a level-4 marker


def _heading_level(marker: str) -> int:
    if marker.startswith("第") or "年" in marker:  # 第一章; 2024年主要目标任务 (a whole line)
        return 0
    if marker[0] in "(（" and _NUMBER_IN_BRACKETS_RE.match(marker):
        return 4
    if marker[0] in "(（":
        return 2
    if marker[0].isdigit():
        return 3
    return 1


_LIST_NUMBER_RE = re.compile(r"\d{1,2}、(?=[一二三四五六七八九十]{1,3}、|第)")


def find_headings(text: str) -> list[Heading]:
    """Headings that start a line; their text runs to the first 。 or line end."""
    out: list[Heading] = []
    pos = 0
    for line in text.split("\n"):
        m = HEADING_RE.match(line)
        if m and (inner := _LIST_NUMBER_RE.match(line)):
            # "1、一、2023年工作总结": a converter's list number before the real marker
            m = HEADING_RE.match(line[inner.end():]) or m
        if m:
            stop = len(line)
            for ch in "。;；":
                k = line.find(ch)
                if 0 <= k < stop:
                    stop = k
            stop = min(stop, 60)
            out.append(Heading(pos, pos + stop, _heading_level(m.group(0).strip()), line[:stop]))
        pos += len(line) + 1
    return out


# The characters bracket_pairs looks at; everything else is skipped by the regex engine
# instead of a Python loop over every character.
_BRACKET_RE = re.compile(
    "[\n\"" + re.escape("".join(_OPEN_CLOSE) + "".join(_OPEN_CLOSE.values())) + "]")
_CLOSERS = frozenset(_OPEN_CLOSE.values())


def bracket_pairs(text: str) -> dict[int, int]:
    """Map each opening bracket/quote position to its closing position (same line, nearby)."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    ascii_quote: int | None = None
    for m in _BRACKET_RE.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "\n":
            stack.clear()
            ascii_quote = None
            continue
        if ch == '"':
            if ascii_quote is None:
                ascii_quote = i
            else:
                if i - ascii_quote <= _MAX_BRACKET:
                    pairs[ascii_quote] = i
                ascii_quote = None
            continue
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif stack and ch == _OPEN_CLOSE[stack[-1][0]]:
            _, j = stack.pop()
            if i - j <= _MAX_BRACKET:
                pairs[j] = i
        elif ch in _CLOSERS:
            # close without matching open: drop inner opens up to a match, if any
            for k in range(len(stack) - 1, -1, -1):
                if _OPEN_CLOSE[stack[k][0]] == ch:
                    _, j = stack[k]
                    del stack[k:]
                    if i - j <= _MAX_BRACKET:
                        pairs[j] = i
                    break
    return pairs


def enclosure(text: str, pairs: dict[int, int] | None = None) -> tuple[list[int], list[int]]:
    """Per character: bracket depth and quote depth (inside “…” / 《…》)."""
    pairs = bracket_pairs(text) if pairs is None else pairs
    n = len(text)
    delta = [0] * (n + 1)
    qdelta = [0] * (n + 1)
    for open_pos, close_pos in pairs.items():
        target = qdelta if text[open_pos] in _QUOTE_OPENERS else delta
        target[open_pos + 1] += 1
        target[close_pos] -= 1
    # running sums in C (itertools) rather than a Python loop over every character
    return list(accumulate(delta)), list(accumulate(qdelta))


_SENTENCE_BREAK_RE = re.compile("[\n" + re.escape("".join(sorted(_SENTENCE_END))) + "]")
_TRAILING_CLOSE_RE = re.compile("[”’」』)]*")


def split_sentences(text: str, depth: list[int]) -> list[tuple[int, int]]:
    """Sentence spans: end at 。！？ outside brackets, or at a paragraph break."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENTENCE_BREAK_RE.finditer(text):
        i = m.start()
        if i < start:  # inside closing quotes already taken into the previous sentence
            continue
        if m.group() == "\n":
            if i > start:
                spans.append((start, i))
            start = i + 1
        elif depth[i] == 0:
            # keep closing quotes/brackets that follow the full stop
            j = _TRAILING_CLOSE_RE.match(text, i + 1).end()
            spans.append((start, j))
            start = j
    if start < n:
        spans.append((start, n))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_clauses(text: str, start: int, end: int, depth: list[int]) -> list[tuple[int, int]]:
    """Clause spans inside a sentence: cut at ， ； ： outside brackets, and before a share in
    brackets after a count ("17个达到基本标准（占85%）" reads as "17个达到基本标准，占85%")."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in _CLAUSE_RE.finditer(text, start, end):
        i = m.start()
        if text[i] == " ":
            if depth[i] == 0:
                spans.append((s, i))
                s = m.end()
            continue
        if text[i] == "(":
            if depth[i] == 0:  # (its own depth: the bracket opens after it)
                if i > s:
                    spans.append((s, i))
                s = i + 1
            continue
        if depth[i] == 0:
            # a colon between digits is a ratio, not a clause break
            if text[i] == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() \
                    and text[i + 1].isdigit():
                continue
            if i > s:
                spans.append((s, i))
            s = i + 1
    if s < end:
        spans.append((s, end))
    return spans


_RESP_LABEL = re.compile(r"^(?:责任单位|牵头单位|负责单位|责任部门|牵头部门|责任主体)[:：]?")
_RESP_TAIL = re.compile(r"(?:按职责分工|按照职责分工|分别|共同|牵头)?负责$")
_RESP_VERB = re.compile(r"(?:负责|配合|落实|实施)$")
_UNIT_START = re.compile(r"^(?:市|县|区|省|自治区|州|盟|旗|各|国家)")
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_STOP_RE = re.compile(r"[。;；]")


@dataclass(frozen=True)
class Note:
    """A parenthesised responsibility note such as （责任单位：市卫生健康委、市财政局）."""

    start: int
    end: int
    units: str


def find_responsibility_notes(nt: NormText, pairs: dict[int, int]) -> list[Note]:
    """Parenthesised 责任单位/牵头单位 notes and (…负责) notes, with the unit list.

    The unit list is taken from the raw text (whitespace removed) so that it
    reads as published, with full-width punctuation.
    """
    text = nt.text
    notes: list[Note] = []
    for open_pos, close_pos in sorted(pairs.items()):
        if text[open_pos] != "(":
            continue
        inner = text[open_pos + 1:close_pos].strip()
        if not (_RESP_LABEL.match(inner) or (
            _UNIT_START.match(inner) and _RESP_VERB.search(inner) and len(inner) <= 120
        )):
            continue
        r0, r1 = nt.raw_span(open_pos + 1, close_pos)
        units = _responsible_units(_SPACE_RE.sub("", nt.raw[r0:r1]))
        if units:
            notes.append(Note(open_pos, close_pos + 1, units))
    return notes


def _responsible_units(inner: str) -> str | None:
    m = _RESP_LABEL.match(inner)
    if m:
        inner = _SENTENCE_STOP_RE.split(inner[m.end():], maxsplit=1)[0]
    inner = _RESP_TAIL.sub("", inner)
    return inner.strip(" ,，、") or None
