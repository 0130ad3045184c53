"""Findings: what the comparison views say, written as sentences (zh and en).

Notebooks, the workbook and the report print these sentences; they never count
or compare anything themselves.  Every sentence is built from the views of
``analysis.compare.views`` (goal_status, city_vs_goals, target_vs_actuals,
provincial_templates, ambition_index), with the numbers and words of
``analysis.formats``, so a sentence and the table beside it cannot disagree.

Sections, in reading order:

* ``goals``     - who exceeds or falls below which national goal of the same year,
                  and targets compared with a goal of the nearest year (labelled);
* ``actuals``   - targets below today's national level, targets a city has already
                  reached, the annual change a target requires beside the national one;
* ``templates`` - identical values across a province's cities (a probable template),
                  with the provincial 文号 their texts cite;
* ``coverage``  - what each city leaves unaddressed and what is not applicable (why);
* ``ambition``  - the ranking, and who is not ranked and why.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis import paths
from analysis.compare import views
from analysis.formats import (
    fmt_number,
    fmt_percent,
    fmt_value,
    fmt_year,
    goal_match_text,
    indicator_name,
    indicator_unit,
    missing,
    word,
)

SECTIONS = ("goals", "actuals", "templates", "coverage", "ambition")
COLUMNS = ["section", "region", "indicator_id", "text"]
MAX_LISTED = 12  # items listed in one sentence before "and others"
MAX_SENTENCES = 15  # sentences per section; beyond, one sentence says how many more


@dataclass
class _Ctx:
    lang: str
    indicators: dict[str, dict[str, object]]
    region_en: dict[str, str]

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def ind(self, indicator_id: str) -> str:
        return indicator_name(self.indicators.get(indicator_id), self.lang, indicator_id)

    def value(self, indicator_id: str, value: object, comparator: object = None) -> str:
        """'4人/万人', '≥75%', '0.55'."""
        row = self.indicators.get(indicator_id, {})
        unit = row.get("unit")
        text = fmt_value(value, unit, comparator)
        if unit == "percent" or unit in ("physicians per bed", "nurses per physician",
                                         "staff per bed") or (unit == "level" and not self.zh):
            return text
        u = indicator_unit(row, self.lang)
        return f"{text}{u}" if self.zh else f"{text} {u}"

    def number(self, indicator_id: str, value: object) -> str:
        """A change or gap in the indicator's unit, by the one number rule ('0.31')."""
        return fmt_number(value, self.indicators.get(indicator_id, {}).get("unit"))

    def place(self, region: str) -> str:
        return region if self.zh else self.region_en.get(region, region)

    def places(self, regions: Iterable[str]) -> str:
        names = [self.place(r) for r in regions]
        sep = "、" if self.zh else ", "
        more = len(names) - MAX_LISTED
        text = sep.join(names[:MAX_LISTED])
        if more > 0:
            text += f"等{len(names)}个" if self.zh else f" and {more} others"
        return text

    def join(self, items: list[str]) -> str:
        sep = "、" if self.zh else ", "
        more = len(items) - MAX_LISTED
        text = sep.join(items[:MAX_LISTED])
        if more > 0:
            text += "等" if self.zh else f" and {more} more"
        return text

    def end(self, text: str) -> str:
        return text + ("。" if self.zh else ".")


def _row(section: str, text: str, region: str | None = None,
         indicator_id: str | None = None) -> dict[str, object]:
    return {"section": section, "region": region, "indicator_id": indicator_id, "text": text}


def _order(ctx: _Ctx) -> dict[str, int]:
    return {ind: k for k, ind in enumerate(ctx.indicators)}


# the columns the findings read of a view, where they are few of many (city_vs_goals: 10 of
# 54, a fifth of the time to read a national store's 61,000 rows)
_COLUMNS_READ = {
    "city_vs_goals": ("region", "indicator_id", "target_year", "reference_level", "verdict",
                      "goal_match", "goal_value", "goal_comparator", "goal_year", "city_value"),
    "target_vs_actuals": ("region", "indicator_id", "target_year", "compare_value",
                          "vs_national_actual", "national_actual", "national_actual_year",
                          "national_annual_change", "national_trend_from_year", "city_actual",
                          "city_actual_year", "vs_city_actual", "required_annual_change"),
    "goal_status": ("region", "goal_id", "indicator_id", "target_year", "status",
                    "city_doc_kinds", "other_value", "other_year"),
}


