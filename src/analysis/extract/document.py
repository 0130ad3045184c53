"""The document pass: normalise -> document context -> sentences and tables -> targets
and statistics.

Document context first (:mod:`analysis.extract.genre`: genre and reference date;
:mod:`analysis.extract.context`: issue date, plan period, places, sections), then each
sentence of each paragraph is read (:mod:`analysis.extract.reader`) with the year and
subject its paragraph carries, tables are read (:mod:`analysis.extract.tables`), and
finally the genre decides: a bulletin or a review yields statistics only, a work
report targets only under its forward-looking headings.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from analysis.extract.context import (
    DocContext,
    Places,
    doc_date_guess,
    goal_flags,
    iso_year_month,
    places_of,
    review_flags,
    section_for,
    section_outlook,
    section_paths,
    speaking_level,
)
from analysis.extract.genre import (
    DocumentKind,
    document_kind,
    head_plan_year,
    leads_with_results,
    plans_next_year,
    relative_years,
)
from analysis.extract.numbers import FIVE_YEAR_PLANS, YearMention, find_values, find_years
from analysis.extract.reader import _SentenceReader
from analysis.extract.segment import (
    Heading,
    Note,
    bracket_pairs,
    enclosure,
    find_headings,
    find_responsibility_notes,
    split_sentences,
)
from analysis.extract.sentence import (
    _GOAL_NEWS_RE,
    _GOAL_YEAR_RE,
    _INTENT_OPENS_RE,
    _PLAN_STATES_RE,
    _YEAR_OF_NEXT_RE,
    FIELD_LINE_RE,
    NOT_DATING,
    _Doc,
)
from analysis.extract.statistics import (
    STATES_AFTER_RE,
    about_part_of_a_year,
    goal_against_result,
    held_over_years,
    intends,
    one_years_flow,
    recalls_a_goal,
    states_a_goal,
)
from analysis.extract.subjects import (
    _in_spans,
)
from analysis.extract.tables import read_tables
from analysis.extract.target import Target
from analysis.extract.vocabulary import (
    _BULLET_RE,
    NOT_SO_FAR,
    THIS_YEAR_AHEAD,
)
from analysis.extract.words import commitment_positions
from analysis.ingest.textnorm import BARE_NAME_RE, YEAR_FIELD_RE, NormText, normalize


def _responsible_for(notes: list[Note], note_starts: list[int], heading_starts: list[int],
                     sent_end: int) -> str | None:
    """The units of the first responsibility note from the sentence's end on, unless it is
    more than 3000 characters away or a heading comes between.  Both are in text order
    (``note_starts``: the notes' starts): bisected, not scanned per target."""
    i = bisect_left(note_starts, sent_end - 1)
    if i == len(notes) or notes[i].start - sent_end > 3000:
        return None
    h = bisect_left(heading_starts, sent_end)
    if h < len(heading_starts) and heading_starts[h] < notes[i].start:
        return None
    return notes[i].units


@dataclass
class Extraction:
    """What one document yields: targets, statistics (observations) and what kind of
    document it is (genre and reference date, each with how it was inferred)."""

    targets: list[Target]
    statistics: list[Target]
    kind: DocumentKind


def extract_targets(raw: str, context: DocContext | int | str | None = None) -> list[Target]:
    """Every quantitative target in ``raw``, in document order, not yet mapped.

    ``context`` (see DocContext; a bare year or ISO date is accepted) tells
    statistic years from target years; the issue date is guessed from the
    signing date or 文号 when not given.
    """
    return extract_document(raw, context).targets


def _document_kind(text: str, ctx: DocContext) -> DocumentKind:
    given = ctx.reference_date or ctx.issued_on
    source = "manifest" if ctx.reference_date else "issue date"
    return document_kind(text, ctx.title, genre=ctx.genre, reference=given,
                         reference_source=source, signed=doc_date_guess(text))


def extract_document(raw: str | NormText,
                     context: DocContext | int | str | None = None) -> Extraction:
    """Targets and statistics of one document, with its genre and reference date.

    Passes: normalise -> document context (genre, reference date, plan period,
    sections) -> sentences (values, years, subjects) and tables -> target or
    statistic.  A bulletin or a review yields statistics only; a work report
    yields targets only in its forward-looking sections (工作安排, 工作计划).
    ``raw`` may come already normalised (the build normalises each document once, for
    its metadata and its extraction alike).
    """
    ctx = DocContext.of(context)

    nt = raw if isinstance(raw, NormText) else normalize(raw)
    text = nt.text
    kind = _document_kind(text, ctx)
    pairs = bracket_pairs(text)
    depth, qdepth = enclosure(text, pairs)
    headings = find_headings(text)
    heading_years = _heading_years(headings)
    # a title year (2024年工作要点) says which year the text is about, not when it speaks
    dated = kind.reference_date if kind.reference_date_source != "title year" else None
    guessed = ctx.year_month if ctx.issued_on else iso_year_month(dated)
    plan_end_year = ctx.plan_end_year or head_plan_year(text, kind.genre)
    stat_year = _statistics_year(text, kind, plan_end_year)
    # a bulletin dated only by its title year, an undated review by the year it stands at:
    # their year columns up to that year are statistics
    table_year = guessed[0] if guessed[0] is not None or kind.genre not in (
        "bulletin", "review") else stat_year
    table_targets, masked, table_stats = read_tables(
        nt, table_year, plan_end_year, stat_year, _period_base_year(text, plan_end_year),
        reports=kind.genre in ("bulletin", "review"))
    years = find_years(text)
    plan_start = _plan_start(text, plan_end_year)
    speaks_in: int | None = None
    next_year: int | None = None  # what 明年 means, when not the year after speaks_in
    if kind.genre == "bulletin" and kind.title_year is not None:
        # "《2023年…事业发展情况》", published in 2024: its 年内 / 全年 is the year it reports
        speaks_in = kind.title_year
    elif kind.reference_year is not None:  # 今年 / 明年 in a dated news report or work plan
        speaks_in = kind.reference_year
        if kind.reference_date_source == "title year" and plans_next_year(text[:_TITLE_CHARS]):
            # "2022年工作总结和2023年工作思路": its 今年 is the year planned; a 明年 in it is
            # that year too (said in the year summed up: it plans one year, not two ahead)
            speaks_in = next_year = kind.reference_year + 1
        elif kind.title_year is not None and kind.reference_year == kind.title_year + 1 \
                and plans_next_year(text[:_TITLE_CHARS]):
            # the same summary put online in the year it plans (发布时间：2023-01-16): written
            # at the end of the year summed up, its 明年 is still the year planned
            next_year = kind.reference_year
    elif kind.genre == "news_of_plan" and plan_start is not None and plan_end_year is not None \
            and plan_end_year - plan_start <= _SHORT_PLAN_YEARS:
        # undated news of a plan for a few years (…实施方案（2023—2025年）) is news of its
        # issue: its 今年 is the plan's first year
        speaks_in = plan_start
    if speaks_in is not None:
        relative = relative_years(text, speaks_in, next_year)
        years = sorted(years + _within_past_sections(text, relative, headings, heading_years,
                                                     speaks_in),
                       key=lambda y: y.start)
    to_years = [y.year for y in years if y.kind in ("to", "period")]
    # (what each section looks to, read once for the sentences, the deadline and the genre)
    outlook = section_outlook(headings)
    goals = goal_flags(headings, outlook)
    level = _scope_level(ctx.level, ctx.region) \
        or speaking_level(text, nt.raw_lines(nt.raw_start(_TITLE_CHARS)))
    doc = _Doc(
        nt=nt,
        doc_year=guessed[0],
        doc_month=guessed[1],
        level=level,
        plan_end_year=plan_end_year,
        other_places=_as_district(_own_place_from_head(
            places_of(ctx), nt, ctx, headings[0].start if headings else None), level),
        first_target_year=min(to_years) if to_years else None,
        # (undated news of a year's plan, 《2024年…工作要点》, speaks in that year too: its
        # 去年 and 2023年 are looked back on)
        report_year=speaks_in if kind.genre in ("work_report", "news_of_plan")
        and guessed[0] is None else None,
        sole_deadline=(plan_deadline(to_years, [y.year for y in years if y.kind == "to"
                                                 and text[y.start] in "到至"])
                       or _goals_deadline(years, headings, to_years, goals))
        if kind.genre == "plan" else _plan_stated_deadline(text, years)
        if kind.genre == "news_of_plan" else None,
        values=find_values(text),
        years=years,
        depth=depth,
        qdepth=qdepth,
        headings=headings,
        notes=find_responsibility_notes(nt, pairs),
        masked=masked,
        word_hits=commitment_positions(text),
        genre=kind.genre,
        restates_plan=kind.restates_plan,
        leads_with_results=kind.genre == "news_of_plan" and leads_with_results(text),
        one_year_plan=(kind.genre == "plan" and kind.title_year is not None
                       and plan_end_year == kind.title_year),
        part_year=about_part_of_a_year(text[:_TITLE_CHARS].split("\n", 1)[0]),
        plan_start_year=plan_start,
        speech=_speech_spans(text, pairs),
    )
    doc.stat_year = stat_year
    doc.base_year = _period_base_year(text, plan_end_year)
    doc.last_actual_year = _last_actual_year(text, kind.genre, guessed[0], plan_end_year)
    found: list[Target] = []
    stats: list[Target] = []
    para_year: int | str | None = None
    para_data_year: int | None = None  # the last year the paragraph named, of any role
    para_subject = ""
    list_mode = False
    list_year: int | str | None = None  # the year of the intro of the list (list_mode)
    items_year: int | str | None = None  # the year before a paragraph's 一是/二是 items
    item_name = ""  # the name a numbered item opened its paragraph on
    item_heading = False  # ... on a heading's marker: （一）
    review = review_flags(headings, outlook)
    heading_starts = [h.start for h in headings]
    # where a value, a year or a commitment word stands: a sentence with none is idle
    readable = sorted({*doc.value_starts, *doc.year_starts, *doc.word_hits})
    note_starts = [n.start for n in doc.notes]
    for s0, s1 in split_sentences(text, depth):
        if s0 == 0 or text[s0 - 1] == "\n":
            # A new paragraph starts without an inherited year, unless it is an item of a
            # list the previous paragraph introduced ("到2025年，…：" then "——…；" lines).
            bullet = _BULLET_RE.match(text, s0)
            before = _char_before_lines(text, s0)
            if before == ":":
                list_mode = True
                list_year = para_year
            elif not bullet:
                list_mode = False
            # a line after one ending in ";" goes on with the same list of goals
            # ("到2025年，全区…实现全覆盖；\n县域内就诊率达到90%，…")
            if not (list_mode or before == ";" or (bullet and bullet.group("dash"))):
                para_year = None
                para_data_year = None
                items_year = None
            elif list_mode and bullet and list_year is not None:
                # each item of a list its dated intro opens ("2024年主要民生任务：" then
                # "——…" lines) starts from the intro's year, not from a year the item
                # before named for itself ("…按照国家要求，到2025年全国…")
                para_year = list_year
            if not list_mode and not text.startswith("其中", s0):
                para_subject = ""  # (a line opening on 其中 is a part of the one before)
            if not (FIELD_LINE_RE.match(text, s0) or YEAR_FIELD_RE.match(text, s0)):
                item_name = ""  # (an item's fields, one a line, go on with its name)
        if (enum := _ENUMERATED_RE.match(text, s0)) is not None:
            # "一是…，力争明年通过评审。…四是…素养水平达到22%": a year an item names dates that
            # item; the next goes on with the year before the items
            if enum.group("n") == "一":
                items_year = para_year
            else:
                para_year = items_year
        if masked and _in_spans(s0, masked) and _in_spans(s1 - 1, masked):
            continue
        if YEAR_FIELD_RE.match(text, s1 + 1) and BARE_NAME_RE.fullmatch(text[s0:s1].strip()):
            # "县域内住院人次占比" over "2022年：80.1%" / "2023年：81.5%": the name of its years
            para_subject = item_name = text[s0:s1].strip()
            item_heading = False
            continue
        if (item := _ITEM_NAME_RE.fullmatch(text, s0, s1)) is not None \
                and _idle(doc.word_hits, s0, s1):  # ("6. 全市…医院均设立老年医学科。": a goal)
            para_subject = item_name = item.group("name")  # what the item's values are of
            item_heading = item.group("heading") is not None
            continue
        if _idle(readable, s0, s1):
            continue  # no value, year or commitment word: nothing to read or pass on
        in_review = review[bisect_right(heading_starts, s0) - 1] if heading_starts else False
        reader = _SentenceReader(doc, s0, s1, para_year, in_review and s0 >= heading_starts[0],
                                 para_subject)
        reader.data_year_default = para_data_year
        # (an item under a heading "（一）每千人口…床位数" names the values of its field lines
        # only: under "（一）基层服务能力提升" a sentence's values are not of the heading)
        reader.item_name = item_name if not item_heading \
            or FIELD_LINE_RE.match(text, text.rfind("\n", 0, s0) + 1) else ""
        if heading_starts and s0 >= heading_starts[0]:
            at = bisect_right(heading_starts, s0) - 1
            reader.section_year = heading_years[at]
            reader.goal_section = goals[at]
        for _, t in reader.read():
            t.responsible = _responsible_for(doc.notes, note_starts, heading_starts, s1)
            found.append(t)
        stats.extend(t for _, t in reader.stats)
        para_subject = reader.last_subject or para_subject
        if _NOTE_RE.match(text, s0):
            continue  # "注：本年为2023年，上年为2022年。": a table's note dates no prose after it
        context = reader.year_context()
        if context is not None:
            para_year = context
        # the paragraph's year for its undated statistics: not a year compared with
        # ("比2015年提高…") nor a base year ("由2015年的…")
        dated = [y for y in reader.years if reader._year_role(y) not in NOT_DATING]
        # (nor a year that dates only the value right after it, beside the sentence's own:
        # "2023年居民健康素养水平28.7%，2022年为26.1%" stands in 2023; a series of such years,
        # "2021年为24.1%，2022年为27.3%", at its last; but not such a year in brackets, the
        # aside of the year before: "…4.71张（2022年为4.43张）。…0.66张" stands where it stood)
        dated = [y for y in dated if not _YEAR_OF_NEXT_RE.match(text, y.end)] or [
            y for y in dated if not doc.depth[y.start]]
        if dated:
            para_data_year = dated[-1].year
    found.extend(table_targets)
    stats.extend(table_stats)
    found.sort(key=lambda t: (t.char_start, t.value_start))
    starts = [h.start for h in headings]
    paths = section_paths(headings)
    for t in found + stats:
        t.section, t.section_path = section_for(paths, starts, _norm_pos(nt, t.char_start))
    found, reported = _by_genre(found, kind, nt, headings, heading_years, doc.stat_year,
                                doc.part_year, doc.last_actual_year, outlook)
    stats = sorted(stats + reported, key=lambda t: (t.char_start, t.value_start))
    if kind.genre == "bulletin" and kind.title_year is not None:
        for t in stats:  # 《2023年…统计公报》: its undated numbers are of 2023
            if t.target_year is None:
                t.target_year, t.year_source = kind.title_year, "title year"
    return Extraction(found, stats, kind)


# The year of the nation's long-term vision (2035年远景目标): a plan states it beside its own
# horizon ("到2025年，…。到2035年，基本建成…"), and its tasks are for the near deadline
VISION_YEAR = 2035


def plan_deadline(to_years: list[int], stated: list[int] | None = None) -> int | None:
    """The deadline a plan's undated targets are meant for: its one 到YYYY年, or its one
    deadline before the long-term vision year; None when it names two near deadlines
    (到2025年 and 到2030年: an undated target could be for either).  Earlier deadlines
    not stated with 到 ("2023年底前完成医共体总医院挂牌") are a task's own, before the
    one horizon the plan states (``stated``: the years written 到YYYY年)."""
    years = set(to_years)
    near = {y for y in years if y < VISION_YEAR}
    if len(near) == 1:
        return near.pop()
    horizon = {y for y in stated or () if y < VISION_YEAR}
    if len(horizon) == 1 and near and max(near) in horizon:
        return horizon.pop()
    return years.pop() if len(years) == 1 else None


def _plan_stated_deadline(text: str, years: list[YearMention]) -> int | None:
    """News of a plan: the one deadline the plan is reported to state ("方案提出，到2025年全市
    …"), the deadline of its goals reported with no year ("方案提出，…力争达到1.35张"); not a
    deadline another body states ("邢台市提出到2025年…")."""
    stated = {y.year for y in years if y.kind == "to" and text[y.start] in "到至"
              and _PLAN_STATES_RE.search(text, _sentence_start(text, y.start), y.start)}
    return stated.pop() if len(stated) == 1 else None


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "。\n") + 1


