"""Normalise Chinese policy text while keeping a map back to the raw characters.

Extraction works on a cleaned-up copy of the text (full-width digits and
punctuation folded to ASCII, PDF line breaks and stray spaces removed), but
every offset we store must point into the *raw* text so that a quote can be
checked against the published document.  :class:`NormText` carries both
strings and an index array: ``index[i]`` is the raw offset of normalised
character ``i``.

Text from reprint sites comes in traditional characters, sometimes with a
pinyin gloss after a character (``經(jīng)濟(jì)``, ``每萬(wàn)常住人口``): glosses are
dropped like whitespace and the text is converted to simplified characters
with OpenCC (``t2s``, a character-for-character conversion, so the index is
unchanged).  The raw text is never touched: quotes stay as published.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

import opencc

# Full-width / compatibility forms that carry meaning for numbers and ratios.
_CHAR_MAP: dict[str, str] = {
    "\u2236": ":",  # RATIO ∶
    "\uff5e": "~",  # FULLWIDTH TILDE ～
    "\u301c": "~",  # WAVE DASH 〜
    "\u2014": "-",  # EM DASH — (only meaningful between digits; see below)
    "\u2013": "-",  # EN DASH –
    "\u2212": "-",  # MINUS SIGN
    "\u00b7": "·",
    "\u3002": "。",
    "\uff61": "。",  # HALFWIDTH IDEOGRAPHIC FULL STOP
    "\u3001": "、",
    "\uff64": "、",
    "\u2030": "‰",
}

# Whitespace characters found in PDF/HTML extractions (ideographic space, nbsp, ...).
_SPACE = set(" \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c")

# A line that starts a heading: 一、 （一） (一) 1. 1、 （1） 第一章 ...
HEADING_RE = re.compile(
    r"^[ \t\u3000]*(?:"
    r"[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,2}[.．、](?![\d.．])"
    r"|[（(]\d{1,2}[）)]"
    r"|第[一二三四五六七八九十百\d]+[章节部分条篇]"
    # a work report's unnumbered section title on a line of its own: "2024年主要目标任务……"
    r"|(?:19|20)\d{2}年(?:主要|重点)?(?:目标任务|工作安排|工作计划|工作任务|重点工作|主要工作)"
    r"(?=[…\.。:：]*\s*$)"
    # a label in lenticular brackets alone on its line, an explainer's or a page's block
    # title: "【“十四五”末主要指标】", "【“十三五”成就】"
    r"|【[^】\n]{1,20}】(?=[ \t\u3000]*$)"
    r")"
)

_HARD_END = set("。！？；!?;：:")
# ... of them, those that end a sentence: a line ending on one, in a layout of one paragraph
# a line, ends its paragraph whatever the next line holds (``_break_is_hard`` says so too,
# before reading either line; a colon may be a ratio's, "1:\n1.2").  Most lines of most
# documents end so.
_SENTENCE_END = _HARD_END - {":", "："}


def fold_char(ch: str) -> str:
    """Map one raw character to its normalised form (same length: one char)."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII block
        return chr(code - 0xFEE0)
    return _CHAR_MAP.get(ch, ch)