# --- goals ----------------------------------------------------------------------------------


def _goal_findings(ctx: _Ctx, vs: pd.DataFrame) -> list[dict[str, object]]:
    nat = vs[(vs["reference_level"] == "national") & vs["verdict"].isin(views.COMPARABLE)]
    out: list[dict[str, object]] = []
    order = _order(ctx)
    same = nat[nat["goal_match"] == "same year"]
    keys = sorted({(i, y) for i, y in zip(same["indicator_id"], same["target_year"],
                                           strict=True)},
                  key=lambda k: (order.get(k[0], 10**6), k[0], k[1]))
    for ind, year in keys:
        g = same[(same["indicator_id"] == ind) & (same["target_year"] == year)]
        goal = ctx.value(ind, g["goal_value"].iloc[0], g["goal_comparator"].iloc[0])
        parts = []
        for verdict in views.COMPARABLE:
            rows = g[g["verdict"] == verdict].sort_values("region")
            if rows.empty:
                continue
            cities = ctx.join([f"{ctx.place(r)}（{ctx.value(ind, v)}）" if ctx.zh
                               else f"{ctx.place(r)} ({ctx.value(ind, v)})"
                               for r, v in zip(rows["region"], rows["city_value"], strict=True)])
            parts.append(f"{word(verdict, ctx.lang)}：{cities}" if ctx.zh
                         else f"{word(verdict, ctx.lang)}: {cities}")
        head = (f"{ctx.ind(ind)}（{fmt_year(year, 'zh')}，国家目标{goal}）" if ctx.zh
                else f"{ctx.ind(ind)} ({fmt_year(year, 'en')}, national goal {goal})")
        out.append(_row("goals", ctx.end(head + ("：" if ctx.zh else ": ")
                                          + ("；" if ctx.zh else "; ").join(parts)),
                        indicator_id=ind))
    near = nat[nat["goal_match"] == "nearest year"]
    groups = near.groupby(["indicator_id", "target_year", "city_value", "goal_year", "verdict",
                           "goal_value", "goal_comparator"], sort=False, dropna=False)
    rows = []
    for (ind, year, value, gyear, verdict, gval, gcmp), g in groups:
        rows.append((order.get(ind, 10**6), ind, year, gyear, value, verdict, gval, gcmp,
                     sorted(g["region"])))
    for _, ind, year, gyear, value, verdict, gval, gcmp, regions in sorted(rows, key=str):
        label = goal_match_text(year, gyear, verdict, ctx.lang)
        if ctx.zh:
            text = (f"{ctx.places(regions)}：{ctx.ind(ind)}{fmt_year(year, 'zh')}目标"
                    f"{ctx.value(ind, value)}，没有同年份的国家目标，对照最近年份的国家目标"
                    f"（{fmt_year(gyear, 'zh')}{ctx.value(ind, gval, gcmp)}）——{label}")
        else:
            text = (f"{ctx.places(regions)}: {ctx.ind(ind)} {ctx.value(ind, value)} for "
                    f"{fmt_year(year, 'en')}; no national goal for that year, so against the "
                    f"nearest one ({ctx.value(ind, gval, gcmp)} for {fmt_year(gyear, 'en')}): "
                    f"{label}")
        out.append(_row("goals", ctx.end(text), indicator_id=ind))
    return out


# --- actuals --------------------------------------------------------------------------------