def _goals_deadline(years: list[YearMention], headings: list[Heading],
                    to_years: list[int], flags: list[bool] | None = None) -> int | None:
    """The horizon a plan states in its goals section (一、工作目标 到2025年…) when that
    section names one deadline and no other in the text is later: "2024年底前，…互认" in
    a task is that task's own deadline, not the plan's.  ``flags``: the headings'
    :func:`goal_flags`, when the caller has them."""
    if not headings:
        return None
    flags = goal_flags(headings) if flags is None else flags
    starts = [h.start for h in headings]
    in_goals = {y.year for y in years if y.kind in ("to", "period")
                and (i := bisect_right(starts, y.start) - 1) >= 0 and flags[i]}
    near = {y for y in in_goals if y < VISION_YEAR}
    if len(near) != 1:
        return None
    horizon = near.pop()
    return horizon if all(y <= horizon or y >= VISION_YEAR for y in to_years) else None


def _as_district(places: Places | None, level: str | None) -> Places | None:
    """The text's places, marked as a district's, county's or banner's when it speaks at
    county level and none of its own places is a county-level city (one the region list
    lacks, named 市): its 全市 is then the city above it."""
    if places is None or level != "county" or any(n.endswith("市") for n in places.extra):
        return places
    return replace(places, district=True)


