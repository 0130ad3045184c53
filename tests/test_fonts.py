"""Chinese labels render with real glyphs: any missing-glyph warning fails the test."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from analysis.outputs.fonts import PROBE, cjk_font_path, use_cjk_font


def test_cjk_font_is_an_sc_face():
    path = cjk_font_path()
    assert path.suffix.lower() in {".otf", ".ttf", ".ttc"}
    if path.suffix.lower() == ".ttc":  # only acceptable when its first face is Chinese
        from matplotlib.ft2font import FT2Font

        assert all(ord(c) in FT2Font(str(path)).get_charmap() for c in PROBE)


def test_chinese_label_renders_without_missing_glyphs():
    family = use_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" becomes an error
        fig, ax = plt.subplots()
        ax.set_title("每千人口医疗卫生机构床位数（张）— 东营市、赤峰市")
        ax.set_xlabel("床医比 医护比 签约率 −1.5")
        ax.bar(["威海市", "聊城市"], [1, 2])
        fig.savefig(io.BytesIO(), format="png")
        fig.savefig(io.BytesIO(), format="svg")
        plt.close(fig)
    assert family