def _actual_findings(ctx: _Ctx, tva: pd.DataFrame) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    order = _order(ctx)
    below = tva[tva["vs_national_actual"] == "below today's national level"]
    keys = sorted({(i, y, v) for i, y, v in zip(below["indicator_id"], below["target_year"],
                                                 below["compare_value"], strict=True)},
                  key=lambda k: (order.get(k[0], 10**6), k[0], k[1], k[2]))
    for ind, year, value in keys:
        g = below[(below["indicator_id"] == ind) & (below["target_year"] == year)
                  & (below["compare_value"] == value)]
        first = g.iloc[0]
        actual = ctx.value(ind, first["national_actual"])
        trend = first["national_annual_change"]
        if ctx.zh:
            ayear = fmt_year(first["national_actual_year"], "zh")
            text = (f"{ctx.places(sorted(g['region']))}：{ctx.ind(ind)}{fmt_year(year, 'zh')}"
                    f"目标{ctx.value(ind, value)}，低于{ayear}全国现状{actual}")
            if not missing(trend):
                span = int(first["national_actual_year"] - first["national_trend_from_year"])
                text += f"（全国近{span}年平均每年变化{ctx.number(ind, trend)}）"
        else:
            text = (f"{ctx.places(sorted(g['region']))}: {ctx.ind(ind)} {ctx.value(ind, value)} "
                    f"for {fmt_year(year, 'en')} is below today's national level "
                    f"({actual} in {fmt_year(first['national_actual_year'], 'en')})")
            if not missing(trend):
                years = int(first["national_actual_year"] - first["national_trend_from_year"])
                text += (f"; nationally it changed by {ctx.number(ind, trend)} a year over the "
                         f"last {years} years")
        out.append(_row("actuals", ctx.end(text), indicator_id=ind))
    observed = tva[tva["city_actual"].notna()].sort_values(["region", "indicator_id"])
    for rec in observed.to_dict("records"):
        ind, region = rec["indicator_id"], rec["region"]
        seen = ctx.value(ind, rec["city_actual"])
        target = ctx.value(ind, rec["compare_value"])
        oyear = fmt_year(rec["city_actual_year"], ctx.lang)
        tyear = fmt_year(rec["target_year"], ctx.lang)
        if rec["vs_city_actual"] == "already reached":
            text = (f"{ctx.place(region)}：{ctx.ind(ind)}{tyear}目标{target}，{oyear}已达到"
                    f"{seen}（{word('already reached', 'zh')}）" if ctx.zh else
                    f"{ctx.place(region)}: the {tyear} target for {ctx.ind(ind)} ({target}) "
                    f"is already reached ({seen} in {oyear})")
        elif not missing(rec["required_annual_change"]):
            need = ctx.number(ind, rec["required_annual_change"])
            nat = rec["national_annual_change"]
            if ctx.zh:
                text = (f"{ctx.place(region)}：{ctx.ind(ind)}从{oyear}的{seen}到{tyear}的{target}，"
                        f"需每年变化{need}")
                if not missing(nat):
                    text += f"（全国近年每年变化{ctx.number(ind, nat)}）"
            else:
                text = (f"{ctx.place(region)}: {ctx.ind(ind)} from {seen} ({oyear}) to "
                        f"{target} ({tyear}) needs a change of {need} a year")
                if not missing(nat):
                    text += f" (nationally {ctx.number(ind, nat)} a year recently)"
        else:
            continue
        out.append(_row("actuals", ctx.end(text), region=region, indicator_id=ind))
    return out


# --- templates ------------------------------------------------------------------------------


def _template_findings(ctx: _Ctx, tpl: pd.DataFrame) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    order = _order(ctx)
    for n, ((province, cities), g) in enumerate(tpl.groupby(["province", "cities"], sort=True)):
        if n >= MAX_SENTENCES:  # _capped shows the first ones only: count the others
            out.append(_row("templates", ""))
            continue
        g = g.assign(_o=g["indicator_id"].map(order)).sort_values(["_o", "target_year"])
        values = [f"{ctx.ind(i)} {ctx.value(i, v)}" for i, v in zip(g["indicator_id"],
                                                                   g["value"], strict=True)]
        cited = sorted({n for cell in g["cited_doc_numbers"].dropna() for n in cell.split(",")})
        citing = sorted({c for cell in g["citing_cities"].dropna() for c in cell.split(",")})
        regions = cities.split(",")
        if ctx.zh:
            text = (f"{ctx.place(province)}：{ctx.places(regions)}在{len(g)}项指标上设定了完全相同"
                    f"的数值（{ctx.join(values)}），很可能沿用省级模板")
            text += (f"；{ctx.places(citing)}的文件引用了省级文件{ctx.join(cited)}" if cited
                     else "；文件中未找到引用的省级文号")
        else:
            text = (f"{ctx.place(province)}: {ctx.places(regions)} set identical values on "
                    f"{len(g)} indicator{'s' if len(g) > 1 else ''} ({ctx.join(values)}), "
                    "probably a provincial template")
            text += (f"; the documents of {ctx.places(citing)} cite the provincial document "
                     f"{ctx.join(cited)}" if cited
                     else "; no provincial document number is cited in their texts")
        out.append(_row("templates", ctx.end(text)))
    return out


# --- coverage -------------------------------------------------------------------------------