def _scope_level(level: str | None, region: str | None) -> str | None:
    """The level whose wholes a text speaks of as its own: a county-level city (汝州市, level
    county) says 全市 of itself, as a prefecture does, not 全县."""
    if level == "county" and region and region.endswith("市"):
        return "municipal"
    return level


# A numbered item opening on the name of what it reports, a sentence or a line of its own
# ("1.每千人口医疗卫生机构床位数。" then "2015年为4.86张，规划目标6.0张，2020年实际达到6.32张";
# "（一）每千人口医疗卫生机构床位数" then "基期值：5.46张（2020年）" a line): the name is the
# subject of the values after it (no verb, no number of its own)
# a table's note naming its columns' years: "注：本年为2023年，上年为2022年。"
_NOTE_RE = re.compile(
    r"[ \t\u3000]*(?:注|说明|备注)\s*\d?\s*:\s*(?:本年|上年|今年|去年)(?:数据)?为")
# an enumerated item opening its sentence: "一是…", "二是…"
_ENUMERATED_RE = re.compile(r"[ \t\u3000]*(?P<n>[一二三四五六七八九十]{1,2})是")
_ITEM_NAME_RE = re.compile(
    r"\s*(?:\d{1,2}[.、]|[(（](?:\d{1,2}|(?P<heading>[一二三四五六七八九十]{1,3}))[)）]"
    r"|(?:指标|指标名称|项目名称)[:：])\s*"  # (a record's name field: "指标：每千人口…床位数")
    r"(?P<name>[^,，。;；:：\d\n]{3,30}?)(?:[。:：]\s*|\s*$)")


