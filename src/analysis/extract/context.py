"""Document context: what a document says about itself, read once before its sentences.

* the issue date (the latest full ``2023年5月6日`` signing date, else the 文号
  year ``〔2023〕12号``) that tells a statistic year from a target year;
* the plan period in the title (``“十四五”规划``, ``（2021—2025年）``) whose end
  year applies to targets stated with no year;
* the places the document may name (its own region and province, every other
  known region) so that ``成都市…控制在9.2张以内`` in a provincial plan is read as
  another place's number;
* the section each position falls in (heading path), and whether that section
  looks back (``发展现状``, ``“十三五”时期主要成就``, ``2023年工作完成情况``) or
  forward (``目标``, ``任务``, ``工作安排``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from analysis.extract.numbers import _FIVE_YEAR_PLANS
from analysis.extract.segment import Heading

# a plan period in a title ("（2021—2025年）"): group 1 is its end year
_PLAN_SPAN_RE = re.compile(r"(?:19|20)\d{2}\s*[-—–－~至到]\s*((?:19|20)\d{2})\s*年")
_FIVE_YEAR_PLAN_RE = re.compile(r"(十[三四五六]五)")
# an ISO date or year: "2023-05-06", "2023-05", "2023"
_YEAR_MONTH_RE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


def iso_year_month(date: str | None) -> tuple[int | None, int | None]:
    """(year, month) of an ISO date or year ("2023-05-06", "2023-05", "2023"); Nones
    for none."""
    m = _YEAR_MONTH_RE.match(date or "")
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


@dataclass(frozen=True)
class DocContext:
    """What the rules need to know about a document besides its text.

    ``issued_on`` (ISO date, or just a year) tells a statistic year from a target
    year: "2023年，全市…" in a plan issued in 2024 reports, it does not promise.
    ``level`` says whose goal "全省…" states: the document's own for a
    provincial plan, another scope's for a city plan.  ``region``/``province``
    and ``regions`` (every known region name) recognise a sentence about another
    place ("成都市…控制在9.2张以内" in a provincial plan).  ``title`` gives the
    plan period ("十四五"规划, （2021—2025年）) whose end year applies to
    targets stated without a year.
    """

    issued_on: str | None = None
    level: str | None = None
    region: str | None = None
    province: str | None = None
    title: str | None = None
    regions: tuple[str, ...] = ()
    genre: str | None = None  # given by the manifest; else inferred from the text
    reference_date: str | None = None  # given by the manifest; else the issue date or inferred

    @property
    def plan_end_year(self) -> int | None:
        """The last year of the plan period named in the title, if any."""
        title = self.title or ""
        m = _PLAN_SPAN_RE.search(title)
        if m:
            return int(m.group(1))
        m = _FIVE_YEAR_PLAN_RE.search(title)
        return _FIVE_YEAR_PLANS[m.group(1)] if m else None

    @classmethod
    def of(cls, value: DocContext | int | str | None) -> DocContext:
        if isinstance(value, DocContext):
            return value
        return cls(issued_on=None if value is None else str(value))

    @property
    def year_month(self) -> tuple[int | None, int | None]:
        return iso_year_month(self.issued_on)

    @property
    def key(self) -> str:
        """Cache key part: extraction depends on these fields only."""
        year, month = self.year_month
        places = hashlib.sha256("|".join(self.regions).encode()).hexdigest()[:8]
        return (f"{year}-{month}-{self.level}-{self.region}-{self.province}-"
                f"{self.plan_end_year}-{places}-{self.genre}-{self.reference_date}")


def longest_first(names: Iterable[str]) -> str:
    """The alternation of ``names``, longest first: at each position the longest name there."""
    # (ties in code order: the same text in every process, whatever order a set gave)
    return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


def name_trie(names: Iterable[str]) -> str:
    """A pattern matching what :func:`longest_first` matches, as a trie: the names sharing a
    first character share one branch, so at each position of a text the engine tests one
    branch per character instead of every name in turn (the places' pattern, hundreds of
    names, is searched in the sentences before every value).  A name that is a prefix of a
    longer one ends in an optional group tried longest first, and the branches of a node
    open on distinct characters: at most one of them can go on, so the first match found at
    a position is the longest name there, as in the alternation."""
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # (the end of a name)
    return _trie_branches(trie)


def _trie_branches(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_branches(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@functools.lru_cache(maxsize=64)
def _places_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    names = tuple(n for n in names if len(n) >= 2)
    if not names:
        return None
    return re.compile(name_trie(names))


@dataclass(frozen=True)
class Places:
    """Known region names, and which of them are the document's own.

    ``regex`` holds the shared list of regions (compiled once for every document: a
    pattern of hundreds of names takes milliseconds to compile); ``extra`` the
    document's own names missing from that list, longest first, found with ``str.find``.
    """

    regex: re.Pattern[str] | None
    own: frozenset[str]
    extra: tuple[str, ...] = ()
    # the text's own place is a district, county or banner (not a county-level city): the
    # 全市 it names is the city above it
    district: bool = False

    def other_in(self, text: str) -> bool:
        """True when ``text`` names another place (own names are matched too, so the
        鞍山市 inside 马鞍山市 does not count)."""
        return any(name not in self.own for name, _ in self.named(text))

    def own_again(self, text: str, pos: int, end: int) -> bool:
        """The last place named in ``text[pos:end]`` is the document's own and opens a
        clause ("…90%，汝州市将其作为底线，确保…"): after citing another place, the
        document speaks for itself again.  Not its name right after the verb of a cited
        demand ("平顶山市要求汝州市…"): that is still the other place's."""
        named = list(self.named(text, pos, end))
        if not named:
            return False
        name, k = named[-1]
        return name in self.own and k > pos and text[k - 1] in _CLAUSE_OPENERS

    def own_whole_again(self, text: str, pos: int, end: int) -> bool:
        """A clause in ``text[pos:end]`` opens on the whole the document's own county or
        banner speaks of ("六安市规划明确全市…达到30%，全县力争达到28%" in 金寨县's plan):
        after a higher place's goal, the document's own.  (A county-level city's 全市 is
        also its prefecture's, a district's 全区 an autonomous region's: not told apart.)"""
        for whole in {"全" + n[-1] for n in self.own if n[-1] in "县旗"}:
            k = text.find(whole, pos, end)
            while k >= 0:
                if k > pos and text[k - 1] in _CLAUSE_OPENERS:
                    return True
                k = text.find(whole, k + 1, end)
        return False

    def named(self, text: str, pos: int = 0, end: int | None = None
              ) -> Iterator[tuple[str, int]]:
        """(name, start) of the places named in ``text[pos:end]``, left to right: one
        alternation of every name, longest first; with names outside the shared list,
        at the leftmost place a name starts, the longest name there; then on after it."""
        end = len(text) if end is None else end
        if not self.extra:
            if self.regex is not None:
                for m in self.regex.finditer(text, pos, end):
                    yield m.group(0), m.start()
            return
        while True:
            best: tuple[int, int] | None = None
            m = self.regex.search(text, pos, end) if self.regex is not None else None
            if m is not None:
                best = m.span()
            for name in self.extra:
                k = text.find(name, pos, end)
                if k >= 0 and (best is None or k < best[0]
                               or (k == best[0] and k + len(name) > best[1])):
                    best = (k, k + len(name))
            if best is None:
                return
            yield text[best[0]:best[1]], best[0]
            pos = best[1]