def _coverage_findings(ctx: _Ctx, status: pd.DataFrame,
                       kinds: pd.DataFrame) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    order = _order(ctx)
    kind_names = {k: (zh if ctx.zh else en) for k, zh, en in
                  zip(kinds["doc_kind"], kinds["name_zh"], kinds["name_en"], strict=True)}
    regions = sorted(status["region"].dropna().unique())  # (the order of a sorted groupby)
    for region in regions[:MAX_SENTENCES]:
        g = status[status["region"] == region]
        counts = g["status"].value_counts()
        parts = [f"{word(s, ctx.lang)}{int(counts[s])}项" if ctx.zh
                 else f"{int(counts[s])} {word(s, ctx.lang)}"
                 for s in views.STATUSES if s in counts]
        text = (f"{ctx.place(region)}：对照适用的{len(g)}项国家/省级目标，" + "，".join(parts)
                if ctx.zh else f"{ctx.place(region)}: of the {len(g)} national and provincial "
                f"goals that apply, " + ", ".join(parts))
        na = g[g["status"] == "not applicable"]
        if not na.empty:
            doc_kinds = [kind_names.get(k, k)
                         for k in str(na["city_doc_kinds"].iloc[0]).split(",")]
            inds = sorted(set(na["indicator_id"]), key=lambda i: order.get(i, 10**6))
            text += (f"；不适用是因为该市文件属于{ctx.join(doc_kinds)}类，不涉及"
                     f"{ctx.join([ctx.ind(i) for i in inds])}" if ctx.zh else
                     f"; not applicable because its documents are of the kind "
                     f"{ctx.join(doc_kinds)}, which does not cover "
                     f"{ctx.join([ctx.ind(i) for i in inds])}")
        other = g[g["status"] == "set for another year"]
        if not other.empty:
            items = []
            for rec in other.sort_values(["indicator_id", "target_year"]).to_dict("records"):
                ind = rec["indicator_id"]
                value = ctx.value(ind, rec["other_value"])
                items.append(
                    f"{ctx.ind(ind)}（{fmt_year(rec['target_year'], 'zh')}目标；"
                    f"已设{fmt_year(rec['other_year'], 'zh')}：{value}）" if ctx.zh else
                    f"{ctx.ind(ind)} (goal {fmt_year(rec['target_year'], 'en')}; "
                    f"set {fmt_year(rec['other_year'], 'en')}: {value})")
            lead = "；设定了其他年份：" if ctx.zh else "; set for another year: "
            text += lead + ctx.join(items)
        out.append(_row("coverage", ctx.end(text), region=region))
    # _capped shows the first ones only: the others are counted, not sliced out of the
    # frame one by one (a national store has over a thousand cities)
    out += [_row("coverage", "", region=region) for region in regions[MAX_SENTENCES:]]
    open_ = status[status["status"] == "not addressed"]
    if not open_.empty:
        applicable = status[status["status"] != "not applicable"].groupby("goal_id")["region"]
        n_app = applicable.nunique()
        counted = open_.groupby(["goal_id", "indicator_id", "target_year"], dropna=False)
        tops = sorted(((-len(g), order.get(i, 10**6), gid, i, y) for (gid, i, y), g in counted),
                      key=lambda t: t[:2])[:3]
        parts = [f"{ctx.ind(i)}（{fmt_year(y, 'zh')}）{-n}/{int(n_app.get(gid, -n))}" if ctx.zh
                 else f"{ctx.ind(i)} ({fmt_year(y, 'en')}) {-n}/{int(n_app.get(gid, -n))}"
                 for n, _, gid, i, y in tops]
        text = ("城市最常未涉及的目标（未涉及的城市数/适用的城市数）：" + "；".join(parts) if ctx.zh
                else "Goals most often not addressed (cities not addressing it / cities it "
                     "applies to): " + "; ".join(parts))
        out.append(_row("coverage", ctx.end(text)))
    return out


# --- ambition -------------------------------------------------------------------------------