_NEAR = 64  # characters looked at before a paragraph for its last mark


def _char_before_lines(text: str, pos: int) -> str:
    """The last character before ``pos`` that is no line break ("" for none): looked for
    in the few characters before ``pos`` first, not in a copy of the whole text before it."""
    near = text[max(0, pos - _NEAR):pos].rstrip("\n")
    return near[-1:] if near or pos <= _NEAR else text[:pos].rstrip("\n")[-1:]


def _idle(starts: list[int], s0: int, s1: int) -> bool:
    """No position of the sorted ``starts`` in [s0, s1).  Most sentences of a plan hold no
    value, year or commitment word: such a sentence yields nothing and leaves the
    paragraph's year and subject as they were, so no reader is built for it."""
    i = bisect_left(starts, s0)
    return i == len(starts) or starts[i] >= s1


# (not a year compared with: "9.居民健康素养水平25.4%，比2021年提高…" is an item, not a period)
_HEADING_YEAR_RE = re.compile(
    r"(?<![\d比较])((?:19|20)\d{2})年(?!\s*[-—–~至到])|(十[一-六]五)")
_FIVE_YEAR_END = FIVE_YEAR_PLANS
_FIVE_YEAR_HEAD_RE = re.compile(
    r"十[三四五六]五|((?:19|20)\d{2})\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")


def _own_place_from_head(places: Places | None, nt: NormText, ctx: DocContext,
                         first_heading: int | None = None) -> Places | None:
    """A document whose place is not known speaks for the first place its head names
    ("汉中市印发…实施方案" over a news report), and for the others on that line (the
    city of its province: "江西省赣州市卫生健康委员会"): these are its own, not another's.
    The head ends at the first section heading: a place named in the body (温州市提出…
    in a county's report) is no title's."""
    if places is None or ctx.region or places.regex is None:
        return places
    text = nt.text
    head_end = _HEAD_CHARS if first_heading is None else min(_HEAD_CHARS, first_heading)
    # a place that states a goal (天津市提出，…) is cited, not the text's own
    m = next((x for x in places.regex.finditer(text, 0, head_end)
              if not STATES_AFTER_RE.match(text, x.end())), None)
    unlisted = _unlisted_own_place(places, nt, head_end)
    opens = [k for name in unlisted.own - places.own if (k := text.find(name)) >= 0]
    if m is None or (opens and min(opens) < m.start()):
        # "邵武市卫生健康局 网站首页…" over "…省、南平市的有关要求": the place the head
        # opens on, listed or not
        return unlisted
    line_end = text.find("\n", m.end())
    line_end = min(head_end, len(text) if line_end < 0 else line_end)
    named = {x.group(0) for x in places.regex.finditer(text, m.start(), line_end)}
    return replace(places, own=places.own | named)


_HEAD_CHARS = 400
_TITLE_CHARS = 300  # where a title or a headline under a page's navigation is looked for
# a line of the head opening on a place that issues or acts ("汝州市出台…行动计划",
# "长垣市人民政府关于…", "思明区2024年…"): a county-level city, county or district the region
# list lacks
_TITLE_PLACE_RE = re.compile(
    r"《?(?![全本我各该])([\u4e00-\u9fff]{2,5}?[市县旗区])"
    r"(?=人民政府|政府|卫生健康|卫健|出台|印发|发布|召开|关于|推进|实施|(?:19|20)\d{2}年|[“\"]?十[三四五]五)")


def _unlisted_own_place(places: Places, nt: NormText, head_end: int) -> Places:
    """With no listed place in the head, the place a head line opens on is the text's
    own: "…平顶山市要求各县…90%，汝州市将其作为底线，确保…92%" is then read as the city
    speaking for itself again after citing its prefecture.  Lines are the raw text's (the
    normalised text joins a line without a stop to the next); the window runs to the end
    of the line the head ends on (a title line may be read as the first heading)."""
    raw_stop = nt.raw.find("\n", nt.raw_start(head_end))
    for line in nt.raw_lines(len(nt.raw) if raw_stop < 0 else raw_stop):
        m = _TITLE_PLACE_RE.match(line.strip())
        if m is not None and m.group(1) not in places.own:
            extra = tuple(sorted({*places.extra, m.group(1)}, key=len, reverse=True))
            return replace(places, own=places.own | {m.group(1)}, extra=extra)
    return places


_SPEECH_MARK_RE = re.compile(r"[,。;!?]")


