"""Resolve a font that can draw Chinese labels, on machines that have none.

matplotlib's default DejaVu Sans has no CJK glyphs: labels come out as tofu
boxes with a "Glyph … missing" warning.  We look for a Simplified-Chinese font
among the system fonts first, then fall back to the Noto Sans CJK SC ``.otf``
shipped by the pinned ``mplfonts`` package, and register it with matplotlib's
font manager *by file path*.  A ``.ttc`` collection is only accepted when its
first face is a Chinese one, because matplotlib reads only the first face
(often the Japanese one in Noto/Source Han collections).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

from matplotlib import font_manager, rcParams

# Families that cover Simplified Chinese, best first.
SC_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
)
BUNDLED = ("NotoSansCJKsc-Regular.otf", "SimHei.ttf")
ENV_VAR = "HEALTH_TARGETS_CJK_FONT"
PROBE = "每千人口床位数床医比医护比签约率县域内就诊率东营市赤峰市威海市聊城市全国"


class FontNotFoundError(RuntimeError):
    """No font with Chinese glyphs could be found or installed."""


def _covers_chinese(path: Path) -> bool:
    """True when the font's first face has glyphs for every character of PROBE."""
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    charmap = font.get_charmap()
    return all(ord(c) in charmap for c in PROBE)


def _system_candidates() -> list[Path]:
    by_family: dict[str, list[Path]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_family.setdefault(entry.name, []).append(Path(entry.fname))
    out: list[Path] = []
    for family in SC_FAMILIES:
        for path in sorted(by_family.get(family, [])):
            out.append(path)
    return out


def _bundled_candidates() -> list[Path]:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return [root / name for name in BUNDLED if (root / name).exists()]


@functools.cache
def cjk_font_path() -> Path:
    """Path of a font file whose first face draws Simplified Chinese."""
    override = os.environ.get(ENV_VAR)
    candidates = ([Path(override)] if override else []) + _system_candidates()
    candidates += _bundled_candidates()
    for path in candidates:
        if path.exists() and _covers_chinese(path):
            return path
    raise FontNotFoundError(
        "no font with Chinese glyphs found: install fonts-noto-cjk, or `pip install mplfonts`, "
        f"or point {ENV_VAR} at a .otf/.ttf file"
    )


@functools.cache
def use_cjk_font() -> str:
    """Register the CJK font by path and make it matplotlib's first sans-serif family.

    Returns the family name, for places (openpyxl, seaborn themes) that want it.
    """
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    return name