# the marks after which a place's name opens a clause of its own
_CLAUSE_OPENERS = "，,；;。：:\n"


# The people an autonomous prefecture is named for: its short name is the place before
# them and 州 ("德宏傣族景颇族自治州" is written 德宏州, "克孜勒苏柯尔克孜自治州" 克孜勒苏州)
_PEOPLES_RE = re.compile(
    r"蒙古|哈萨克|柯尔克孜|朝鲜|土家|哈尼|布依|傈僳|景颇|[傣苗藏彝壮侗羌白回]族")


def short_name(name: str) -> str | None:
    """The name an autonomous prefecture goes by in running text, or None."""
    if not name.endswith("自治州") or (m := _PEOPLES_RE.search(name)) is None or m.start() < 2:
        return None
    return name[:m.start()] + "州"


def _with_short_names(names: Iterable[str]) -> set[str]:
    out = set(names)
    out |= {short for n in out if (short := short_name(n))}
    return out


@functools.lru_cache(maxsize=8)
def _shared_places(regions: tuple[str, ...]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The pattern and the names of the regions every document of a build shares: made
    once per build, not once per document (hundreds of names, each tried as a short name)."""
    shared = tuple(sorted(_with_short_names(regions)))
    return _places_regex(shared), frozenset(shared)


def places_of(ctx: DocContext) -> Places | None:
    regex, known = _shared_places(ctx.regions)
    own = _with_short_names(n for n in (ctx.region, ctx.province) if n)
    extra = tuple(sorted({n for n in own if len(n) >= 2} - known, key=len, reverse=True))
    if regex is None and not extra:
        return None
    return Places(regex, frozenset(own | {"全国"}), extra)


# a full date "2023年5月6日": found by its 年…月…日 (the regex engine skips ahead to a
# 年; a pattern opening on the year's digits is tried at every digit), its year checked after
_MONTH_DAY_RE = re.compile(r"年(\d{1,2})月\d{1,2}日")
_FULL_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
# the document's own 文号 near a line start: "…〔2023〕12号"
_OWN_NUMBER_YEAR_RE = re.compile(r"^[^《（(\n]{0,30}?[〔\[]((?:19|20)\d{2})[〕\]]\d+号", re.M)


def doc_date_guess(text: str) -> tuple[int | None, int | None]:
    """(year, month) a document was issued, from its latest full date or its 文号."""
    dates = [
        (int(text[y - 4:y]), int(m.group(1)))
        for m in _MONTH_DAY_RE.finditer(text)
        if (y := m.start()) >= 4 and _FULL_YEAR_RE.fullmatch(text, y - 4, y)
    ]
    if dates:
        return max(dates)
    own = _OWN_NUMBER_YEAR_RE.search(text[:600])
    return (int(own.group(1)), None) if own else (None, None)


# Sections that look back (发展现状, “十三五”时期主要成就, 2023年工作完成情况) report
# statistics; sections that look forward (目标, 任务, 工作安排) set targets.
_REVIEW_HEADING = re.compile(
    r"发展基础|工作基础|现实基础|成就|成效|成绩|现状|规划背景|发展背景|基本情况|形势|存在(?:的)?问题|"
    r"面临|回顾|完成情况|进展情况|工作情况|工作总结|主要做法"
)
# "巩固提升医共体建设成效", "扩大改革成果": building on results is a task ahead
_BUILD_ON_RE = re.compile(
    r"(?:巩固|提升|扩大|放大|深化|拓展|用好)[^,，。;；]{0,12}?(?:成效|成果|成就|成绩)")
# "健康上海行动", "健康中国行动": a campaign's name, whose 行动 is no work to do (under a
# review's heading it reports, under a plan's it sets tasks)
_CAMPAIGN_RE = re.compile(r"健康[\u4e00-\u9fff]{1,4}?行动")
# (not 重点人群 of an indicator's name: "（五）重点人群家庭医生签约率")
_FORWARD_HEADING = re.compile(
    r"目标|任务|安排|计划|措施|举措|行动|重点(?!人群)|要求|思路|指标|路径|主要工作|工作部署|打算|下一步")


# A heading that ends on how something stands or went ("健康朔州行动深入实施", "重点任务稳步推进",
# "“十四五”目标任务全面完成"):
# its 行动 or 任务 is a name, not work to do; it says neither way and follows its parent (a
# review's item reports, a plan goal's states a goal)
_STATE_AT_END_RE = re.compile(
    r"(?:深入实施|全面实施|扎实推进|持续推进|稳步推进|有序推进|加快落地|全面落地|落地见效|"
    r"不断完善|持续完善|持续优化|不断优化|显著提升|稳步提升|持续提升|明显提升|不断加强|持续加强|"
    r"全面完成|圆满完成|顺利完成|超额完成|如期完成|基本完成)"
    r"[。.]?$")


# a heading's leading marker: "一、", "（一）", "1."
_HEADING_MARKER_RE = re.compile(r"^\S{0,6}?[、.．)）]")


@functools.lru_cache(maxsize=4096)  # a document's headings are read several times
def _own_outlook(heading: str) -> bool | None:
    """What a heading's own words say: looks back (True), forward (False), or neither."""
    text = _CAMPAIGN_RE.sub("", _BUILD_ON_RE.sub("", _HEADING_MARKER_RE.sub("", heading)))
    if _REVIEW_HEADING.search(text):
        return True
    if _FORWARD_HEADING.search(text) and not _STATE_AT_END_RE.search(text):
        return False
    return None


def section_outlook(headings: list[Heading]) -> list[bool | None]:
    """For each heading: does the text under it (until the next heading) look back
    (True), forward (False), or neither (None)?

    The innermost heading that says either way decides; a heading that says
    neither (（一）优化资源配置) inherits from its parents.
    """
    flags: list[bool | None] = []
    stack: list[tuple[int, bool | None]] = []  # (level, what decides under it)
    for h in headings:
        while stack and stack[-1][0] >= h.level:  # (the stack's levels rise to its top)
            stack.pop()
        own = _own_outlook(h.text)
        decided = own if own is not None or not stack else stack[-1][1]
        stack.append((h.level, decided))
        flags.append(decided)
    return flags


_GOALS_HEADING = re.compile(r"目标|指标")


def goal_flags(headings: list[Heading], outlook: list[bool | None] | None = None) -> list[bool]:
    """For each heading: is the text under it a plan's statement of goals (发展目标,
    主要指标, or a sub-heading under one: "（二）具体目标", "——资源配置更加合理")?
    ``outlook``: the headings' :func:`section_outlook`, when the caller has it."""
    outlook = section_outlook(headings) if outlook is None else outlook
    flags: list[bool] = []
    stack: list[tuple[int, bool]] = []  # (level, it or a heading over it states goals)
    for h, looks in zip(headings, outlook, strict=True):
        while stack and stack[-1][0] >= h.level:  # (the stack's levels rise to its top)
            stack.pop()
        own = bool(_GOALS_HEADING.search(h.text)) and looks is not True
        goals = own or bool(stack and stack[-1][1])
        stack.append((h.level, goals))
        flags.append(looks is not True and goals)
    return flags


def review_flags(headings: list[Heading], outlook: list[bool | None] | None = None
                 ) -> list[bool]:
    """For each heading: does the text under it look back (发展现状, 完成情况)?
    ``outlook``: the headings' :func:`section_outlook`, when the caller has it."""
    return [f is True for f in (section_outlook(headings) if outlook is None else outlook)]


def section_paths(headings: list[Heading]) -> list[tuple[str, str]]:
    """For each heading: (its text, the path of headings down to it), computed once."""
    out: list[tuple[str, str]] = []
    path: list[tuple[int, str]] = []  # (level, path down to it), shallowest first
    for h in headings:
        while path and path[-1][0] >= h.level:  # (its levels rise to its top)
            path.pop()
        joined = f"{path[-1][1]} > {h.text}" if path else h.text
        path.append((h.level, joined))
        out.append((h.text, joined))
    return out


def section_for(paths: list[tuple[str, str]], starts: list[int], pos: int) -> tuple[str, str]:
    """(section heading, heading path) of normalised position ``pos``."""
    i = bisect_right(starts, pos) - 1
    return paths[i] if i >= 0 else ("", "")


# Whose voice a text speaks in when no level is known: 我国/全国, 全省/我省, 全市/我市, 全县/我县.
# a district's body acting or speaking: "高淳区印发《…》", "某区卫生健康局"
# (its 区 first, the two characters before it looked behind at: the engine then skips to
# each 区 in C instead of trying a run of characters at every one of the text's)
_DISTRICT_BODY_RE = re.compile(
    r"区(?<=[\u4e00-\u9fff]{2}区)(?<!自治区)"
    r"(?:人民政府|政府|卫生健康局|卫健局|卫生健康委|卫健委|印发|出台)")
_VOICE = (
    ("national", ("我国", "全国")),
    ("provincial", ("全省", "我省", "本省")),
    # (an autonomous prefecture, a league, a prefecture speak as 全州, 全盟, 全地区)
    ("municipal", ("全市", "我市", "本市", "全州", "我州", "本州", "全盟", "我盟", "全地区")),
    ("county", ("全县", "我县", "本县")),
)
_DISTRICT_VOICE = ("county", ("全区", "我区", "本区"))
# Every voice word, found in one scan of the text: no word's end is another's beginning
# (a test keeps it so), so each is found as often as ``str.count`` finds it
_VOICE_WORDS_RE = re.compile("|".join(
    w for _, words in (*_VOICE, _DISTRICT_VOICE) for w in words))


# A district's own title: "沈阳市浑南区智慧医疗建设实施方案", "某区卫生健康局…",
# "2023年某区…统计简报" (its 全区 is itself, not an autonomous region)
_DISTRICT_TITLE_RE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}年(?:度)?)?(?:[^\n，。,_]{1,8}?市)?[^\n，。,_市省]{1,6}?(?<!自治)区"
    r"(?!域|块|位|县)"
    r"[^\n_]{0,30}?(?:方案|规划|意见|计划|要点|通知|报告|总结|局|政府|委员会|公报|简报|提要)")