def _speech_spans(text: str, pairs: dict[int, int]) -> list[tuple[int, int]]:
    """Quoted speech: a “…” (or 「…」) pair whose content holds a clause break; a quoted
    name or slogan does not."""
    return sorted((o, c) for o, c in pairs.items()
                  if text[o] in "“「『\"" and _SPEECH_MARK_RE.search(text, o, c))


def _within_past_sections(text: str, found: list[YearMention], headings: list[Heading],
                          heading_years: list[int | None], speaks_in: int
                          ) -> list[YearMention]:
    """年内 under a heading of a year before the one the text speaks in ("一、2023年工作完成
    情况" in a report of 2024: "年内新增全科医生12名，每万人口全科医生达到3.12人"): within
    that year, done, not a deadline of the year ahead."""
    if not headings:
        return found
    years, starts = heading_years, [h.start for h in headings]
    out = []
    for y in found:
        i = bisect_right(starts, y.start) - 1
        if y.kind == "to" and text.startswith("年内", y.start) and i >= 0 \
                and years[i] is not None and years[i] < speaks_in:
            y = YearMention(y.start, y.end, years[i], "bare")
        out.append(y)
    return out


def _heading_years(headings: list[Heading]) -> list[int | None]:
    """For each heading, the year its statistics are of: the year the heading or the
    nearest heading above it names ("一、2023年工作总结", "“十三五”时期主要成就" -> 2020)."""
    out: list[int | None] = []
    # the headings above the one read, shallowest first, each with the year it dates its
    # text by (its own, else the one over it): their levels rise to the top of the stack
    path: list[tuple[int, int | None]] = []
    for h in headings:
        while path and path[-1][0] >= h.level:
            path.pop()
        m = _HEADING_YEAR_RE.search(h.text)
        own = (int(m.group(1)) if m.group(1) else _FIVE_YEAR_END[m.group(2)]) if m else None
        year = own if own is not None or not path else path[-1][1]
        path.append((h.level, year))
        out.append(year)
    return out


def _period_base_year(text: str, plan_end: int | None) -> int | None:
    """The year before the period a plan (or its review) covers: a 基期值 is of it
    (“十四五” -> 2020; 2023—2025年 -> 2022)."""
    if plan_end is None:
        return None
    if (start := _plan_start(text, plan_end)) is not None:
        return start - 1
    m = _FIVE_YEAR_HEAD_RE.search(text[:600])
    return plan_end - 5 if m and m.group(1) is None else None


# a plan of at most this many years (2023—2025: three) is news in its first year
_SHORT_PLAN_YEARS = 2


def _plan_start(text: str, plan_end: int | None) -> int | None:
    """The first year of the period a plan's title spans ("…实施方案（2022—2030年）")."""
    m = _FIVE_YEAR_HEAD_RE.search(text[:600])
    if m and m.group(1) and plan_end is not None and int(m.group(2)) == plan_end:
        return int(m.group(1))
    return None


_MID_TERM_RE = re.compile(r"中期评估|中期总结|中期检查")
_MID_TERM_HEAD = 300
_ANY_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_DATING_YEAR_RE = re.compile(r"(?<![\d较比与同由从自])((?:19|20)\d{2})年")


def _last_actual_year(text: str, genre: str | None, doc_year: int | None,
                      plan_end: int | None) -> int | None:
    """The last year a statistic of the text can be of: the year it was written; an undated
    mid-term review (十四五中期评估) stands before its plan's end."""
    if doc_year is not None:
        return doc_year
    if genre == "review" and plan_end is not None and _MID_TERM_RE.search(text[:_MID_TERM_HEAD]):
        return plan_end - 1
    return None


def _statistics_year(text: str, kind: DocumentKind, plan_end: int | None) -> int | None:
    """The year a statistic with no year of its own is of, from the document: a
    bulletin's title year; a work report's or review's (news's) reported year (see
    :func:`_reported_year`); a review's period end (“十三五”规划总结评估 -> 2020); the
    year before a five-year plan's period (its 发展基础 describes that year)."""
    if kind.genre == "bulletin":
        span = _FIVE_YEAR_HEAD_RE.search(text[:text.find("\n")] if "\n" in text else text)
        if kind.title_year is None and span is not None and span.group(2):
            return int(span.group(2))  # "某市2021—2023年卫生健康事业发展统计": up to 2023
        return kind.title_year
    ref = kind.reference_year
    # a review of a period not yet over (中期评估) speaks of the date its figures stand at
    mid_period = plan_end is None or ref is None or plan_end > ref
    if kind.genre == "review" and plan_end is not None and mid_period \
            and _MID_TERM_RE.search(text[:_MID_TERM_HEAD]) and not _AS_OF_RE.search(text):
        # a 中期评估 with no date its figures stand at: the latest year it names inside its
        # period, before the year it is dated in ("2023年，市卫生健康委组织…中期评估" in a
        # report of December 2023 reports 2022's figures)
        inside = [int(y) for y in _ANY_YEAR_RE.findall(text)
                  if int(y) < plan_end and (ref is None or int(y) < ref)]
        if inside:
            return max(inside)
    if kind.genre in ("work_report", "review") and (kind.genre == "work_report" or mid_period) \
            and (reported := _reported_year(text, kind)):
        return reported
    if kind.genre == "news_of_plan" and ref is not None:
        # news of results that ends on next year's goals: its figures stand where it says
        return _reported_year(text, kind)
    if kind.genre == "review":
        if plan_end is not None and mid_period and _MID_TERM_RE.search(text[:_MID_TERM_HEAD]):
            # a 中期评估 stands at the latest year it names inside its period, before the
            # year it is dated in (a November 2023 review reports 2022's figures)
            inside = [int(y) for y in _ANY_YEAR_RE.findall(text)
                      if int(y) < plan_end and (ref is None or int(y) < ref)]
            return max(inside) if inside else None
        if plan_end is not None and (ref is None or plan_end <= ref):
            return plan_end
        # a dated review of a decade ("十年砥砺奋进…", September 2022): its undated figures
        # stand at the latest year it names before its date (2021)
        # (not a year compared with: "较2020年提高…")
        named = [int(y) for y in _DATING_YEAR_RE.findall(text) if ref is not None and int(y) < ref]
        return max(named) if named else None
    if plan_end is None:
        return None
    if kind.genre == "plan":
        m = _FIVE_YEAR_HEAD_RE.search(text[:600])
        if m and (m.group(1) is None or int(m.group(2)) - int(m.group(1)) == 4):
            return plan_end - 5
    return None