@dataclass(frozen=True)
class NormText:
    """Normalised text plus the raw offsets of each of its characters."""

    raw: str
    text: str
    index: tuple[int, ...]

    def raw_start(self, i: int) -> int:
        """Raw offset of normalised position ``i`` (``len(text)`` maps to ``len(raw)``)."""
        if i >= len(self.text):
            return len(self.raw)
        return self.index[i]

    def raw_end(self, j: int) -> int:
        """Raw end offset (exclusive) of a normalised span ending at ``j`` (exclusive)."""
        if j <= 0:
            return 0
        return self.index[j - 1] + 1

    def raw_span(self, i: int, j: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised span ``text[i:j]``."""
        return self.raw_start(i), self.raw_end(j)

    def raw_lines(self, raw_stop: int) -> list[str]:
        """The normalised text of each raw line starting before raw offset ``raw_stop``.

        Normalising joins a line without a stop to the next (a PDF break), so a web page's
        headline under its navigation is no line of ``text`` of its own; titles and
        headlines are looked for line by line in the raw layout."""
        out: list[str] = []
        r0 = 0
        while r0 < min(raw_stop, len(self.raw)):
            r1 = self.raw.find("\n", r0)
            r1 = len(self.raw) if r1 < 0 else r1
            i, j = bisect_left(self.index, r0), bisect_left(self.index, r1)
            out.append(self.text[i:j].strip("\n"))
            r0 = r1 + 1
        return out


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _looks_like_table_line(line: str) -> bool:
    return "|" in line or "\t" in line.strip(" \u3000")


# Page numbers printed on their own line by PDF extraction: "— 3 —", "- 3 -", "第3页 共12页".
_S = r"[ \t\u3000]*"
_PAGE_NUMBER_LINE = (
    rf"{_S}(?:[—–\-－]+{_S}\d{{1,4}}{_S}[—–\-－]+"
    rf"|第{_S}\d{{1,4}}{_S}页(?:{_S}[/，,]?{_S}共{_S}\d{{1,4}}{_S}页)?"
    rf"|\d{{1,4}}{_S}/{_S}\d{{1,4}}){_S}$"
)
_PAGE_NUMBER_RE = re.compile(f"^{_PAGE_NUMBER_LINE}", re.MULTILINE)
# (the same lines but the first, with the line break before them: a pattern opening on a
# literal, which the regex engine skips to, where "^" is tried at every character)
_PAGE_NUMBER_AFTER_BREAK_RE = re.compile(f"\n{_PAGE_NUMBER_LINE}", re.MULTILINE)


def _blank_page_numbers(text: str) -> str:
    """``text`` with each page-number line blanked out (spaces, one for each character):
    ``_PAGE_NUMBER_RE.sub(blanks, text)``, faster.  (Its matches lie inside a line each, so
    the break before a line is no part of a match on the line before.)"""
    if first := _PAGE_NUMBER_RE.match(text):
        text = " " * first.end() + text[first.end():]
    return _PAGE_NUMBER_AFTER_BREAK_RE.sub(lambda m: "\n" + " " * (m.end() - m.start() - 1), text)


def is_page_number_line(line: str) -> bool:
    """A line holding only a page number ("— 2 —", "第3页", "3/12"): no text of the page."""
    return _PAGE_NUMBER_RE.fullmatch(line.strip()) is not None


# A bare number on the line just before or after a page break (form feed) is a page number.
_FORM_FEED_PAGE_RE = re.compile(
    rf"(?m)^{_S}\d{{1,4}}{_S}(?=\n(?:{_S}\n)*{_S}\f)|(?<=\f)(?:{_S}\n)*{_S}\d{{1,4}}{_S}$"
)
# A pinyin gloss after a Chinese character: "萬(wàn)", "經(jīng)", also full-width brackets, a "?"
# where a converter lost a letter, and a gloss cut off at the end of the text ("萬(wà").
# At least one tone mark is required, so "(a)" or "(PDF)" is never taken for a gloss.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"[a-z{_TONED}ü?]"
_GLOSS_RE = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?={_PINYIN}{{0,6}}[{_TONED}]){_PINYIN}{{1,7}}(?:[)）]|\Z)"
)
_SPACE_RUN_RE = re.compile("[ \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c]+")
_FOLD_TABLE = {**{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
               **{ord(k): v for k, v in _CHAR_MAP.items()}}
# The characters _FOLD_TABLE changes.  str.translate looks every character of a non-ASCII
# text up in the table; a text holds only a few distinct foldable characters, so one
# regex scan finds them and str.replace folds each (no value is itself a key: the order
# of the replacements cannot matter)
_FOLD_PAIRS = {chr(c): r for c, r in _FOLD_TABLE.items() if chr(c) != r}
_FOLDABLE_RE = re.compile("[" + "".join(map(re.escape, _FOLD_PAIRS)) + "]")
# the foldable characters and the tone marks (of a pinyin gloss): normalize finds both in one
# scan of the text, not one each
_FOLDABLE_OR_TONE_RE = re.compile("[" + "".join(map(re.escape, _FOLD_PAIRS)) + _TONED + "]")


def _fold(raw: str, present: set[str] | None = None) -> str:
    """``raw.translate(_FOLD_TABLE)``, faster.  ``present``: a set holding the foldable
    characters of ``raw`` (and others, left alone), when the caller has it."""
    for ch in set(_FOLDABLE_RE.findall(raw)) if present is None else present:
        if (folded := _FOLD_PAIRS.get(ch)) is not None:
            raw = raw.replace(ch, folded)
    return raw


_SENTENCE_PUNCT = "。！？；：!?;:"


@dataclass(frozen=True)
class _Layout:
    """Line geometry of a document: PDF extractions wrap lines at a fixed width."""

    wrapped: bool
    width: float
    decided: bool = True


def _layout(scan: str) -> _Layout:
    """Wrapped (PDF: lines cut at a page width), one paragraph per line, or too short to say.

    A heading alone on its line ("一、深化县域医共体建设") or a date line ends open in either
    layout: no evidence of a page width (a web page's short headings and signature are
    not a PDF's wrapped lines)."""
    stripped = [s for ln in scan.split("\n") if len(s := ln.strip()) >= 8
                and not (HEADING_RE.match(s) and not _STOP_RE.search(s))
                and not _is_date_line(s)]
    if len(stripped) < 5:
        return _Layout(False, 0.0, decided=False)
    open_ended = sum(1 for ln in stripped if ln[-1] not in _SENTENCE_PUNCT)
    median = sorted(len(ln) for ln in stripped)[len(stripped) // 2]
    return _Layout(open_ended / len(stripped) >= 0.5 and median <= 60, float(median))


_STOP_RE = re.compile(r"[。；;]")
# A web page's dateline line under its headline: "2023-12-10 09:30 来源：…", "发布时间：…"
_DATELINE_START_RE = re.compile(
    r"\s*(?:(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|(?:发布|更新)?(?:时间|日期)[:：]|来源[:：])")
# A line that is one statistic: a name (with a colon or not), a number, its unit
# ("床人比：1:1.26", "实有床位：2.69万张", "每千人口注册护士3.12人", "县域内就诊率：某县91.4%")
_ITEM_LINE_RE = re.compile(
    # (a field of an item dated by its year: "2022年完成值：5.93张")
    r"(?:(?:19|20)\d{2}年)?[^\s\d.,，。；;:：、][^\s,，。；;:：、]{1,39}?"
    # after a colon, the place the figure is of: "县域内就诊率：勃利县91.4%"
    r"(?:[:：]\s*[\u4e00-\u9fff]{2,6}?(?:县|縣|市|区|區|旗)|[:：])?\s*\d[\d.,]*(?:\s*[:∶/]\s*\d[\d.]*)?\s*"
    r"[万亿千百萬億]?(?:人次|[个张人名次岁所家项床天個張歲項%％‰])?")


_DIGIT_RE = re.compile(r"\d")
# the characters a match of _ITEM_LINE_RE can end on, besides a digit (\d) and a blank (\s)
_ITEM_ENDS = frozenset("万亿千百萬億个张人名次岁所家项床天個張歲項%％‰.,")
_ITEM_PAIR_RE = re.compile(r"(?<=[\d个张人名次岁所家项床%％‰])[,，](?=[^,，\d][^,，]*$)")
_ITEM_TRIM_RE = re.compile(
    r"^其中[:：]?|[(（][^()（）\n]{1,20}[)）]$"
    r"|[,，](?:同比|比上年|较上年|比上一年|较上一年|比去年|较去年)[^,，。;；\n]{0,20}$")


# A line that is a value alone, the cell under its name in a picture's text or a table
# laid out one cell per line ("5.2张", "1:1.5", "90%", "全覆盖"): the next line is another cell
_VALUE_LINE_RE = re.compile(
    r"[≥≤<>]?\d[\d.,]*\s*(?:[:∶]\s*\d[\d.]*|[万千]?(?:人次|[个张人名岁所家项床级%％‰]))"
    r"(?:以上|以下|左右)?|全覆盖"
    # (its unit lost, its bound kept: "县域内就诊率" / "90以上" in an explainer's cells)
    r"|[≥≤<>]?\d[\d.]*\s*(?:以上|以下|左右)")
# the end of a value's aside opened on a line before: "（2020年：" / "居民健康素养水平 31.6%）"
_ASIDE_END_LINE_RE = re.compile(r"[^()（）\n]*\d[\d.]*\s*[%％‰张人个名]?[)）]")
# the value a year before, in brackets after this year's: "（上年6.71张）", "（去年为41.2%）"
_PRIOR_VALUE_ASIDE_RE = re.compile(
    r"[(（](?:上年|去年|上一年|上年同期|去年同期)(?:为|是)?[^()（）\n]{1,16}[)）]")
_DATE_LINE_RE = re.compile(
    # (after the body that dates it: "胶州市卫生健康局　2024年4月", "（某市卫健委　2024年6月）")
    r"[(（]?(?:[\u4e00-\u9fff]{2,30}?(?:委员会|人民政府|政府|局|办公室|委)[ \t\u3000]*)?"
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[)）]?")
_DATE_LINE_ENDS = ("月", "日", ")", "）")


def _is_date_line(line: str) -> bool:
    """``_DATE_LINE_RE`` matches all of ``line``; its match ends on 月, 日 or a bracket,
    so a line ending otherwise (most lines) is answered without running the pattern."""
    return line.endswith(_DATE_LINE_ENDS) and _DATE_LINE_RE.fullmatch(line) is not None


# A line opening on a short field name and its colon, a record's field: "指标：", "评价：",
# "2023年完成值：" (not a sentence: a comma or a stop before the colon)
_FIELD_LINE_RE = re.compile(r"[ \t\u3000]*(?:(?:19|20)\d{2}年)?[\u4e00-\u9fff]{1,6}[:：](?=\S)")
# a year's value on a line of its own ("2022年：88.3%"), and a bare name over such lines
# (the extraction reads such lines too: one pattern for both)
YEAR_FIELD_RE = re.compile(
    r"[ \t\u3000]*(?:19|20)\d{2}年(?:末|底)?[:：]\s*\d+(?:\.\d+)?\s*[%‰张人个家]?")
BARE_NAME_RE = re.compile(r"[\u4e00-\u9fff()（）]{3,24}")


def _line_before(scan: str, line_start: int) -> str:
    """The last non-blank line before the line starting at ``line_start`` (an item line
    is at most 48 characters: a short window is enough)."""
    head = scan[max(0, line_start - 120):line_start].rstrip()
    return head[head.rfind("\n") + 1:]


def _is_item_line(line: str) -> bool:
    """A short line holding just one indicator and its value: an item of a bulletin's
    list, which a reader must not join to the next line's name."""
    # every part of an item fullmatches _ITEM_LINE_RE, which needs a digit: a line without
    # one (most prose) is no item, and the four passes below are skipped
    if len(line) > 120 or not _DIGIT_RE.search(line):
        return False
    item = _SPACE_RUN_RE.sub("", line)  # a pinyin gloss is blanked out: "每萬(wàn)人口"
    # "其中：…床位数0.61张", "…5.44张（上年5.12张）", "…218.4万人次，同比增长12.3%": an item
    # with its lead-in, last year's value, or its change
    item = _ITEM_TRIM_RE.sub("", item)
    if len(item) > 48:
        return False
    # a match of _ITEM_LINE_RE ends on a unit, a digit, "." or "," or a blank: a line ending
    # otherwise (a sentence a PDF wrapped mid-word) is answered without the passes below
    last = item[-1:]
    if not (last in _ITEM_ENDS or last.isdecimal() or last.isspace()):  # (\d and \s)
        return False
    # two items a line, a comma between: "执业（助理）医师 1 003 人，每千人口 2.80 人",
    # "常住人口签约 16.2 万人，签约率 45.3 %"
    parts = _ITEM_PAIR_RE.split(item, maxsplit=1)
    return all(_ITEM_LINE_RE.fullmatch(part) is not None for part in parts)


_CLAUSE_PUNCT_RE = re.compile(r"[，,；;。]")
# Three or more Chinese words set apart by spaces ("热门搜索：减肥药 正品代购 医疗器械批发"):
# found by its first gap, a blank after two Chinese characters (the first word's end), then
# the rest - the same lines as "word, blanks, word, blanks, word", but the regex engine skips
# to the blanks instead of trying the words' repeat, and backtracking it, at every Chinese
# character of the line
_WORD = r"[\u4e00-\u9fff]{2,}"
_WORD_LIST_RE = re.compile(
    rf"[ \u3000](?<=[\u4e00-\u9fff]{{2}}[ \u3000])[ \u3000]*{_WORD}[ \u3000]+{_WORD}")
# A page title with its column and site, or a keyword bar, set apart by single underscores
# ("卫生统计公报_政务公开_某市卫生健康委员会"): chrome, never prose (a blank to fill is a run)
_UNDERSCORED_RE = re.compile(
    r"(?:[\u4e00-\u9fff][^_\n]*?[\u4e00-\u9fff0-9]_(?=[\u4e00-\u9fff0-9])){2}")
# A line that ends on the verb whose value the next line starts with (after blanks:
# ``line.rstrip().endswith(_VALUE_VERBS)``, which is ``(?:达到|…|达)\s*$`` without a search
# from every position of the line)
_VALUE_VERBS = ("达到", "提高到", "提升到", "提高至", "提升至", "增加到", "增长到", "下降到",
                "降低到", "控制在", "稳定在", "保持在", "不低于", "不少于", "不超过", "超过", "达")


# a decimal a PDF broke across lines, its last digits and unit opening the next line, the
# sentence going on: "…医师数3.8" / "6人，每万人口…" is 3.86人 (not the cells "7.5" / "8.2")
_DECIMAL_END_RE = re.compile(r"\d\.\d+$")
_DIGITS_UNIT_PROSE_RE = re.compile(r"\d{1,3}(?:人|张|个|%|‰|名|所|家|床)[,，、;；][^\n]{6,}")


def _decimal_broken(scan: str, run_start: int, run_end: int) -> bool:
    line_start = scan.rfind("\n", 0, run_start) + 1
    return (_DECIMAL_END_RE.search(scan, line_start, run_start) is not None
            and _DIGITS_UNIT_PROSE_RE.match(scan, run_end) is not None)


# a note under a table or a list: "说明：每千人口指标按…", "注：", "数据来源："
_NOTE_LINE_RE = re.compile(r"\s*(?:说明|注|备注|数据来源|资料来源)\s*[:：]")
# words that open a sentence, never go on with a number before them
_OPENER_RE = re.compile(
    r"全[省市县区州国盟旗]|我[省市县区州国]|本[省市县区]|截[至止]|其中|此外|同时|另外")
# a line opening indented (two spaces, full-width or not, or a tab): a new paragraph
_INDENT_RE = re.compile(r"\n(?:[ \u3000]{2,}|\t)[ \u3000\t]*$")


# a line that opens a block of its own: a heading, a page's dateline, a note (one pattern
# matched where the three were: the line opens on any of them)
_OPENS_BLOCK_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (HEADING_RE, _DATELINE_START_RE, _NOTE_LINE_RE)))


def _break_is_hard(scan: str, run_start: int, run_end: int, prev: str, layout: _Layout) -> bool:
    """Decide whether a whitespace run containing a newline ends a paragraph.

    PDF extractions break lines mid-word ("床位\\n\\n数达到"), so a newline is
    dropped unless the previous line clearly ended (sentence punctuation on a
    line shorter than the page width, a heading line, a table row) or the
    next line clearly starts something new (a heading).
    """
    if prev in _SENTENCE_END and not layout.wrapped:
        return True  # (what the checks below answer for it, without reading the lines)
    prev_line_start = scan.rfind("\n", 0, max(run_start - 1, 0)) + 1
    prev_line = scan[prev_line_start:run_start]
    next_end = scan.find("\n", run_end)
    next_line = scan[run_end:len(scan) if next_end < 0 else next_end]
    nxt = scan[run_end:run_end + 1]
    # (several checks read a line without its blanks: strip each once)
    prev_cell = prev_line.strip(" \t\u3000")
    next_cell = next_line.strip(" \t\u3000")
    if nxt.isdigit() and (prev == "." or (prev == ":" and prev_line.rstrip()[-2:-1].isdigit())):
        return False  # a number broken across lines: "0.\n75张", "1:\n1.2"
    if nxt.isdigit() and prev_line.rstrip().endswith(_VALUE_VERBS):
        return False  # a verb and its value broken across lines: "…占比达到\n60%以上"
    # (an aside opens on a bracket: test that before the pattern)
    if next_cell.startswith(("(", "（")) and _PRIOR_VALUE_ASIDE_RE.fullmatch(next_cell) \
            and _VALUE_LINE_RE.fullmatch(prev_cell):
        return False  # a cell's value and, under it, the year before's: "6.85张" / "（上年6.71张）"
    ended = prev in _HARD_END
    if ended and not (layout.wrapped and len(prev_line.strip()) >= 0.85 * layout.width):
        # a line ending its sentence on a web page ends its paragraph; none of the checks
        # below says otherwise (each says hard or goes on to this one), so they are skipped:
        # most lines of most documents end so
        return True
    if _OPENS_BLOCK_RE.match(next_line) or _DATELINE_START_RE.match(prev_line):
        return True  # (a page's dateline is a line of its own, before and after; a note)
    if prev.isdigit() and "\u4e00" <= nxt <= "\u9fff" and (
            _INDENT_RE.search(scan, run_start, run_end) or _OPENER_RE.match(scan, run_end)):
        # "…预约诊疗率62.4" then an indented line, or one opening a sentence of its own
        # ("全省居民…"): the number ended its paragraph (its % sign lost)
        return True
    if _looks_like_table_line(prev_line) or _looks_like_table_line(next_line):
        return True
    # (a word list needs a blank inside the line's text, an underscored title an underscore:
    # the patterns run only on a line holding one)
    if ((" " in prev_cell or "\u3000" in prev_cell) and _WORD_LIST_RE.search(prev_line)) \
            or ("_" in prev_line and _UNDERSCORED_RE.search(prev_line)):
        return True  # words set apart by spaces or underscores: a page's chrome, never prose
    # a line that is only a heading ("一、总体要求") ends there; a heading that runs
    # on into its paragraph ("（一）合理配置。到 2025年，…床位") is soft-broken like any line
    if _is_date_line(prev_cell) or _is_date_line(next_cell):
        return True  # a report's date on its own line under the title: "（2023年10月）"
    if _VALUE_LINE_RE.fullmatch(prev_cell) or _PRIOR_VALUE_ASIDE_RE.fullmatch(prev_cell) \
            or _ASIDE_END_LINE_RE.fullmatch(prev_cell):
        return True  # "每千人口注册护士\n3.4人\n床人比\n1:1.5": a value ends its cell (with its
        # year before's under it: "（上年3.2人）", or an aside of its own lines: "（2020年：" /
        # "…水平 31.6%）")
    if _FIELD_LINE_RE.match(prev_line) and _FIELD_LINE_RE.match(next_line):
        return True  # a record's fields, one a line: "指标：每千人口…床位数" / "基期值：4.92张"
    prev_bare = prev_line.strip()
    if YEAR_FIELD_RE.fullmatch(prev_bare) or (YEAR_FIELD_RE.fullmatch(next_line.strip())
                                               and BARE_NAME_RE.fullmatch(prev_bare)):
        return True  # a measure's name over its years, one a line: "县域内就诊率" / "2022年：88.3%"
    if _is_item_line(prev_line) and (":" in prev_line or "：" in prev_line
                                     or _is_item_line(next_line)
                                     or _is_item_line(_line_before(scan, prev_line_start))):
        return True  # a bulletin's items, one per line: "每千人口注册护士数：3.66人"
    # (the length first: a wrapped line is longer than a heading alone)
    if len(prev_bare) <= 40 and HEADING_RE.match(prev_line) and not _STOP_RE.search(prev_line):
        return True  # a heading alone on its line
    if ended:
        # in wrapped (PDF) text a full-width line ending in 。 usually continues its paragraph
        return False
    # one paragraph per line (web pages, Word): a short line without clause punctuation
    # (issuer, date, title) ends there; a sentence cut mid-word ("…签约\n率达到") goes on
    if not layout.decided or layout.wrapped:
        return False  # (a PDF's lines, or a layout too short to say: no line is short)
    return len(prev_bare) < 40 and not _CLAUSE_PUNCT_RE.search(prev_line)


# A sentence ended with an ASCII full stop by a writer on an English keyboard ("…稳定在85%.",
# "…明显增加."): read as 。 (one character for one, so offsets hold); never a decimal point
# or a web address (a digit or a Latin letter follows those)
# (the look-behind follows the "." so that the regex engine can skip from one "." to the next)
_ASCII_STOP_RE = re.compile(r"\.(?<=[\u4e00-\u9fff%％)）\]”\"]\.)(?![0-9A-Za-z])")


# a value's end before a run of spaces ("…就诊率达91.6%  今年力争突破92%"): a headline's two
# parts, or two items of a line, set apart; kept apart by one space (a clause break)
_VALUE_END = frozenset("%‰张人")


def _parts_apart(scan: str, i: int, j: int, prev: str, nxt: str) -> bool:
    return j - i >= 2 and prev in _VALUE_END and "\u4e00" <= nxt <= "\u9fff" \
        and "\n" not in scan[i:j] and scan[i - 2:i - 1].isdigit() | (prev in "%‰")


# Raw offsets 0, 1, 2, … made once and shared by every document's index: an index is mostly
# runs of consecutive offsets, and a slice of these copies references, where ``range`` makes a
# new int object for each offset above 256 (a third of normalize's time).  Grown to the
# longest text seen, up to _OFFSET_POOL_MAX (past it, ``range``: a huge text costs no memory).
_OFFSET_POOL_MAX = 1 << 20
_offset_pool: tuple[int, ...] = ()


def _offsets_for(n: int) -> tuple[int, ...] | range:
    """The offsets 0..n-1, from the shared pool (grown to ``n`` first) when ``n`` is at most
    _OFFSET_POOL_MAX: sliced, they are the runs of an index."""
    global _offset_pool
    if n > _OFFSET_POOL_MAX:
        return range(n)
    pool = _offset_pool
    if len(pool) < n:
        # (the pool made here is the one returned: another thread may set a shorter one)
        pool = _offset_pool = (*pool, *range(len(pool), n))
    return pool


def normalize(raw: str) -> NormText:
    """Fold characters and collapse whitespace, recording raw offsets.

    Rules for a whitespace run (page-number lines such as ``— 3 —`` count as
    whitespace):
    * between two ASCII letters/digits it becomes one space (keeps ``7.5 8.2``
      in a table apart and English words readable);
    * a run containing a newline that ends a paragraph becomes ``\\n``;
    * otherwise it is removed (``到 2025年`` -> ``到2025年``).
    """
    # folding is one character for one character: fold the whole text once, then slice;
    # the line breaks are judged on folded text too ("注册护士数：３．９６人" is an item line)
    marks = set(_FOLDABLE_OR_TONE_RE.findall(raw))
    wide = _fold(raw, marks)
    scan = _blank_page_numbers(wide)
    # glosses are rare: look for a tone mark (found with the foldable characters) before the
    # full pattern
    if not marks.isdisjoint(_TONED):
        scan = _GLOSS_RE.sub(lambda m: " " * len(m.group(0)), scan)
    if "\f" in scan:  # both of its alternatives need a form feed: skip the scan without one
        scan = _FORM_FEED_PAGE_RE.sub(lambda m: " " * len(m.group(0)), scan)
    layout = _layout(scan)
    folded = _ASCII_STOP_RE.sub("。", wide)
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    n = len(raw)
    offsets = _offsets_for(n)
    for m in _SPACE_RUN_RE.finditer(scan):
        i, j = m.span()
        if i > pos:
            out.append(folded[pos:i])
            idx.extend(offsets[pos:i])
        pos = j
        prev = out[-1][-1] if out else ""
        if not prev or j >= n:
            continue
        nxt = folded[j]
        newline = scan.find("\n", i, j)  # (the run's first newline, -1 for none)
        if newline >= 0 and _break_is_hard(scan, i, j, prev, layout):
            if prev != "\n":
                out.append("\n")
                idx.append(newline)
        elif (_is_ascii_word(prev) and _is_ascii_word(nxt)
              and not (newline >= 0 and _decimal_broken(scan, i, j))) \
                or _parts_apart(scan, i, j, prev, nxt):
            out.append(" ")
            idx.append(i)
    if pos < n:
        out.append(folded[pos:])
        idx.extend(offsets[pos:n])
    joined = "".join(out)
    if drop := _group_separators(raw):
        joined, idx = _drop_offsets(joined, idx, drop)
    text = to_simplified(joined)
    if "。" in text:
        text = _DECIMAL_STOP_RE.sub(".", text)
    # (a year in Chinese digits has a zero in it: most texts have none, and skip the search)
    if "年" in text and any(z in text for z in _CN_ZEROS) and _CN_YEAR_RE.search(text):
        text = _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGIT_TABLE), text)
    return NormText(raw=raw, text=text, index=tuple(idx))


