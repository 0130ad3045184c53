"""Split normalised policy text into headings, sentences, clauses and notes.

Works on :class:`analysis.ingest.textnorm.NormText` ``.text``, where paragraph breaks
are ``\\n`` and PDF soft breaks are already gone.  Brackets are respected:
a ``。`` inside ``（责任单位：……。……）`` does not end the sentence, and a
comma inside ``（含中医医院，下同）`` does not end the clause.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

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
# 达91.6%  今年力争突破92%").  Each branch opens on its own character (the look-behind
# after the space), so the regex engine skips ahead to those characters.
_CLAUSE_RE = re.compile("|".join(map(re.escape, sorted(_CLAUSE_END)))
                        + r"|\((?=占比?[为达]?\d)"
                        rf"|\((?=(?:{GROUPS})为?\s*\d)"
                        r"| (?<=[%‰张人] )(?=[\u4e00-\u9fff])")
_MAX_BRACKET = 300


@dataclass(unsafe_hash=True)  # (made as often as values: see numbers.Value)
class Heading:
    """A section heading such as ``（一）推进医疗机构体系结构优化``."""

    start: int
    end: int
    level: int
    text: str


_NUMBER_IN_BRACKETS_RE = re.compile(r"[(（]\d")  # "（1）": a level-4 marker


@functools.lru_cache(maxsize=1024)  # markers repeat: "一、", "（一）", "1."
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


# A line break before a possible heading marker (HEADING_RE's first characters after its
# indent): one scan finds the few lines worth matching, instead of a loop over every line
_HEADING_LINE_RE = re.compile(r"\n[ \t\u3000]*[一二三四五六七八九十百（(\d第【]")
_HEADING_MAX = 60


def _heading_line_starts(text: str) -> list[int]:
    """Starts of the lines that may open with a heading marker (the first line always)."""
    return [0] + [m.start() + 1 for m in _HEADING_LINE_RE.finditer(text)]


def find_headings(text: str) -> list[Heading]:
    """Headings that start a line; their text runs to the first 。 or line end."""
    out: list[Heading] = []
    for pos in _heading_line_starts(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        m = HEADING_RE.match(line)
        if m and (inner := _LIST_NUMBER_RE.match(line)):
            # "1、一、2023年工作总结": a converter's list number before the real marker
            m = HEADING_RE.match(line[inner.end():]) or m
        if m:
            k = _SENTENCE_STOP_RE.search(line, 0, _HEADING_MAX)
            stop = k.start() if k else min(len(line), _HEADING_MAX)
            out.append(Heading(pos, pos + stop, _heading_level(m.group(0).strip()), line[:stop]))
    return out


_CLOSERS = frozenset(_OPEN_CLOSE.values())
# (sorted: the same pattern text in every process - a set's order changes with the hash seed -
# so that the pattern cache knows it instead of compiling and saving it anew at every run)
_BRACKET_CHARS = '"' + "".join(_OPEN_CLOSE) + "".join(sorted(_CLOSERS))
# The characters bracket_pairs looks at; everything else is skipped by the regex engine
# instead of a Python loop over every character.  An opening bracket whose own closing
# one comes before any other bracket or line break is taken with it, a pair in one step
# (the stack would push and pop it).  (Line breaks are not looked at: most come with
# nothing open, and the few that matter are found between two brackets.)
_PLAIN_RUN = "[^" + re.escape(_BRACKET_CHARS) + "\n]*"
_BRACKET_RE = re.compile("|".join(
    [f"{re.escape(o)}(?:{_PLAIN_RUN}{re.escape(c)})?" for o, c in _OPEN_CLOSE.items()]
    + [re.escape(c) for c in '"' + "".join(sorted(_CLOSERS))]))


def bracket_pairs(text: str) -> dict[int, int]:
    """Map each opening bracket/quote position to its closing position (same line, nearby)."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    ascii_quote: int | None = None
    last = 0  # the previous bracket's position
    for m in _BRACKET_RE.finditer(text):
        i, end = m.span()
        if (stack or ascii_quote is not None) and text.find("\n", last, i) >= 0:
            # a line break since the previous bracket: nothing open pairs across it
            stack.clear()
            ascii_quote = None
        last = end - 1
        if end - i > 1:  # a bracket and its closing one, nothing between them to pair
            if end - 1 - i <= _MAX_BRACKET:
                pairs[i] = end - 1
            continue
        ch = text[i]
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
    delta: dict[int, int] = {}
    qdelta: dict[int, int] = {}
    for open_pos, close_pos in pairs.items():
        target = qdelta if text[open_pos] in _QUOTE_OPENERS else delta
        target[open_pos + 1] = target.get(open_pos + 1, 0) + 1
        target[close_pos] = target.get(close_pos, 0) - 1
    size = len(text) + 1
    return _running_depth(delta, size), _running_depth(qdelta, size)