def _ambition_findings(ctx: _Ctx, amb: pd.DataFrame) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    ranked = amb[amb["ranked"].fillna(False).astype(bool)].sort_values(
        ["ambition_rank", "region"])
    if not ranked.empty:
        items = []
        for r in ranked.to_dict("records"):
            share = fmt_percent(r["share_at_least_as_ambitious"])
            n, score = int(r["n_comparable"]), fmt_number(r["ambition_score"])
            items.append(f"{int(r['ambition_rank'])}. {ctx.place(r['region'])}" + (
                f"（{n}项可比目标中{share}不低于国家目标，中位数{score}）" if ctx.zh else
                f" ({share} of {n} comparable targets at least the national goal, "
                f"median ratio {score})"))
        out.append(_row("ambition", ctx.end(
            ("雄心指数排名：" if ctx.zh else "Ambition ranking: ") + ctx.join(items))))
    rest = amb[~amb["ranked"].fillna(False).astype(bool)].sort_values(
        ["n_comparable", "region"], ascending=[False, True])
    if not rest.empty:
        names = [f"{ctx.place(r)}（{int(n)}项）" if ctx.zh else f"{ctx.place(r)} (n={int(n)})"
                 for r, n in zip(rest["region"], rest["n_comparable"].fillna(0), strict=True)]
        text = (f"{ctx.join(names)}可比目标不足{views.MIN_COMPARABLE}项，不排名：只有与国家目标"
                "同一指标、同一年份的数值目标才可比，一两项指标不足以代表一个城市的整体水平"
                if ctx.zh else
                f"{ctx.join(names)}: fewer than {views.MIN_COMPARABLE} comparable targets, not "
                "ranked: only numeric targets with a national goal of the same indicator and "
                "year are comparable, and one or two indicators do not represent a city")
        out.append(_row("ambition", ctx.end(text)))
    return out


# --- entry point ----------------------------------------------------------------------------


def findings(db: views.Source = paths.STORE, lang: str = "zh",
             regions: str | Iterable[str] | None = None,
             sections: Iterable[str] = SECTIONS) -> pd.DataFrame:
    """The findings as rows (section, region, indicator_id, text), in reading order.

    ``regions`` keeps only sentences about those cities (and the province-level
    template sentences naming one of them).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}; one of {SECTIONS}")
    with views._open(db) as con:
        indicators = con.execute("SELECT * FROM indicators ORDER BY rowid").df()
        region_en = dict(con.execute(
            "SELECT region, region_en FROM regions WHERE region_en IS NOT NULL").fetchall())
        kinds = con.execute("SELECT * FROM document_kinds").df()
        frames = views.read_concurrently(con, {
            name: functools.partial(views.read_view, view=name, regions=regions,
                                    columns=_COLUMNS_READ.get(name))
            for name in ("city_vs_goals", "target_vs_actuals", "goal_status", "ambition_index",
                         "provincial_templates")})
    if regions is not None:
        keep = {regions} if isinstance(regions, str) else set(regions)
        tpl = frames["provincial_templates"]
        mask = pd.Series([bool(keep & set(str(c).split(","))) for c in tpl["cities"]],
                         index=tpl.index, dtype=bool)
        frames["provincial_templates"] = tpl.loc[mask]
    ctx = _Ctx(lang, {r["indicator_id"]: r for r in indicators.to_dict("records")}, region_en)
    makers = {
        "goals": lambda: _goal_findings(ctx, frames["city_vs_goals"]),
        "actuals": lambda: _actual_findings(ctx, frames["target_vs_actuals"]),
        "templates": lambda: _template_findings(ctx, frames["provincial_templates"]),
        "coverage": lambda: _coverage_findings(ctx, frames["goal_status"], kinds),
        "ambition": lambda: _ambition_findings(ctx, frames["ambition_index"]),
    }
    rows: list[dict[str, object]] = []
    for name in SECTIONS:
        if name in set(sections):
            rows += _capped(ctx, name, makers[name]())
    return pd.DataFrame(rows, columns=COLUMNS)


def _capped(ctx: _Ctx, section: str, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """At most MAX_SENTENCES per section (hundreds of cities would bury the reader)."""
    if len(rows) <= MAX_SENTENCES:
        return rows
    more = len(rows) - MAX_SENTENCES
    note = (f"本节另有{more}条发现，见相应表格（或按城市筛选）。" if ctx.zh else
            f"{more} more findings in this section: see the tables (or filter by city).")
    return [*rows[:MAX_SENTENCES], _row(section, note)]


def findings_text(db: views.Source = paths.STORE, lang: str = "zh", section: str | None = None,
                  regions: str | Iterable[str] | None = None) -> list[str]:
    """The sentences of one section (or all), for a notebook or a workbook to print."""
    frame = findings(db, lang, regions, sections=(section,) if section else SECTIONS)
    return frame["text"].tolist()