# "截至2023年底", "到2023年末": the date a report's figures stand at
_AS_OF_RE = re.compile(r"(?:截至|截止|到)((?:19|20)\d{2})年(?:底|末|\d{1,2}月(?:底|末)?)")
# (also the clause after a news lead's "记者从…获悉，": "…获悉，2023年我市…位居前列")
_LEAD_YEAR_RE = re.compile(
    r"(?:(?:^|\n)((?:19|20)\d{2})年[,，]|(?:获悉|了解到)[,，]((?:19|20)\d{2})年[,，]?)([^。\n]*)")
# intent in a sentence opening on a year ("2024年，全市将…", "…目标是…"); not a goal named
# as a noun ("围绕“健康简阳”建设目标") nor 主要/需要/要求
_INTENT_RE = re.compile(r"将|力争|争取|计划|(?<![主需重])要(?!求)|目标(?:是|为)|预计")
# "过去一年", "过去的一年", "过去五年": a government work report looks back on the year (or
# the term) before it; its figures stand at the end of the year before it
_PAST_YEAR_RE = re.compile(r"过去(?:的)?[一二三四五]年")
# "今年以来，…", "今年前三季度", "1—11月，全县…": figures of the year the text is dated in,
# so far (not "今年1月起" nor a month of a year named: "2023年1-6月")
_SO_FAR_RE = re.compile(
    r"今年以来|今年(?:前)?[一二三四五六七八九十\d]{1,2}(?:个)?(?:月|季度)"
    r"|(?<![\d年])1\s*[-—–~至]\s*1?\d\s*月(?![\d起])")


def _reported_year(text: str, kind: DocumentKind) -> int | None:
    """The year a work report's or review's undated figures are of: the year its title
    sums up (《2023年工作总结》, published in 2023 or after); the year before a
    report that looks back on 过去一年; else the latest date it says its figures stand
    at (截至2023年底) or a paragraph opens on (2023年，…取得明显成效) when that is the
    reference year or the one before (any, when the text gives no date of its own); a
    dated text's figures of the year so far (今年以来, 1—11月) are of its year."""
    ref = kind.reference_year
    if kind.genre == "work_report" and kind.title_year is not None and (
            ref is None or kind.title_year <= ref):
        return kind.title_year
    if ref is not None and kind.genre in ("work_report", "review") and _PAST_YEAR_RE.search(text):
        return ref - 1  # (a page of results too: "过去一年，全旗…已达到6.75张")
    stood = [int(m.group(1)) for m in _AS_OF_RE.finditer(text)]
    # "2023年，五常市卫生健康局…取得明显成效。": a paragraph opening on the year it reports
    stood += [int(m.group(1) or m.group(2)) for m in _LEAD_YEAR_RE.finditer(text)
              if not _INTENT_RE.search(m.group(3))]
    stood = [y for y in stood if ref is None or ref - 1 <= y <= ref]
    if ref is not None and _SO_FAR_RE.search(text):
        stood.append(ref)
    return max(stood) if stood else None


# A goal recalled in a report, right before its value: "超额完成规划目标(5.8张)", "目标值2人"
_OLD_GOAL_RE = re.compile(r"目标(?:值|任务)?[(:]?$")


# a minimum a report requires ("全年下沉乡镇卫生院医务人员不少于150人次"), no result it gives
# ("完成…不少于…的任务", "累计…")
_MINIMUM_BEFORE_RE = re.compile(r"(?:不少于|不低于|至少)$")
_DONE_RE = re.compile(r"完成|实现了|累计|共计|已")


def _required_minimum(text: str, sentence: int, at: int) -> bool:
    return _MINIMUM_BEFORE_RE.search(text, max(sentence, at - 4), at) is not None \
        and _DONE_RE.search(text, sentence, at) is None