def _drop_offsets(text: str, idx: list[int], drop: set[int]) -> tuple[str, list[int]]:
    """``text`` and ``idx`` without the characters whose raw offset is in ``drop``.

    ``idx`` rises strictly (each piece of text and each kept break lies after the one
    before), so a dropped offset is found by bisection and the text is cut around the few
    characters that go, not rebuilt a character at a time."""
    cuts = sorted(k for d in drop if (k := bisect_left(idx, d)) < len(idx) and idx[k] == d)
    pieces = list(zip([0, *(k + 1 for k in cuts)], [*cuts, len(idx)], strict=True))
    kept_idx: list[int] = []
    for a, b in pieces:
        kept_idx.extend(idx[a:b])
    return "".join(text[a:b] for a, b in pieces), kept_idx


# A year in Chinese digits ("到二〇二五年", "二○二三年七月"): read as Arabic digits, one for one
# (the offsets hold), so it dates what Arabic years date.  A zero in its second place, then 年:
# never a count ("第二〇二五号", "一二三四年" are no years)
_CN_DIGITS = "〇零○一二三四五六七八九"
# (the look-behind follows the 一/二 so that the regex engine can skip to those characters)
_CN_YEAR_RE = re.compile(rf"[一二](?<![{_CN_DIGITS}十][一二])[〇零○][{_CN_DIGITS}]{{2}}(?=年)")
_CN_ZEROS = "〇零○"
_CN_DIGIT_TABLE = str.maketrans(_CN_DIGITS, "000123456789")


