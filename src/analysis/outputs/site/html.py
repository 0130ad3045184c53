"""HTML that is escaped by default: the only way document text reaches a page.

Every string is escaped when it is put into an element unless it is already
``Markup`` (built by ``el``/``join`` from escaped parts).  So a document
containing ``<script>alert(1)</script>`` is shown as that text, and no page
carries JavaScript at all: the pages also declare ``script-src 'none'``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable

# Chinese first (a Simplified-Chinese face for every CJK glyph), then system fallbacks.
FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", '
              '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
              '"Noto Sans", "Helvetica Neue", Arial, sans-serif')


class Markup(str):
    """A string that is already HTML (escaped where it had to be)."""

    __slots__ = ()


@functools.lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> Markup:
    """Labels, names and numbers repeat on every page (quotes do not, but caching them is
    cheap): each is escaped, and made Markup (a copy of the string), once."""
    return Markup(html.escape(text))


_EMPTY = Markup("")


def esc(value: object) -> Markup:
    """``value`` as HTML text: escaped unless it is ``Markup``; None is empty."""
    kind = type(value)  # (the common cases first, without isinstance)
    if kind is str:
        return _escaped(value)  # type: ignore[arg-type]
    if kind is Markup or isinstance(value, Markup):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        return _escaped(value)
    if value is None:
        return _EMPTY
    if isinstance(value, int | float):
        return _escaped(str(value))
    return join(value)  # type: ignore[arg-type]


def join(children: Iterable[object], sep: str = "") -> Markup:
    """Children escaped and concatenated."""
    return Markup(sep.join([c if isinstance(c, Markup) else esc(c) for c in children]))


def attrs(**values: object) -> str:
    """Attributes from keyword arguments (``class_`` -> class; None and False left out)."""
    return _attrs(values)


def _attrs(values: dict[str, object]) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = _NAMES.get(key) or _NAMES.setdefault(key, key.rstrip("_").replace("_", "-"))
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


_NAMES: dict[str, str] = {}
_VOID = frozenset({"img", "meta", "link", "br", "hr", "input"})


def el(tag: str, *children: object, **attributes: object) -> Markup:
    """``<tag attrs>children</tag>`` with the children escaped."""
    open_tag = f"<{tag}{_attrs(attributes)}>" if attributes else f"<{tag}>"
    if tag in _VOID:
        return Markup(open_tag)
    inner = "".join([c if isinstance(c, Markup) else esc(c) for c in children])
    return Markup(f"{open_tag}{inner}</{tag}>")


def table(header: Iterable[object], rows: Iterable[Iterable[object]],
          class_: str | None = None) -> Markup:
    """A plain table; cells are escaped unless Markup."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{esc(class_)}"' if class_ else ""
    return Markup(f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def page(*, title: str, body: Markup, lang: str, css: str, nav: Markup,
         footer: Markup, description: str = "") -> str:
    """A whole page: UTF-8, the edition's language, the shared stylesheet, no scripts."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    head = join([
        Markup('<meta charset="utf-8">'),
        Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        # no page runs a script, whatever a document contains
        Markup("<meta http-equiv=\"Content-Security-Policy\" "
               "content=\"script-src 'none'; object-src 'none'; base-uri 'none'\">"),
        el("meta", name="description", content=description) if description else None,
        el("title", title),
        el("link", rel="stylesheet", href=css),
    ])
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_lang}">\n<head>{head}</head>\n'
            f"<body>{el('header', nav)}\n<main>{body}</main>\n{el('footer', footer)}</body>\n"
            "</html>\n")


CSS = f"""
:root {{ --ink: #1a1a1a; --muted: #5f6368; --line: #d9d9d9; --mark: #ffe066;
        --accent: #0b5cad; --more: #0072B2; --less: #D55E00; --equal: #6b6b6b; }}
* {{ box-sizing: border-box; }}
html {{ font-family: {FONT_STACK}; color: var(--ink); line-height: 1.6; }}
body {{ margin: 0; font-size: 15px; }}
header {{ background: #f4f6f8; border-bottom: 1px solid var(--line); padding: .5rem 1.5rem; }}
header nav {{ display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: baseline; }}
header .lang {{ margin-left: auto; }}
main {{ max-width: 1440px; margin: 0 auto; padding: 1rem 1.5rem 2rem; }}
footer {{ color: var(--muted); font-size: 13px; border-top: 1px solid var(--line);
          padding: .8rem 1.5rem; }}
a {{ color: var(--accent); }}
h1 {{ font-size: 1.6rem; margin: .6rem 0 .4rem; }}
h2 {{ font-size: 1.25rem; margin: 1.8rem 0 .5rem; border-bottom: 1px solid var(--line); }}
.meta, .note {{ color: var(--muted); }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }}
dl.facts dt {{ color: var(--muted); }} dl.facts dd {{ margin: 0; }}
ul.stats {{ display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }}
ul.stats li {{ border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; }}
ul.stats b {{ display: block; font-size: 1.5rem; }}
.table-wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 14px; }}
th, td {{ border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
          vertical-align: top; }}
th {{ background: #f4f6f8; white-space: nowrap; }}
td.num, th.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
div.quote {{ min-width: 18em; max-width: 30em; }}
table.targets td:first-child {{ min-width: 7em; }}
table.targets td:nth-child(5), table.targets td:nth-child(6) {{ min-width: 7em; }}
div.quote .src {{ font-size: 13px; margin-top: .2rem; }}
details summary {{ color: var(--muted); font-size: 13px; cursor: pointer; }}
details div {{ font-size: 13px; }}
td.nowrap {{ white-space: nowrap; }}
mark {{ background: var(--mark); padding: 0 .1em; }}
mark.observation {{ background: #c8e6ff; }}
mark:target, mark:has(.anchor:target) {{ outline: 3px solid var(--less); background: #ffd43b; }}
.verdict-more {{ color: var(--more); }} .verdict-less {{ color: var(--less); }}
.verdict-equal {{ color: var(--equal); }}
.doctext {{ white-space: pre-wrap; word-break: break-word; border: 1px solid var(--line);
            padding: 1rem; background: #fcfcfc; line-height: 1.6; }}
.figures {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
.figures figure {{ flex: 1 1 440px; max-width: 680px; }}
svg.chart {{ max-width: 100%; height: auto; }}
figure {{ margin: 1rem 0; }} figure img {{ max-width: 100%; height: auto;
            border: 1px solid var(--line); }}
figcaption {{ color: var(--muted); font-size: 13px; }}
.pager {{ display: flex; gap: .6rem; flex-wrap: wrap; }}
ul.cols {{ columns: 14em; }}
"""