def _by_genre(found: list[Target], kind: DocumentKind, nt: NormText, headings: list[Heading],
              heading_years: list[int | None], stat_year: int | None, part_year: bool = False,
              last_actual: int | None = None, outlook: list[bool | None] | None = None
              ) -> tuple[list[Target], list[Target]]:
    """(targets, statistics): a bulletin's or a review's numbers are all statistics, a work
    report's too except under a forward-looking heading (2024年工作安排).  A number read
    as a target keeps its own year as the year it is of, else takes its section's
    (一、2023年工作开展情况) or the document's (see :func:`_statistics_year`)."""
    if kind.yields_targets:
        keep, reported = _news_reports(found, kind, nt)
        if kind.genre == "news_of_plan":
            # "全年组织…下沉…184人次": the year's total done, with no word of a goal
            done = [t for t in keep if t.annual and t.indicator_text.startswith("全年")
                    and t.target_year is None and _GOAL_NEWS_RE.search(t.quote) is None]
            keep = [t for t in keep if t not in done]
            for t in done:
                t.statistic = True
            reported = sorted(reported + done, key=lambda t: (t.char_start, t.value_start))
        for t in reported:  # undated figures of news stand where the news says they do
            if t.target_year is None and stat_year is not None:
                t.target_year, t.year_source = stat_year, "document"
        return keep, reported
    outlook = section_outlook(headings) if outlook is None else outlook
    starts = [h.start for h in headings]
    keep, reported = [], []
    ref_year = kind.reference_year
    for t in found:
        i = bisect_right(starts, _norm_pos(nt, t.value_start)) - 1
        # "三、2024年工作安排" looks forward; "一、2023年主要工作" in a 2024 report looks back
        past = i >= 0 and ref_year is not None and heading_years[i] is not None \
            and heading_years[i] < ref_year
        at = _norm_pos(nt, t.value_start)
        sentence = max(nt.text.rfind(ch, 0, at) for ch in "。\n") + 1
        if kind.genre == "work_report" and (
                (i >= 0 and outlook[i] is False and not past)
                or _required_minimum(nt.text, sentence, at)
                or _stated_ahead(t, nt, ref_year, kind.title_year == ref_year,
                                 (iso_year_month(kind.reference_date)[1] or 12) <= 6,
                                 kind.title_year is not None and ref_year is not None
                                 and kind.title_year < ref_year)
                or _forward_paragraph(nt, t, ref_year)
                or _under_forward_lead(nt.text, at, starts, outlook, ref_year)):
            keep.append(t)
            continue
        end = _norm_pos(nt, t.value_end - 1) + 1
        clause = max(nt.text.rfind(ch, 0, at) for ch in ",;。\n") + 1
        if t.method == "table" or _OLD_GOAL_RE.search(nt.text, max(0, at - 8), at) \
                or held_over_years(nt.text, clause, at) \
                or states_a_goal(nt.text, clause, at, end) or intends(nt.text, sentence, at) \
                or goal_against_result(nt.text, clause, at, end) \
                or recalls_a_goal(nt.text, sentence, at):
            # the goal a review measures against ("规划目标(5.8张)"), or one it looks ahead
            # to ("“十四五”时期，将把…控制在7.8张，…医师提高到3.1人"): no actual
            continue
        ref_year, ref_month = iso_year_month(kind.reference_date)
        ahead = t.target_year is not None and ref_year is not None and (
            t.target_year > ref_year or (t.target_year == ref_year and (ref_month or 12) <= 6))
        # a text with no date of its own: ahead of the year its figures are of
        ahead = ahead or (ref_year is None and stat_year is not None
                          and t.target_year is not None and t.target_year > stat_year) or (
            last_actual is not None and t.target_year is not None and t.target_year > last_actual)
        goal_year = t.year_source == "sentence" and _only_a_goals_year(
            nt.text, sentence, at, t.target_year)
        if t.aspirational or (ahead and t.year_source == "sentence" and not goal_year):
            continue  # "建议…力争到2025年…达到3人": a goal the report proposes, no actual
        t.statistic = True
        t.annual = t.annual or t.indicator_text.startswith("全年") or (  # the year's total
            not part_year and one_years_flow(nt.text, sentence, clause, at, t.unit))
        if t.year_source not in ("sentence", "paragraph", "table") or ahead or goal_year:
            # a year the text has not seen the end of dates no figure it reports
            t.target_year, t.year_source = _reported_data_year(
                heading_years[i] if i >= 0 else None, kind.reference_year, stat_year)
        reported.append(t)
    return keep, reported


_LINE_RE = re.compile(r"[^\n]+")


def _news_reports(found: list[Target], kind: DocumentKind, nt: NormText
                  ) -> tuple[list[Target], list[Target]]:
    """In a news report, an undated number with no word of a goal in its headline
    ("某县：医共体建设成效显著 县域内就诊率达92.3%") reports where things stand; it is no
    target.  (Undated results in its sentences: ``_Sentence._undated_news_result``.)"""
    if kind.genre != "news_of_plan":
        return found, []
    first = next((m for m in _LINE_RE.finditer(nt.raw) if m.group(0).strip()), None)
    keep, reported = [], []
    for t in found:
        if t.target_year is None and not t.annual and not t.in_words and first is not None \
                and t.char_start < first.end() \
                and not _GOAL_NEWS_RE.search(_headline_part(first, t.char_start)):
            t.statistic = True
            reported.append(t)
        else:
            keep.append(t)
    return keep, reported


# the parts of a headline set apart by spaces: "县域内就诊率达91.6%  今年力争突破92%"
_HEADLINE_PARTS_RE = re.compile(r"[ \t\u3000]{2,}|[ \t]*\u3000[ \t]*")


def _headline_part(line: re.Match[str], at: int) -> str:
    """The part of a headline holding raw position ``at``."""
    start = line.start()
    for gap in _HEADLINE_PARTS_RE.finditer(line.group(0)):
        if line.start() + gap.start() > at:
            return line.string[start:line.start() + gap.start()]
        start = line.start() + gap.end()
    return line.string[start:line.end()]


# A paragraph a report opens on what it plans ("2024年工作思路：坚持稳中求进，力争…", "下一步
# 工作打算：…"): a section ahead with no heading of its own
_FORWARD_LEAD_RE = re.compile(
    r"\s*(?:(?P<year>(?:19|20)\d{2})年(?:度)?|今年|明年|下一步|下半年)?"
    r"(?:工作思路|工作计划|工作安排|重点工作|工作打算|工作重点|主要任务)(?:是|为)?[:：]")


# A line that opens a report's part on the year ahead, its items under it: "今年要重点做好以下
# 工作：", "2024年，重点抓好以下几个方面：", "下一步工作安排如下：", "2024年，我们将着力办好
# 以下民生实事：" (the things to do, however named)
_FORWARD_LEAD_LINE_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?:(?P<year>(?:19|20)\d{2})年(?:度)?|今年|明年|下一步|下一阶段)"
    rf"{NOT_SO_FAR}[,，]?[^。；;\n]{{0,12}}?"
    r"(?:要|将|重点|做好|抓好|安排|计划|思路|打算)[^。；;\n]{0,8}?(?:工作|任务|方面|实事|事项)"
    r"[^。；;\n]{0,6}[:：][ \t\u3000]*$")


def _under_forward_lead(text: str, at: int, starts: list[int], outlook: list[bool | None],
                        ref_year: int | None) -> bool:
    """A work report's goal under a line that opens its part on the year ahead ("今年要重点
    做好以下工作：" then "（七）…县域内就诊率稳定在90%左右"), with no heading that looks back
    between them."""
    lead = ([None, *_FORWARD_LEAD_LINE_RE.finditer(text, 0, at)])[-1]
    if lead is None or (lead.group("year") and ref_year and int(lead.group("year")) < ref_year):
        return False
    i = bisect_right(starts, at) - 1
    return not any(outlook[j] for j in range(i + 1) if starts[j] > lead.start())