# Digits grouped by thousands before a unit: "1 200人次", "12,400张", "3 050 名" (a space,
# thin space or ASCII comma; a full-width comma separates clauses and is never one)
_GROUPED_RE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ ,\u2009\u202f\u00a0]\d{3})+(?![\d.,])"
    r"(?=\s?(?:人|张|名|个|家|所|床|元|次|项|台))"
)


# A PDF's text layer that split a decimal's digits: "床位数7.4 1张", "医师数2.6 8人" (a
# space inside the decimals, right before the unit: never two values, which a unit or a
# separator would part)
_SPLIT_DECIMAL_RE = re.compile(
    r"(?<![\d.])\d{1,3}\.\d (?=\d(?:人|张|張|名|个|個|%|％|‰|岁|歲|床|家|所))"
    # "签约率3 5.2%", "比例达到 8 5%": the split fell inside the whole part of a share
    # (after the verb that gives the value; "序号 3 5.2%" is a row's number and its cell)
    r"|(?<![\d.\s])\d (?=\d\.\d{1,2}(?:%|％))"
    r"|(?:(?<=[到为至是于在])|(?<=[到为至是于在] ))\d (?=\d(?:\.\d{1,2})?(?:%|％))")
# ... or every digit of a count after its verb: "不少于 1 5 0 人次"
_SPACED_COUNT_RE = re.compile(
    r"(?:(?<=[到为至是于在])|(?<=[到为至是于在] ))\d(?: \d){1,4}(?= ?(?:人次|人|张|名|个|家|所))")


