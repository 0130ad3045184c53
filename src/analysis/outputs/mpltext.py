"""matplotlib's text measured and laid out once per string, not once per drawing.

matplotlib 3.11 shapes every string it draws with libraqm (``FT2Font._layout``) and measures
it with ``FT2Font.set_text``; with the CJK font each call costs ~0.4 ms, as the font's
layout tables are read again.  The charts of a national store draw ~3,700 strings and
measure ~3,100 (each chart twice: PNG, then SVG), but only a third of them are different
strings (a city's name is a tick label in many charts): a quarter of all drawing went there.

The results depend only on the font file(s), the size, the dpi, the load flags and the
string (with its OpenType features and language), so they are kept per process, keyed by
exactly those, and the drawing code receives the very numbers matplotlib computed: the
files written are the same bytes (``tests/test_store_digest.py``).  Four renderer methods
are replaced by ones that consult the cache and otherwise run matplotlib's own code
(``install``); strings with mathtext or TeX go to matplotlib's originals untouched.
matplotlib is pinned: a new version that changes these methods fails the equality tests in
``tests/test_figures.py`` rather than drawing differently.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any

from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.textpath import TextToPath

# the most strings kept (each a few glyph positions): far above the charts' ~1,300
CACHED_STRINGS = 8192

# (glyph's font object, glyph index, x, y) for each glyph of a string, as _layout gives them
Glyphs = tuple[tuple[FT2Font, int, float, float], ...]


def _font(prop: FontProperties) -> FT2Font:
    """The font (with its fallbacks) matplotlib draws ``prop`` with: the object both
    RendererAgg._prepare_font and TextToPath._get_font find (``get_font`` keeps one)."""
    return get_font(fontManager._find_fonts_by_props(prop))


def _prepared(font: FT2Font, size: float, dpi: float, cleared: bool) -> FT2Font:
    """``font`` in the state matplotlib measures or lays out in: RendererAgg clears it and
    sets its size; TextToPath only sets its size."""
    if cleared:
        font.clear()
    font.set_size(size, dpi)
    return font


@functools.lru_cache(maxsize=CACHED_STRINGS)
def _extent(font: FT2Font, cleared: bool, size: float, dpi: float, flags: LoadFlags, s: str
            ) -> tuple[float, float, float]:
    """Width, height and descent of ``s`` in 1/64 pixels, as ``set_text`` measures them."""
    font = _prepared(font, size, dpi, cleared)
    font.set_text(s, 0.0, flags=flags)
    w, h = font.get_width_height()
    return w, h, font.get_descent()


@functools.lru_cache(maxsize=CACHED_STRINGS)
def _glyphs(font: FT2Font, cleared: bool, size: float, dpi: float, flags: LoadFlags, s: str,
            features: tuple[str, ...] | None, language: Any) -> Glyphs:
    """The glyphs of ``s`` and their positions, as ``_layout`` places them."""
    font = _prepared(font, size, dpi, cleared)
    return tuple((item.ft_object, item.glyph_index, item.x, item.y)
                 for item in font._layout(s, flags, features=features, language=language))


def _tuple(features: Any) -> tuple[str, ...] | None:
    return tuple(features) if features is not None else None


def _agg_text_extent(self: RendererAgg, s: str, prop: FontProperties,
                     ismath: bool | str) -> tuple[float, float, float]:
    """RendererAgg.get_text_width_height_descent, cached for plain text."""
    if ismath:
        return _AGG_EXTENT(self, s, prop, ismath)
    w, h, d = _extent(_font(prop), True, prop.get_size_in_points(), self.dpi,
                      get_hinting_flag(), s)
    return w / 64.0, h / 64.0, d / 64.0


def _agg_draw_text(self: RendererAgg, gc: Any, x: float, y: float, s: str,
                   prop: FontProperties, angle: float, ismath: bool | str = False,
                   mtext: Any = None) -> None:
    """RendererAgg.draw_text with the string's glyphs laid out once (cached)."""
    if ismath:
        return _AGG_DRAW_TEXT(self, gc, x, y, s, prop, angle, ismath, mtext)
    size = prop.get_size_in_points()
    glyphs = _glyphs(_font(prop), True, size, self.dpi, get_hinting_flag(), s,
                     _tuple(mtext.get_fontfeatures() if mtext is not None else None),
                     mtext.get_language() if mtext is not None else None)
    self._draw_text_glyphs_and_boxes(
        gc, x, y, angle, ((font, size, index, 0, 1, gx, gy) for font, index, gx, gy in glyphs),
        [])
    return None


def _path_text_extent(self: TextToPath, s: str, prop: FontProperties,
                      ismath: bool | str) -> tuple[float, float, float]:
    """TextToPath.get_text_width_height_descent (the SVG backend's), cached for plain text."""
    if ismath:
        return _PATH_EXTENT(self, s, prop, ismath)
    w, h, d = _extent(_font(prop), False, self.FONT_SCALE, self.DPI,
                      LoadFlags.NO_HINTING, s)
    scale = prop.get_size_in_points() / self.FONT_SCALE
    return w / 64.0 * scale, h / 64.0 * scale, d / 64.0 * scale


def _path_glyphs(self: TextToPath, font: FT2Font, s: str, glyph_map: OrderedDict | None = None,
                 return_new_glyphs_only: bool = False, *, features: Any = None,
                 language: Any = None) -> tuple[list, OrderedDict, list]:
    """TextToPath.get_glyphs_with_font with the string laid out once (cached): a glyph not
    yet in ``glyph_map`` is loaded for its outline, as matplotlib's layout loads it."""
    if glyph_map is None:
        glyph_map = OrderedDict()
    glyph_map_new = OrderedDict() if return_new_glyphs_only else glyph_map
    out = []
    for ft_object, index, gx, gy in _glyphs(font, False, self.FONT_SCALE, self.DPI,
                                             LoadFlags.NO_HINTING, s, _tuple(features),
                                             language):
        glyph_repr = self._get_glyph_repr(ft_object, index)
        out.append((glyph_repr, gx, gy, 1.0))
        if glyph_repr not in glyph_map:
            ft_object.load_glyph(index, flags=LoadFlags.NO_HINTING)
            glyph_map_new[glyph_repr] = ft_object.get_path()
    return out, glyph_map_new, []


_AGG_EXTENT = RendererAgg.get_text_width_height_descent
_AGG_DRAW_TEXT = RendererAgg.draw_text
_PATH_EXTENT = TextToPath.get_text_width_height_descent
_PATH_GLYPHS = TextToPath.get_glyphs_with_font


def install() -> None:
    """Route matplotlib's plain-text measuring and layout through the caches (idempotent)."""
    RendererAgg.get_text_width_height_descent = _agg_text_extent  # type: ignore[method-assign]
    RendererAgg.draw_text = _agg_draw_text  # type: ignore[method-assign]
    TextToPath.get_text_width_height_descent = _path_text_extent  # type: ignore[method-assign]
    TextToPath.get_glyphs_with_font = _path_glyphs  # type: ignore[method-assign]