def _running_depth(delta: dict[int, int], size: int) -> list[int]:
    """The running sum of ``delta`` (position -> change) at each of ``size`` positions: zeros,
    with the few runs inside brackets filled in (no Python loop over every character)."""
    out = [0] * size
    depth = 0
    prev = 0
    for pos in sorted(delta):
        if depth:
            out[prev:pos] = [depth] * (pos - prev)
        depth += delta[pos]
        prev = pos
    if depth:
        out[prev:] = [depth] * (size - prev)
    return out


# a paragraph break, or a full stop with the closing quotes/brackets after it (which hold
# no break, so taking them into the match skips nothing); a branch per character, so the
# regex engine skips ahead to them
_SENTENCE_BREAK_RE = re.compile("|".join(
    ["\n"] + [re.escape(c) + "[”’」』)]*" for c in sorted(_SENTENCE_END)]))


def split_sentences(text: str, depth: list[int]) -> list[tuple[int, int]]:
    """Sentence spans: end at 。！？ outside brackets, or at a paragraph break."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENTENCE_BREAK_RE.finditer(text):
        i, j = m.span()
        if text[i] == "\n":
            if i > start and not text[start:i].isspace():  # (not a blank line)
                spans.append((start, i))
            start = j
        elif depth[i] == 0:  # (keeping the closing quotes/brackets after the full stop)
            spans.append((start, j))  # (never blank: it holds its full stop)
            start = j
    if start < n and not text[start:].isspace():
        spans.append((start, n))
    return spans


def split_clauses(text: str, start: int, end: int, depth: list[int]) -> list[tuple[int, int]]:
    """Clause spans inside a sentence: cut at ， ； ： outside brackets, and before a share in
    brackets after a count ("17个达到基本标准（占85%）" reads as "17个达到基本标准，占85%")."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in _CLAUSE_RE.finditer(text, start, end):
        i = m.start()
        if depth[i]:  # inside brackets (a "(" has its own depth: it opens after itself)
            continue
        ch = text[i]
        if ch == " ":
            spans.append((s, i))
            s = m.end()
            continue
        # a colon between digits is a ratio, not a clause break
        if ch == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() \
                and text[i + 1].isdigit():
            continue
        if i > s:
            spans.append((s, i))
        s = i + 1
    if s < end:
        spans.append((s, end))
    return spans


_RESP_WORDS = "责任单位|牵头单位|负责单位|责任部门|牵头部门|责任主体"
_UNIT_WORDS = "市|县|区|省|自治区|州|盟|旗|各|国家"
_RESP_LABEL = re.compile(rf"^(?:{_RESP_WORDS})[:：]?")
_RESP_TAIL = re.compile(r"(?:按职责分工|按照职责分工|分别|共同|牵头)?负责$")
_RESP_VERB = re.compile(r"(?:负责|配合|落实|实施)$")
_UNIT_START = re.compile(rf"^(?:{_UNIT_WORDS})")
# a "(" whose content may open on a label or a unit: the only brackets worth a look
_NOTE_OPEN_RE = re.compile(rf"\(\s*(?:{_RESP_WORDS}|{_UNIT_WORDS})")
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_STOP_RE = re.compile(r"[。;；]")


@dataclass(unsafe_hash=True)  # (made as often as values: see numbers.Value)
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
    for m in _NOTE_OPEN_RE.finditer(text):
        open_pos = m.start()
        close_pos = pairs.get(open_pos)
        if close_pos is None:
            continue
        inner = text[open_pos + 1:close_pos].strip()
        if not (_RESP_LABEL.match(inner) or (
            _UNIT_START.match(inner) and _RESP_VERB.search(inner) and len(inner) <= 120
        )):
            continue
        r0, r1 = nt.raw_span(open_pos + 1, close_pos)
        units = _raw_units(nt.raw[r0:r1])
        if units:
            notes.append(Note(open_pos, close_pos + 1, units))
    return notes


@functools.lru_cache(maxsize=4096)  # the same notes recur across a plan's tasks
def _raw_units(raw_inner: str) -> str | None:
    """The units of a note's raw content (its blanks taken out first): remembered by that
    content, so a note that recurs is not stripped of its blanks again."""
    return _responsible_units(_SPACE_RE.sub("", raw_inner))


@functools.lru_cache(maxsize=4096)  # the same notes recur across a plan's tasks
def _responsible_units(inner: str) -> str | None:
    m = _RESP_LABEL.match(inner)
    if m:
        inner = _SENTENCE_STOP_RE.split(inner[m.end():], maxsplit=1)[0]
    inner = _RESP_TAIL.sub("", inner)
    return inner.strip(" ,，、") or None