# a digit, a separator, a digit: the text may hold grouped or split numbers at all
# (a separator is rarer than a digit: the pattern opens on it and looks behind for the digit)
_SEPARATED_DIGITS_RE = re.compile(r"[ ,\u2009\u202f\u00a0](?<=\d.)\d")


def _group_separators(raw: str) -> set[int]:
    """Raw positions of thousands separators inside numbers, and of spaces a PDF put
    inside a decimal (dropped from the text)."""
    if not _SEPARATED_DIGITS_RE.search(raw):
        return set()
    out = {m.start() + k for m in _GROUPED_RE.finditer(raw)
           for k, ch in enumerate(m.group(0)) if not ch.isdigit()}
    out.update(m.end() - 1 for m in _SPLIT_DECIMAL_RE.finditer(raw))
    out.update(m.start() + k for m in _SPACED_COUNT_RE.finditer(raw)
               for k, ch in enumerate(m.group(0)) if ch == " ")
    return out


# An ideographic full stop typed for a decimal point ("医师2。85人"): between digits and
# before a unit, never a sentence end ("…12个。2023年" keeps its full stop: 年 is no unit)
# (the look-behind follows the 。 so that the regex engine can skip from one 。 to the next)
_DECIMAL_STOP_RE = re.compile(r"。(?<=\d。)(?=\d{1,2}(?:人|张|名|个|%|‰|岁|床|家|所))")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters as simplified (``床位數達5.3張`` -> ``床位数达5.3张``).

    Same length as the input, so normalised offsets still map to the raw text;
    should a phrase conversion ever change the length, each character is
    converted on its own instead.
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)