# A news headline opening on a district's name: "西秀区：今年重点人群签约率要达82%",
# "伊州区智慧医院建设提速" (not 全区, 自治区, 区域, 区级, a 1-character 城区/社区, a
# spam line's 一区二区, nor a site's name and menu: "毕节试验区网  首页 | 时政")
_DISTRICT_HEADLINE_RE = re.compile(
    r"^\s*(?![全我本该各辖])[\u4e00-\u9fff]{2,5}?(?<!自治)(?<![一二三四五六七八九十])区"
    r"(?![域块位县内外级划别属网])[^\n_|>]{4,40}$")


# "各县（市、区）人民政府，市直有关单位：": whom a notice is sent to, not who speaks
_SALUTATION_LINE_RE = re.compile(r"\s*各|.*[:：]\s*$")


def speaking_level(text: str, head_lines: list[str]) -> str | None:
    """The level a text of unknown origin speaks for: a district that names itself in its
    title or headline; else the scope it names as its own most often (at least twice), so that a
    national news report's "全国居民…不低于22%" is not read as another scope's goal.
    ``head_lines``: the head's lines as laid out in the raw text (:meth:`NormText.raw_lines`)."""
    # the title, or a web page's headline under its navigation lines
    if any(_DISTRICT_TITLE_RE.match(line) or _DISTRICT_HEADLINE_RE.match(line)
           for line in head_lines[:8]
           if len(line) <= 60 and not _SALUTATION_LINE_RE.match(line)):
        return "county"
    voice = _VOICE
    if "自治区" not in text and _DISTRICT_BODY_RE.search(text):
        # a district's body speaks (高淳区印发…): its 全区 is the district, not a region
        voice = (*_VOICE, _DISTRICT_VOICE)
    found = Counter(_VOICE_WORDS_RE.findall(text))
    n, level = max((sum(found[w] for w in words), level) for level, words in voice)
    return level if n >= 2 else None