def _forward_paragraph(nt: NormText, t: Target, ref_year: int | None) -> bool:
    """The target's paragraph opens on a plan's label for the year ahead (not a past year's:
    "2023年工作计划：" in a 2024 report is no longer ahead)."""
    text = nt.text
    line = text.rfind("\n", 0, _norm_pos(nt, t.value_start)) + 1
    # the label on a line of its own, the goals in the list items under it ("2024年主要任务：" /
    # "——健全医疗卫生服务体系。…达到87%。")
    while (m := _FORWARD_LEAD_RE.match(text, line)) is None:
        if line == 0 or not _BULLET_RE.match(text, line):
            return False
        line = text.rfind("\n", 0, line - 1) + 1
    year = m.group("year")
    return year is None or ref_year is None or int(year) >= ref_year


def _list_start(text: str, at: int) -> int:
    """The start of position ``at``'s line, or of the first item of the list of bullet lines
    it is in ("——今年全市县域内就诊率达到90%；" / "——每万人口全科医生数达到3.8人；")."""
    start = text.rfind("\n", 0, at) + 1
    while start > 0 and _BULLET_RE.match(text, start):
        above = text.rfind("\n", 0, start - 1) + 1
        if not _BULLET_RE.match(text, above):
            break
        start = above
    return start


def _stated_ahead(t: Target, nt: NormText, ref_year: int | None, in_its_year: bool,
                  early: bool = False, of_last_year: bool = False) -> bool:
    """A goal a report's look back states for the year it is written in or later, with an
    intent in its clause ("…超额完成年初确定的90%目标，2024年力争保持在91%以上"); by a
    deadline (按照规划，到2025年…达到8人); or for 明年 in a report written in the year it
    sums up (``in_its_year``: a December summary's 明年 is the next year, a January one's
    could be either); or for 今年 in a report of the year's first half (``early``); or for
    the year it is written in, named, early in that year in a report of the year before
    (``of_last_year``: "2023年全人群签约率达到40%" in a 2022 summary of January 2023, no
    figure of 2023 known yet, unless so far: "2023年1-2月")."""
    if t.year_source == "paragraph" and early and t.target_year == ref_year:
        # "今年县域内就诊率达到91%。…。每万常住人口公共卫生人员达到6.8人。" in a report early in
        # the year: its paragraph (or its list of ——items) on this year's work goes on with
        # this year's goals
        at = _norm_pos(nt, t.value_start)
        return _THIS_YEAR_AHEAD_RE.search(nt.text, _list_start(nt.text, at), at) is not None
    if t.year_source != "sentence" or t.target_year is None or ref_year is None \
            or t.target_year < ref_year:
        return False
    at = _norm_pos(nt, t.value_start)
    clause = max(nt.text.rfind(ch, 0, at) for ch in ",;。\n") + 1
    sentence = max(nt.text.rfind(ch, 0, at) for ch in "。\n") + 1
    deadline = t.target_year > ref_year and re.search(
        f"(?:到|至){t.target_year}年", nt.text[sentence:at]) is not None
    next_year = in_its_year and t.target_year == ref_year + 1 and "明年" in nt.text[sentence:at]
    # "今年县域内就诊率达到91%" in a report of the year's first half: the year ahead of it
    ahead = t.target_year > ref_year or early
    # (the year named in the value's stretch up to a semicolon: "…；县域内…提高到58.9%" after
    # "2024年力争保持在91%以上" is the year before's)
    member = max(nt.text.rfind(ch, 0, at) for ch in ";。\n") + 1
    this_year = t.target_year == ref_year and early and (
        "今年" in nt.text[sentence:at] or (of_last_year and re.search(
            rf"{ref_year}年{NOT_SO_FAR}(?![^,，。;；]*?(?:\d{{1,2}}月|以来|截[至止]))",
            nt.text[member:at]) is not None))
    # "…比例2024年达到100%（目前为66.7%）": the year right before the verb of the value
    dated_verb = ahead and re.search(f"{t.target_year}年(?:底|末)?(?:要|将)?(?:达到|提高到|提升到)",
                                     nt.text[clause:at]) is not None
    # (the year and the intent in this clause, or opening the sentence: "2024年，我们将…，推动…")
    return _AHEAD_INTENT_RE.search(nt.text, clause, at) is not None \
        or _AHEAD_INTENT_RE.match(nt.text, sentence, at) is not None \
        or _INTENT_OPENS_RE.match(nt.text, clause) is not None or deadline or next_year \
        or this_year or dated_verb


# the year, then the intent: "2024年力争…", "今年要…", "2024年推荐标准占比要达到40%" (明年
# only in a report written in the year it sums up, see _stated_ahead); or a clause opening on
# the intent, the year named before it in the sentence (_INTENT_OPENS_RE: "今年将…，力争…92%")
_THIS_YEAR_AHEAD_RE = re.compile(THIS_YEAR_AHEAD)
_AHEAD_INTENT_RE = re.compile(
    r"(?:(?:19|20)\d{2}年|今年)(?:底|末)?(?:前)?[,，]?[^,，。;；\d]{0,16}?"
    r"(?:力争|争取|确保|要(?!求)|将(?!近)|计划)")


def _only_a_goals_year(text: str, start: int, end: int, year: int | None) -> bool:
    """Every mention of ``year`` in ``text[start:end]`` names a goal ("已提前完成2025年
    目标（7.5张）；…医师达到3.12人"): the year is not the figure's."""
    mentions = [m.end() for m in re.finditer(f"{year}年", text[start:end])] if year else []
    return bool(mentions) and all(_GOAL_YEAR_RE.match(text, start + e) for e in mentions)


def _reported_data_year(section: int | None, ref: int | None, document: int | None
                        ) -> tuple[int | None, str | None]:
    """The section's year when it is not ahead of the text, else the document's."""
    if section is not None and (ref is None or section <= ref):
        return section, "section"
    return (document, "document") if document is not None else (None, None)


def _norm_pos(nt: NormText, raw_pos: int) -> int:
    return bisect_right(nt.index, raw_pos) - 1 if nt.index else 0
